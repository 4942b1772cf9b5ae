import LLMBenchCore

/// The fields a dataset line of one task must carry (besides `id` and `task`), and how each is checked.
///
/// The README's "Schemas" section documents the same table; a line without a `task` field is given
/// the one task whose required fields it all has.
struct TaskSchema: Sendable {
    enum FieldKind: Sendable {
        /// A non-empty string.
        case string
        /// A non-empty array of non-empty strings.
        case stringArray
        /// An ISO 639-1 code, optionally with a region (`en`, `pt-BR`).
        case languageCode

        var expectation: String {
            switch self {
            case .string: return "a string"
            case .stringArray: return "a non-empty array of strings"
            case .languageCode: return "an ISO 639-1 language code such as \"en\""
            }
        }
    }

    struct Field: Sendable {
        var name: String
        var kind: FieldKind
    }

    var task: TaskKind
    var fields: [Field]

    var fieldNames: [String] { fields.map(\.name) }

    static let summarization = TaskSchema(task: .summarization, fields: [
        Field(name: "document", kind: .string), Field(name: "summary", kind: .string),
    ])
    static let qa = TaskSchema(task: .qa, fields: [
        Field(name: "context", kind: .string), Field(name: "question", kind: .string),
        Field(name: "answers", kind: .stringArray),
    ])
    static let translation = TaskSchema(task: .translation, fields: [
        Field(name: "source_lang", kind: .languageCode), Field(name: "target_lang", kind: .languageCode),
        Field(name: "source", kind: .string), Field(name: "references", kind: .stringArray),
    ])

    /// A team's own prompts with no references: latency and cost only, never scored. Its one field
    /// is not required when a custom template builds the message from other columns.
    static let prompt = TaskSchema(task: .prompt, fields: [Field(name: "prompt", kind: .string)])

    /// Every task a dataset file may hold (`synthetic` is generated, never loaded).
    static let all: [TaskSchema] = [summarization, qa, translation, prompt]

    /// The field holding the references the answers are scored against; nil for `prompt`.
    var referenceField: Field? {
        switch task {
        case .summarization: return fields.first { $0.name == "summary" }
        case .qa: return fields.first { $0.name == "answers" }
        case .translation: return fields.first { $0.name == "references" }
        case .prompt, .synthetic: return nil
        }
    }

    static func schema(for task: TaskKind) -> TaskSchema? { all.first { $0.task == task } }

    /// The tasks whose required fields are all among `keys`; `prompt` only when no scored task matches
    /// (a line with `prompt`, `document` and `summary` is a summarization line).
    static func tasksMatching(keys: Set<String>) -> [TaskKind] {
        let matching = all.filter { schema in schema.fieldNames.allSatisfy(keys.contains) }.map(\.task)
        let scored = matching.filter { $0 != .prompt }
        return scored.isEmpty ? matching : scored
    }

    /// "summarization needs document, summary; qa needs …", for error messages.
    static var summary: String {
        all.map { "\($0.task.rawValue) needs \($0.fieldNames.joined(separator: ", "))" }.joined(separator: "; ")
    }

    /// Whether `code` looks like `xx`, `xxx`, or either with a `-XX`/`-Xxxx` region or script subtag.
    static func isLanguageCode(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, parts.count <= 2,
              (2...3).contains(primary.count), primary.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) })
        else { return false }
        if parts.count == 2 {
            let sub = parts[1]
            return (2...4).contains(sub.count)
                && sub.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        }
        return true
    }
}
