import Foundation
import Testing
@testable import LLMBenchCore

/// `UTCTimestamp` writes what `ISO8601DateFormatter` (internet date-time, fractional seconds) wrote
/// before it, and reads it back.
@Suite struct UTCTimestampTests {
    static func foundation(_ unixNs: Int64) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        // Whole milliseconds: a Double of seconds cannot carry the ns, and the formatter rounds
        // sub-ms remainders its own way; the ms field itself is what must agree.
        return f.string(from: Date(timeIntervalSince1970: Double(unixNs / 1_000_000) / 1000))
    }

    @Test func knownInstants() {
        #expect(UTCTimestamp.format(unixNs: 0) == "1970-01-01T00:00:00.000Z")
        #expect(UTCTimestamp.format(unixNs: 1_795_998_612_345_678_901) == "2026-11-30T00:30:12.345Z")
        #expect(UTCTimestamp.format(unixNs: 951_782_400_000_000_000) == "2000-02-29T00:00:00.000Z")
        #expect(UTCTimestamp.format(unixNs: -1_000_000) == "1969-12-31T23:59:59.999Z")
    }

    @Test func sameAsISO8601DateFormatter() {
        var rng = SplitMix64(seed: 17)
        for _ in 0..<500 {
            // 1990 ... 2100, whole milliseconds.
            let ms = 631_152_000_000 + Int64(rng.next() % 3_471_292_800_000)
            let ns = ms * 1_000_000
            #expect(UTCTimestamp.format(unixNs: ns) == Self.foundation(ns), "at \(ms) ms")
        }
    }

    @Test func parsesWhatItWrites() throws {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<500 {
            let ms = Int64(rng.next() % 4_102_444_800_000)
            let text = UTCTimestamp.format(unixNs: ms * 1_000_000)
            let seconds = try #require(UTCTimestamp.parse(text))
            #expect(abs(seconds - Double(ms) / 1000) < 1e-6, "\(text)")
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let d = try #require(f.date(from: text))
            #expect(abs(d.timeIntervalSince1970 - seconds) < 1e-3, "\(text)")
        }
        #expect(UTCTimestamp.parse("2026-11-25T00:30:12Z") == 1_795_566_612)
    }

    @Test func rejectsOtherShapes() {
        for text in ["", "2026-11-25", "2026-11-25T00:30:12", "2026-11-25T00:30:12+01:00", "2026-13-01T00:00:00Z",
                     "2026-02-29T00:00:00Z", "2026-11-25T24:00:00Z", "2026-11-25T00:30:12.Z", "2026-11-25 00:30:12Z",
                     "2026-11-25T00:30:1xZ"] {
            #expect(UTCTimestamp.parse(text) == nil, "\(text)")
        }
        // Other ISO 8601 shapes still read, through Foundation.
        #expect(RunLiveness.date("2026-11-25T01:30:12+01:00") == RunLiveness.date("2026-11-25T00:30:12.000Z"))
    }
}
