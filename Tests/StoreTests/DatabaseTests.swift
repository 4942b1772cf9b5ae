import CSQLite
import Foundation
import LLMBenchCore
import Testing
@testable import Store

@Suite struct DatabaseTests {
    @Test func migratesFromEmptyToLatest() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        #expect(try db.userVersion() == Database.schemaVersion)
        #expect(Database.schemaVersion >= 1)
        let tables = try db.withConnection { conn -> [String] in
            let s = try conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            var names: [String] = []
            while try s.step() { names.append(s.text(0)) }
            return names
        }
        #expect(tables == ["baseline_marks", "baselines", "requests", "run_datasets", "run_prices", "run_shards", "runs", "scores"])
        #expect(try db.withConnection { try $0.scalarText("PRAGMA journal_mode") } == "wal")
        #expect(try db.withConnection { try $0.scalarInt("PRAGMA foreign_keys") } == 1)
        try db.close()
    }

    @Test func reopeningIsIdempotent() throws {
        let dir = try TempDirectory()
        let path = dir.path("a.sqlite")
        let run = Fixtures.run()
        do {
            let db = try Database.open(path: path)
            try db.insertRun(run)
            try db.close()
        }
        for _ in 0..<2 {
            let db = try Database.open(path: path)
            #expect(try db.userVersion() == Database.schemaVersion)
            #expect(try db.runs() == [run])
            try db.close()
        }
        let readOnly = try Database.open(path: path, readOnly: true)
        #expect(try readOnly.runs() == [run])
        try readOnly.close()
    }

    @Test func closeLeavesOneCompleteFile() throws {
        let dir = try TempDirectory()
        let path = dir.path("a.sqlite")
        let db = try Database.open(path: path)
        let run = Fixtures.run()
        try db.insertRun(run)
        try db.insertRequests((0..<10).map { Fixtures.fullRecord(runId: run.id, index: $0) })
        try db.close()
        try db.close()  // twice is fine
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        // A copy of the lone file holds everything.
        let copy = dir.path("copy.sqlite")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let reopened = try Database.open(path: copy, readOnly: true)
        #expect(try reopened.integrityCheck() == "ok")
        #expect(try reopened.requestCount(runId: run.id) == 10)
        try reopened.close()
        #expect(throws: StoreError.self) { try db.runs() }
    }

    @Test func readOnlyNeverCreatesAFile() throws {
        let dir = try TempDirectory()
        let path = dir.path("missing.sqlite")
        #expect(throws: StoreError.notFound(path: path)) { try Database.open(path: path, readOnly: true) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func nonDatabaseFileFailsCleanly() throws {
        let dir = try TempDirectory()
        let path = dir.path("notes.sqlite")
        try Data(String(repeating: "this is not a database\n", count: 200).utf8).write(to: URL(fileURLWithPath: path))
        for readOnly in [false, true] {
            do {
                _ = try Database.open(path: path, readOnly: readOnly)
                Issue.record("opening a text file succeeded")
            } catch let error as DatabaseError {
                #expect(error.code == SQLITE_NOTADB)
                #expect(error.isNotADatabase)
                #expect(error.description.contains("file is not a database"))
                #expect(error.description.contains(path))
            }
        }
    }

    @Test func directoryAndUnwritableLocationFail() throws {
        let dir = try TempDirectory()
        #expect {
            try Database.open(path: dir.url.path)
        } throws: { error in
            guard let error = error as? DatabaseError else { return false }
            return error.code == SQLITE_CANTOPEN && error.isIOError && error.description.contains(dir.url.path)
        }
        let nowhere = dir.path("no/such/dir/x.sqlite")
        #expect {
            try Database.open(path: nowhere)
        } throws: { error in
            guard let error = error as? DatabaseError else { return false }
            return error.isIOError && error.description.contains(nowhere)
        }
    }

    @Test func foreignSQLiteDatabaseIsRefused() throws {
        let dir = try TempDirectory()
        let path = dir.path("other.sqlite")
        var raw: OpaquePointer?
        #expect(sqlite3_open(path, &raw) == SQLITE_OK)
        #expect(sqlite3_exec(raw, "PRAGMA application_id = 42; CREATE TABLE t (x)", nil, nil, nil) == SQLITE_OK)
        sqlite3_close(raw)
        #expect(throws: StoreError.notLLMBenchDatabase(path: path, applicationId: 42)) { try Database.open(path: path) }
    }

    @Test func errorDescriptionHasCodeAndSQLButNoBoundValues() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        let canary = "CANARY-sk-0123456789"
        var run = Fixtures.run()
        run.settingsJSON = canary
        try db.insertRun(run)
        do {
            try db.insertRun(run)
            Issue.record("duplicate run id was accepted")
        } catch let error as DatabaseError {
            #expect(error.code == SQLITE_CONSTRAINT)
            #expect(error.extendedCode == 1555 || error.extendedCode == 2067)  // PRIMARYKEY or UNIQUE
            #expect(error.description.hasPrefix("SQLite error 19: UNIQUE constraint failed: runs.id (database \(db.path)) - while executing INSERT INTO runs"))
            #expect(error.description.count < 300, "the SQL is shortened, never a whole schema")
            #expect(!error.description.contains(canary))
            #expect(!"\(error)".contains(canary))
            #expect(!error.isIOError)
        }
        // The rolled-back transaction left the connection usable.
        #expect(try db.runs().count == 1)
        try db.close()
    }

    @Test func sqliteVersionIsReported() {
        #expect(Database.sqliteVersion.split(separator: ".").count >= 3)
        #expect(Database.sqliteVersion.hasPrefix("3."))
    }
}
