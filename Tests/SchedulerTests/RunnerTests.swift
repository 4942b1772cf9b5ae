import Foundation
import Testing
import LLMBenchCore
@testable import Scheduler

/// Collects records in memory (tests only).
final class CollectingSink: RecordSink, @unchecked Sendable {
    private let lock = NSLock()
    private var items: [RequestRecord] = []
    func record(_ record: RequestRecord) { lock.withLock { items.append(record) } }
    var records: [RequestRecord] { lock.withLock { items } }
}

/// A sender that answers at once on a manual clock: each attempt "takes" `latencyNs`, and the
/// `failFirst` predicate decides which first attempts fail with a 429.
final class FakeSender: RequestSender, @unchecked Sendable {
    let clock: ManualClock
    let latencyNs: Int64
    let failFirstAttempt: Bool
    /// Serial server: the clock advances by the latency before the answer (one request at a time).
    let serial: Bool
    init(clock: ManualClock, latencyNs: Int64, failFirstAttempt: Bool = false, serial: Bool = false) {
        self.clock = clock; self.latencyNs = latencyNs; self.failFirstAttempt = failFirstAttempt; self.serial = serial
    }
    func send(_ item: WorkItem, to model: ModelSpec, runId: String, requestIndex: Int, attempt: Int,
              intendedStartNs: Int64, warmup: Bool, completion: @escaping @Sendable (RequestRecord) -> Void) {
        let sent = clock.nowNs()
        let fail = failFirstAttempt && attempt == 0
        if serial { clock.advance(byNs: latencyNs) }
        completion(RequestRecord(runId: runId, requestIndex: requestIndex, attempt: attempt, model: model.name,
                                 dataset: item.dataset, itemId: item.itemId, warmup: warmup,
                                 status: fail ? .error : .ok, errorKind: fail ? .http429 : nil,
                                 httpStatus: fail ? 429 : 200, intendedStartNs: intendedStartNs, sentNs: sent,
                                 doneNs: sent + latencyNs,
                                 rateLimitHeaders: fail ? ["retry-after": "2"] : [:]))
    }
    func cancelAll() {}
}

func workItems(_ n: Int) -> [WorkItem] {
    (0..<n).map { WorkItem(dataset: "qa", itemId: "q\($0)", task: .qa, system: "s", user: "u",
                            maxOutputTokens: 10, estimatedInputTokens: 5) }
}

let simModel = ModelSpec(name: "m", kind: .simulated, baseURL: "http://127.0.0.1:1/v1", modelId: "m")

@Suite struct RunnerTests {
    @Test func closedLoopIntendedStartIsWhenAStreamFreed() {
        let clock = ManualClock()
        let sink = CollectingSink()
        let plan = RunPlan(runId: "r", models: [simModel], work: workItems(6), concurrency: 2,
                           maxDurationNs: 3_600_000_000_000)
        let runner = Runner(plan: plan, sender: FakeSender(clock: clock, latencyNs: 100_000_000),
                            sink: sink, clock: clock, runStartNs: 0)
        let outcome = runner.run()
        #expect(outcome.stopReason == .allSent)
        #expect(outcome.attempts == 6)
        let intended = sink.records.compactMap(\.intendedStartNs).sorted()
        #expect(intended == [0, 0, 100_000_000, 100_000_000, 200_000_000, 200_000_000])
        #expect(Set(sink.records.map(\.requestIndex)) == Set(0..<6))
    }

    @Test func rateLimitSpacesIntendedStarts() {
        let clock = ManualClock()
        let sink = CollectingSink()
        let plan = RunPlan(runId: "r", models: [simModel], work: workItems(5), concurrency: 8,
                           ratePerSecond: 10, burst: 1, maxDurationNs: 3_600_000_000_000)
        let runner = Runner(plan: plan, sender: FakeSender(clock: clock, latencyNs: 0), sink: sink,
                            clock: clock, runStartNs: 0)
        _ = runner.run()
        #expect(sink.records.map(\.intendedStartNs) == [0, 100_000_000, 200_000_000, 300_000_000, 400_000_000])
    }

    @Test func retriesAreOwnRowsLinkedToTheirRequestAndHonourRetryAfter() {
        let clock = ManualClock()
        let sink = CollectingSink()
        let plan = RunPlan(runId: "r", models: [simModel], work: workItems(2), concurrency: 1,
                           maxDurationNs: 3_600_000_000_000, retry: RetryPolicy(maxRetries: 1, baseNs: 1_000_000))
        let runner = Runner(plan: plan, sender: FakeSender(clock: clock, latencyNs: 10_000_000, failFirstAttempt: true),
                            sink: sink, clock: clock, runStartNs: 0)
        let outcome = runner.run()
        #expect(outcome.attempts == 4)
        #expect(outcome.retries == 2)
        let recs = sink.records
        for idx in 0..<2 {
            let attempts = recs.filter { $0.requestIndex == idx }.sorted { $0.attempt < $1.attempt }
            #expect(attempts.map(\.attempt) == [0, 1])
            #expect(attempts[0].status == .error && attempts[1].status == .ok)
            // Retry-After: 2 s beats the 1 ms backoff.
            #expect(attempts[1].intendedStartNs! >= attempts[0].doneNs! + 2_000_000_000)
        }
    }

    @Test func warmupRequestsGoFirstAndAreFlagged() {
        let clock = ManualClock()
        let sink = CollectingSink()
        let plan = RunPlan(runId: "r", models: [simModel], work: workItems(3), warmup: workItems(2),
                           concurrency: 1, maxDurationNs: 3_600_000_000_000)
        _ = Runner(plan: plan, sender: FakeSender(clock: clock, latencyNs: 1), sink: sink, clock: clock,
                   runStartNs: 0).run()
        let byIndex = sink.records.sorted { $0.requestIndex < $1.requestIndex }
        #expect(byIndex.map(\.warmup) == [true, true, false, false, false])
    }

    @Test func openLoopConstantRateKeepsScheduleUnderSlowResponses() {
        // 10 req/s offered, but the server answers one request per second: the intended starts stay
        // on the schedule, so dispatch lag (sent - intended) grows instead of being hidden.
        let clock = ManualClock()
        let sink = CollectingSink()
        let plan = RunPlan(runId: "r", models: [simModel], work: workItems(6), profile: .constant(ratePerSecond: 10),
                           concurrency: 2, maxDurationNs: 3_600_000_000_000)
        _ = Runner(plan: plan, sender: FakeSender(clock: clock, latencyNs: 1_000_000_000, serial: true), sink: sink,
                   clock: clock, runStartNs: 0).run()
        let recs = sink.records.sorted { $0.requestIndex < $1.requestIndex }
        #expect(recs.map(\.intendedStartNs) == [0, 100, 200, 300, 400, 500].map { Int64($0) * 1_000_000 })
        let lag = recs.map { $0.sentNs! - $0.intendedStartNs! }
        #expect(lag[0] == 0)
        #expect(lag[5] > 1_000_000_000)
    }

    @Test func durationBoundStopsSending() {
        let clock = ManualClock()
        let sink = CollectingSink()
        let plan = RunPlan(runId: "r", models: [simModel], work: workItems(100), concurrency: 1,
                           maxDurationNs: 1_000_000_000)
        let outcome = Runner(plan: plan, sender: FakeSender(clock: clock, latencyNs: 300_000_000), sink: sink,
                             clock: clock, runStartNs: 0).run()
        #expect(outcome.stopReason == .duration)
        // Sent at 0, 0.3, 0.6, 0.9 s; the other 96 planned requests are rows too, never sent.
        #expect(sink.records.filter { $0.status != .notSent }.count == 4)
        #expect(sink.records.filter { $0.status == .notSent }.count == 96)
        #expect(outcome.notSent == 96)
        #expect(Set(sink.records.map(\.requestIndex)) == Set(0..<100))
    }
}

/// Completes each attempt on a thread of its own after a real delay (the shape of the libcurl client,
/// whose event loop is a `Thread`; the Dispatch pool may be as busy as the test runner's threads).
final class AsyncSender: RequestSender, @unchecked Sendable {
    let clock = SystemMonotonicClock()
    let delayMs: Int
    /// The run's zero on `clock`: record times are relative to it, as the real client's are.
    let runStartNs: Int64
    init(delayMs: Int, runStartNs: Int64) { self.delayMs = delayMs; self.runStartNs = runStartNs }
    func send(_ item: WorkItem, to model: ModelSpec, runId: String, requestIndex: Int, attempt: Int,
              intendedStartNs: Int64, warmup: Bool, completion: @escaping @Sendable (RequestRecord) -> Void) {
        let start = runStartNs
        let sent = clock.nowNs() - start
        let clock = self.clock
        let delay = Double(delayMs) / 1000
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: delay)
            completion(RequestRecord(runId: runId, requestIndex: requestIndex, attempt: attempt, model: model.name,
                                     dataset: item.dataset, itemId: item.itemId, warmup: warmup, status: .ok,
                                     intendedStartNs: intendedStartNs, sentNs: sent, doneNs: clock.nowNs() - start))
        }
    }
    func cancelAll() {}
}

@Suite struct RunnerOwnerTests {
    /// Completions on other threads wake the scheduling thread (no lost wake-up: the run ends).
    @Test func completionsFromOtherThreadsDriveTheRunToItsEnd() {
        let sink = CollectingSink()
        let clock = SystemMonotonicClock()
        let plan = RunPlan(runId: "r", models: [simModel], work: workItems(40), concurrency: 4,
                           maxDurationNs: 60_000_000_000)
        let start = clock.nowNs()
        let outcome = Runner(plan: plan, sender: AsyncSender(delayMs: 2, runStartNs: start), sink: sink, clock: clock,
                             runStartNs: start).run()
        #expect(outcome.stopReason == .allSent)
        #expect(outcome.attempts == 40 && outcome.notSent == 0)
        #expect(Set(sink.records.map(\.requestIndex)) == Set(0..<40))
    }

    /// An interrupt from another thread stops sending; what was never sent is stored as not_sent.
    @Test func interruptFromAnotherThreadLeavesNotSentRows() {
        let sink = CollectingSink()
        let clock = SystemMonotonicClock()
        let plan = RunPlan(runId: "r", models: [simModel], work: workItems(1_000), concurrency: 1,
                           maxDurationNs: 60_000_000_000)
        let start = clock.nowNs()
        let runner = Runner(plan: plan, sender: AsyncSender(delayMs: 20, runStartNs: start), sink: sink, clock: clock,
                            runStartNs: start)
        Thread.detachNewThread { Thread.sleep(forTimeInterval: 0.1); runner.interrupt() }
        let outcome = runner.run()
        #expect(outcome.stopReason == .interrupted)
        #expect(outcome.notSent > 0 && outcome.attempts + outcome.notSent == 1_000)
        #expect(Set(sink.records.map(\.requestIndex)) == Set(0..<1_000))
    }
}
