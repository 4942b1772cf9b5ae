import LLMBenchCore

/// One attempt's output count, recounted after the run with a tokenizer (`tokens_source = estimated` only).
public struct OutputRecount: Sendable, Equatable {
    public var runId: String
    public var requestIndex: Int
    public var attempt: Int
    public var outputTokens: Int

    public init(runId: String, requestIndex: Int, attempt: Int, outputTokens: Int) {
        self.runId = runId; self.requestIndex = requestIndex; self.attempt = attempt; self.outputTokens = outputTokens
    }
}

extension Database {
    /// Replaces `output_tokens` of attempts whose counts are `estimated` (server counts are never touched),
    /// in one transaction; returns how many rows changed.
    @discardableResult
    public func updateEstimatedOutputTokens(_ recounts: [OutputRecount]) throws -> Int {
        guard !recounts.isEmpty else { return 0 }
        if let bad = recounts.first(where: { $0.outputTokens < 0 }) {
            throw StoreError.invalidArgument("output count \(bad.outputTokens) of run \(bad.runId) request \(bad.requestIndex) is negative")
        }
        var changed = 0
        try withConnection { conn in
            try conn.transaction {
                try conn.cached("""
                    UPDATE requests SET output_tokens = ? \
                    WHERE run_id = ? AND request_index = ? AND attempt = ? AND tokens_source = 'estimated'
                    """) { s in
                    for r in recounts {
                        s.reset()
                        try s.bind(r.outputTokens, 1)
                        try s.bind(r.runId, 2)
                        try s.bind(r.requestIndex, 3)
                        try s.bind(r.attempt, 4)
                        try s.run()
                        changed += conn.changes
                    }
                }
            }
        }
        return changed
    }
}
