import LLMBenchCore

/// One response a run's scoring reads: an ok, non-warmup attempt's text and the dataset item it answered.
public struct ScoringInput: Sendable, Equatable {
    public var requestIndex: Int
    public var attempt: Int
    public var dataset: String
    public var itemId: String
    public var responseText: String

    public init(requestIndex: Int, attempt: Int, dataset: String, itemId: String, responseText: String) {
        self.requestIndex = requestIndex; self.attempt = attempt; self.dataset = dataset
        self.itemId = itemId; self.responseText = responseText
    }
}

extension Database {
    /// Up to `limit` ok, non-warmup attempts of run `runId` that come after (`after.requestIndex`,
    /// `after.attempt`) (from the first when nil), ordered by request index and attempt.
    ///
    /// A page at a time (keyset pagination on the primary key), so a caller can score and store one page
    /// before reading the next: memory is bounded by the page, not by the run.
    public func scoringInputs(runId: String, after: (requestIndex: Int, attempt: Int)?, limit: Int) throws -> [ScoringInput] {
        try withConnection { conn in
            try conn.cached("""
                SELECT request_index, attempt, dataset, item_id, response_text FROM requests \
                WHERE run_id = ? AND status = 'ok' AND warmup = 0 AND (request_index, attempt) > (?, ?) \
                ORDER BY request_index, attempt LIMIT ?
                """) { s in
                try s.bind(runId, 1)
                try s.bind(after?.requestIndex ?? Int.min, 2)
                try s.bind(after?.attempt ?? Int.min, 3)
                try s.bind(max(1, limit), 4)
                var out: [ScoringInput] = []
                while try s.step() {
                    out.append(ScoringInput(requestIndex: s.int(0), attempt: s.int(1), dataset: s.text(2),
                                            itemId: s.text(3), responseText: s.text(4)))
                }
                return out
            }
        }
    }
}
