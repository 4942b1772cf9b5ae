import Foundation
import LLMBenchCore

/// Checks one parsed dataset line against its task's schema and turns it into a `DatasetItem`.
///
/// Every problem on the line is reported, not only the first, each as a message for `path:line:`.
/// Messages name the file's own column when a declaration mapped it (`field "article" (mapped to
/// "document") is missing`), so identical problems on many lines read the same and are grouped.
enum LineValidator {
    /// What the validator needs to know beyond the line: how columns were mapped and where the line came from.
    struct Context: Sendable {
        /// Task field → the file's column (a declaration's `fields`).
        var mapping: [String: String] = [:]
        /// CSV cells are text: one cell may stand for a one-element array field.
        var cellsAreText = false
        /// A custom template builds the prompt, so a `prompt` line needs no `prompt` field.
        var hasTemplate = false
        /// Whether any line of the file has an id; without one, items are numbered by their line.
        var fileHasIds = true

        /// `"document"`, or `"article" (mapped to "document")`.
        func name(_ field: String) -> String {
            if let column = mapping[field], column != field { return "\"\(column)\" (mapped to \"\(field)\")" }
            return "\"\(field)\""
        }
    }

    /// The task a line declares or, without a `task` field, the one its fields match; with a custom
    /// template and no match, `prompt` (the template is the prompt, nothing is scored).
    static func task(of object: [String: Any], context: Context = Context()) -> Result<TaskKind, Problem> {
        if let raw = object["task"] {
            guard let name = raw as? String else {
                return .failure(Problem("field \"task\" must be a string (found \(JSONLine.typeName(raw)))"))
            }
            guard let task = TaskKind(rawValue: name), TaskSchema.schema(for: task) != nil else {
                let known = TaskSchema.all.map(\.task.rawValue).joined(separator: ", ")
                return .failure(Problem("field \"task\" is \"\(name)\", not a task a dataset can hold (expected one of: \(known))"))
            }
            return .success(task)
        }
        let matches = TaskSchema.tasksMatching(keys: Set(object.keys))
        switch matches.count {
        case 1:
            return .success(matches[0])
        case 0:
            if context.hasTemplate { return .success(.prompt) }
            let columns = object.keys.sorted().joined(separator: ", ")
            return .failure(Problem("field \"task\" is missing and the fields (\(columns)) match no task (\(TaskSchema.summary)); "
                + "name your columns with --fields FIELD=COLUMN (e.g. --fields prompt=text for prompts without references), "
                + "give a --template, or write a manifest (see datasets/README.md, \"Your own data\")"))
        default:
            let names = matches.map(\.rawValue).joined(separator: ", ")
            return .failure(Problem("field \"task\" is missing and the fields match more than one task (\(names)); add a \"task\" field"))
        }
    }

    struct Problem: Error { var message: String; init(_ m: String) { message = m } }
    struct Problems: Error { var messages: [String] }

    /// Validates `object` as an item of `task`, returning the item or every problem found;
    /// `line` numbers the item when the file has no ids.
    static func item(from object: [String: Any], task: TaskKind, line: Int = 0,
                     context: Context = Context()) -> Result<DatasetItem, Problems> {
        var problems: [String] = []
        let id = context.fileHasIds ? identifier(object, context: context, problems: &problems) : String(line)
        guard let schema = TaskSchema.schema(for: task) else {
            return .failure(Problems(messages: ["task \"\(task.rawValue)\" cannot be loaded from a file"]))
        }
        var strings: [String: String] = [:]
        var arrays: [String: [String]] = [:]
        for field in schema.fields {
            if task == .prompt && context.hasTemplate && object[field.name] == nil { continue }
            switch field.kind {
            case .string:
                strings[field.name] = string(object, field.name, context: context, problems: &problems)
            case .languageCode:
                if let code = string(object, field.name, context: context, problems: &problems) {
                    if TaskSchema.isLanguageCode(code) {
                        strings[field.name] = code
                    } else {
                        problems.append("field \(context.name(field.name)) must be \(field.kind.expectation) or \"pt-BR\" (found \"\(code)\")")
                    }
                }
            case .stringArray:
                if context.cellsAreText, let cell = object[field.name] as? String {
                    arrays[field.name] = string([field.name: cell], field.name, context: context, problems: &problems).map { [$0] }
                } else {
                    arrays[field.name] = stringArray(object, field.name, context: context, problems: &problems)
                }
            }
        }
        guard problems.isEmpty, let id else { return .failure(Problems(messages: problems)) }
        switch task {
        case .summarization:
            return .success(DatasetItem(id: id, task: task, text: strings["document"]!, references: [strings["summary"]!]))
        case .qa:
            return .success(DatasetItem(id: id, task: task, text: strings["context"]!, question: strings["question"]!,
                                        references: arrays["answers"]!))
        case .translation:
            return .success(DatasetItem(id: id, task: task, text: strings["source"]!,
                                        sourceLanguage: strings["source_lang"]!, targetLanguage: strings["target_lang"]!,
                                        references: arrays["references"]!))
        case .prompt:
            return .success(DatasetItem(id: id, task: task, text: strings["prompt"] ?? "", references: []))
        case .synthetic:
            return .failure(Problems(messages: ["task \"synthetic\" cannot be loaded from a file"]))
        }
    }

    /// The line's id: a non-empty string, or a number (written as JSON wrote it: `17`, `2.5`).
    static func identifier(_ object: [String: Any], context: Context, problems: inout [String]) -> String? {
        guard let raw = object["id"] else {
            problems.append("field \(context.name("id")) is missing (expected a string or a number; other lines have one)")
            return nil
        }
        if let number = raw as? NSNumber, !(raw is String), JSONLine.typeName(raw) == "a number" {
            let value = number.doubleValue
            guard value.isFinite else {
                problems.append("field \(context.name("id")) must be a finite number (found \(number))")
                return nil
            }
            if value == value.rounded(), abs(value) < 9e15 { return String(Int64(value)) }
            return number.stringValue
        }
        return string(object, "id", context: context, problems: &problems, expected: "a string or a number")
    }

    /// A required non-empty string field.
    private static func string(_ object: [String: Any], _ name: String, context: Context, problems: inout [String],
                               expected: String = "a string") -> String? {
        guard let raw = object[name] else {
            problems.append("field \(context.name(name)) is missing (expected \(expected))" + hint(for: name, in: object, context: context))
            return nil
        }
        guard let value = raw as? String else {
            problems.append("field \(context.name(name)) must be \(expected) (found \(JSONLine.typeName(raw)))")
            return nil
        }
        guard !value.allSatisfy(\.isWhitespace) else {
            problems.append("field \(context.name(name)) is " + (value.isEmpty ? "an empty string" : "only whitespace"))
            return nil
        }
        return value
    }

    /// For a missing task field: the line's columns that no task knows, and how to map one.
    private static func hint(for name: String, in object: [String: Any], context: Context) -> String {
        guard context.mapping[name] == nil, name != "id" else { return "" }
        let known = Set(DatasetDeclaration.mappableFields + ["task"])
        let columns = object.keys.filter { !known.contains($0) }.sorted()
        guard !columns.isEmpty else { return "" }
        return "; the line has \(columns.joined(separator: ", ")): map one with --fields \(name)=COLUMN"
    }

    /// A required non-empty array of non-empty strings.
    private static func stringArray(_ object: [String: Any], _ name: String, context: Context,
                                    problems: inout [String]) -> [String]? {
        let expected = TaskSchema.FieldKind.stringArray.expectation
        let label = context.name(name)
        guard let raw = object[name] else {
            problems.append("field \(label) is missing (expected \(expected))" + hint(for: name, in: object, context: context))
            return nil
        }
        guard let array = raw as? [Any] else {
            problems.append("field \(label) must be \(expected) (found \(JSONLine.typeName(raw)))")
            return nil
        }
        guard !array.isEmpty else {
            problems.append("field \(label) must be \(expected) (found an empty array)")
            return nil
        }
        var values: [String] = []
        for (index, element) in array.enumerated() {
            guard let value = element as? String else {
                problems.append("field \(label) must be \(expected) (found \(JSONLine.typeName(element)) at index \(index))")
                return nil
            }
            guard !value.allSatisfy(\.isWhitespace) else {
                problems.append("field \(label) must be \(expected) (found an empty string at index \(index))")
                return nil
            }
            values.append(value)
        }
        return values
    }
}
