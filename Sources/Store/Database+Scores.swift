import LLMBenchCore

/// One quality score of one attempt (a row of `scores`), e.g. metric `rougeL` with value 0.42.
public struct Score: Sendable, Equatable {
    public var runId: String
    public var requestIndex: Int
    public var attempt: Int
    /// The metric's name from the one metric list (e.g. `rougeL`, `bleu`, `chrf`, `exact_match`, `f1`).
    public var metric: String
    /// The metric's value on the scale its reference uses (BLEU, chrF, EM, F1 0-100; ROUGE 0-1).
    public var value: Double

    public init(runId: String, requestIndex: Int, attempt: Int, metric: String, value: Double) {
        self.runId = runId; self.requestIndex = requestIndex; self.attempt = attempt
        self.metric = metric; self.value = value
    }
}

/// The price entry a run was priced with (a row of `run_prices`), kept so the run prices the same
/// after the catalog changes.
public struct RunPrice: Sendable, Equatable {
    public var runId: String
    /// The model's name in the run (as in `requests.model`).
    public var model: String
    /// The catalog entry itself, as JSON.
    public var entryJSON: String
    /// SHA-256 hex of the catalog file the entry came from, if any.
    public var catalogSHA256: String?
    /// The catalog's date (ISO 8601), if any.
    public var catalogDate: String?

    public init(runId: String, model: String, entryJSON: String, catalogSHA256: String? = nil, catalogDate: String? = nil) {
        self.runId = runId; self.model = model; self.entryJSON = entryJSON
        self.catalogSHA256 = catalogSHA256; self.catalogDate = catalogDate
    }
}

extension Database {
    /// Stores scores in one transaction; a score already stored for the same attempt and metric is
    /// replaced (so `rescore` overwrites). Each attempt must exist in `requests`; a NaN value is refused.
    public func insertScores(_ scores: [Score]) throws {
        guard !scores.isEmpty else { return }
        if let bad = scores.first(where: { $0.value.isNaN }) {
            throw StoreError.invalidArgument("score \(bad.metric) of run \(bad.runId) request \(bad.requestIndex) attempt \(bad.attempt) is NaN")
        }
        try withConnection { conn in
            try conn.transaction {
                try conn.cached("INSERT OR REPLACE INTO scores (run_id, request_index, attempt, metric, value) VALUES (?,?,?,?,?)") { s in
                    for score in scores {
                        s.reset()
                        try s.bind(score.runId, 1)
                        try s.bind(score.requestIndex, 2)
                        try s.bind(score.attempt, 3)
                        try s.bind(score.metric, 4)
                        try s.bind(score.value, 5)
                        try s.run()
                    }
                }
            }
        }
    }

    /// Calls `body` with each score of run `runId`, ordered by request index, attempt, metric.
    public func forEachScore(runId: String, _ body: (Score) throws -> Void) throws {
        try withConnection { conn in
            let query = try conn.prepare("""
                SELECT request_index, attempt, metric, value FROM scores WHERE run_id = ? \
                ORDER BY request_index, attempt, metric
                """)
            try query.bind(runId, 1)
            while try query.step() {
                try body(Score(runId: runId, requestIndex: query.int(0), attempt: query.int(1),
                               metric: query.text(2), value: query.double(3)))
            }
        }
    }

    /// Calls `body` with each score of a successful, non-warmup attempt of run `runId` and that attempt's
    /// model and dataset, ordered by request index, attempt, metric (what a report folds in).
    public func forEachScoreOfSuccessfulAttempt(runId: String, _ body: (Score, _ model: String, _ dataset: String) throws -> Void) throws {
        try withConnection { conn in
            let query = try conn.prepare("""
                SELECT s.request_index, s.attempt, s.metric, s.value, r.model, r.dataset FROM scores s \
                JOIN requests r ON r.run_id = s.run_id AND r.request_index = s.request_index AND r.attempt = s.attempt \
                WHERE s.run_id = ?1 AND r.status = 'ok' AND r.warmup = 0 \
                ORDER BY s.request_index, s.attempt, s.metric
                """)
            try query.bind(runId, 1)
            while try query.step() {
                try body(Score(runId: runId, requestIndex: query.int(0), attempt: query.int(1),
                               metric: query.text(2), value: query.double(3)), query.text(4), query.text(5))
            }
        }
    }

    /// Removes every score of run `runId` (before a rescore), returning how many were removed.
    @discardableResult
    public func deleteScores(runId: String) throws -> Int {
        try withConnection { conn in
            try conn.cached("DELETE FROM scores WHERE run_id = ?") { s in
                try s.bind(runId, 1)
                try s.run()
                return conn.changes
            }
        }
    }

    /// Stores the price entry run `price.runId` used for `price.model` (once per run and model).
    public func insertRunPrice(_ price: RunPrice) throws {
        try withConnection { conn in
            try conn.cached("""
                INSERT INTO run_prices (run_id, model, entry_json, catalog_sha256, catalog_date) VALUES (?,?,?,?,?)
                """) { s in
                try s.bind(price.runId, 1)
                try s.bind(price.model, 2)
                try s.bind(price.entryJSON, 3)
                try s.bind(price.catalogSHA256, 4)
                try s.bind(price.catalogDate, 5)
                try s.run()
            }
        }
    }

    /// The price entries stored for run `runId`, by model.
    public func runPrices(runId: String) throws -> [RunPrice] {
        try withConnection { conn in
            let query = try conn.prepare(
                "SELECT model, entry_json, catalog_sha256, catalog_date FROM run_prices WHERE run_id = ? ORDER BY model")
            try query.bind(runId, 1)
            var result: [RunPrice] = []
            while try query.step() {
                result.append(RunPrice(runId: runId, model: query.text(0), entryJSON: query.text(1),
                                       catalogSHA256: query.optionalText(2), catalogDate: query.optionalText(3)))
            }
            return result
        }
    }
}
