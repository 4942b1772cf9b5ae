import LLMBenchCore
import Testing
@testable import Scheduler

/// Drives a `RunScheduler` by hand: no threads, no clock, every completion at `sent + latency`.
struct SchedulerDriver {
    var machine: RunScheduler
    var latencyNs: (Dispatch) -> Int64
    /// Decides each attempt's outcome: (status, error kind, Retry-After delay).
    var outcome: (Dispatch) -> (RequestStatus, ErrorKind?, Int64?) = { _ in (.ok, nil, nil) }
    var allow: (ModelSpec, WorkItem) -> Bool = { _, _ in true }
    /// Stop (as Ctrl-C would) once the run clock reaches this.
    var interruptAtNs: Int64?
    private(set) var sent: [(Dispatch, sentNs: Int64)] = []
    private(set) var records: [RequestRecord] = []
    private(set) var stop: StopReason?

    init(plan: RunPlan, latencyNs: @escaping (Dispatch) -> Int64) {
        machine = RunScheduler(plan: plan)
        self.latencyNs = latencyNs
    }

    /// Runs to the end; in-flight attempts complete in done order. Bounded in steps.
    mutating func run() {
        var t: Int64 = 0
        var inFlight: [(done: Int64, d: Dispatch, sent: Int64)] = []
        var cancelled = false
        for _ in 0..<1_000_000 {
            if let at = interruptAtNs, t >= at, stop == nil, machine.stopReason == nil { machine.interrupt() }
            switch machine.next(nowNs: t, allow: allow) {
            case .send(let batch):
                for d in batch {
                    sent.append((d, t))
                    inFlight.append((t + latencyNs(d), d, t))
                }
            case .wait(let until):
                let nextDone = inFlight.map(\.done).min()
                var target = [until, nextDone, interruptAtNs.flatMap { $0 > t ? $0 : nil }].compactMap { $0 }.min() ?? t
                target = max(target, t)
                t = target
                finishDue(at: t, &inFlight)
            case .drain(let cancel):
                if cancel && !cancelled {
                    cancelled = true
                    for f in inFlight { complete(f.d, sent: f.sent, done: t, status: .cancelled, kind: .cancelled, retryAfter: nil) }
                    inFlight.removeAll()
                } else {
                    t = max(t, inFlight.map(\.done).min() ?? t)
                    finishDue(at: t, &inFlight)
                }
            case .finished(let r):
                stop = r
                records += machine.notSentRecords(runId: "r")
                return
            }
        }
        Issue.record("the scheduler did not finish within the step bound")
    }

    private mutating func finishDue(at t: Int64, _ inFlight: inout [(done: Int64, d: Dispatch, sent: Int64)]) {
        inFlight.sort { $0.done < $1.done }
        while let f = inFlight.first, f.done <= t {
            inFlight.removeFirst()
            let (status, kind, after) = outcome(f.d)
            complete(f.d, sent: f.sent, done: f.done, status: status, kind: kind, retryAfter: after)
        }
    }

    private mutating func complete(_ d: Dispatch, sent: Int64, done: Int64, status: RequestStatus, kind: ErrorKind?,
                                   retryAfter: Int64?) {
        let r = RequestRecord(runId: "r", requestIndex: d.requestIndex, attempt: d.attempt, model: machine.plan.models[d.lane].name,
                              dataset: d.item.dataset, itemId: d.item.itemId, warmup: d.warmup, status: status,
                              errorKind: kind, intendedStartNs: d.intendedStartNs, sentNs: sent, doneNs: done)
        records.append(r)
        machine.complete(r, of: d, nowNs: done, retryAfterNs: retryAfter)
    }
}

private func model(_ name: String = "m", rpm: Double? = nil, maxConcurrency: Int? = nil) -> ModelSpec {
    var m = ModelSpec(name: name, kind: .simulated, baseURL: "http://127.0.0.1:1/v1", modelId: name)
    m.limits.requestsPerMinute = rpm
    m.limits.maxConcurrency = maxConcurrency
    return m
}

private let hour: Int64 = 3_600_000_000_000
private let second: Int64 = 1_000_000_000

@Suite struct RunSchedulerTests {
    /// Finding 2: `--profile constant --rate 30 --rpm 60 --requests 90`. The RPM bucket (one minute's
    /// worth, 60) lets 60 go on schedule, then one a second: the last is sent ~30 s after it was due.
    /// Intended starts stay on the schedule; the wait is dispatch lag.
    @Test func openLoopIntendedStartIsTheScheduleEvenWhenTheLimiterHoldsSendsBack() {
        let plan = RunPlan(runId: "r", models: [model(rpm: 60)], work: workItems(90), profile: .constant(ratePerSecond: 30),
                           concurrency: 64, maxDurationNs: hour)
        var d = SchedulerDriver(plan: plan) { _ in 150_000_000 }
        d.run()
        #expect(d.stop == .allSent)
        let byIndex = d.sent.sorted { $0.0.requestIndex < $1.0.requestIndex }
        #expect(byIndex.count == 90)
        for (k, s) in byIndex.enumerated() {
            #expect(s.0.intendedStartNs == Int64((Double(k) / 30 * 1e9).rounded()), "request \(k) keeps its schedule time")
        }
        let lastLag = byIndex.last!.sentNs - byIndex.last!.0.intendedStartNs
        // Request 89 is due at 2.967 s and sent when the bucket refills its 30th token after the 60:
        // at 30 s (the 60 of the first minute go at once, then one a second from t = 1 s).
        #expect(lastLag > 25 * second, "the limiter's wait counts as dispatch lag (got \(lastLag) ns)")
        #expect(byIndex.last!.sentNs >= 29 * second)
    }

    /// Finding 4: 20 req/s open loop against a model that answers one at a time in 5 s, `--duration 5s`,
    /// 100 requests. One is sent; the other 99 were due (all within 5 s) and are `not_sent` rows
    /// with their schedule times, so the tail is accounted for instead of vanishing.
    @Test func openLoopBacklogAtTheDurationIsStoredAsNotSent() {
        let plan = RunPlan(runId: "r", models: [model(maxConcurrency: 1)], work: workItems(100),
                           profile: .constant(ratePerSecond: 20), concurrency: 8, maxDurationNs: 5 * second)
        var d = SchedulerDriver(plan: plan) { _ in 5 * second }
        d.run()
        #expect(d.stop == .duration)
        let notSent = d.records.filter { $0.status == .notSent }
        #expect(d.sent.count == 1 && notSent.count == 99)
        #expect(Set(d.records.map(\.requestIndex)) == Set(0..<100))
        let intended = notSent.sorted { $0.requestIndex < $1.requestIndex }.map(\.intendedStartNs)
        #expect(intended == (1..<100).map { Int64((Double($0) / 20 * 1e9).rounded()) })
        #expect(notSent.allSatisfy { $0.sentNs == nil && $0.attempt == 0 && $0.usage == nil })
    }

    @Test func closedLoopNotSentRowsHaveNoIntendedStart() {
        let plan = RunPlan(runId: "r", models: [model()], work: workItems(10), concurrency: 2, maxDurationNs: second)
        var d = SchedulerDriver(plan: plan) { _ in 400_000_000 }
        d.run()
        #expect(d.stop == .duration)
        let notSent = d.records.filter { $0.status == .notSent }
        #expect(d.sent.count == 6 && notSent.count == 4)   // streams free at 0, 0.4, 0.8 s
        #expect(notSent.allSatisfy { $0.intendedStartNs == nil })
    }

    /// Every planned request is one distinct index, for every profile and each stop reason.
    @Test(arguments: ["concurrent", "constant", "poisson"])
    func distinctIndicesEqualPlannedForEveryStopReason(profileName: String) {
        let profile: LoadProfile = profileName == "concurrent" ? .concurrent
            : profileName == "constant" ? .constant(ratePerSecond: 10) : .poisson(ratePerSecond: 10)
        for stop in [StopReason.allSent, .duration, .interrupted, .capped] {
            let plan = RunPlan(runId: "r", models: [model("a"), model("b")], work: workItems(30), warmup: workItems(2),
                               profile: profile, concurrency: 2,
                               maxDurationNs: stop == .duration ? 2 * second : hour,
                               retry: RetryPolicy(maxRetries: 2, baseNs: 10_000_000))
            var d = SchedulerDriver(plan: plan) { _ in 300_000_000 }
            d.outcome = { $0.requestIndex % 5 == 0 && $0.attempt == 0 ? (.error, .http429, nil) : (.ok, nil, nil) }
            if stop == .interrupted { d.interruptAtNs = 1_500_000_000 }
            if stop == .capped {
                var budget = 25
                d.allow = { _, _ in budget -= 1; return budget >= 0 }
            }
            d.run()
            #expect(d.stop == stop, "\(profileName): expected \(stop)")
            #expect(Set(d.records.map(\.requestIndex)).count == plan.plannedRequests, "\(profileName) \(stop)")
            #expect(Set(d.records.map(\.requestIndex)) == Set(0..<plan.plannedRequests))
            let firsts = d.records.filter { $0.attempt == 0 }
            #expect(firsts.count == plan.plannedRequests, "one first attempt or not_sent row per planned request")
            #expect(d.records.filter { $0.status == .notSent }.allSatisfy { r in
                profile.isOpenLoop ? r.intendedStartNs != nil : r.intendedStartNs == nil })
            if stop == .allSent { #expect(!d.records.contains { $0.status == .notSent }) }
            if stop != .allSent { #expect(d.records.contains { $0.status == .notSent }) }
        }
    }

    @Test func retryIsDueAfterBackoffOrRetryAfterAndSharesItsIndex() {
        let plan = RunPlan(runId: "r", models: [model()], work: workItems(1), profile: .constant(ratePerSecond: 1),
                           concurrency: 1, maxDurationNs: hour, retry: RetryPolicy(maxRetries: 1, baseNs: 1_000_000))
        var d = SchedulerDriver(plan: plan) { _ in 10_000_000 }
        d.outcome = { $0.attempt == 0 ? (.error, .http429, 2 * second) : (.ok, nil, nil) }
        d.run()
        let attempts = d.sent.map(\.0)
        #expect(attempts.map(\.attempt) == [0, 1])
        #expect(attempts.map(\.requestIndex) == [0, 0])
        // The retry's intended start is its due time: done (10 ms) + Retry-After (2 s).
        #expect(attempts[1].intendedStartNs == 10_000_000 + 2 * second)
        #expect(d.machine.retries == 1 && d.machine.errors == 1)
    }

    @Test func noRetryIsQueuedOnceSendingStopped() {
        let plan = RunPlan(runId: "r", models: [model()], work: workItems(2), concurrency: 2,
                           maxDurationNs: 100_000_000, retry: RetryPolicy(maxRetries: 3, baseNs: 1_000_000))
        var d = SchedulerDriver(plan: plan) { _ in 500_000_000 }
        d.outcome = { _ in (.error, .http5xx, nil) }
        d.run()
        #expect(d.stop == .duration)
        #expect(d.sent.count == 2 && d.machine.retries == 0)
    }

    @Test func interruptCancelsInFlightAndCancelledAreNotErrors() {
        let plan = RunPlan(runId: "r", models: [model()], work: workItems(10), concurrency: 3, maxDurationNs: hour)
        var d = SchedulerDriver(plan: plan) { _ in 10 * second }
        d.interruptAtNs = second
        d.run()
        #expect(d.stop == .interrupted)
        #expect(d.machine.cancelled == 3 && d.machine.errors == 0)
        #expect(d.records.filter { $0.status == .notSent }.count == 7)
    }

    @Test func closedLoopUnderARateLimitIsPacedByTheLimiter() {
        let plan = RunPlan(runId: "r", models: [model()], work: workItems(4), concurrency: 4, ratePerSecond: 2,
                           burst: 1, maxDurationNs: hour)
        var d = SchedulerDriver(plan: plan) { _ in 1_000_000 }
        d.run()
        #expect(d.sent.map(\.0.intendedStartNs) == [0, 500_000_000, 1_000_000_000, 1_500_000_000])
    }
}
