import Foundation
import Testing
import LLMBenchCore
@testable import Store

/// Schema version 4: `requests.cache_write_1h_tokens` round-trips, and a version-3 file still opens
/// read-only and reports (its writes read as 5-minute ones), then migrates forward when written.
@Suite struct OneHourCacheColumnTests {
    static func record(runId: String, index: Int, oneHour: Int) -> RequestRecord {
        var r = Fixtures.fullRecord(runId: runId, index: index)
        r.usage = Usage(inputTokens: 9_000, outputTokens: 40, cachedInputTokens: 3_000, cacheWriteTokens: 5_000,
                        reasoningTokens: 30, source: .server, reasoningSource: .estimated, cacheWrite1hTokens: oneHour)
        return r
    }

    @Test func oneHourWritesRoundTrip() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("v4.sqlite"))
        try db.insertRun(Fixtures.run(id: "r"))
        try db.insertRequests([Self.record(runId: "r", index: 0, oneHour: 4_000)])
        var read: [RequestRecord] = []
        try db.forEachRequest(runId: "r") { read.append($0) }
        #expect(read.first?.usage?.cacheWrite1hTokens == 4_000 && read.first?.usage?.cacheWrite5mTokens == 1_000)
        #expect(Database.schemaVersion >= 4)
        try db.close()
    }

    @Test func aVersion3FileReportsAndMigrates() throws {
        let dir = try TempDirectory()
        let path = dir.path("v3.sqlite")
        let db = try Database.open(path: path)
        try db.insertRun(Fixtures.run(id: "r"))
        try db.insertRequests([Self.record(runId: "r", index: 0, oneHour: 0)])
        try db.withConnection { conn in
            try conn.execute("ALTER TABLE requests DROP COLUMN cache_write_1h_tokens; \(Fixtures.dropColumnsAfterVersion4) PRAGMA user_version = 3")
        }
        try db.close()

        let old = try Database.open(path: path, readOnly: true)
        #expect(old.fileSchemaVersion == 3)
        var rows: [RequestRecord] = []
        try old.forEachRequest(runId: "r") { rows.append($0) }
        #expect(rows.count == 1 && rows[0].usage?.cacheWriteTokens == 5_000 && rows[0].usage?.cacheWrite1hTokens == 0)
        try old.close()

        let migrated = try Database.open(path: path)
        #expect(migrated.fileSchemaVersion == Database.schemaVersion)
        try migrated.insertRequests([Self.record(runId: "r", index: 1, oneHour: 2_500)])
        var after: [RequestRecord] = []
        try migrated.forEachRequest(runId: "r") { after.append($0) }
        #expect(after.map { $0.usage?.cacheWrite1hTokens } == [0, 2_500])
        let nulls = try migrated.withConnection { conn in
            try conn.scalarInt("SELECT count(*) FROM requests WHERE cache_write_1h_tokens IS NULL")
        }
        #expect(nulls == 1)
        try migrated.close()
    }
}
