import Foundation
import LLMBenchCore
import Testing
@testable import Store

/// Issue 12: every baseline mark is kept (schema version 3), and a reference can name several runs.
@Suite struct BaselineHistoryTests {
    private func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }

    /// Runs r0…r(n−1), r(k) started k hours before `now`, labelled `nightly-k`.
    private func seeded(_ db: Database, count: Int, now: Date) throws {
        for k in 0..<count {
            try db.insertRun(Fixtures.run(id: "r\(k)", startedAt: iso(now.addingTimeInterval(-3600 * Double(k))),
                                          label: "nightly-\(k)", status: .completed))
        }
    }

    @Test func setKeepsEveryMarkAndPointsAtTheLatest() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("b.sqlite"))
        try seeded(db, count: 4, now: Date())
        for id in ["r3", "r2", "r1", "r2"] { try db.setBaseline(name: "last-good", runId: id) }
        #expect(try db.baseline(name: "last-good") == "r2")
        #expect(try db.baselineHistory(name: "last-good").map(\.runId) == ["r2", "r1", "r2", "r3"])
        // The last 2 distinct runs marked, newest mark first.
        #expect(try db.resolveRuns("last-good~2").map(\.id) == ["r2", "r1"])
        #expect(try db.resolveRuns("last-good~7").map(\.id) == ["r2", "r1", "r3"])
        #expect(try db.resolveRuns("last-good").map(\.id) == ["r2"], "without ~ it is one run, as before")
        try db.close()
    }

    @Test func labelPatternsWithAWindowOrACount() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("p.sqlite"))
        let now = Date(timeIntervalSince1970: Double(Int(Date().timeIntervalSince1970)))  // whole seconds, as stored
        try seeded(db, count: 5, now: now)
        #expect(try db.resolveRuns("nightly-*~2h", now: now).map(\.id) == ["r0", "r1", "r2"])
        #expect(try db.resolveRuns("nightly-*~3", now: now).map(\.id) == ["r0", "r1", "r2"])
        #expect(try db.resolveRuns("nightly-?~1d", now: now).count == 5)
        #expect(throws: StoreError.self) { try db.resolveRuns("weekly-*~7d", now: now) }
        #expect(throws: StoreError.self) { try db.resolveRuns("nightly-*~7w", now: now) }
        #expect(throws: StoreError.self) { try db.resolveRuns("~3", now: now) }
        try db.close()
    }

    @Test func globMatching() {
        #expect(Database.glob("nightly-*", matches: "nightly-2026-12-01"))
        #expect(Database.glob("a?c", matches: "abc") && !Database.glob("a?c", matches: "abbc"))
        #expect(!Database.glob("nightly-*", matches: "weekly-1"))
        #expect(Database.glob("*", matches: ""))
    }

    @Test func mergeUnionsTheHistories() throws {
        let dir = try TempDirectory()
        let a = try Database.open(path: dir.path("a.sqlite"))
        let b = try Database.open(path: dir.path("b.sqlite"))
        try a.insertRun(Fixtures.run(id: "ra", label: "x", status: .completed))
        try b.insertRun(Fixtures.run(id: "rb1", label: "y", status: .completed))
        try b.insertRun(Fixtures.run(id: "rb2", label: "z", status: .completed))
        try a.setBaseline(name: "good", runId: "ra")
        try b.setBaseline(name: "good", runId: "rb1")
        try b.setBaseline(name: "good", runId: "rb2")
        try b.close()
        _ = try a.merge(from: dir.path("b.sqlite"))
        #expect(try a.baseline(name: "good") == "ra", "the current target stays this file's")
        #expect(Set(try a.baselineHistory(name: "good").map(\.runId)) == ["ra", "rb1", "rb2"])
        _ = try a.merge(from: dir.path("b.sqlite"))
        #expect(try a.baselineHistory(name: "good").count == 3, "merging twice adds no mark twice")
        try a.close()
    }

    /// Baselines set by a version-2 build become each name's first mark.
    @Test func existingBaselinesBecomeMarks() throws {
        let dir = try TempDirectory()
        let path = dir.path("v2.sqlite")
        let db = try Database.open(path: path)
        try db.insertRun(Fixtures.run(id: "r", status: .completed))
        try db.setBaseline(name: "good", runId: "r")
        try db.withConnection { conn in
            try conn.execute("DROP TABLE baseline_marks; ALTER TABLE requests DROP COLUMN cache_write_1h_tokens; \(Fixtures.dropColumnsAfterVersion4) PRAGMA user_version = 2")
        }
        try db.close()
        let reopened = try Database.open(path: path)
        #expect(try reopened.baselineHistory(name: "good").map(\.runId) == ["r"])
        try reopened.close()
    }
}
