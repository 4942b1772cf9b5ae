import CSQLite
import Foundation
import LLMBenchCore
import Testing
@testable import Store

/// A database written by a version-1 build still opens, keeps every row, and takes `not_sent` rows.
@Suite struct MigrationTests {
    /// Builds a version-1 file by hand: the shipped `Schema.version1`, one run, one request, one score.
    private func versionOneFile(at path: String) throws {
        var raw: OpaquePointer?
        #expect(sqlite3_open(path, &raw) == SQLITE_OK)
        defer { sqlite3_close(raw) }
        let sql = Schema.version1 + """
        ;
        INSERT INTO runs (id, started_at, llmbench_version, host, os, cpu_count, curl_version, sqlite_version,
                          simulated, settings_json, status)
        VALUES ('r1', '2025-01-01T00:00:00Z', '0.1.0', 'h', 'Linux', 2, '7.88', '3.40', 1, '{}', 'completed');
        INSERT INTO requests (run_id, request_index, attempt, model, dataset, item_id, warmup, status,
                              intended_start_ns, sent_ns, done_ns, input_tokens, output_tokens, reasoning_tokens,
                              tokens_source, response_text)
        VALUES ('r1', 0, 0, 'm', 'qa', 'q0', 0, 'ok', 5, 6, 100, 10, 20, 3, 'server', 'hi');
        INSERT INTO scores (run_id, request_index, attempt, metric, value) VALUES ('r1', 0, 0, 'exact_match', 100);
        PRAGMA application_id = \(Schema.applicationId);
        PRAGMA user_version = 1;
        """
        #expect(sqlite3_exec(raw, sql, nil, nil, nil) == SQLITE_OK)
    }

    @Test func versionOneDatabaseMigratesAndKeepsEveryRow() throws {
        let dir = try TempDirectory()
        let path = dir.path("v1.sqlite")
        try versionOneFile(at: path)
        let db = try Database.open(path: path)
        #expect(try db.userVersion() == Database.schemaVersion)
        var records: [RequestRecord] = []
        try db.forEachRequest(runId: "r1") { records.append($0) }
        #expect(records.count == 1)
        #expect(records.first?.intendedStartNs == 5)
        #expect(records.first?.usage?.reasoningTokens == 3)
        #expect(records.first?.usage?.reasoningSource == .server)
        var scores = 0
        try db.forEachScore(runId: "r1") { _ in scores += 1 }
        #expect(scores == 1, "the table rebuild must not cascade into scores")
        #expect(try db.integrityCheck() == "ok")
        // The new status, a NULL intended start, and an estimated reasoning count are accepted.
        try db.insertRequests([
            RequestRecord(runId: "r1", requestIndex: 1, model: "m", dataset: "qa", itemId: "q1",
                          status: .notSent, intendedStartNs: nil),
            RequestRecord(runId: "r1", requestIndex: 2, model: "m", dataset: "qa", itemId: "q2", status: .ok,
                          intendedStartNs: 7, sentNs: 7, doneNs: 9,
                          usage: Usage(inputTokens: 1, outputTokens: 9, reasoningTokens: 4, source: .server,
                                       reasoningSource: .estimated)),
        ])
        records = []
        try db.forEachRequest(runId: "r1") { records.append($0) }
        #expect(records.map(\.status) == [.ok, .notSent, .ok])
        #expect(records[1].intendedStartNs == nil)
        #expect(records[2].usage?.reasoningSource == .estimated)
        try db.close()
    }

    @Test func onlyNotSentRowsMayLackAnIntendedStart() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        try db.insertRun(Fixtures.run(id: "r"))
        #expect(throws: (any Error).self) {
            try db.insertRequests([RequestRecord(runId: "r", requestIndex: 0, model: "m", dataset: "qa", itemId: "q",
                                                 status: .ok, intendedStartNs: nil)])
        }
        try db.close()
    }
}
