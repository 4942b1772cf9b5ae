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
    /// attempt; no array of the whole run is built. `body` may query this database.
    public func forEachRequest(runId: String, _ body: (RequestRecord) throws -> Void) throws {
        try withConnection { conn in
            let query = try conn.prepare(
                "SELECT \(RequestColumns.selectList(schemaVersion: fileSchemaVersion)) FROM requests "
                + "WHERE run_id = ? ORDER BY request_index, attempt")
            try query.bind(runId, 1)
            while try query.step() { try body(try RequestColumns.decode(query)) }
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
