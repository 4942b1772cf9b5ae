import Foundation
import LLMBenchCore

/// Reads and validates JSONL dataset files: a shipped dataset by name, or any file by path.
///
/// Every line is checked before anything is returned; problems are reported together (up to 20,
/// then a count) as `path:LINE: field "x" …`, 1-based lines, in one `LLMBenchError` with exit code
/// 65 (`.dataError`). A file that does not exist or cannot be read is exit 66 (`.noInput`); an unknown
/// dataset name is exit 64 (`.usage`). Blank lines are skipped. The README's "Your own file" section
/// documents how a line's task is decided.
public enum DatasetLoader {
    /// Loads `reference`: a shipped name (`summarization`, `qa`, `translation`) read from
    /// `dataDirectory`, or a path to a JSONL file (anything containing `/` or ending in `.jsonl`).
    public static func load(_ reference: String, dataDirectory: String?) throws -> Dataset {
        if reference.contains("/") || reference.hasSuffix(".jsonl") {
            return try load(path: reference)
        }
        guard Dataset.shippedNames.contains(reference) else {
            throw LLMBenchError.usage(
                "unknown dataset \"\(reference)\": the shipped datasets are \(Dataset.shippedNames.joined(separator: ", ")); "
                + "or give a path to a .jsonl file")
        }
        guard let dataDirectory else {
            throw LLMBenchError.noInput("no data directory to find the shipped dataset \"\(reference)\" in; pass --data-dir DIR")
        }
        return try load(path: (dataDirectory as NSString).appendingPathComponent(reference + ".jsonl"))
    }

    /// Loads and validates the JSONL file at `path`; the dataset's name is the file name without its extension.
    public static func load(path: String) throws -> Dataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LLMBenchError.noInput("\(path): no such dataset file")
        }
        guard !isDirectory.boolValue else {
            throw LLMBenchError.noInput("\(path): is a directory, not a JSONL dataset file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LLMBenchError.noInput("\(path): cannot be read (check its permissions)")
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try parse(bytes: [UInt8](data), path: path, name: name)
    }

    /// Validates JSONL `bytes` as read from `path` (used in messages) and returns the dataset named `name`.
    public static func parse(bytes: [UInt8], path: String, name: String) throws -> Dataset {
        var problems = ProblemList(path: path)
        var items: [DatasetItem] = []
        var fileTask: (task: TaskKind, line: Int)?
        var firstLineOfId: [String: Int] = [:]

        for (lineNumber, line) in lines(of: bytes) {
            guard !line.allSatisfy(isJSONWhitespace) else { continue }
            let object: [String: Any]
            switch JSONLine.parse(line) {
            case .problem(let message):
                problems.add(line: lineNumber, message)
                continue
            case .object(let parsed):
                object = parsed
            }
            if let id = object["id"] as? String, !id.isEmpty {
                if let first = firstLineOfId[id] {
                    problems.add(line: lineNumber, "field \"id\" duplicates line \(first) (\"\(id)\")")
                } else {
                    firstLineOfId[id] = lineNumber
                }
            }
            let task: TaskKind
            switch LineValidator.task(of: object) {
            case .failure(let problem):
                problems.add(line: lineNumber, problem.message)
                continue
            case .success(let found):
                task = found
            }
            if let fileTask, fileTask.task != task {
                problems.add(line: lineNumber, "field \"task\" is \"\(task.rawValue)\" but line \(fileTask.line) is \"\(fileTask.task.rawValue)\"; a file holds one task")
                continue
            }
            if fileTask == nil { fileTask = (task, lineNumber) }
            switch LineValidator.item(from: object, task: task) {
            case .failure(let found):
                for message in found.messages { problems.add(line: lineNumber, message) }
            case .success(let item):
                items.append(item)
            }
        }
        guard problems.isEmpty else { throw problems.error() }
        guard let fileTask, !items.isEmpty else {
            throw LLMBenchError.data("\(path): holds no items (every line is blank)")
        }
        return Dataset(name: name, task: fileTask.task, items: items, sha256: SHA256.hex(of: bytes), path: path)
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

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0d || byte == 0x0a
    }
}

extension DatasetLoader {
    /// Loads every dataset of `references` (names or paths, as `--datasets` gives them), checking all of
    /// them before failing: problems of every file are reported in one error, whose exit code is the
    /// first failing file's. Two datasets with the same name (file stem) are a usage error (64),
    /// since reports key on the name.
    public static func loadAll(_ references: [String], dataDirectory: String?) throws -> [Dataset] {
        var datasets: [Dataset] = []
        var failures: [LLMBenchError] = []
        for reference in references {
            do {
                datasets.append(try load(reference, dataDirectory: dataDirectory))
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
}
