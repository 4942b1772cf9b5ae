/// The last streamed event of a response whose only text was one JSON string, kept so the next
/// events, which servers send byte-identical to it except for that string (the same id, model and
/// nesting around a new `delta.content`), skip the JSON walk.
///
/// Why it is exact: an event equal to the template outside one string token where the template
/// had its string is the same JSON document with another string there, so a full decode would
/// visit the same keys with the same values; every effect of those other members on the
/// accumulator (`id`, `model`, `system_fingerprint` set when still nil, `finish_reason` set again
/// to the same value, a `null` usage or error) is idempotent once the template itself was decoded.
/// Only the text append differs, and that is what the fast path does. A format records a template
/// only for an event whose decode appended exactly one text string and read no usage, error or
/// reasoning (`TextProbe`). Anything else (another shape, a string running past its place, a
/// malformed string) falls back to the full decoder, which then says what is wrong.
///
/// Bounded: at most `maxBytes` are kept (one copy per response, its capacity reused).
public struct EventTemplate: Sendable {
    private var bytes: [UInt8] = []
    /// Where the text's string token starts (its opening quote) and ends (past its closing quote).
    private var valueStart = 0
    private var valueEnd = 0

    /// The largest event kept as a template, bytes.
    static let maxBytes = 2048

    public init() {}

    /// Keeps `data` as the template, its text string token at `value` (quote to quote).
    mutating func set(_ data: UnsafeRawBufferPointer, value: Range<Int>) {
        guard data.count <= Self.maxBytes, value.lowerBound >= 0, value.upperBound <= data.count,
              value.count >= 2, data[value.lowerBound] == 0x22 else { return }
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: data)
        valueStart = value.lowerBound
        valueEnd = value.upperBound
    }

    /// When `data` equals the template outside a string token starting where the template's did,
    /// the range of that string's raw (still escaped) contents; nil otherwise.
    @inline(__always)
    func textSpan(in data: UnsafeRawBufferPointer) -> Range<Int>? {
        let suffix = bytes.count - valueEnd
        guard !bytes.isEmpty, data.count >= valueStart + 2 + suffix, let base = data.baseAddress,
              data[valueStart] == 0x22 else { return nil }
        return bytes.withUnsafeBytes { t -> Range<Int>? in
            guard let tb = t.baseAddress, memcmp(base, tb, valueStart) == 0 else { return nil }
            var s = JSONScanner(data, position: valueStart)
            guard let span = try? s.rawStringSpan(), s.position == data.count - suffix,
                  memcmp(base + s.position, tb + valueEnd, suffix) == 0 else { return nil }
            return span
        }
    }
}

/// What one event's decode appended as text, to tell whether it may become an `EventTemplate`.
struct TextProbe {
    /// The one text string token appended (quote to quote), if exactly one was and nothing disqualified it.
    private(set) var span: Range<Int>?
    private var count = 0

    /// A text string (its token from `start` to `end`) was appended.
    mutating func text(_ start: Int, _ end: Int) {
        count += 1
        span = count == 1 ? start..<end : nil
    }

    /// Something other than plain text was read (usage, an error, reasoning): no template.
    mutating func disqualify() {
        count = 2
        span = nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
