import Foundation

/// Helpers for values that `JSONSerialization` returns, which differ between Darwin and Linux.
public enum JSONValues {
    /// Whether a parsed JSON value was `true`/`false` (not the numbers 1/0).
    public static func isBool(_ value: Any) -> Bool {
        guard let n = value as? NSNumber else { return false }
        return type(of: n) != NSNumber.self && String(cString: n.objCType) == "c"
    }

    /// A parsed JSON number that is not a boolean.
    /// `v` as people write it: `4096`, `1e+12` for large values, `0.5`.
    public static func plain(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    public static func number(_ value: Any) -> Double? {
        guard let n = value as? NSNumber, !isBool(value) else { return nil }
        return n.doubleValue
    }

    /// JSON text with sorted keys and no escaped slashes (stable for storage and diffs).
    public static func text(_ object: Any) -> String {
        guard JSONSerialization.isValidJSONObject(object),
              let d = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "null" }
        return String(decoding: d, as: UTF8.self)
    }

    /// Appends `s` as a JSON string literal (RFC 8259 §7): quote, backslash and control characters
    /// escaped (`\n`, `\r`, `\t`, else `\u00XX`), everything else as is.
    public static func appendQuoted(_ s: String, to out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }

    /// `s` as a JSON string literal.
    public static func quoted(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count + 2)
        appendQuoted(s, to: &out)
        return out
    }
}
