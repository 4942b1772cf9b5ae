import LLMBenchCore

/// Collects the problems found in one file: each distinct message is shown once, at its first line,
/// followed by how many more lines share it; at most `limit` distinct messages are shown, then a count.
///
/// ```
/// tickets.csv:2: field "document" is missing (…)
/// tickets.csv: … and 9 more lines share this problem (lines 3–11)
/// ```
struct ProblemList {
    /// Distinct messages shown.
    static let limit = 20
    /// Line numbers kept per message for the "(lines …)" list; the rest are only counted.
    static let keptLines = 64

    private struct Entry {
        var message: String
        var firstLine: Int
        var moreLines: [Int] = []
        var moreCount = 0
    }

    private var entries: [Entry] = []
    private var indexOfMessage: [String: Int] = [:]
    private(set) var total = 0
    /// Problems whose message is not among the first `limit`, counted only.
    private var hiddenTotal = 0
    let path: String

    init(path: String) { self.path = path }

    var isEmpty: Bool { total == 0 }

    /// Records `message` on `line` (1-based; 0 for a problem of the whole file, shown as `path: message`).
    mutating func add(line: Int, _ message: String) {
        total += 1
        if let index = indexOfMessage[message] {
            entries[index].moreCount += 1
            if entries[index].moreLines.count < Self.keptLines { entries[index].moreLines.append(line) }
            return
        }
        guard entries.count < Self.limit else {
            hiddenTotal += 1
            return
        }
        indexOfMessage[message] = entries.count
        entries.append(Entry(message: message, firstLine: line))
    }

    /// One data error (exit 65) listing each distinct problem once, one a line.
    func error() -> LLMBenchError {
        var lines: [String] = []
        for entry in entries {
            lines.append(entry.firstLine > 0 ? "\(path):\(entry.firstLine): \(entry.message)" : "\(path): \(entry.message)")
            if entry.moreCount > 0 {
                let noun = entry.moreCount == 1 ? "line shares" : "lines share"
                lines.append("\(path): … and \(entry.moreCount) more \(noun) this problem (\(Self.describe(entry.moreLines, total: entry.moreCount)))")
            }
        }
        if hiddenTotal > 0 {
            lines.append("\(path): … and \(hiddenTotal) more problems (the first \(entries.count) kinds are shown)")
        }
        return .data(lines.joined(separator: "\n"))
    }

    /// "line 7", "lines 3–11", "lines 2, 5–9, 12, …": ascending runs, at most five of them.
    static func describe(_ numbers: [Int], total: Int) -> String {
        var runs: [(Int, Int)] = []
        for n in numbers {
            if let last = runs.last, n == last.1 + 1 { runs[runs.count - 1].1 = n } else { runs.append((n, n)) }
        }
        let shown = runs.prefix(5).map { $0.0 == $0.1 ? "\($0.0)" : "\($0.0)–\($0.1)" }
        let truncated = runs.count > 5 || total > numbers.count
        let noun = total == 1 ? "line" : "lines"
        return "\(noun) " + shown.joined(separator: ", ") + (truncated ? ", …" : "")
    }
}
