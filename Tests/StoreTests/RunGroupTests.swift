import Foundation
import LLMBenchCore
import Testing
@testable import Store

/// `combineRunGroups`: a run group's shards become one run on one time line (issue 17).
@Suite struct RunGroupTests {
    /// A shard run started at `wallNs` whose requests are sent at `sent` (run-clock ns) and take 1 s.
    func shard(_ db: Database, index: Int, of n: Int, wallNs: Int64, sent: [Int64], status: RunStatus = .completed,
               notSent: Int = 0) throws -> String {
        var run = Fixtures.run(startedAt: "2025-01-02T03:04:0\(index)Z", status: status)
        run.shard = try Shard(index: index, count: n); run.shardCount = n
        run.runGroup = "g"; run.startedWallNs = wallNs
        try db.insertRun(run)
        var rows = sent.enumerated().map { k, s in
            RequestRecord(runId: run.id, requestIndex: k, attempt: 0, model: "m", dataset: "qa", itemId: "q\(index)-\(k)",
                          status: .ok, intendedStartNs: s, sentNs: s, firstTokenNs: s + 100, doneNs: s + 1_000_000_000,
                          chunkArrivalsNs: [s + 100, s + 200], responseText: "a")
        }
        for j in 0..<notSent {
            rows.append(RequestRecord(runId: run.id, requestIndex: sent.count + j, attempt: 0, model: "m", dataset: "qa",
                                      itemId: "n\(j)", status: .notSent, intendedStartNs: nil))
        }
        try db.insertRequests(rows)
        return run.id
    }

    @Test func shardsBecomeOneRunOverTheUnionOfTheirWindows() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("g.sqlite"))
        defer { try? db.close() }
        // Shard 1 is active 0-3 s, shard 2 (started 1 s later) 1.5-4.5 s, shard 3 (started 100 s later) 100-101 s.
        let a = try shard(db, index: 1, of: 3, wallNs: 5_000_000_000, sent: [0, 2_000_000_000])
        let b = try shard(db, index: 2, of: 3, wallNs: 6_000_000_000, sent: [500_000_000, 2_500_000_000])
        let c = try shard(db, index: 3, of: 3, wallNs: 105_000_000_000, sent: [0])
        let merged = try db.combineRunGroups()
        try #require(merged.count == 1)
        let g = merged[0]
        #expect(g.missing.isEmpty && g.dropped.isEmpty && g.requests == 5 && g.kept == [1: a, 2: b, 3: c])
        let run = try #require(try db.run(id: Database.groupRunId("g")))
        #expect(run.isMergedGroup && run.shardCount == 3)
        // The union of the windows is 0-4.5 s and 100-101 s: 5.5 s; the 95.5 s between them is not charged.
        #expect(run.durationNs == 5_500_000_000)
        var rows: [RequestRecord] = []
        try db.forEachRequest(runId: run.id) { rows.append($0) }
        #expect(rows.count == 5 && Set(rows.map(\.requestIndex)).count == 5)
        let sent = rows.compactMap(\.sentNs).sorted()
        #expect(sent == [0, 1_500_000_000, 2_000_000_000, 3_500_000_000, 4_500_000_000])
        #expect(rows.allSatisfy { $0.doneNs! - $0.sentNs! == 1_000_000_000 }, "latencies are unchanged")
        #expect(rows.allSatisfy { $0.chunkArrivalsNs == [$0.sentNs! + 100, $0.sentNs! + 200] }, "chunk times move with the row")
        #expect(try db.runs().map(\.id) == [run.id], "the shards stand behind their group run")
        #expect(try db.resolveRun("g").id == run.id && db.resolveRun(b).id == b)
        // Again: nothing changes.
        #expect(try db.combineRunGroups().first?.unchanged == true)
    }

    @Test func aRetriedShardKeepsTheCompleteRunAndAMissingOneWaits() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("g.sqlite"))
        defer { try? db.close() }
        _ = try shard(db, index: 1, of: 2, wallNs: 1_000, sent: [0])
        #expect(try db.combineRunGroups().first?.missing == [2])
        #expect(try db.run(id: Database.groupRunId("g")) == nil)
        let cut = try shard(db, index: 2, of: 2, wallNs: 2_000, sent: [0], status: .interrupted, notSent: 3)
        let full = try shard(db, index: 2, of: 2, wallNs: 3_000, sent: [0, 10])
        let g = try #require(try db.combineRunGroups().first)
        #expect(g.kept[2] == full && g.dropped.map(\.runId) == [cut])
        #expect(try db.requestCount(runId: Database.groupRunId("g")) == 3)
    }
}
