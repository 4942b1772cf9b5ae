import Foundation
import LLMBenchCore
import Testing
@testable import Store

@Suite struct CheckpointPlanTests {
    static func plan() -> CheckpointPlan {
        CheckpointPlan(thresholdPages: 100, restartPages: 300, tailPages: 10, limitPages: 600)
    }

    @Test func belowTheThresholdNothingHappens() {
        var plan = Self.plan()
        #expect(plan.committed(walPages: 99) == .none)
        #expect(!plan.passRunning)
    }

    @Test func passesRunInTheBackgroundAndTheWriterFinishesTheTail() {
        var plan = Self.plan()
        #expect(plan.committed(walPages: 100) == .background)
        #expect(plan.committed(walPages: 130) == .none)  // the pass is still running
        plan.passFinished(checkpointed: 100)
        #expect(plan.committed(walPages: 160) == .none)  // 60 new pages: not yet
        #expect(plan.committed(walPages: 200) == .background)
        plan.passFinished(checkpointed: 200)
        #expect(plan.committed(walPages: 310) == .background)  // at the restart point: converge
        plan.passFinished(checkpointed: 305)
        #expect(plan.committed(walPages: 313) == .inline)  // 8 behind: the writer finishes it
        plan.inlineFinished(checkpointed: 313)
        // The next transaction started the log again from its beginning.
        #expect(plan.committed(walPages: 20) == .none)
        #expect(plan.checkpointedPages == 0)
        #expect(plan.backgroundPasses == 3 && plan.inlineCheckpoints == 1)
    }

    @Test func passesFollowEachOtherUntilTheTailIsShort() {
        var plan = Self.plan()
        var wal = 300
        for _ in 0..<3 {
            #expect(plan.committed(walPages: wal) == .background)
            plan.passFinished(checkpointed: wal)
            wal += 50  // the writer outruns every pass: never an inline copy of a long tail
        }
        #expect(plan.committed(walPages: wal) == .background)
        plan.passFinished(checkpointed: wal - 5)
        #expect(plan.committed(walPages: wal) == .inline)
    }

    @Test func atTheLimitTheWriterWaitsForThePass() {
        var plan = Self.plan()
        #expect(plan.committed(walPages: 100) == .background)
        #expect(plan.committed(walPages: 599) == .none)
        #expect(plan.committed(walPages: 600) == .waitForPass)
        plan.passFinished(checkpointed: 100)
        // 500 behind: another pass, which the writer (over the limit) waits for as well.
        #expect(plan.committed(walPages: 600) == .background)
        #expect(plan.committed(walPages: 600) == .waitForPass)
        plan.passFinished(checkpointed: 600)
        #expect(plan.committed(walPages: 600) == .inline)
    }

    @Test func aFailedPassHandsCheckpointingBackToTheWriter() {
        var plan = Self.plan()
        #expect(plan.committed(walPages: 120) == .background)
        plan.passFinished(checkpointed: nil)
        #expect(plan.backgroundFailed)
        #expect(plan.committed(walPages: 99) == .none)
        #expect(plan.committed(walPages: 150) == .inline)
    }

    @Test func aBusyPassIsTriedAgain() {
        var plan = Self.plan()
        #expect(plan.committed(walPages: 120) == .background)
        plan.passFinished(checkpointed: 0)
        #expect(!plan.backgroundFailed)
        #expect(plan.committed(walPages: 150) == .background)
    }
}

@Suite struct BackgroundCheckpointTests {
    /// Batches written under a small plan: the WAL is checkpointed in the background, starts again from
    /// its beginning (so the file stays far smaller than what was written), and every row is there.
    @Test func theWALStaysBoundedAndEveryRowIsKept() throws {
        let dir = try TempDirectory()
        let path = dir.path("a.sqlite")
        let db = try Database.open(path: path)
        let run = Fixtures.run()
        try db.insertRun(run)
        let plan = CheckpointPlan(thresholdPages: 16, restartPages: 32, tailPages: 4, limitPages: 64)
        db.beginBackgroundCheckpoints(plan: plan)
        let batches = 60, perBatch = 100
        var largestWAL: Int64 = 0
        for b in 0..<batches {
            try db.insertRequests((0..<perBatch).map { Fixtures.fullRecord(runId: run.id, index: b * perBatch + $0) })
            let size = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int64) ?? 0
            largestWAL = max(largestWAL, size)
        }
        let state = try #require(db.backgroundCheckpoints?.checkpointer.currentPlan)
        #expect(state.backgroundPasses + state.inlineCheckpoints > 0)
        #expect(!state.backgroundFailed)
        db.endBackgroundCheckpoints()
        #expect(db.backgroundCheckpoints == nil)
        let written = try db.withConnection { try $0.scalarInt("PRAGMA page_count") } * 4_096
        // At most the limit plus one batch's pages (~100 rows of ~0.5 KB) plus slack, far below the data.
        #expect(largestWAL < 140 * 4_120, "WAL reached \(largestWAL) bytes for a \(written)-byte database")
        #expect(written > 3 * largestWAL)
        #expect(try db.requestCount(runId: run.id) == batches * perBatch)
        #expect(try db.integrityCheck() == "ok")
        try db.close()
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "close leaves one complete file")
    }

    @Test func aWriterLeftOpenDoesNotKeepTheFileInWAL() throws {
        let dir = try TempDirectory()
        let path = dir.path("a.sqlite")
        let db = try Database.open(path: path)
        let run = Fixtures.run()
        try db.insertRun(run)
        let writer = db.makeWriter()
        writer.record(Fixtures.fullRecord(runId: run.id, index: 0))
        try writer.flush()
        try db.close()  // before the writer's close: the checkpointer's connection is closed too
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        _ = try? writer.close()
        let reopened = try Database.open(path: path, readOnly: true)
        defer { try? reopened.close() }
        #expect(try reopened.requestCount(runId: run.id) == 1)
    }

    @Test func nestedWritersShareOneCheckpointer() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        let a = db.makeWriter(), b = db.makeWriter()
        #expect(db.backgroundCheckpoints?.users == 2)
        try a.close()
        #expect(db.backgroundCheckpoints?.users == 1)
        try b.close()
        #expect(db.backgroundCheckpoints == nil)
        try db.close()
    }
}
