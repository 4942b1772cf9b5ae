import Foundation
import LLMBenchCore

/// Reads and validates dataset files: a shipped dataset by name, or a team's own JSONL or CSV file
/// by path, optionally described by a manifest (`DatasetManifest`) or a `DatasetDeclaration` from
/// the command line (`--fields`, `--template`).
///
/// Every line is checked before anything is returned; each distinct problem is reported once as
/// `path:LINE: field "x" …` (1-based lines), followed by how many more lines share it (`ProblemList`),
/// in one `LLMBenchError` with exit code 65 (`.dataError`). A file that does not exist or cannot be
/// read is exit 66 (`.noInput`); an unknown dataset name is exit 64 (`.usage`). Blank lines are
/// skipped. datasets/README.md ("Your own data") documents how a line's task is decided.
public enum DatasetLoader {
    /// Largest data file read (512 MiB): every item is held in memory for the whole run.
    public static let maxFileBytes = 512 << 20

    /// Loads `reference`: a shipped name (`summarization`, `qa`, `translation`) read from
    /// `dataDirectory`, or a path (anything containing `/` or ending in `.jsonl`, `.csv` or `.json`,
    /// the last a manifest). `declaration` applies to paths only; shipped datasets keep their own shape.
    public static func load(_ reference: String, dataDirectory: String?,
                            declaration: DatasetDeclaration = DatasetDeclaration()) throws -> Dataset {
        if isPath(reference) {
            return try load(path: reference, declaration: declaration)
        }
        guard Dataset.shippedNames.contains(reference) else {
            throw LLMBenchError.usage(
                "unknown dataset \"\(reference)\": the shipped datasets are \(Dataset.shippedNames.joined(separator: ", ")); "
                + "or give a path to a .jsonl or .csv file, or to a dataset manifest (.json)")
        }
        guard let dataDirectory else {
            throw LLMBenchError.noInput("no data directory to find the shipped dataset \"\(reference)\" in; pass --data-dir DIR")
        }
        return try load(path: (dataDirectory as NSString).appendingPathComponent(reference + ".jsonl"))
    }

    /// Whether `reference` names a file rather than a shipped dataset.
    public static func isPath(_ reference: String) -> Bool {
        let lower = reference.lowercased()
        return reference.contains("/") || lower.hasSuffix(".jsonl") || lower.hasSuffix(".csv") || lower.hasSuffix(".json")
    }

    /// Loads and validates the file at `path`: a data file (with `X.manifest.json` beside it, when
    /// there is one) or a manifest (`.json`) naming its data file. The dataset's name is the
    /// manifest's `name`, else the data file's name without its extension.
    public static func load(path: String, declaration: DatasetDeclaration = DatasetDeclaration()) throws -> Dataset {
        var dataPath = path
        var declared = declaration
        if path.lowercased().hasSuffix(".json") {
            let manifest = try DatasetManifest.load(path: path)
            guard let data = manifest.dataPath else {
                throw LLMBenchError.data("\(path): the manifest needs \"data\", the path of its CSV or JSONL file")
            }
            dataPath = data
            declared = manifest.declaration.overridden(by: declaration)
        } else {
            let beside = DatasetManifest.besidePath(for: path)
            if FileManager.default.fileExists(atPath: beside) {
                let manifest = try DatasetManifest.load(path: beside)
                if let data = manifest.dataPath, standardized(data) != standardized(path) {
                    throw LLMBenchError.data("\(beside): \"data\" names \(data), not \(path) it sits beside; give the manifest itself to --datasets")
                }
                declared = manifest.declaration.overridden(by: declaration)
            }
        }
        let data = try InputFile.read(dataPath, what: "dataset file", maxBytes: maxFileBytes)
        let name = declared.name ?? ((dataPath as NSString).lastPathComponent as NSString).deletingPathExtension
        return try parse(bytes: [UInt8](data), path: dataPath, name: name, declaration: declared)
    }

    private static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Validates `bytes` as read from `path` (used in messages; its extension picks CSV or JSONL)
    /// and returns the dataset named `name`.
    public static func parse(bytes: [UInt8], path: String, name: String,
                             declaration: DatasetDeclaration = DatasetDeclaration()) throws -> Dataset {
        var problems = ProblemList(path: path)
        let format = DatasetFormat.of(path: path)
        var rows = format.rows(bytes, problems: &problems)
        for index in rows.indices { apply(declaration, to: &rows[index].values) }
        let idColumn = declaration.fields["id"] ?? "id"
        let context = LineValidator.Context(
            mapping: declaration.fields, cellsAreText: format == .csv, hasTemplate: declaration.template != nil,
            fileHasIds: rows.contains { $0.values["id"] != nil } || declaration.fields["id"] != nil)
        if let references = declaration.references, declaration.task == .prompt {
            throw LLMBenchError.data("\(path): references (\(references.joined(separator: ", "))) are declared but task \"prompt\" is never scored")
        }

        var items: [DatasetItem] = []
        var fileTask: (task: TaskKind, line: Int)?
        var firstLineOfId: [String: Int] = [:]
        for row in rows {
            let lineNumber = row.line
            let task: TaskKind
            if let declared = declaration.task {
                task = declared
            } else {
                switch LineValidator.task(of: row.values, context: context) {
                case .failure(let problem):
                    problems.add(line: lineNumber, problem.message)
                    continue
                case .success(let found):
                    task = found
                }
            }
            if let fileTask, fileTask.task != task {
                problems.add(line: lineNumber, "field \"task\" is \"\(task.rawValue)\" but line \(fileTask.line) is \"\(fileTask.task.rawValue)\"; a file holds one task")
                continue
            }
            if fileTask == nil { fileTask = (task, lineNumber) }
            var values = row.values
            if let references = declaration.references, let field = TaskSchema.schema(for: task)?.referenceField {
                let found = references.compactMap { values[$0] as? String }.filter { !$0.allSatisfy(\.isWhitespace) }
                if references.allSatisfy({ values[$0] == nil }) {
                    problems.add(line: lineNumber, "field \"\(references[0])\" (a reference column) is missing")
                    continue
                }
                values[field.name] = field.kind == .string ? (found.first as Any? ?? "") : found as Any
            }
            var item: DatasetItem
            switch LineValidator.item(from: values, task: task, line: lineNumber, context: context) {
            case .failure(let found):
                for message in found.messages { problems.add(line: lineNumber, message) }
                continue
            case .success(let valid):
                item = valid
            }
            if let template = declaration.template {
                guard let fields = templateFields(template, values: values, context: context, line: lineNumber, problems: &problems) else { continue }
                item.fields = fields
            }
            if let first = firstLineOfId[item.id] {
                let column = idColumn == "id" ? "\"id\"" : "\"\(idColumn)\" (mapped to \"id\")"
                problems.add(line: lineNumber, "field \(column) duplicates line \(first) (\"\(item.id)\")")
                continue
            }
            firstLineOfId[item.id] = lineNumber
            items.append(item)
        }
        guard problems.isEmpty else { throw problems.error() }
        guard let fileTask, !items.isEmpty else {
            throw LLMBenchError.data("\(path): holds no items (every line is blank)")
        }
        return Dataset(name: name, task: fileTask.task, items: items, sha256: SHA256.hex(of: bytes), path: path,
                       template: declaration.template, maxOutputTokens: declaration.maxOutputTokens)
    }

    /// Copies each mapped column's value to the task field it stands for (the column is kept, so a
    /// template may name either).
    static func apply(_ declaration: DatasetDeclaration, to values: inout [String: Any]) {
        for (field, column) in declaration.fields where field != column {
            values[field] = values[column]
        }
    }

    /// The text of each of `template`'s placeholders on this line (a string, or a number as written);
    /// nil after recording a problem for each placeholder the line cannot fill.
    static func templateFields(_ template: CustomTemplate, values: [String: Any], context: LineValidator.Context,
                               line: Int, problems: inout ProblemList) -> [String: String]? {
        var fields: [String: String] = [:]
        var ok = true
        for name in template.placeholders {
            switch values[name] {
            case let text as String:
                fields[name] = text
            case let number as NSNumber where JSONLine.typeName(number) == "a number":
                fields[name] = number.stringValue
            case nil:
                let columns = values.keys.sorted().joined(separator: ", ")
                problems.add(line: line, "field \(context.name(name)) is missing: \(template.origin) uses {\(name)} (the line has \(columns))")
                ok = false
            case let other?:
                problems.add(line: line, "field \(context.name(name)) must be a string or a number for {\(name)} in \(template.origin) (found \(JSONLine.typeName(other)))")
                ok = false
            }
        }
        return ok ? fields : nil
    }

    /// Splits on `\n` (a trailing `\r` is dropped), numbering lines from 1.
    static func lines(of bytes: [UInt8]) -> [(Int, ArraySlice<UInt8>)] {
        var result: [(Int, ArraySlice<UInt8>)] = []
        var start = 0
        var number = 1
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            result.append((number, trimCR(bytes[start..<index])))
            start = index + 1
            number += 1
        }
        if start < bytes.count { result.append((number, trimCR(bytes[start..<bytes.count]))) }
        return result
    }

    private static func trimCR(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        line.last == UInt8(ascii: "\r") ? line.dropLast() : line
    }
}

extension DatasetLoader {
    /// Loads every dataset of `references` (names or paths, as `--datasets` gives them), checking all of
    /// them before failing: problems of every file are reported in one error, whose exit code is the
    /// first failing file's. Two datasets with the same name (file stem) are a usage error (64),
    /// since reports key on the name.
    public static func loadAll(_ references: [String], dataDirectory: String?,
                               declaration: DatasetDeclaration = DatasetDeclaration()) throws -> [Dataset] {
        var datasets: [Dataset] = []
        var failures: [LLMBenchError] = []
        for reference in references {
            do {
                datasets.append(try load(reference, dataDirectory: dataDirectory, declaration: declaration))
            } catch let error as LLMBenchError {
                failures.append(error)
            }
        }
        if let first = failures.first {
            throw LLMBenchError(first.exitCode, failures.map(\.message).joined(separator: "\n"))
        }
        var seen: [String: String] = [:]
        for dataset in datasets {
            if let other = seen[dataset.name] {
                throw LLMBenchError.usage("two datasets are named \"\(dataset.name)\" (\(other) and \(dataset.path)); rename one file")
            }
            seen[dataset.name] = dataset.path
        }
        return datasets
    }
}

extension Dataset {
    /// Dataset name → SHA-256 hex, as `RunInfo.datasetHashes` stores it.
    public static func hashes(of datasets: [Dataset]) -> [String: String] {
        Dictionary(datasets.map { ($0.name, $0.sha256) }, uniquingKeysWith: { first, _ in first })
    }

    /// Dataset name → its custom template's SHA-256, for the datasets that have one (`RunInfo.templateHashes`).
    public static func templateHashes(of datasets: [Dataset]) -> [String: String] {
        Dictionary(datasets.compactMap { d in d.template.map { (d.name, $0.sha256) } }, uniquingKeysWith: { first, _ in first })
    }

    /// Dataset name → task, as `RunInfo.datasetTasks` stores it.
    public static func tasks(of datasets: [Dataset]) -> [String: String] {
        Dictionary(datasets.map { ($0.name, $0.task.rawValue) }, uniquingKeysWith: { first, _ in first })
    }
}
