/// Reads CSV text as RFC 4180 defines it, with a header row: one pass over the bytes, bounded.
///
/// Fields are separated by `,` and records by CRLF or LF (a lone CR also ends a record). A field
/// may be quoted with `"`; inside quotes, `""` is one quote and commas and line breaks are text.
/// A UTF-8 byte-order mark at the start is skipped. A line holding nothing is skipped. Errors
/// (`CSVParser.Failure`) carry the 1-based physical line and, where known, the 0-based column:
/// a quote inside an unquoted field, text after a closing quote, a quoted field never closed,
/// a field that is not UTF-8, and every bound in `Limits` (each a `Failure`, never a crash).
/// Records whose field count differs from the header's are returned as they are; the caller
/// reports them (with the header's names at hand).
struct CSVParser {
    struct Limits: Sendable {
        /// Longest field in bytes (16 MiB).
        var maxFieldBytes = 16 << 20
        /// Most fields in one record.
        var maxColumns = 1024
        /// Most records, header included.
        var maxRecords = 1_000_000
    }

    struct Record: Sendable, Equatable {
        /// The physical line (1-based) the record starts on.
        var line: Int
        var fields: [String]
    }

    struct Table: Sendable, Equatable {
        var header: [String]
        /// The header's line is not among them.
        var records: [Record]
    }

    struct Failure: Error, Equatable {
        var line: Int
        /// 0-based field index within its record, when the problem is in one field.
        var column: Int?
        var message: String
        /// The file's first record (its header row) when it was read before the failure, so a caller can name the column.
        var header: [String]? = nil
    }

    private enum State { case fieldStart, unquoted, quoted, afterQuote }

    /// Parses `bytes` into a header and its records; the header's names are trimmed of spaces and
    /// must be non-empty and distinct.
    static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(Failure) -> Table {
        let all = try records(bytes, limits: limits)
        guard let first = all.first else {
            throw Failure(line: 1, column: nil, message: "holds no header row (the first line names the columns)")
        }
        var header: [String] = []
        var seen: [String: Int] = [:]
        for (index, raw) in first.fields.enumerated() {
            let name = raw.trimmingSpaces
            guard !name.isEmpty else {
                throw Failure(line: first.line, column: index, message: "column \(index + 1) of the header row has no name")
            }
            if let earlier = seen[name] {
                throw Failure(line: first.line, column: index,
                              message: "the header row names column \"\(name)\" twice (columns \(earlier + 1) and \(index + 1))")
            }
            seen[name] = index
            header.append(name)
        }
        return Table(header: header, records: Array(all.dropFirst()))
    }

    /// Every record of `bytes`, the header included, in order.
    static func records(_ bytes: [UInt8], limits: Limits = Limits()) throws(Failure) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var state = State.fieldStart
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var sawQuotes = false

        func fail(line: Int, column: Int?, message: String) -> Failure {
            Failure(line: line, column: column, message: message, header: records.first?.fields)
        }

        func endField() throws(Failure) {
            guard fields.count < limits.maxColumns else {
                throw fail(line: recordLine, column: nil, message: "a record has more than \(limits.maxColumns) fields")
            }
            guard let text = String(validating: field, as: UTF8.self) else {
                throw fail(line: recordLine, column: fields.count, message: "is not valid UTF-8 text")
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() throws(Failure) {
            try endField()
            let blank = fields.count == 1 && fields[0].isEmpty && !sawQuotes
            if !blank {
                guard records.count < limits.maxRecords else {
                    throw fail(line: recordLine, column: nil, message: "has more than \(limits.maxRecords) records")
                }
                records.append(Record(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
            sawQuotes = false
            state = .fieldStart
        }
        func append(_ byte: UInt8) throws(Failure) {
            guard field.count < limits.maxFieldBytes else {
                throw fail(line: recordLine, column: fields.count, message: "a field is longer than \(limits.maxFieldBytes) bytes")
            }
            field.append(byte)
        }

        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            if state == .quoted {
                if byte == quote { state = .afterQuote } else {
                    if byte == lf { line += 1 }
                    try append(byte)
                }
                continue
            }
            if byte == cr || byte == lf {
                if byte == cr && i < bytes.count && bytes[i] == lf { i += 1 }
                try endRecord()
                line += 1
                recordLine = line
                continue
            }
            switch state {
            case .fieldStart:
                if byte == quote {
                    state = .quoted; sawQuotes = true; quoteLine = line
                } else if byte == comma {
                    try endField()
                } else {
                    state = .unquoted
                    try append(byte)
                }
            case .unquoted:
                if byte == comma {
                    try endField(); state = .fieldStart
                } else if byte == quote {
                    throw fail(line: line, column: fields.count,
                                  message: "has a quote (\") inside an unquoted field; quote the whole field and double the quote (\"say \"\"hi\"\"\")")
                } else {
                    try append(byte)
                }
            case .afterQuote:
                if byte == quote {
                    try append(quote); state = .quoted
                } else if byte == comma {
                    try endField(); state = .fieldStart
                } else {
                    throw fail(line: line, column: fields.count,
                                  message: "has text after the closing quote of a field; a quote inside a quoted field is written twice (\"\")")
                }
            case .quoted:
                break
            }
        }
        if state == .quoted {
            throw fail(line: quoteLine, column: fields.count, message: "has a quoted field that is never closed (a \" is missing)")
        }
        if state != .fieldStart || !fields.isEmpty { try endRecord() }
        return records
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
