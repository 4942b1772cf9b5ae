import Foundation
import LLMBenchCore
import Testing
@testable import Store

@Suite struct RecordWriterTests {
    @Test func concurrentProducersLoseNothing() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        let run = Fixtures.run()
        try db.insertRun(run)
        let writer = db.makeWriter(batchSize: 64, maxPendingBatches: 2)
        let threads = 4, perThread = 1_000
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            for i in 0..<perThread {
                writer.record(Fixtures.fullRecord(runId: run.id, index: t * perThread + i))
            }
        }
        try writer.close()
        #expect(writer.writtenCount == threads * perThread)
        #expect(writer.droppedCount == 0)
        #expect(try db.requestCount(runId: run.id) == threads * perThread)
        let distinct = try db.withConnection { try $0.scalarInt("SELECT count(DISTINCT request_index) FROM requests") }
        #expect(distinct == Int64(threads * perThread))
        try db.close()
    }

    @Test func flushWritesAPartialBatch() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        let run = Fixtures.run()
        try db.insertRun(run)
        // A long interval: only flush() can write these three.
        let writer = db.makeWriter(batchSize: 256, flushIntervalNs: 3_600_000_000_000)
        for i in 0..<3 { writer.record(Fixtures.bareRecord(runId: run.id, index: i)) }
        try writer.flush()
        #expect(try db.requestCount(runId: run.id) == 3)
        writer.record(Fixtures.bareRecord(runId: run.id, index: 3))
        try writer.close()
        try writer.close()  // idempotent
        #expect(try db.requestCount(runId: run.id) == 4)
        // After close, records are dropped and reported.
        writer.record(Fixtures.bareRecord(runId: run.id, index: 4))
        #expect(writer.droppedCount == 1)
        #expect(throws: StoreError.self) { try writer.flush() }
        try db.close()
    }

    @Test func intervalWritesWithoutFlush() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        let run = Fixtures.run()
        try db.insertRun(run)
        let writer = db.makeWriter(batchSize: 256, flushIntervalNs: 10_000_000)  // 10 ms
        writer.record(Fixtures.bareRecord(runId: run.id, index: 0))
        // Bounded wait: up to 5 s in 5 ms steps for the timer to fire.
        var polls = 0
        while writer.writtenCount == 0 && polls < 1_000 {
            usleep(5_000)
            polls += 1
        }
        #expect(writer.writtenCount == 1)
        try writer.close()
        try db.close()
    }

    @Test func writeErrorIsKeptAndRethrown() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        let run = Fixtures.run()
        try db.insertRun(run)
        let writer = db.makeWriter(batchSize: 2)
        writer.record(Fixtures.bareRecord(runId: run.id, index: 0))
        writer.record(Fixtures.bareRecord(runId: run.id, index: 0))  // same primary key: the batch fails
        writer.record(Fixtures.bareRecord(runId: run.id, index: 1))
        #expect(throws: DatabaseError.self) { try writer.flush() }
        #expect {
            try writer.close()
        } throws: { error in
            guard let error = error as? DatabaseError else { return false }
            return error.code == 19 && error.description.contains("INSERT INTO requests")
        }
        #expect(writer.writtenCount == 0)
        #expect(writer.droppedCount == 3)
        try db.close()
    }
}

@Suite struct WriterDurabilityTests {
    /// Full batches are committed without flush or close: another connection sees them, so a crash
    /// would lose at most the batch being filled.
    @Test func fullBatchesAreCommittedWithoutClose() throws {
        let dir = try TempDirectory()
        let path = dir.path("a.sqlite")
        let db = try Database.open(path: path)
        let run = Fixtures.run()
        try db.insertRun(run)
        let writer = db.makeWriter(batchSize: 100, flushIntervalNs: 3_600_000_000_000)
        for i in 0..<250 { writer.record(Fixtures.bareRecord(runId: run.id, index: i)) }
        var polls = 0
        while writer.writtenCount < 200 && polls < 1_000 {
            usleep(5_000)
            polls += 1
        }
        let reader = try Database.open(path: path, readOnly: true)
        #expect(try reader.requestCount(runId: run.id) == 200)  // the last 50 wait for their batch
        try reader.close()
        try writer.close()
        #expect(try db.requestCount(runId: run.id) == 250)
        try db.close()
    }
}
