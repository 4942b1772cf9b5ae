import LLMBenchCore

/// Checks one parsed dataset line against its task's schema and turns it into a `DatasetItem`.
///
/// Every problem on the line is reported, not only the first, each as a message for `path:line:`.
enum LineValidator {
    /// The task a line declares or, without a `task` field, the one its fields match.
    static func task(of object: [String: Any]) -> Result<TaskKind, Problem> {
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
            return .failure(Problem("field \"task\" is missing and the fields match no task (\(TaskSchema.summary)); add a \"task\" field or the missing fields"))
        default:
            let names = matches.map(\.rawValue).joined(separator: ", ")
            return .failure(Problem("field \"task\" is missing and the fields match more than one task (\(names)); add a \"task\" field"))
        }
    }

    struct Problem: Error { var message: String; init(_ m: String) { message = m } }
    struct Problems: Error { var messages: [String] }

    /// Validates `object` as an item of `task`, returning the item or every problem found.
    static func item(from object: [String: Any], task: TaskKind) -> Result<DatasetItem, Problems> {
        var problems: [String] = []
        let id = string(object, "id", problems: &problems)
        guard let schema = TaskSchema.schema(for: task) else {
            return .failure(Problems(messages: ["task \"\(task.rawValue)\" cannot be loaded from a file"]))
        }
        var strings: [String: String] = [:]
        var arrays: [String: [String]] = [:]
        for field in schema.fields {
            switch field.kind {
            case .string:
                strings[field.name] = string(object, field.name, problems: &problems)
            case .languageCode:
                if let code = string(object, field.name, problems: &problems) {
                    if TaskSchema.isLanguageCode(code) {
                        strings[field.name] = code
                    } else {
                        problems.append("field \"\(field.name)\" must be \(field.kind.expectation) or \"pt-BR\" (found \"\(code)\")")
                    }
                }
            case .stringArray:
                arrays[field.name] = stringArray(object, field.name, problems: &problems)
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
        case .synthetic:
            return .failure(Problems(messages: ["task \"synthetic\" cannot be loaded from a file"]))
        }
    }

    /// A required non-empty string field.
    private static func string(_ object: [String: Any], _ name: String, problems: inout [String]) -> String? {
        guard let raw = object[name] else {
            problems.append("field \"\(name)\" is missing (expected a string)")
            return nil
        }
        guard let value = raw as? String else {
            problems.append("field \"\(name)\" must be a string (found \(JSONLine.typeName(raw)))")
            return nil
        }
        guard !value.allSatisfy(\.isWhitespace) else {
            problems.append("field \"\(name)\" is " + (value.isEmpty ? "an empty string" : "only whitespace"))
            return nil
        }
        return value
    }

    /// A required non-empty array of non-empty strings.
    private static func stringArray(_ object: [String: Any], _ name: String, problems: inout [String]) -> [String]? {
        let expected = TaskSchema.FieldKind.stringArray.expectation
        guard let raw = object[name] else {
            problems.append("field \"\(name)\" is missing (expected \(expected))")
            return nil
        }
        guard let array = raw as? [Any] else {
            problems.append("field \"\(name)\" must be \(expected) (found \(JSONLine.typeName(raw)))")
            return nil
        }
        guard !array.isEmpty else {
            problems.append("field \"\(name)\" must be \(expected) (found an empty array)")
            return nil
        }
        var values: [String] = []
        for (index, element) in array.enumerated() {
            guard let value = element as? String else {
                problems.append("field \"\(name)\" must be \(expected) (found \(JSONLine.typeName(element)) at index \(index))")
                return nil
            }
            guard !value.allSatisfy(\.isWhitespace) else {
                problems.append("field \"\(name)\" must be \(expected) (found an empty string at index \(index))")
                return nil
            }
            values.append(value)
        }
        return values
    }
}
