import LLMBenchCore

/// A loaded, fully validated dataset file.
public struct Dataset: Sendable, Equatable {
    /// The name reports show: the file name without `.jsonl` (`summarization`, `qa`, a user's file stem).
    public var name: String
    /// The one task every item of the file has.
    public var task: TaskKind
    /// The items in file order.
    public var items: [DatasetItem]
    /// SHA-256 of the file's bytes, 64 lowercase hex characters (stored with every run).
    public var sha256: String
    /// The path the file was read from.
    public var path: String

    public init(name: String, task: TaskKind, items: [DatasetItem], sha256: String, path: String) {
        self.name = name; self.task = task; self.items = items; self.sha256 = sha256; self.path = path
    }

    /// The names of the datasets shipped in `datasets/`, in the order a default run uses them.
    public static let shippedNames = ["summarization", "qa", "translation"]
}

/// Collects the problems found in one file, keeping the first `limit` messages and counting the rest.
struct ProblemList {
    static let limit = 20
    private(set) var messages: [String] = []
    private(set) var total = 0
    let path: String

    init(path: String) { self.path = path }

    var isEmpty: Bool { total == 0 }

    /// Records `path:line: message`.
    mutating func add(line: Int, _ message: String) {
        total += 1
        if messages.count < ProblemList.limit { messages.append("\(path):\(line): \(message)") }
    }

    /// One data error (exit 65) whose message lists every recorded problem, one a line.
    func error() -> LLMBenchError {
        var lines = messages
        if total > messages.count {
            lines.append("\(path): … and \(total - messages.count) more problems (the first \(messages.count) are shown)")
        }
        return .data(lines.joined(separator: "\n"))
    }
}
