import Foundation
import Testing
import LLMBenchCore
@testable import Store

/// Schema version 5: `requests.conversation_index` and `turn` round-trip (NULL for single-turn rows),
/// and a version-4 file still opens read-only and reports, then migrates forward when written.
@Suite struct ConversationColumnTests {
    static func record(runId: String, index: Int, turn: ConversationTurn?) -> RequestRecord {
        var r = Fixtures.fullRecord(runId: runId, index: index)
        r.conversationTurn = turn
        return r
    }

    @Test func turnsRoundTrip() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("v5.sqlite"))
        try db.insertRun(Fixtures.run(id: "r"))
        try db.insertRequests([Self.record(runId: "r", index: 0, turn: ConversationTurn(conversation: 3, turn: 2)),
                               Self.record(runId: "r", index: 1, turn: nil)])
        var read: [RequestRecord] = []
        try db.forEachRequest(runId: "r") { read.append($0) }
        #expect(read.map(\.conversationTurn) == [ConversationTurn(conversation: 3, turn: 2), nil])
        try db.close()
    }

    @Test func theChecksRefuseImpossibleTurns() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("v5.sqlite"))
        try db.insertRun(Fixtures.run(id: "r"))
        #expect(throws: (any Error).self) {
            try db.insertRequests([Self.record(runId: "r", index: 0, turn: ConversationTurn(conversation: 0, turn: 0))])
        }
        try db.close()
    }

    @Test func aVersion4FileReportsAndMigrates() throws {
        let dir = try TempDirectory()
        let path = dir.path("v4.sqlite")
        let db = try Database.open(path: path)
        try db.insertRun(Fixtures.run(id: "r"))
        try db.insertRequests([Self.record(runId: "r", index: 0, turn: nil)])
        try db.withConnection { conn in
            try conn.execute("\(Fixtures.dropColumnsAfterVersion4) PRAGMA user_version = 4")
        }
        try db.close()

        let old = try Database.open(path: path, readOnly: true)
        #expect(old.fileSchemaVersion == 4)
        var rows: [RequestRecord] = []
        try old.forEachRequest(runId: "r") { rows.append($0) }
        #expect(rows.count == 1 && rows[0].conversationTurn == nil)
        try old.close()

        let migrated = try Database.open(path: path)
        #expect(migrated.fileSchemaVersion == Database.schemaVersion)
        try migrated.insertRequests([Self.record(runId: "r", index: 1, turn: ConversationTurn(conversation: 0, turn: 1))])
        var after: [RequestRecord] = []
        try migrated.forEachRequest(runId: "r") { after.append($0) }
        #expect(after.map(\.conversationTurn) == [nil, ConversationTurn(conversation: 0, turn: 1)])
        try migrated.close()
    }
}
