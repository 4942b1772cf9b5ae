import Foundation

/// Reads an HTTP `Retry-After` header value (RFC 9110 §10.2.3): either a number of seconds or an
/// HTTP-date (IMF-fixdate, and the obsolete RFC 850 and asctime forms).
public enum RetryAfter {
    /// The wait the value asks for, in nanoseconds (never negative); nil when it is neither form.
    public static func parse(_ value: String, now: Date) -> Int64? {
        let v = value.trimmingCharacters(in: .whitespaces)
        if !v.isEmpty, v.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let s = Int64(v), s <= Int64.max / 1_000_000_000 else { return nil }
            return s * 1_000_000_000
        }
        // Some servers send fractional seconds; accept them.
        if let d = Double(v), d.isFinite, d >= 0, d < 1e9, v.first != "+" { return Int64(d * 1e9) }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "GMT")
            f.dateFormat = format
            if let date = f.date(from: v) {
                let seconds = date.timeIntervalSince(now)
                return seconds <= 0 ? 0 : Int64((seconds * 1e9).rounded())
            }
        }
        return nil
    }
}

import CCurl

/// Facts about the libcurl this process is linked with.
public enum CurlInfo {
    /// libcurl's version string, e.g. `libcurl/7.88.1 OpenSSL/3.0.15 zlib/1.2.13 … nghttp2/1.52.0`.
    public static var version: String { String(cString: curl_version()) }
}
