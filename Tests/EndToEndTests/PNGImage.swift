import CZlib
import Foundation

/// A PNG file decoded far enough to count its colours (PNG spec, W3C REC-PNG 2003: chunks, zlib
/// IDAT stream, the five scanline filters). 8-bit greyscale, RGB, grey+alpha and RGBA only (what
/// Chromium writes), no interlacing. Bounded: at most `maxPixels` pixels; a file that is not such a
/// PNG is an error naming what was wrong.
struct PNGImage {
    static let maxPixels = 40_000_000
    let width: Int
    let height: Int
    /// One RGBA value per pixel, row by row (`r << 24 | g << 16 | b << 8 | a`).
    let pixels: [UInt32]

    struct Problem: Error, CustomStringConvertible { let description: String }

    init(contentsOf url: URL) throws { try self.init(data: try Data(contentsOf: url), name: url.path) }

    init(data: Data, name: String) throws {
        let bytes = [UInt8](data)
        func fail(_ why: String) -> Problem { Problem(description: "\(name): \(why)") }
        guard bytes.count > 8, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw fail("not a PNG file (no PNG signature)")
        }
        func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        var at = 8
        var header: (w: Int, h: Int, depth: UInt8, colour: UInt8, interlace: UInt8)?
        var idat: [UInt8] = []
        while at + 12 <= bytes.count {
            let length = u32(at)
            let type = String(decoding: bytes[(at + 4)..<(at + 8)], as: UTF8.self)
            guard length <= bytes.count - at - 12 else { throw fail("chunk \(type) runs past the end of the file") }
            let body = (at + 8)..<(at + 8 + length)
            if type == "IHDR", length >= 13 {
                header = (u32(body.lowerBound), u32(body.lowerBound + 4), bytes[body.lowerBound + 8], bytes[body.lowerBound + 9],
                          bytes[body.lowerBound + 12])
            } else if type == "IDAT" {
                idat += bytes[body]
            } else if type == "IEND" { break }
            at += 12 + length
        }
        guard let h = header else { throw fail("no IHDR chunk") }
        guard h.depth == 8, h.interlace == 0 else { throw fail("bit depth \(h.depth), interlace \(h.interlace): only 8-bit, non-interlaced") }
        let channels: Int
        switch h.colour {
        case 0: channels = 1
        case 2: channels = 3
        case 4: channels = 2
        case 6: channels = 4
        default: throw fail("colour type \(h.colour) is not greyscale, RGB or RGBA")
        }
        guard h.w > 0, h.h > 0, h.w <= Self.maxPixels / h.h else { throw fail("\(h.w)×\(h.h) pixels is out of range") }
        let stride = h.w * channels
        var raw = [UInt8](repeating: 0, count: h.h * (stride + 1))
        var rawLength = uLongf(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { out in
            idat.withUnsafeBufferPointer { src in uncompress(out.baseAddress, &rawLength, src.baseAddress, uLong(src.count)) }
        }
        guard status == Z_OK, Int(rawLength) == raw.count else {
            throw fail("IDAT does not inflate to \(raw.count) bytes (zlib status \(status), \(rawLength) bytes)")
        }
        // Undo the per-scanline filters in place; `prev` is the previous unfiltered row.
        var image = [UInt8](repeating: 0, count: h.h * stride)
        for y in 0..<h.h {
            let filter = raw[y * (stride + 1)]
            let src = y * (stride + 1) + 1, dst = y * stride
            for x in 0..<stride {
                let a = x >= channels ? Int(image[dst + x - channels]) : 0
                let b = y > 0 ? Int(image[dst - stride + x]) : 0
                let c = (x >= channels && y > 0) ? Int(image[dst - stride + x - channels]) : 0
                let v = Int(raw[src + x])
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predicted = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw fail("row \(y): unknown filter type \(filter)")
                }
                image[dst + x] = UInt8((v + predicted) & 0xFF)
            }
        }
        var pixels = [UInt32](repeating: 0, count: h.w * h.h)
        for i in 0..<pixels.count {
            let p = i * channels
            switch channels {
            case 1: let g = UInt32(image[p]); pixels[i] = g << 24 | g << 16 | g << 8 | 0xFF
            case 2: let g = UInt32(image[p]); pixels[i] = g << 24 | g << 16 | g << 8 | UInt32(image[p + 1])
            case 3: pixels[i] = UInt32(image[p]) << 24 | UInt32(image[p + 1]) << 16 | UInt32(image[p + 2]) << 8 | 0xFF
            default: pixels[i] = UInt32(image[p]) << 24 | UInt32(image[p + 1]) << 16 | UInt32(image[p + 2]) << 8 | UInt32(image[p + 3])
            }
        }
        width = h.w; height = h.h; self.pixels = pixels
    }

    /// Distinct colours in the image, counted up to `cap`.
    func distinctColours(cap: Int = 4096) -> Int {
        var seen = Set<UInt32>()
        for p in pixels { seen.insert(p); if seen.count >= cap { break } }
        return seen.count
    }

    /// Share of pixels that differ from the top-left pixel (taken as the page background), 0…1.
    var inkFraction: Double {
        guard let bg = pixels.first else { return 0 }
        return Double(pixels.reduce(0) { $0 + ($1 == bg ? 0 : 1) }) / Double(pixels.count)
    }
}
