import LLMBenchCore

extension Database {
    /// Writes `records` in one transaction with one prepared, reused INSERT. Either every row is
    /// written or none is. Each run must already exist (`insertRun`), and no (run, index, attempt) twice.
    public func insertRequests<C: Collection>(_ records: C) throws where C.Element == RequestRecord {
        guard !records.isEmpty else { return }
        try withConnection { conn in
            try conn.transaction {
                try conn.cached(RequestColumns.insertSQL) { insert in
                    for record in records {
                        insert.reset()
                        try RequestColumns.bind(record, to: insert)
                        try insert.run()
                    }
                }
            }
        }
    }

    /// Calls `body` with each attempt of run `runId`, one row at a time, ordered by request index then
    /// attempt; no array of the whole run is built. `body` may query this database. `fields: .figures`
    /// leaves out the columns no figure is computed from (`RequestFields`).
    public func forEachRequest(runId: String, fields: RequestFields = .all, _ body: (RequestRecord) throws -> Void) throws {
        try withConnection { conn in
            let query = try conn.prepare(
                "SELECT \(RequestColumns.selectList(schemaVersion: fileSchemaVersion, omitting: fields.omitted)) FROM requests "
                + "WHERE run_id = ? ORDER BY request_index, attempt")
            try query.bind(runId, 1)
            var names = RepeatedNames()
            while try query.step() { try body(try RequestColumns.decode(query, reusing: &names, fields: fields)) }
        }
    }

    /// Calls `body` with the successful attempts of run `runId` in batches of at most `batchSize`
    /// rows, ordered by request index then attempt. No statement is open while `body` runs, so it may
    /// write to this database (e.g. `updateTokenCounts`); each batch resumes after the last key read
    /// (keyset paging on the primary key), so memory is one batch whatever the run's size.
    public func forEachSuccessfulRequestBatch(runId: String, batchSize: Int = 4_096,
                                              _ body: ([RequestRecord]) throws -> Void) throws {
        let size = max(1, batchSize)
        var after: (index: Int, attempt: Int) = (Int.min, Int.min)
        while true {
            let batch: [RequestRecord] = try withConnection { conn in
                let query = try conn.prepare(
                    "SELECT \(RequestColumns.selectList(schemaVersion: fileSchemaVersion)) FROM requests "
                    + "WHERE run_id = ?1 AND status = 'ok' AND (request_index > ?2 OR (request_index = ?2 AND attempt > ?3)) "
                    + "ORDER BY request_index, attempt LIMIT ?4")
                try query.bind(runId, 1)
                try query.bind(after.index, 2)
                try query.bind(after.attempt, 3)
                try query.bind(size, 4)
                var rows: [RequestRecord] = []
                rows.reserveCapacity(size)
                while try query.step() { rows.append(try RequestColumns.decode(query)) }
                return rows
            }
            guard let last = batch.last else { return }
            after = (last.requestIndex, last.attempt)
            try body(batch)
            if batch.count < size { return }
        }
    }

    /// The number of rows (attempts) stored for run `runId`.
    public func requestCount(runId: String) throws -> Int {
        try withConnection { conn in
            try conn.cached("SELECT count(*) FROM requests WHERE run_id = ?") { s in
                try s.bind(runId, 1)
                return try s.step() ? s.int(0) : 0
            }
        }
    }
}

/// Which columns of a `requests` row a read fills.
public enum RequestFields: Sendable {
    /// Every column.
    case all
    /// Every column a figure is computed from: the answer text reads as empty, and the rate-limit
    /// headers, the raw usage JSON (an `invalid` row's `invalidUsageJSON` reads as empty), the provider
    /// request id and the system fingerprint as absent. What reports read: less to decode per row.
    case figures
    /// `figures` less what no figure of `RunAnalyzer` reads: the item id reads as empty, the finish
    /// reason, served model, response length and transfer phases as absent. What `report` and
    /// `compare` read (a run of 1,000,000 rows decodes ~10 % faster).
    case metrics

    var omitted: Set<String> {
        switch self {
        case .all: return []
        case .figures: return Self.figuresOmitted
        case .metrics:
            return Self.figuresOmitted.union(["item_id", "finish_reason", "served_model", "response_bytes", "namelookup_ns",
                                              "connect_ns", "tls_ns", "pretransfer_ns", "starttransfer_ns", "total_ns"])
        }
    }

    private static let figuresOmitted: Set<String> = ["response_text", "rate_limit_json", "raw_usage", "provider_request_id",
                                                      "system_fingerprint"]
}
