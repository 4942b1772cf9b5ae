import Foundation

/// ISO 8601 UTC timestamps with milliseconds (`2026-11-25T00:30:12.345Z`, RFC 3339's profile), as
/// the `runs` table stores them (`started_at`, `finished_at`, `heartbeat_at`), written and read with
/// integer calendar arithmetic.
///
/// Why not `ISO8601DateFormatter`: on Linux it is CoreFoundation over ICU, and its first use opens an
/// ICU calendar, time zone and locale (zoneinfo64, metaZones, likelySubtags, supplementalData):
/// ~4.7 MB of ICU code and data made resident in every `llmbench run`, for a string the proleptic
/// Gregorian calendar gives in a few lines (days ↔ civil date: Howard Hinnant's `civil_from_days`
/// and `days_from_civil`, http://howardhinnant.github.io/date_algorithms.html).
public enum UTCTimestamp {
    /// `unixNs` (ns since 1970-01-01T00:00:00Z) as `YYYY-MM-DDTHH:MM:SS.mmmZ`, the milliseconds
    /// truncated (as `ISO8601DateFormatter` with `.withFractionalSeconds` wrote them).
    public static func format(unixNs: Int64) -> String {
        let ms = unixNs >= 0 ? unixNs / 1_000_000 : (unixNs - 999_999) / 1_000_000  // floor
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let milli = Int(ms - seconds * 1000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (y, m, d) = civil(days: days)
        var out = [UInt8]()
        out.reserveCapacity(24)
        func digits(_ v: Int, _ n: Int) {
            var p = 1
            for _ in 1..<n { p *= 10 }
            var v = v
            while p > 0 { out.append(UInt8(ascii: "0") + UInt8(v / p % 10)); v %= p; p /= 10 }
        }
        if (0...9999).contains(y) { digits(Int(y), 4) } else { out += Array(String(y).utf8) }
        out.append(UInt8(ascii: "-")); digits(m, 2); out.append(UInt8(ascii: "-")); digits(d, 2)
        out.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2); out.append(UInt8(ascii: ":")); digits(secondOfDay / 60 % 60, 2)
        out.append(UInt8(ascii: ":")); digits(secondOfDay % 60, 2)
        out.append(UInt8(ascii: ".")); digits(milli, 3); out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Now (`CLOCK_REALTIME`), formatted.
    public static func now() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return format(unixNs: Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec))
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction]Z` as seconds since the epoch; nil for any other shape (an
    /// offset other than `Z`, a missing field, an out-of-range month, day, hour, minute or second).
    public static func parse(_ text: String) -> Double? {
        var utf8 = Array(text.utf8)
        guard utf8.count >= 20, utf8.last == UInt8(ascii: "Z") else { return nil }
        utf8.removeLast()
        func number(_ at: Int, _ n: Int) -> Int? {
            var v = 0
            for i in at..<(at + n) {
                let c = utf8[i]
                guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { return nil }
                v = v * 10 + Int(c - UInt8(ascii: "0"))
            }
            return v
        }
        func separator(_ at: Int, _ c: Character) -> Bool { utf8[at] == c.asciiValue! }
        guard separator(4, "-"), separator(7, "-"), separator(10, "T"), separator(13, ":"), separator(16, ":"),
              let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2),
              let h = number(11, 2), let mi = number(14, 2), let s = number(17, 2),
              (1...12).contains(mo), (1...daysIn(month: mo, year: y)).contains(d), h < 24, mi < 60, s < 60 else { return nil }
        var fraction = 0.0
        if utf8.count > 19 {
            guard separator(19, "."), utf8.count > 20, utf8.count <= 29, let f = number(20, utf8.count - 20) else { return nil }
            var scale = 1.0
            for _ in 20..<utf8.count { scale *= 10 }
            fraction = Double(f) / scale
        }
        let days = daysFromCivil(year: Int64(y), month: mo, day: d)
        return Double(days * 86_400 + Int64(h * 3600 + mi * 60 + s)) + fraction
    }

    /// The proleptic Gregorian (year, month 1-12, day 1-31) of `days` since 1970-01-01.
    static func civil(days: Int64) -> (Int64, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func daysFromCivil(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64(month > 2 ? month - 3 : month + 9)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
