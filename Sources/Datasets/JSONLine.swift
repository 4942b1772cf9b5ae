import Foundation

/// Reads one JSONL line into a JSON object with Foundation's `JSONSerialization` (RFC 8259),
/// and names JSON value types for error messages.
enum JSONLine {
    enum Outcome {
        case object([String: Any])
        case problem(String)
    }

    /// Parses `bytes` as one JSON value that must be an object.
    static func parse(_ bytes: ArraySlice<UInt8>) -> Outcome {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            return .problem("not valid JSON" + (detail.map { " (\($0))" } ?? ""))
        }
        guard let object = value as? [String: Any] else {
            return .problem("expected a JSON object, found \(typeName(value))")
        }
        return .object(object)
    }

    /// "a string", "a number", "a boolean", "null", "an array", "an object".
    static func typeName(_ value: Any) -> String {
        if value is String { return "a string" }
        if value is NSNull { return "null" }
        if value is [Any] { return "an array" }
        if value is [String: Any] { return "an object" }
        if let number = value as? NSNumber {
            // JSONSerialization represents true/false as an NSNumber whose type code is `c` (char).
            return String(cString: number.objCType) == "c" ? "a boolean" : "a number"
        }
        return "a value of another type"
    }
}
