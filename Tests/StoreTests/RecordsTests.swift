import Foundation
import LLMBenchCore
import Testing
@testable import Store

@Suite struct RecordsTests {
    @Test func runRoundTripAndUpdate() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        var bare = Fixtures.run(startedAt: "2025-01-01T00:00:00Z")
        bare.gitCommit = nil
        bare.datasetHashes = [:]
        let full = Fixtures.run(startedAt: "2025-01-02T00:00:00Z", label: "nightly ünïcode")
        try db.insertRun(bare)
        try db.insertRun(full)
        #expect(try db.runs() == [full, bare])  // newest first
        #expect(try db.run(id: bare.id) == bare)
        #expect(try db.run(id: "nope") == nil)
        #expect(try db.runExtras(id: full.id) == RunExtras(capped: false, notes: nil, mergedFrom: nil, mergedAt: nil))

        try db.updateRun(id: full.id, status: .completed, finishedAt: "2025-01-02T00:10:00Z", durationNs: 600_000_000_000,
                         capped: true, notes: "cap hit")
        var expected = full
        expected.status = .completed
        expected.finishedAt = "2025-01-02T00:10:00Z"
        expected.durationNs = 600_000_000_000
        #expect(try db.run(id: full.id) == expected)
        #expect(try db.runExtras(id: full.id)?.capped == true)
        #expect(try db.runExtras(id: full.id)?.notes == "cap hit")
        // nil arguments leave columns as they are.
        try db.updateRun(id: full.id, status: .interrupted)
        expected.status = .interrupted
        #expect(try db.run(id: full.id) == expected)
        #expect(throws: StoreError.self) { try db.updateRun(id: "missing", status: .failed) }
        try db.close()
    }

    @Test func requestRoundTripWithEveryFieldAndNulls() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        let run = Fixtures.run()
        try db.insertRun(run)
        let records = [Fixtures.fullRecord(runId: run.id, index: 0), Fixtures.bareRecord(runId: run.id, index: 0, attempt: 1),
                       Fixtures.fullRecord(runId: run.id, index: 1, attempt: 0)]
        try db.insertRequests(records)
        var read: [RequestRecord] = []
        try db.forEachRequest(runId: run.id) { read.append($0) }
        #expect(read == records)
        #expect(try db.requestCount(runId: run.id) == 3)
        #expect(try db.requestCount(runId: "other") == 0)

        // NULL means "no value": the bare record stores NULLs, not zeros.
        let nulls = try db.withConnection { conn -> Int64 in
            try conn.scalarInt("""
                SELECT count(*) FROM requests WHERE attempt = 1 AND sent_ns IS NULL AND first_token_ns IS NULL \
                AND input_tokens IS NULL AND tokens_source IS NULL AND chunk_arrivals IS NULL AND rate_limit_json IS NULL \
                AND http_status IS NULL AND error_kind IS NULL AND total_ns IS NULL AND response_text = ''
                """)
        }
        #expect(nulls == 1)
        // The documented BLOB layout: absolute little-endian Int64s.
        let blobLength = try db.withConnection { try $0.scalarInt("SELECT length(chunk_arrivals) FROM requests WHERE attempt = 0 LIMIT 1") }
        #expect(blobLength == 5 * 8)
        let firstArrival = try db.withConnection { try $0.scalarText("SELECT hex(substr(chunk_arrivals, 1, 8)) FROM requests WHERE request_index = 0 AND attempt = 0") }
        #expect(firstArrival == "C409000000000000")  // 2500
        let headers = try db.withConnection { try $0.scalarText("SELECT json_extract(rate_limit_json, '$.retry-after') FROM requests LIMIT 1") }
        #expect(headers == "1")
        try db.close()
    }

    @Test func requestsNeedTheirRun() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        #expect(throws: DatabaseError.self) { try db.insertRequests([Fixtures.bareRecord(runId: "no-run", index: 0)]) }
        try db.close()
    }

    @Test func forEachBodyMayQueryTheSameDatabase() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        let run = Fixtures.run()
        try db.insertRun(run)
        try db.insertRequests((0..<5).map { Fixtures.bareRecord(runId: run.id, index: $0) })
        var seen = 0
        try db.forEachRequest(runId: run.id) { _ in
            seen += 1
            let count = try db.requestCount(runId: run.id)
            #expect(count == 5)
        }
        #expect(seen == 5)
        try db.close()
    }

    @Test func scoresAndPrices() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        let run = Fixtures.run()
        try db.insertRun(run)
        try db.insertRequests([Fixtures.bareRecord(runId: run.id, index: 0), Fixtures.bareRecord(runId: run.id, index: 1)])
        try db.insertScores([
            Score(runId: run.id, requestIndex: 1, attempt: 0, metric: "rougeL_f", value: 0.25),
            Score(runId: run.id, requestIndex: 0, attempt: 0, metric: "squad_f1", value: 100),
            Score(runId: run.id, requestIndex: 0, attempt: 0, metric: "squad_em", value: 0),
        ])
        // A rescore replaces.
        try db.insertScores([Score(runId: run.id, requestIndex: 1, attempt: 0, metric: "rougeL_f", value: 0.5)])
        var scores: [Score] = []
        try db.forEachScore(runId: run.id) { scores.append($0) }
        #expect(scores.map(\.metric) == ["squad_em", "squad_f1", "rougeL_f"])
        #expect(scores.map(\.value) == [0, 100, 0.5])
        // A score for an attempt that does not exist is refused, and so is NaN.
        #expect(throws: DatabaseError.self) {
            try db.insertScores([Score(runId: run.id, requestIndex: 9, attempt: 0, metric: "bleu", value: 1)])
        }
        #expect(throws: StoreError.self) {
            try db.insertScores([Score(runId: run.id, requestIndex: 0, attempt: 0, metric: "bleu", value: .nan)])
        }
        #expect(try db.deleteScores(runId: run.id) == 3)

        let price = RunPrice(runId: run.id, model: "gpt-4o-mini", entryJSON: #"{"input":150000}"#,
                             catalogSHA256: String(repeating: "c", count: 64), catalogDate: "2025-01-01")
        try db.insertRunPrice(price)
        try db.insertRunPrice(RunPrice(runId: run.id, model: "a-model", entryJSON: "{}"))
        #expect(try db.runPrices(runId: run.id) == [RunPrice(runId: run.id, model: "a-model", entryJSON: "{}"), price])
        #expect(throws: DatabaseError.self) { try db.insertRunPrice(price) }
        try db.close()
    }
}
