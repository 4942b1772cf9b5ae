import LLMBenchCore
import Testing
@testable import Tokenizer

@Suite("Tokenizer: decode(encode(x)) == x, and the two merge algorithms agree")
struct RoundTripTests {
    /// Random text: scalars drawn from ASCII, whitespace, Latin, combining marks, CJK, Hangul, Arabic,
    /// Devanagari, emoji and the whole scalar range, so every branch of both pre-tokenizers runs.
    static func randomText(_ rng: inout SplitMix64, maxScalars: Int) -> String {
        let ranges: [ClosedRange<UInt32>] = [
            0x20...0x7E, 0x20...0x7E, 0x09...0x0D, 0x0300...0x036F, 0x00C0...0x024F, 0x4E00...0x9FFF,
            0xAC00...0xD7A3, 0x0621...0x0652, 0x0900...0x097F, 0x1F300...0x1FAFF, 0x0...0x10FFFF,
        ]
        var scalars = String.UnicodeScalarView()
        let count = rng.nextInt(below: maxScalars + 1)
        while scalars.count < count {
            let range = ranges[rng.nextInt(below: ranges.count)]
            let value = range.lowerBound + UInt32(rng.nextInt(below: Int(range.upperBound - range.lowerBound) + 1))
            if let scalar = Unicode.Scalar(value) {
                let repeats = rng.nextInt(below: 8) == 0 ? 1 + rng.nextInt(below: 40) : 1
                for _ in 0..<repeats { scalars.append(scalar) }
            }
        }
        return String(scalars)
    }

    @Test("seeded random text round-trips through both encodings", arguments: TokenEncoding.allCases)
    func roundTrip(_ encoding: TokenEncoding) throws {
        let tokenizer = try ShippedRanks.tokenizer(encoding)
        var rng = SplitMix64(seed: 0x7_0C3A)
        for n in 0..<300 {
            let text = Self.randomText(&rng, maxScalars: 200)
            let ids = tokenizer.encode(text)
            #expect(tokenizer.decodeBytes(ids) == Array(text.utf8), "case \(n)")
            #expect(ids.allSatisfy { $0 >= 0 && $0 < encoding.tokenCount }, "case \(n)")
        }
    }

    @Test("the heap merge gives the quadratic scan's tokens on every piece length")
    func heapEqualsScan() throws {
        let tokenizer = try ShippedRanks.tokenizer(.o200kBase)
        var rng = SplitMix64(seed: 42)
        for n in 0..<200 {
            let bytes = Array(Self.randomText(&rng, maxScalars: 60).utf8)
            guard bytes.count >= 2 else { continue }
            var scan: [UInt32] = [], heap: [UInt32] = []
            bytes.withUnsafeBufferPointer { piece in
                BytePairEncoder.scan(tokenizer.table, piece.baseAddress!, piece.count) { scan.append($0) }
                BytePairEncoder.heap(tokenizer.table, piece.baseAddress!, piece.count) { heap.append($0) }
            }
            #expect(scan == heap, "case \(n)")
        }
    }

    @Test("unknown ids decode to nil; a cut UTF-8 sequence decodes with U+FFFD")
    func decodeEdges() throws {
        let tokenizer = try ShippedRanks.tokenizer(.o200kBase)
        #expect(tokenizer.decode([-1]) == nil)
        #expect(tokenizer.decode([TokenEncoding.o200kBase.tokenCount]) == nil)
        #expect(tokenizer.decode([]) == "")
        let ids = tokenizer.encode("😀")
        #expect(tokenizer.decode(ids) == "😀")
        if ids.count > 1 { #expect(tokenizer.decode(Array(ids.prefix(1)))?.contains("\u{FFFD}") == true) }
    }
}
