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
                    var batch: [RequestRecord] = []
                    batch.reserveCapacity(size)
                    var names = RepeatedNames()
                    while try query.step() {
                        // Decoded straight into the batch (moved, not copied).
                        batch.append(try RequestColumns.decode(query, reusing: &names, fields: fields))
                        if batch.count == size {
                            guard stream.put(batch) else { throw RequestStream.Stopped() }
                            batch = []
                            batch.reserveCapacity(size)
                        }
                    }
                    if !batch.isEmpty { _ = stream.put(batch) }
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
                try batch.withUnsafeBufferPointer { rows in for i in rows.indices { try body(rows[i]) } }
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
    private var queue: [[RequestRecord]] = []
    private var finished = false
    private var failure: (any Error)?
    private var stopped = false
    private var done = false

    /// Waits for room; false once the consumer stopped.
    func put(_ batch: [RequestRecord]) -> Bool {
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
    func take() throws -> [RequestRecord]? {
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
