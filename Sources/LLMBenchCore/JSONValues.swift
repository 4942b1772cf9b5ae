import Foundation

/// Helpers for values that `JSONSerialization` returns, which differ between Darwin and Linux.
public enum JSONValues {
    /// Whether a parsed JSON value was `true`/`false` (not the numbers 1/0).
    public static func isBool(_ value: Any) -> Bool {
        guard let n = value as? NSNumber else { return false }
        return type(of: n) != NSNumber.self && String(cString: n.objCType) == "c"
    }

    /// A parsed JSON number that is not a boolean.
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
}
