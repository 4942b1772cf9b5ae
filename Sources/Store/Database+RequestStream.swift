import Foundation
import LLMBenchCore

extension Database {
    /// `forEachRequest` with the reading and decoding on a second thread: rows are stepped and decoded
    /// there into batches of `batchSize` records while `body` consumes the previous batch on the
    /// calling thread, at most `RequestStream.depth` batches ahead (memory: a few thousand records).
    /// The same records in the same order as `forEachRequest`. `body` must not query this database
    /// (the reading thread holds its connection until every row is read); an error from either side
    /// stops both and is rethrown here.
    public func forEachRequestReadAhead(runId: String, fields: RequestFields = .all, batchSize: Int = 1_024,
                                        _ body: (RequestRecord) throws -> Void) throws {
        let stream = RequestStream()
        let size = max(1, batchSize)
        let reader = Thread { [self] in
            do {
                try withConnection { conn in
                    let query = try conn.prepare(
                        "SELECT \(RequestColumns.selectList(schemaVersion: fileSchemaVersion, omitting: fields.omitted)) FROM requests "
                        + "WHERE run_id = ? ORDER BY request_index, attempt")
                    try query.bind(runId, 1)
                    var batch = RecordBatch(capacity: size)
                    var names = RepeatedNames()
                    while try query.step() {
                        // Decoded straight into the batch (moved, not copied).
                        batch.append(try RequestColumns.decode(query, reusing: &names, fields: fields))
                        if batch.count == size {
                            guard stream.put(batch) else { throw RequestStream.Stopped() }
                            batch = RecordBatch(capacity: size)
                        }
                    }
                    if batch.count > 0 { _ = stream.put(batch) }
                }
                stream.finish(nil)
            } catch is RequestStream.Stopped {
                stream.finish(nil)
            } catch {
                stream.finish(error)
            }
        }
        reader.name = "llmbench-read"
        reader.start()
        do {
            while let batch = try stream.take() {
                // Each record is moved out to `body` and destroyed after it (no copy of its strings and arrays).
                while let record = batch.next() { try body(record) }
            }
        } catch {
            stream.stop()
            stream.waitDone()
            throw error
        }
        stream.waitDone()
    }
}

/// A bounded hand-over of record batches from one reading thread to one consumer.
final class RequestStream: @unchecked Sendable {
    /// Batches decoded ahead of the consumer at most.
    static let depth = 3
    struct Stopped: Error {}

    private let condition = NSCondition()
    private var queue: [RecordBatch] = []
    private var finished = false
    private var failure: (any Error)?
    private var stopped = false
    private var done = false

    /// Waits for room; false once the consumer stopped.
    func put(_ batch: RecordBatch) -> Bool {
        condition.lock(); defer { condition.unlock() }
        while queue.count >= Self.depth && !stopped { condition.wait() }
        guard !stopped else { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    /// The reader is done (with `error` if it failed).
    func finish(_ error: (any Error)?) {
        condition.lock(); defer { condition.unlock() }
        finished = true; failure = error; done = true
        condition.broadcast()
    }

    /// The next batch; nil after the last; rethrows the reader's error.
    func take() throws -> RecordBatch? {
        condition.lock(); defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        if !queue.isEmpty {
            let b = queue.removeFirst()
            condition.broadcast()
            return b
        }
        if let failure { throw failure }
        return nil
    }

    /// The consumer gives up: the reader stops at its next batch.
    func stop() {
        condition.lock(); defer { condition.unlock() }
        stopped = true
        condition.broadcast()
    }

    /// Waits until the reader thread has finished (so the connection is free again).
    func waitDone() {
        condition.lock(); defer { condition.unlock() }
        while !done { condition.wait() }
    }
}

/// Up to `capacity` records decoded by the reading thread, each moved out once by the consumer
/// (`next`), so a record is never copied between decoding and analysis. Owned by one thread at a
/// time (handed over through `RequestStream`'s lock); records not taken are destroyed with it.
final class RecordBatch: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<RequestRecord>
    private let capacity: Int
    private(set) var count = 0
    private var taken = 0

    init(capacity: Int) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit {
        (storage + taken).deinitialize(count: count - taken)
        storage.deallocate()
    }

    /// Moves `record` in (at most `capacity`).
    func append(_ record: consuming RequestRecord) {
        precondition(count < capacity, "record batch full")
        (storage + count).initialize(to: record)
        count += 1
    }

    /// The next record, moved out; nil after the last.
    func next() -> RequestRecord? {
        guard taken < count else { return nil }
        defer { taken += 1 }
        return (storage + taken).move()
    }
}
