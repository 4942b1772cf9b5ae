import Foundation
import Testing
import LLMBenchCore
@testable import Store

/// Schema version 7: the o200k counts round-trip and are filled after the run, the new token sources are
/// accepted, and a version-6 file still opens read-only and reports (no o200k counts), then migrates.
@Suite struct O200kColumnTests {
    /// What turns a current file's `requests` back into version 6's columns (the CHECK list aside).
    static let dropO200kColumns = "ALTER TABLE requests DROP COLUMN input_o200k_tokens; ALTER TABLE requests DROP COLUMN output_o200k_tokens;"

    @Test func countsRoundTripAndAreFilledAfterTheRun() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("v5.sqlite"))
        try db.insertRun(Fixtures.run(id: "r"))
        var a = Fixtures.fullRecord(runId: "r", index: 0)
        a.inputO200kTokens = 120; a.outputO200kTokens = 33
        var b = Fixtures.fullRecord(runId: "r", index: 1)
        b.usage = Usage(inputTokens: 10, outputTokens: 99, source: .o200k)
        var c = Fixtures.fullRecord(runId: "r", index: 2)
        c.usage = Usage(inputTokens: 10, outputTokens: 64, source: .chunks)
        var d = Fixtures.fullRecord(runId: "r", index: 3)
        d.usage = Usage(inputTokens: 10, outputTokens: 50, source: .router)
        try db.insertRequests([a, b, c, d])
        let changed = try db.updateTokenCounts([
            TokenRecount(runId: "r", requestIndex: 1, attempt: 0, outputTokens: 41, inputO200kTokens: 9, outputO200kTokens: 41),
            TokenRecount(runId: "r", requestIndex: 2, attempt: 0, outputTokens: 70, outputO200kTokens: 66),
            TokenRecount(runId: "r", requestIndex: 3, attempt: 0, outputTokens: 1, outputO200kTokens: 48),
        ])
        #expect(changed == 3)
        var read: [RequestRecord] = []
        try db.forEachRequest(runId: "r") { read.append($0) }
        #expect(read.map(\.inputO200kTokens) == [120, 9, nil, nil])
        #expect(read.map(\.outputO200kTokens) == [33, 41, 66, 48])
        // Only counts llmbench made itself are replaced: chunk and router counts stay as they came.
        #expect(read.map { $0.usage?.outputTokens } == [a.usage?.outputTokens, 41, 64, 50])
        #expect(read.map { $0.usage?.source } == [a.usage?.source, .o200k, .chunks, .router])
        #expect(throws: StoreError.self) {
            try db.updateTokenCounts([TokenRecount(runId: "r", requestIndex: 0, attempt: 0, outputO200kTokens: -1)])
        }
        try db.close()
    }

    @Test func aVersion6FileReportsWithoutCountsAndMigrates() throws {
        let dir = try TempDirectory()
        let path = dir.path("v5.sqlite")
        let db = try Database.open(path: path)
        try db.insertRun(Fixtures.run(id: "r"))
        try db.insertRequests([Fixtures.fullRecord(runId: "r", index: 0)])
        try db.withConnection { conn in try conn.execute("\(Self.dropO200kColumns) PRAGMA user_version = 6") }
        try db.close()

        let old = try Database.open(path: path, readOnly: true)
        #expect(old.fileSchemaVersion == 6)
        var rows: [RequestRecord] = []
        try old.forEachRequest(runId: "r") { rows.append($0) }
        #expect(rows.count == 1 && rows[0].outputO200kTokens == nil && rows[0].inputO200kTokens == nil)
        #expect(rows[0].usage == Fixtures.fullRecord(runId: "r", index: 0).usage)
        try old.close()

        let migrated = try Database.open(path: path)
        #expect(migrated.fileSchemaVersion == Database.schemaVersion)
        var again: [RequestRecord] = []
        try migrated.forEachRequest(runId: "r") { again.append($0) }
        #expect(again == rows, "the rebuild copies every column")
        try migrated.withConnection { conn in
            #expect(throws: DatabaseError.self) {
                try conn.execute("UPDATE requests SET tokens_source = 'made_up'")
            }
        }
        try migrated.close()
    }
}
