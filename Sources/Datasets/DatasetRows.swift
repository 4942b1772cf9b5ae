import LLMBenchCore

/// One line of a data file as named values, before it is checked against a task.
struct DatasetRow {
    /// The 1-based line the row starts on.
    var line: Int
    /// JSON values for a JSONL line; strings (one per header column) for a CSV record.
    var values: [String: Any]
}

/// The formats a data file may have, chosen by its extension.
enum DatasetFormat: Sendable, Equatable {
    /// One JSON object per line (`.jsonl`, or any extension but `.csv`).
    case jsonl
    /// RFC 4180 with a header row (`.csv`).
    case csv

    static func of(path: String) -> DatasetFormat {
        path.lowercased().hasSuffix(".csv") ? .csv : .jsonl
    }

    /// Reads `bytes` into rows; each problem goes to `problems`. A CSV structure error (an open
    /// quote, text after a closing quote) stops the reading there, since what follows cannot be
    /// split into fields reliably.
    func rows(_ bytes: [UInt8], problems: inout ProblemList) -> [DatasetRow] {
        switch self {
        case .jsonl: return Self.jsonlRows(bytes, problems: &problems)
        case .csv: return Self.csvRows(bytes, problems: &problems)
        }
    }

    private static func jsonlRows(_ bytes: [UInt8], problems: inout ProblemList) -> [DatasetRow] {
        var rows: [DatasetRow] = []
        for (lineNumber, line) in DatasetLoader.lines(of: bytes) {
            guard !line.allSatisfy(isJSONWhitespace) else { continue }
            switch JSONLine.parse(line) {
            case .problem(let message): problems.add(line: lineNumber, message)
            case .object(let object): rows.append(DatasetRow(line: lineNumber, values: object))
            }
        }
        return rows
    }

    private static func csvRows(_ bytes: [UInt8], problems: inout ProblemList) -> [DatasetRow] {
        let table: CSVParser.Table
        var header: [String] = []
        do {
            table = try CSVParser.parse(bytes)
        } catch {
            // Name the column when the header row was read before the failure.
            header = error.header?.map(\.trimmingSpaces) ?? []
            let column = error.column.flatMap { $0 < header.count && error.line > 1 ? "field \"\(header[$0])\" " : nil } ?? ""
            problems.add(line: error.line, column + error.message)
            return []
        }
        header = table.header
        var rows: [DatasetRow] = []
        rows.reserveCapacity(table.records.count)
        for record in table.records {
            guard record.fields.count == header.count else {
                problems.add(line: record.line, "has \(record.fields.count) fields but the header row has \(header.count) "
                             + "(\(header.joined(separator: ", "))); a field holding a comma or a line break must be quoted")
                continue
            }
            var values: [String: Any] = [:]
            for (name, value) in zip(header, record.fields) { values[name] = value }
            rows.append(DatasetRow(line: record.line, values: values))
        }
        return rows
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0d || byte == 0x0a
    }
}
