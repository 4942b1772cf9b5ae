import Foundation
import LLMBenchCore
import Testing
@testable import Store

/// Version 9 re-spells the `requests` value-list CHECKs as comparisons: a version-8 file migrates with
/// every row and score intact, and the checks still refuse what they refused.
@Suite struct ListChecksMigrationTests {
    /// The rows written before the file is turned back into a version-8 one.
    private func rows(_ runId: String) -> [RequestRecord] {
        var records = (0..<40).map { Fixtures.fullRecord(runId: runId, index: $0) }
        records.append(Fixtures.bareRecord(runId: runId, index: 40))
        var ok = Fixtures.fullRecord(runId: runId, index: 41)
        ok.status = .ok; ok.errorKind = nil; ok.errorMessage = nil
        ok.conversationTurn = ConversationTurn(conversation: 3, turn: 2)
        ok.inputO200kTokens = 99; ok.outputO200kTokens = 7
        records.append(ok)
        records.append(RequestRecord(runId: runId, requestIndex: 42, model: "m", dataset: "qa", itemId: "q",
                                     status: .notSent, intendedStartNs: nil))
        records.append(RequestRecord(runId: runId, requestIndex: 43, model: "m", dataset: "qa", itemId: "q", status: .ok,
                                     intendedStartNs: 1, invalidUsageJSON: #"{"prompt_tokens":-1}"#))
        return records
    }

    @Test func versionEightFileMigratesWithEveryRowAndScore() throws {
        let dir = try TempDirectory()
        let path = dir.path("v8.sqlite")
        let db = try Database.open(path: path)
        try db.insertRun(Fixtures.run(id: "r8"))
        let written = rows("r8")
        try db.insertRequests(written)
        let scores = [Score(runId: "r8", requestIndex: 41, attempt: 0, metric: "f1", value: 87.5),
                      Score(runId: "r8", requestIndex: 41, attempt: 0, metric: "exact_match", value: 100)]
        try db.insertScores(scores)
        // Back to version 8: version 7's rebuild (the table version 8 shipped) with its IN lists. That
        // rebuild copies the rows of a version-6 table, which had no o200k counts: they are put back.
        try db.withConnection { conn in
            try conn.execute("PRAGMA foreign_keys = OFF")
            try conn.transaction {
                try conn.execute(Schema.commonUnitCounts + "; PRAGMA user_version = \(Schema.listChecksAsComparisonsVersion - 1);"
                                 + "UPDATE requests SET input_o200k_tokens = 99, output_o200k_tokens = 7 WHERE request_index = 41")
            }
            try conn.execute("PRAGMA foreign_keys = ON")
            #expect(try conn.scalarText("SELECT sql FROM sqlite_master WHERE name = 'requests'")?.contains("error_kind IN (") == true)
        }
        try db.close()

        let migrated = try Database.open(path: path)
        #expect(try migrated.userVersion() == Schema.listChecksAsComparisonsVersion)
        try migrated.withConnection { conn in
            let sql = try #require(try conn.scalarText("SELECT sql FROM sqlite_master WHERE name = 'requests'"))
            #expect(!sql.contains(" IN ("))
            #expect(sql.contains("error_kind = 'http_429' OR"))
            #expect(try conn.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'requests_by_conversation'") == 1)
        }
        var read: [RequestRecord] = []
        try migrated.forEachRequest(runId: "r8") { read.append($0) }
        #expect(read == written)
        var readScores: [Score] = []
        try migrated.forEachScore(runId: "r8") { readScores.append($0) }
        #expect(Set(readScores.map(\.metric)) == ["f1", "exact_match"], "the rebuild must not cascade into scores")
        #expect(try migrated.integrityCheck() == "ok")
        try migrated.close()
    }

    @Test func theComparisonsRefuseWhatTheListsRefused() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("c.sqlite"))
        try db.insertRun(Fixtures.run(id: "r"))
        let columns = "run_id, request_index, attempt, model, dataset, item_id, warmup, status, error_kind, tokens_source, "
            + "reasoning_tokens_source, intended_start_ns, response_text"
        func insert(_ index: Int, _ values: String) throws {
            try db.withConnection { conn in
                try conn.execute("INSERT INTO requests (\(columns)) VALUES ('r', \(index), 0, 'm', 'qa', 'q', \(values), 0, '')")
            }
        }
        try insert(0, "0, 'error', 'http_429', 'server', 'estimated'")
        try insert(1, "1, 'ok', NULL, NULL, NULL")
        for (i, bad) in ["2, 'ok', NULL, NULL, NULL", "0, 'done', NULL, NULL, NULL", "0, 'error', 'http_430', NULL, NULL",
                         "0, 'ok', NULL, 'guessed', NULL", "0, 'ok', NULL, 'server', 'router'", "0, 'OK', NULL, NULL, NULL"].enumerated() {
            #expect(throws: DatabaseError.self, "\(bad)") { try insert(10 + i, bad) }
        }
        #expect(try db.requestCount(runId: "r") == 2)
        try db.close()
    }
}
