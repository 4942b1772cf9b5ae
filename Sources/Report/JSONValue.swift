import LLMBenchCore
import Foundation

/// A JSON value written with sorted object keys and fixed formatting, so the same analysis always
/// gives the same bytes (RFC 8259; two-space indentation).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// Written with `NumberFormatting.machine`; a non-finite number is written as `null`.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// `.number` for a value, `.null` for none.
    public static func optional(_ v: Double?) -> JSONValue { v.map(JSONValue.number) ?? .null }
    public static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    /// Converts what `JSONSerialization` returns (for embedding stored JSON); `nil` for anything else.
    public static func from(foundation any: Any) -> JSONValue? {
        switch any {
        case is NSNull: return .null
        case let s as String: return .string(s)
        case let n as NSNumber:
            // JSONSerialization hands booleans over as NSNumber with Objective-C type "c".
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            return .number(n.doubleValue)
        case let a as [Any]:
            let items = a.compactMap(from(foundation:))
            return items.count == a.count ? .array(items) : nil
        case let d as [String: Any]:
            var o: [String: JSONValue] = [:]
            for (k, v) in d { guard let j = from(foundation: v) else { return nil }; o[k] = j }
            return .object(o)
        default: return nil
        }
    }

    /// The document text, ending in a newline.
    public func serialized() -> String {
        var out = ""
        write(into: &out, indent: 0)
        return out + "\n"
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d): out += NumberFormatting.machine(d) ?? "null"
        case .string(let s): Self.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                item.write(into: &out, indent: indent + 1)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (i, key) in keys.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                Self.quote(key, into: &out)
                out += ": "
                members[key]!.write(into: &out, indent: indent + 1)
                out += i == keys.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        }
    }

    private static func quote(_ s: String, into out: inout String) {
        JSONValues.appendQuoted(s, to: &out)
    }
}
