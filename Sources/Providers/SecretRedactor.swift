#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces every configured key value found in text a server sent with `[redacted]`, before
/// anything is truncated, stored or printed.
///
/// A key is found whole, and in part: any run of at least `minimumMatch` (12) consecutive bytes of
/// a key counts as that key, so a key the server cut (`sk-proj-abc…`), its first 12 characters, or
/// a key split by someone else's truncation are removed too. Keys shorter than 12 bytes (at least
/// 4) are matched whole only. Overlapping and adjacent matches merge into one `[redacted]`.
public struct SecretRedactor: Sendable {
    /// The shortest slice of a key that is treated as the key.
    public static let minimumMatch = 12
    public static let replacement = "[redacted]"

    /// Byte patterns to look for: every 12-byte window of the long keys, and the short keys whole.
    private let patterns: [[UInt8]]

    public init(secrets: [String]) {
        var set = Set<[UInt8]>()
        for s in secrets {
            let b = Array(s.utf8)
            if b.count >= Self.minimumMatch {
                for i in 0...(b.count - Self.minimumMatch) { set.insert(Array(b[i..<(i + Self.minimumMatch)])) }
            } else if b.count >= 4 {
                set.insert(b)
            }
        }
        patterns = set.sorted { $0.lexicographicallyPrecedes($1) }
    }

    public var isEmpty: Bool { patterns.isEmpty }

    /// `bytes` with every match replaced.
    public func redact(_ bytes: [UInt8]) -> [UInt8] {
        guard !patterns.isEmpty, !bytes.isEmpty else { return bytes }
        var covered = bytes.withUnsafeBytes { matches(in: $0) }
        if covered.isEmpty { return bytes }
        covered.sort { $0.lowerBound < $1.lowerBound }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        var k = 0
        while k < covered.count {
            var run = covered[k]
            k += 1
            while k < covered.count, covered[k].lowerBound <= run.upperBound {
                run = run.lowerBound..<max(run.upperBound, covered[k].upperBound)
                k += 1
            }
            out.append(contentsOf: bytes[i..<run.lowerBound])
            out.append(contentsOf: Self.replacement.utf8)
            i = run.upperBound
        }
        out.append(contentsOf: bytes[i...])
        return out
    }

    /// `text` with every match replaced.
    public func redact(_ text: String) -> String {
        guard !patterns.isEmpty, !text.isEmpty else { return text }
        // Searched in place: a text without a secret (nearly every one) is returned without a copy.
        var t = text
        if t.withUTF8({ matches(in: UnsafeRawBufferPointer($0)) }).isEmpty { return text }
        let bytes = Array(text.utf8)
        let out = redact(bytes)
        return out.count == bytes.count && out == bytes ? text : String(decoding: out, as: UTF8.self)
    }

    /// Where any pattern occurs in `hay` (unsorted, overlapping); empty, and unallocated, when none does.
    private func matches(in hay: UnsafeRawBufferPointer) -> [Range<Int>] {
        var covered: [Range<Int>] = []
        guard let base = hay.baseAddress else { return covered }
        for p in patterns where p.count <= hay.count {
            p.withUnsafeBytes { needle in
                var from = 0
                while from + needle.count <= hay.count {
                    // memchr for the first byte, memcmp for the rest (memmem is a GNU extension).
                    let last = hay.count - needle.count
                    guard let hit = memchr(base + from, Int32(needle[0]), last - from + 1) else { break }
                    let at = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at, needle.baseAddress!, needle.count) == 0 {
                        covered.append(at..<(at + needle.count))
                    }
                    from = at + 1
                }
            }
        }
        return covered
    }

    /// Redacted, then cut to `max` UTF-8 bytes: the order that keeps a cut key from surviving in part.
    public func redact(_ text: String, max: Int) -> String {
        ResponseLimits.truncate(redact(text), max: max)
    }
}
