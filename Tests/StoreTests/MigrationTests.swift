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

    /// `report` opens read-only and must still read a version-1 file without migrating it.
    @Test func versionOneDatabaseReadsReadOnlyWithoutMigrating() throws {
        let dir = try TempDirectory()
        let path = dir.path("v1ro.sqlite")
        try versionOneFile(at: path)
        let db = try Database.open(path: path, readOnly: true)
        #expect(db.fileSchemaVersion == 1)
        var records: [RequestRecord] = []
        try db.forEachRequest(runId: "r1") { records.append($0) }
        #expect(records.count == 1 && records[0].usage?.reasoningSource == .server)
        #expect(try db.userVersion() == 1, "a reader never writes")
        try db.close()
    }

    /// A version-1 file merged into a current one keeps its rows.
    @Test func versionOneFileMergesIntoACurrentOne() throws {
        let dir = try TempDirectory()
        let old = dir.path("old.sqlite")
        try versionOneFile(at: old)
        let db = try Database.open(path: dir.path("new.sqlite"))
        let summary = try db.merge(from: old)
        #expect(summary.runs == 1 && summary.requests == 1)
        var n = 0
        try db.forEachRequest(runId: "r1") { r in n += 1; #expect(r.usage?.reasoningSource == .server) }
        #expect(n == 1)
        try db.close()
    }

    /// Usage a server sent that cannot be trusted: token columns NULL, `tokens_source` invalid, the
    /// raw object kept; and a cut answer keeps its full length.
    @Test func invalidUsageAndCutTextRoundTrip() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("u.sqlite"))
        try db.insertRun(Fixtures.run(id: "r"))
        try db.insertRequests([
            RequestRecord(runId: "r", requestIndex: 0, model: "m", dataset: "qa", itemId: "q", status: .ok,
                          intendedStartNs: 0, sentNs: 0, doneNs: 5, invalidUsageJSON: #"{"prompt_tokens":-3}"#,
                          responseText: "abc", responseBytes: 104_857_600),
        ])
        var got: [RequestRecord] = []
        try db.forEachRequest(runId: "r") { got.append($0) }
        #expect(got.first?.usage == nil)
        #expect(got.first?.invalidUsageJSON == #"{"prompt_tokens":-3}"#)
        #expect(got.first?.responseBytes == 104_857_600)
        let source = try db.withConnection { try $0.scalarText("SELECT tokens_source FROM requests") }
        #expect(source == "invalid")
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

/// Creation races and read-only use (issue 11, findings 7 and 8).
@Suite struct OpenConcurrencyTests {
    /// Two connections creating one new file at once: both succeed, the schema is created once.
    @Test func twoConnectionsCreatingOneFileBothSucceed() throws {
        for trial in 0..<6 {
            let dir = try TempDirectory()
            let path = dir.path("race-\(trial).sqlite")
            let results = LockedResults()
            let group = DispatchGroup()
            for _ in 0..<2 {
                group.enter()
                Thread.detachNewThread {
                    do {
                        let db = try Database.open(path: path)
                        try db.insertRun(Fixtures.run())
                        try db.close()
                        results.add(nil)
                    } catch { results.add("\(error)") }
                    group.leave()
                }
            }
            #expect(group.wait(timeout: .now() + 30) == .success)
            #expect(results.errors.isEmpty, "trial \(trial): \(results.errors)")
            let db = try Database.open(path: path, readOnly: true)
            #expect(try db.runs().count == 2)
            try db.close()
        }
    }

    @Test func closeLeavesARollbackJournalSoReadersNeedNoSharedMemoryFile() throws {
        let dir = try TempDirectory()
        let path = dir.path("j.sqlite")
        let db = try Database.open(path: path)
        try db.insertRun(Fixtures.run())
        try db.close()
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
        var raw: OpaquePointer?
        #expect(sqlite3_open_v2(path, &raw, SQLITE_OPEN_READONLY, nil) == SQLITE_OK)
        defer { sqlite3_close(raw) }
        var s: OpaquePointer?
        sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &s, nil)
        #expect(sqlite3_step(s) == SQLITE_ROW)
        #expect(String(cString: sqlite3_column_text(s, 0)) == "delete")
        sqlite3_finalize(s)
    }

    @Test func uriEscapingKeepsOddPathsIntact() {
        #expect(Database.uriEscaped("/tmp/a?b#c%d e") == "/tmp/a%3fb%23c%25d e")
    }
}

final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var all: [String?] = []
    func add(_ e: String?) { lock.withLock { all.append(e) } }
    var errors: [String] { lock.withLock { all.compactMap { $0 } } }
}

/// Issue 11, finding 6: a run whose process died is told from a live one by its heartbeat.
@Suite struct HeartbeatTests {
    private func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: d)
    }

    @Test func livenessIsDerivedFromStatusAndHeartbeat() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var r = Fixtures.run(startedAt: iso(now.addingTimeInterval(-3600)), status: .running)
        r.heartbeatAt = iso(now.addingTimeInterval(-4))
        #expect(r.liveness(now: now) == .running(lastSeen: r.heartbeatAt!))
        r.heartbeatAt = iso(now.addingTimeInterval(-31))
        #expect(r.liveness(now: now) == .crashed(lastSeen: r.heartbeatAt!))
        r.heartbeatAt = nil
        #expect(r.liveness(now: now) == .crashed(lastSeen: r.startedAt), "no heartbeat: judged from the start")
        r.status = .completed
        #expect(r.liveness(now: now) == .finished)
    }

    @Test func heartbeatIsStoredAndAStaleRunIsMarkedForGood() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("h.sqlite"))
        let now = Date()
        let live = Fixtures.run(id: "live", startedAt: iso(now), status: .running)
        let dead = Fixtures.run(id: "dead", startedAt: iso(now.addingTimeInterval(-600)), status: .running)
        try db.insertRun(live)
        try db.insertRun(dead)
        try db.heartbeat(runId: "live", at: iso(now))
        #expect(try db.run(id: "live")?.heartbeatAt == iso(now))
        #expect(try db.run(id: "dead")?.heartbeatAt == nil, "never beat: judged from its start")
        #expect(try db.markCrashedRuns(now: now) == ["dead"])
        #expect(try db.run(id: "dead")?.status == .failed)
        #expect(try db.runExtras(id: "dead")?.notes?.contains("crashed") == true)
        #expect(try db.run(id: "live")?.status == .running)
        try db.close()
    }
}

/// The schema's CHECK lists are the Core enums: a new status, token source or error kind without a
/// migration that adds it fails here (the database outlives versions).
@Suite struct SchemaChecksTests {
    private func listed(_ column: String) throws -> Set<String> {
        // The latest migration that rebuilt `requests` holds the CHECK lists in force, spelled
        // `(column = 'a' OR column = 'b' ...)` on the column's line.
        let sql = Schema.listChecksAsComparisons
        let line = try #require(sql.split(separator: "\n").first {
            $0.trimmingCharacters(in: .whitespaces).hasPrefix("\(column) ")
        })
        let prefix = "\(column) = '"
        var values: Set<String> = []
        var rest = line[...]
        while let open = rest.range(of: prefix) {
            let after = rest[open.upperBound...]
            let close = try #require(after.firstIndex(of: "'"))
            values.insert(String(after[..<close]))
            rest = after[close...]
        }
        #expect(!line.contains(" IN ("), "\(column): a value list is spelled as comparisons (an IN list costs a temporary b-tree per insert)")
        return values
    }

    @Test func checkListsEqualTheEnums() throws {
        #expect(try listed("error_kind") == Set(ErrorKind.allCases.map(\.rawValue)))
        #expect(try listed("status") == Set(["ok", "error", "cancelled", "not_sent"]))
        #expect(try listed("status") == Set([RequestStatus.ok, .error, .cancelled, .notSent].map(\.rawValue)))
        #expect(try listed("tokens_source") == Set(TokenSource.allCases.map(\.rawValue)))
        #expect(try listed("reasoning_tokens_source") == Set([TokenSource.server, .estimated].map(\.rawValue)))
    }

    @Test func anUnknownErrorKindIsRefused() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("k.sqlite"))
        try db.insertRun(Fixtures.run(id: "r"))
        try db.withConnection { conn in
            #expect(throws: DatabaseError.self) {
                try conn.execute("""
                    INSERT INTO requests (run_id, request_index, attempt, model, dataset, item_id, warmup, status,
                                          error_kind, intended_start_ns, response_text)
                    VALUES ('r', 0, 0, 'm', 'qa', 'q', 0, 'error', 'made_up', 0, '')
                    """)
            }
        }
        try db.close()
    }
}
