import Foundation
import LLMBenchCore

extension Database {
    /// A batched writer of `requests` rows into this database; see `RecordWriter`.
    public func makeWriter(batchSize: Int = 256, flushIntervalNs: Int64 = 1_000_000_000,
                           maxPendingBatches: Int = 16) -> RecordWriter {
        RecordWriter(database: self, batchSize: batchSize, flushIntervalNs: flushIntervalNs,
                     maxPendingBatches: maxPendingBatches)
    }
}

/// The sink the transport hands finished records to: `record(_:)` only appends to an in-memory batch
/// under a lock; one background thread writes each batch in one transaction with a reused INSERT.
///
/// A batch is written when it holds `batchSize` records, when its first record is `flushIntervalNs`
/// old, on `flush()` and on `close()`, so a crash loses at most the records of the batch being filled
/// (plus any full batches not yet written). Memory is bounded: when `maxPendingBatches` full batches
/// wait for the disk, `record(_:)` blocks until the writer catches up (back-pressure rather than an
/// unbounded queue). The first write error is kept; later batches are then dropped (counted in
/// `droppedCount`), and `flush()` and `close()` rethrow it. Call `close()` before the database's.
/// While a writer is open the WAL is checkpointed by a second connection on its own thread, not
/// inside the commits (`CheckpointPlan`).
public final class RecordWriter: RecordSink, @unchecked Sendable {
    public let batchSize: Int
    public let flushIntervalNs: Int64
    public let maxPendingBatches: Int

    private let database: Database
    private let clock = SystemMonotonicClock()
    /// Guards every `var` below; the writer thread waits on it for work, producers for room.
    private let condition = NSCondition()
    private var current: [RequestRecord] = []
    private var currentStartNs: Int64 = 0
    private var pending: [[RequestRecord]] = []
    private var accepted = 0
    private var processed = 0
    private var written = 0
    private var dropped = 0
    private var firstError: (any Error)?
    private var closing = false
    private var finished = false
    private var writerCPUNs: Int64 = 0

    init(database: Database, batchSize: Int, flushIntervalNs: Int64, maxPendingBatches: Int) {
        self.database = database
        self.batchSize = max(1, batchSize)
        self.flushIntervalNs = max(1, flushIntervalNs)
        self.maxPendingBatches = max(1, maxPendingBatches)
        current.reserveCapacity(self.batchSize)
        database.beginBackgroundCheckpoints()
        let thread = Thread { [self] in writerLoop() }
        thread.name = "llmbench-store-writer"
        thread.start()
    }

    /// Queues one record for writing (cheap: an append under a lock; blocks only under back-pressure).
    /// A record given after `close()` is dropped and reported as an error by the next `flush()`.
    public func record(_ record: RequestRecord) {
        condition.lock()
        defer { condition.unlock() }
        if closing {
            dropped += 1
            if firstError == nil { firstError = StoreError.closed(what: "the record writer (a record arrived after close)") }
            return
        }
        current.append(record)
        accepted += 1
        if current.count == 1 {
            currentStartNs = clock.nowNs()
            condition.signal()  // the writer starts its flush-interval timer
        }
        if current.count >= batchSize {
            pending.append(current)
            current = []
            current.reserveCapacity(batchSize)
            condition.signal()
        }
        while pending.count > maxPendingBatches && !finished { condition.wait() }
    }

    /// Writes every record given so far and waits until they are committed; rethrows the first write error.
    public func flush() throws {
        condition.lock()
        defer { condition.unlock() }
        handOffCurrent()
        let target = accepted
        while processed < target && !finished { condition.wait() }
        if let firstError { throw firstError }
    }

    /// Writes the rest, stops the writer thread and rethrows the first write error. Idempotent.
    public func close() throws {
        condition.lock()
        defer { condition.unlock() }
        closing = true
        handOffCurrent()
        condition.broadcast()
        while !finished { condition.wait() }
        if let firstError { throw firstError }
    }

    /// Records committed to the database.
    public var writtenCount: Int { condition.withLock { written } }
    /// Records lost: after a write error, or given after `close()`.
    public var droppedCount: Int { condition.withLock { dropped } }
    /// CPU time the writer thread used, ns (`CLOCK_THREAD_CPUTIME_ID`); known once `close()` returned, 0 before.
    public var threadCPUNs: Int64 { condition.withLock { writerCPUNs } }

    /// Moves the partial batch to the queue (lock held).
    private func handOffCurrent() {
        guard !current.isEmpty else { return }
        pending.append(current)
        current = []
        condition.signal()
    }

    private func writerLoop() {
        condition.lock()
        while true {
            var work: [[RequestRecord]] = []
            while work.isEmpty {
                if !current.isEmpty && clock.nowNs() - currentStartNs >= flushIntervalNs { handOffCurrent() }
                if !pending.isEmpty {
                    work = pending
                    pending = []
                    break
                }
                if closing {
                    condition.unlock()  // not holding it while taking the database's lock
                    database.endBackgroundCheckpoints()
                    condition.lock()
                    var cpu = timespec()
                    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu)
                    writerCPUNs = Int64(cpu.tv_sec) * 1_000_000_000 + Int64(cpu.tv_nsec)
                    finished = true
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                if current.isEmpty {
                    condition.wait()
                } else {
                    let remainingNs = currentStartNs + flushIntervalNs - clock.nowNs()
                    _ = condition.wait(until: Date(timeIntervalSinceNow: Double(max(remainingNs, 0)) / 1e9))
                }
            }
            condition.broadcast()  // producers waiting for room may go on
            let failedBefore = firstError != nil
            condition.unlock()

            var writtenNow = 0, droppedNow = 0
            var error: (any Error)?
            for batch in work {
                if failedBefore || error != nil {
                    droppedNow += batch.count
                    continue
                }
                do {
                    try database.insertRequests(batch)
                    writtenNow += batch.count
                } catch let e {
                    error = e
                    droppedNow += batch.count
                }
            }

            condition.lock()
            written += writtenNow
            dropped += droppedNow
            processed += writtenNow + droppedNow
            if firstError == nil, let error { firstError = error }
            condition.broadcast()
        }
    }
}
