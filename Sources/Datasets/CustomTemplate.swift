import Foundation
import LLMBenchCore

/// A team's own prompt: a system message (optional) and a user message with `{field}` placeholders,
/// read from a template file (`--template FILE`) or a dataset manifest.
///
/// A placeholder is `{name}` where `name` is letters, digits, `_`, `-`, `.` or spaces (trimmed); it is
/// replaced by the line's value of that column or task field. `{{` and `}}` are a literal brace, and
/// any other `{` is literal text (so JSON examples in a prompt need no escaping). A template without
/// a system message sends none. `sha256` is SHA-256 over the system text, one NUL byte and the user
/// text (UTF-8), stored with the run beside the dataset's own hash.
public struct CustomTemplate: Sendable, Equatable {
    public var system: String
    public var user: String
    /// Where the template came from, for messages: a file path or `manifest.json: "template"`.
    public var origin: String
    /// 64 lowercase hex characters.
    public var sha256: String

    /// Longest template file read (1 MiB).
    static let maxFileBytes = 1 << 20

    enum Part: Sendable, Equatable {
        case text(String)
        case field(String)
    }

    /// The user message split into text and placeholders.
    var userParts: [Part] { Self.parts(of: user) }
    var systemParts: [Part] { Self.parts(of: system) }

    /// Every placeholder name, in order of first use (system first).
    public var placeholders: [String] {
        var seen: Set<String> = []
        return (systemParts + userParts).compactMap { part in
            guard case .field(let name) = part, seen.insert(name).inserted else { return nil }
            return name
        }
    }

    public init(system: String, user: String, origin: String) throws {
        guard !user.allSatisfy(\.isWhitespace) else {
            throw LLMBenchError.data("\(origin): the template's user message is empty")
        }
        self.system = system; self.user = user; self.origin = origin
        var bytes = Array(system.utf8)
        bytes.append(0)
        bytes += Array(user.utf8)
        sha256 = SHA256.hex(of: bytes)
    }

    /// Reads a template file: JSON `{"system": "…", "user": "…"}` when the name ends in `.json`,
    /// else the whole file is the user message (one trailing line break dropped).
    public static func load(path: String) throws -> CustomTemplate {
        let data = try InputFile.read(path, what: "template file", maxBytes: maxFileBytes)
        guard var text = String(validating: [UInt8](data), as: UTF8.self) else {
            throw LLMBenchError.data("\(path): is not valid UTF-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if path.hasSuffix(".json") {
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw LLMBenchError.data("\(path): a .json template must be one JSON object {\"system\": \"…\", \"user\": \"…\"}")
            }
            return try fromJSON(object, origin: path)
        }
        if text.hasSuffix("\r\n") { text.removeLast() } else if text.hasSuffix("\n") { text.removeLast() }
        return try CustomTemplate(system: "", user: text, origin: path)
    }

    /// A template from a JSON object with `user` (required) and `system` (optional) strings.
    static func fromJSON(_ object: [String: Any], origin: String) throws -> CustomTemplate {
        for key in object.keys where key != "system" && key != "user" {
            throw LLMBenchError.data("\(origin): unknown key \"\(key)\" in the template (known: system, user)")
        }
        guard let user = object["user"] as? String else {
            throw LLMBenchError.data("\(origin): the template needs \"user\", a string with {field} placeholders")
        }
        if let raw = object["system"], !(raw is String) {
            throw LLMBenchError.data("\(origin): the template's \"system\" must be a string (found \(JSONLine.typeName(raw)))")
        }
        return try CustomTemplate(system: object["system"] as? String ?? "", user: user, origin: origin)
    }

    /// Fills the placeholders from `fields`; a name missing from `fields` was reported when the
    /// dataset was loaded, so here it renders as nothing.
    func render(_ parts: [Part], fields: [String: String]) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let s): out += s
            case .field(let name): out += fields[name] ?? ""
            }
        }
        return out
    }

    /// Splits `text` at its placeholders (see the type's rules).
    static func parts(of text: String) -> [Part] {
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(text)
        while let c = rest.first {
            if c == "{" || c == "}", rest.dropFirst().first == c {
                literal.append(c); rest = rest.dropFirst(2); continue
            }
            if c == "{", let close = rest.firstIndex(of: "}") {
                let name = rest[rest.index(after: rest.startIndex)..<close]
                let trimmed = String(name).trimmingSpaces
                if !trimmed.isEmpty, name.allSatisfy(isNameCharacter) {
                    if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
                    parts.append(.field(trimmed))
                    rest = rest[rest.index(after: close)...]
                    continue
                }
            }
            literal.append(c)
            rest = rest.dropFirst()
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        return parts
    }

    private static func isNameCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "-" || c == "." || c == " "
    }
}
