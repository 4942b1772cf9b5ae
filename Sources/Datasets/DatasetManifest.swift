import Foundation
import LLMBenchCore

/// A dataset manifest: a small JSON object that says how to read a data file (CSV or JSONL).
///
/// ```json
/// {"data": "articles.csv", "task": "summarization",
///  "fields": {"id": "article_id", "document": "article", "summary": "highlights"},
///  "template": {"system": "You write headlines.", "user": "Summarize:\n{document}"},
///  "max_output_tokens": 120}
/// ```
/// Keys (all optional but `data` when the manifest is given to `--datasets`): `data` (the data file,
/// relative to the manifest), `name`, `task`, `fields` (task field → column), `references` (a column
/// or a list of columns holding the references), `template` (an object with `user` and optional
/// `system`, or the path of a template file), `max_output_tokens`, `description` (ignored). Unknown
/// keys are an error, so a typo is never silently ignored. `X.manifest.json` beside `X.csv` or
/// `X.jsonl` is read when the data file is given. Errors are data errors (65) naming the key.
public struct DatasetManifest: Sendable, Equatable {
    /// The data file, resolved against the manifest's directory; nil when the manifest names none.
    public var dataPath: String?
    public var declaration: DatasetDeclaration
    public var path: String

    /// Largest manifest read (1 MiB).
    static let maxBytes = 1 << 20
    static let keys = ["data", "name", "task", "fields", "references", "template", "max_output_tokens", "description"]

    /// The manifest that sits beside `dataPath`: the same name with `.manifest.json` for its extension.
    public static func besidePath(for dataPath: String) -> String {
        (dataPath as NSString).deletingPathExtension + ".manifest.json"
    }

    public static func load(path: String) throws -> DatasetManifest {
        let data = try InputFile.read(path, what: "dataset manifest", maxBytes: maxBytes)
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw LLMBenchError.data("\(path): a dataset manifest must be one JSON object")
            }
            object = parsed
        } catch let error as LLMBenchError {
            throw error
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw LLMBenchError.data("\(path): not valid JSON" + (detail.map { " (\($0))" } ?? ""))
        }
        return try parse(object, path: path)
    }

    static func parse(_ object: [String: Any], path: String) throws -> DatasetManifest {
        func fail(_ key: String, _ message: String) -> LLMBenchError {
            LLMBenchError.data("\(path): \"\(key)\" \(message)")
        }
        func string(_ key: String) throws -> String? {
            guard let raw = object[key] else { return nil }
            guard let s = raw as? String, !s.allSatisfy(\.isWhitespace) else {
                throw fail(key, "must be a non-empty string (found \(JSONLine.typeName(raw)))")
            }
            return s
        }
        for key in object.keys.sorted() where !keys.contains(key) {
            throw LLMBenchError.data("\(path): unknown key \"\(key)\" (known: \(keys.joined(separator: ", ")))")
        }
        let directory = (path as NSString).deletingLastPathComponent
        func resolve(_ relative: String) -> String {
            relative.hasPrefix("/") || directory.isEmpty ? relative : (directory as NSString).appendingPathComponent(relative)
        }
        var d = DatasetDeclaration()
        d.name = try string("name")
        if let task = try string("task") {
            guard let kind = TaskKind(rawValue: task), TaskSchema.schema(for: kind) != nil else {
                throw fail("task", "is \"\(task)\" (expected one of: \(TaskSchema.all.map(\.task.rawValue).joined(separator: ", ")))")
            }
            d.task = kind
        }
        if let raw = object["fields"] {
            guard let fields = raw as? [String: Any] else { throw fail("fields", "must be an object {\"field\": \"column\"}") }
            for (field, column) in fields.sorted(by: { $0.key < $1.key }) {
                guard DatasetDeclaration.mappableFields.contains(field) else {
                    throw fail("fields", "maps \"\(field)\", which is not a field (valid: \(DatasetDeclaration.mappableFields.joined(separator: ", ")))")
                }
                guard let name = column as? String, !name.isEmpty else {
                    throw fail("fields", "maps \"\(field)\" to \(JSONLine.typeName(column)); give a column name")
                }
                d.fields[field] = name
            }
        }
        if let raw = object["references"] {
            let columns = (raw as? String).map { [$0] } ?? (raw as? [Any])?.compactMap { $0 as? String }
            guard let columns, !columns.isEmpty, columns.allSatisfy({ !$0.isEmpty }),
                  (raw as? [Any]).map({ $0.count == columns.count }) ?? true else {
                throw fail("references", "must be a column name or a non-empty list of column names")
            }
            if d.task == .prompt { throw fail("references", "is given but task \"prompt\" is never scored; remove one of them") }
            d.references = columns
        }
        if let raw = object["template"] {
            if let file = raw as? String {
                d.template = try CustomTemplate.load(path: resolve(file))
            } else if let inline = raw as? [String: Any] {
                d.template = try CustomTemplate.fromJSON(inline, origin: "\(path): \"template\"")
            } else {
                throw fail("template", "must be an object {\"system\": \"…\", \"user\": \"…\"} or a template file's path")
            }
        }
        if let raw = object["max_output_tokens"] {
            let limit = DatasetDeclaration.maxOutputTokensLimit
            guard let n = raw as? NSNumber, JSONLine.typeName(raw) == "a number", n.doubleValue == n.doubleValue.rounded(),
                  n.doubleValue >= 1, n.doubleValue <= Double(limit) else {
                throw fail("max_output_tokens", "must be a whole number from 1 to \(limit)")
            }
            d.maxOutputTokens = n.intValue
        }
        if let raw = object["description"], !(raw is String) { throw fail("description", "must be a string") }
        return DatasetManifest(dataPath: try string("data").map(resolve), declaration: d, path: path)
    }
}
