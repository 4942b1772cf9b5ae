import LLMBenchCore

/// How to read a team's own data file: what its manifest, or `--fields` and `--template`, declare.
///
/// Every part is optional; what is not declared is decided as for a plain file (the task from the
/// `task` field or the line's field names, the task's built-in prompt).
public struct DatasetDeclaration: Sendable, Equatable {
    /// The file's task; nil: from each line.
    public var task: TaskKind?
    /// Task field (or `id`) → the file's column that holds it, e.g. `document` → `article`.
    public var fields: [String: String] = [:]
    /// Columns whose values are the references (the task's `summary`, `answers` or `references`),
    /// empty cells skipped; nil: the task's own reference field.
    public var references: [String]?
    public var template: CustomTemplate?
    /// The requests' maximum output length in tokens; nil: the task's.
    public var maxOutputTokens: Int?
    /// The dataset's name in reports; nil: the data file's name without its extension.
    public var name: String?

    public init(task: TaskKind? = nil, fields: [String: String] = [:], references: [String]? = nil,
                template: CustomTemplate? = nil, maxOutputTokens: Int? = nil, name: String? = nil) {
        self.task = task; self.fields = fields; self.references = references; self.template = template
        self.maxOutputTokens = maxOutputTokens; self.name = name
    }

    /// Largest `max_output_tokens` a manifest may declare.
    public static let maxOutputTokensLimit = 1_000_000

    /// Whether nothing is declared.
    public var isEmpty: Bool { self == DatasetDeclaration() }

    /// This declaration with every part `other` declares put in its place (`--fields` adds to and
    /// replaces a manifest's mapping entry by entry; `--template` replaces its template).
    public func overridden(by other: DatasetDeclaration) -> DatasetDeclaration {
        var d = self
        if let t = other.task { d.task = t }
        d.fields.merge(other.fields) { _, new in new }
        if let r = other.references { d.references = r }
        if let t = other.template { d.template = t }
        if let m = other.maxOutputTokens { d.maxOutputTokens = m }
        if let n = other.name { d.name = n }
        return d
    }

    /// The names a mapping may target: `id` and every task's fields, including `prompt`.
    public static var mappableFields: [String] {
        var names = ["id"]
        for schema in TaskSchema.all { for f in schema.fieldNames where !names.contains(f) { names.append(f) } }
        return names
    }

    /// Parses `--fields` text: `field=column` pairs separated by commas (`document=article,summary=highlights`).
    /// A usage error (64) names the pair that is not valid.
    public static func parseFields(_ text: String, option: String = "--fields") throws -> [String: String] {
        var mapping: [String: String] = [:]
        for pair in text.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let field = parts.first.map { String($0).trimmingSpaces } ?? ""
            let column = parts.count == 2 ? String(parts[1]).trimmingSpaces : ""
            guard parts.count == 2, !field.isEmpty, !column.isEmpty else {
                throw LLMBenchError.usage("\(option): '\(pair)' is not FIELD=COLUMN (e.g. \(option) document=article,summary=highlights)")
            }
            try checkMappable(field, context: option)
            guard mapping[field] == nil else { throw LLMBenchError.usage("\(option): field \"\(field)\" is mapped twice") }
            mapping[field] = column
        }
        guard !mapping.isEmpty else {
            throw LLMBenchError.usage("\(option): give at least one FIELD=COLUMN pair (e.g. document=article)")
        }
        return mapping
    }

    static func checkMappable(_ field: String, context: String) throws {
        guard mappableFields.contains(field) else {
            throw LLMBenchError.usage("\(context): \"\(field)\" is not a field a column can be mapped to (valid: \(mappableFields.joined(separator: ", ")))")
        }
    }
}
