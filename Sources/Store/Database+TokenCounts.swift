import LLMBenchCore

/// One successful attempt's counts taken after the run: the common-unit (o200k_base) counts of its prompt
/// and answer, and, for an attempt whose counts llmbench made itself (`estimated`, `o200k`), its output
/// recounted with a tokenizer.
public struct TokenRecount: Sendable, Equatable {
    public var runId: String
    public var requestIndex: Int
    public var attempt: Int
    /// Replaces `output_tokens` when the row's `tokens_source` is `estimated` or `o200k`; nil leaves it.
    public var outputTokens: Int?
    public var inputO200kTokens: Int?
    public var outputO200kTokens: Int?

    public init(runId: String, requestIndex: Int, attempt: Int, outputTokens: Int? = nil,
                inputO200kTokens: Int? = nil, outputO200kTokens: Int? = nil) {
        self.runId = runId; self.requestIndex = requestIndex; self.attempt = attempt; self.outputTokens = outputTokens
        self.inputO200kTokens = inputO200kTokens; self.outputO200kTokens = outputO200kTokens
    }
}

extension Database {
    /// Stores `input_o200k_tokens` / `output_o200k_tokens` (where given) and the recounted `output_tokens` of
    /// locally counted rows, in one transaction; returns how many rows changed. A file older than schema
    /// version 5 has no o200k columns: the call is refused (such files are only read).
    @discardableResult
    public func updateTokenCounts(_ recounts: [TokenRecount]) throws -> Int {
        guard !recounts.isEmpty else { return 0 }
        for r in recounts {
            for (name, v) in [("output", r.outputTokens), ("input o200k", r.inputO200kTokens), ("output o200k", r.outputO200kTokens)] {
                if let v, v < 0 {
                    throw StoreError.invalidArgument("\(name) count \(v) of run \(r.runId) request \(r.requestIndex) is negative")
                }
            }
        }
        var changed = 0
        try withConnection { conn in
            try conn.transaction {
                try conn.cached("""
                    UPDATE requests SET \
                    output_tokens = CASE WHEN ?1 IS NOT NULL AND tokens_source IN ('estimated', 'o200k') THEN ?1 ELSE output_tokens END, \
                    input_o200k_tokens = coalesce(?2, input_o200k_tokens), \
                    output_o200k_tokens = coalesce(?3, output_o200k_tokens) \
                    WHERE run_id = ?4 AND request_index = ?5 AND attempt = ?6
                    """) { s in
                    for r in recounts {
                        s.reset()
                        try s.bind(r.outputTokens, 1)
                        try s.bind(r.inputO200kTokens, 2)
                        try s.bind(r.outputO200kTokens, 3)
                        try s.bind(r.runId, 4)
                        try s.bind(r.requestIndex, 5)
                        try s.bind(r.attempt, 6)
                        try s.run()
                        changed += conn.changes
                    }
                }
            }
        }
        return changed
    }
}
