import LLMBenchCore

/// The most frequent error messages of one error kind in one group, with counts: what every report
/// shows so "my run failed" leads to the cause without opening SQLite.
public struct FailureMessages: Sendable, Equatable {
    public struct Message: Sendable, Equatable {
        /// The stored `error_message` (already redacted by the client).
        public var text: String
        /// Failed attempts that carried exactly this message.
        public var count: Int
        public init(text: String, count: Int) { self.text = text; self.count = count }
    }
    public var kind: ErrorKind
    /// Failed attempts of this kind (status `error`, warmup excluded), every message counted.
    public var count: Int
    /// The HTTP status of the most frequent message's first attempt, when there was a response.
    public var httpStatus: Int?
    /// The most frequent messages, most frequent first (ties: first seen), at most `FailureMessageCounter.topLimit`.
    public var top: [Message]
    /// What to check first (`FailureHint`), from the run's stored settings of the model.
    public var hint: String?

    public init(kind: ErrorKind, count: Int, httpStatus: Int?, top: [Message], hint: String?) {
        self.kind = kind; self.count = count; self.httpStatus = httpStatus; self.top = top; self.hint = hint
    }
}

/// Counts error messages by kind for one group; memory bounded by `distinctLimit` messages per kind.
///
/// Counts attempts with status `error` only: cancelled attempts (Ctrl-C, a cap) and `not_sent` rows
/// are not failures of the model. A message seen after `distinctLimit` others of its kind is counted
/// in the kind's total but not listed.
struct FailureMessageCounter: Sendable {
    static let topLimit = 3
    static let distinctLimit = 64

    private struct Entry: Sendable {
        var count = 0
        var firstSeen: Int
        var httpStatus: Int?
    }
    private struct Kind: Sendable {
        var total = 0
        var messages: [String: Entry] = [:]
    }
    private var kinds: [ErrorKind: Kind] = [:]
    private var seen = 0

    mutating func add(_ r: RequestRecord) {
        guard r.status == .error, !r.warmup, let kind = r.errorKind else { return }
        var k = kinds[kind] ?? Kind()
        k.total += 1
        let text = r.errorMessage ?? "(no message)"
        if k.messages[text] != nil {
            k.messages[text]!.count += 1
        } else if k.messages.count < Self.distinctLimit {
            seen += 1
            k.messages[text] = Entry(count: 1, firstSeen: seen, httpStatus: r.httpStatus)
        }
        kinds[kind] = k
    }

    /// One entry per kind that occurred, most frequent kind first (ties: `ErrorKind` order).
    func finish(hint: (ErrorKind, Int?, String?) -> String?) -> [FailureMessages] {
        let order = Dictionary(uniqueKeysWithValues: ErrorKind.allCases.enumerated().map { ($1, $0) })
        return kinds.sorted { a, b in a.value.total != b.value.total ? a.value.total > b.value.total : order[a.key]! < order[b.key]! }
            .map { kind, k in
                let top = k.messages.sorted { a, b in
                    a.value.count != b.value.count ? a.value.count > b.value.count : a.value.firstSeen < b.value.firstSeen
                }.prefix(Self.topLimit)
                let status = top.first?.value.httpStatus
                return FailureMessages(kind: kind, count: k.total, httpStatus: status,
                                       top: top.map { FailureMessages.Message(text: $0.key, count: $0.value.count) },
                                       hint: hint(kind, status, top.first?.key))
            }
    }
}

extension FailureMessages {
    /// `HTTP 404`, unless the top message already starts with it (the client writes `HTTP 404: …`).
    public var statusText: String? {
        guard let s = httpStatus else { return nil }
        let t = "HTTP \(s)"
        return top.first?.text.hasPrefix(t) == true ? nil : t
    }

    /// One line for a terminal or a CSV cell: `http_4xx ×15 (HTTP 404): "…" ×15; "…" ×2`.
    public var line: String {
        let status = statusText.map { " (\($0))" } ?? ""
        return "\(kind.rawValue) ×\(count)\(status): " + top.map { "\"\($0.text)\" ×\($0.count)" }.joined(separator: "; ")
    }
}
