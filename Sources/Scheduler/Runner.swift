import Foundation
import LLMBenchCore
import Providers

/// Everything the runner needs to know about one run, decided before it starts.
public struct RunPlan: Sendable {
    public var runId: String
    public var models: [ModelSpec]
    /// The requests every model gets, in order (already capped and cycled by the workload).
    public var work: [WorkItem]
    /// Requests sent first to each model, flagged `warmup` and left out of the figures.
    public var warmup: [WorkItem]
    public var profile: LoadProfile
    /// Streams per model (`--concurrency`), lowered by a model's own `max_concurrency`.
    public var concurrency: Int
    /// Closed loop: requests per second per model (`--rate`), nil for as fast as the streams go.
    public var ratePerSecond: Double?
    /// Token-bucket capacity of the `--rate` bucket.
    public var burst: Double
    /// No new request starts after this long (ns from the run's start).
    public var maxDurationNs: Int64
    public var retry: RetryPolicy
    public var seed: UInt64

    public init(runId: String, models: [ModelSpec], work: [WorkItem], warmup: [WorkItem] = [],
                profile: LoadProfile = .concurrent, concurrency: Int, ratePerSecond: Double? = nil,
                burst: Double = 1, maxDurationNs: Int64, retry: RetryPolicy = .none, seed: UInt64 = 0) {
        self.runId = runId; self.models = models; self.work = work; self.warmup = warmup
        self.profile = profile; self.concurrency = concurrency; self.ratePerSecond = ratePerSecond
        self.burst = burst; self.maxDurationNs = maxDurationNs; self.retry = retry; self.seed = seed
    }

    /// Attempts planned, retries not counted.
    public var plannedRequests: Int { models.count * (work.count + warmup.count) }
}

/// Why a run stopped sending.
public enum StopReason: String, Sendable {
    case allSent = "all_requests_sent"
    case duration = "duration_reached"
    case interrupted
    /// A guard (e.g. `--max-cost`) refused further requests.
    case capped
}

/// Counters a progress line shows; read while the run goes.
public struct RunProgress: Sendable {
    public var planned: Int
    public var finished: Int
    public var errors: Int
    public var retries: Int
    public var inFlight: Int
    public var elapsedNs: Int64
}

/// What happened, once the runner returns.
public struct RunOutcome: Sendable {
    public var stopReason: StopReason
    public var attempts: Int
    public var errors: Int
    public var retries: Int
    /// Run-clock ns of the first send and the last completion.
    public var firstSentNs: Int64?
    public var lastDoneNs: Int64?
}

/// Decides, before each send, whether one more request may go (the spending guard of `--max-cost`).
public protocol SendGuard: Sendable {
    /// Called under the runner's lock before a request is sent; false stops the run (reason `capped`).
    func allowSend(model: ModelSpec, item: WorkItem) -> Bool
    /// Sees every finished attempt (before the runner counts it).
    func didFinish(_ record: RequestRecord, item: WorkItem)
}

/// Sends a plan's requests through a `RequestSender` under per-model concurrency and rate limits,
/// passes each finished attempt to a `RecordSink`, and retries as the policy says.
///
/// One scheduling thread (the caller's) decides what to send and when; completions arrive on the
/// sender's thread, go to the sink, and wake the scheduler. Time comes from the injected clock.
public final class Runner: @unchecked Sendable {
    private let plan: RunPlan
    private let sender: any RequestSender
    private let sink: any RecordSink
    private let clock: any MonotonicClock
    private let runStartNs: Int64
    private let sendGuard: (any SendGuard)?
    private let cond = NSCondition()

    // All state below is guarded by `cond`.
    private var lanes: [Lane]
    private var stopRequested = false
    private var nextRequestIndex = 0
    private var finished = 0
    private var errors = 0
    private var retries = 0
    private var firstSentNs: Int64?
    private var lastDoneNs: Int64?
    private var rng: SplitMix64
    /// Attempts decided under the lock, sent after it is released.
    private var outbox: [(Pending, Int, Int64, ModelSpec)] = []

    /// One model's queue, limits and streams.
    private struct Lane {
        var model: ModelSpec
        var limiter: ModelLimiter
        var concurrency: Int
        var inFlight = 0
        /// Run-clock times at which streams became free, earliest first (closed loop).
        var freeSince: [Int64]
        var nextFresh = 0
        var schedule: ArrivalSchedule
        var nextArrivalNs: Int64?
        var retryQueue: [Pending] = []
    }

    private struct Pending {
        var item: WorkItem
        var requestIndex: Int
        var attempt: Int
        var warmup: Bool
        var dueNs: Int64
    }

    /// - Parameter runStartNs: the run's zero on `clock`; every record's times are relative to it.
    public init(plan: RunPlan, sender: any RequestSender, sink: any RecordSink,
                clock: any MonotonicClock = SystemMonotonicClock(), runStartNs: Int64,
                sendGuard: (any SendGuard)? = nil) {
        self.plan = plan
        self.sender = sender
        self.sink = sink
        self.clock = clock
        self.runStartNs = runStartNs
        self.sendGuard = sendGuard
        self.rng = SplitMix64(seed: plan.seed ^ 0x5EED)
        var lanes: [Lane] = []
        for (i, m) in plan.models.enumerated() {
            let conc = max(1, min(plan.concurrency, m.limits.maxConcurrency ?? Int.max))
            let limiter = ModelLimiter(requestsPerSecond: plan.profile.isOpenLoop ? nil : plan.ratePerSecond,
                                       burst: plan.burst, limits: m.limits, nowNs: 0)
            lanes.append(Lane(model: m, limiter: limiter, concurrency: conc,
                              freeSince: Array(repeating: 0, count: conc),
                              schedule: ArrivalSchedule(profile: plan.profile, seed: plan.seed &+ UInt64(i), startNs: 0)))
        }
        self.lanes = lanes
    }

    /// Asks the run to stop: no new requests; those in flight are cancelled and still recorded.
    public func interrupt() {
        cond.lock()
        stopRequested = true
        cond.signal()
        cond.unlock()
    }

    public func progress() -> RunProgress {
        cond.lock(); defer { cond.unlock() }
        return RunProgress(planned: plan.plannedRequests, finished: finished, errors: errors, retries: retries,
                           inFlight: lanes.reduce(0) { $0 + $1.inFlight }, elapsedNs: now())
    }

    private func now() -> Int64 { clock.nowNs() - runStartNs }

    /// Runs the plan to its end on the calling thread and returns when every attempt is recorded.
    public func run() -> RunOutcome {
        var reason = StopReason.allSent
        cond.lock()
        schedule: while true {
            if stopRequested { reason = .interrupted; break }
            let t = now()
            if t >= plan.maxDurationNs { reason = .duration; break }
            var wakeAt = plan.maxDurationNs
            var workLeft = false
            for li in lanes.indices {
                switch dispatchReady(lane: li, now: t) {
                case .idle(let remaining, let next):
                    workLeft = workLeft || remaining
                    if let n = next { wakeAt = min(wakeAt, n) }
                case .capped:
                    reason = .capped
                    flushOutbox()
                    break schedule
                }
            }
            // Something was sent: completions may already have changed the picture, so look again.
            if flushOutbox() { continue }
            let inFlight = lanes.reduce(0) { $0 + $1.inFlight }
            if !workLeft && inFlight == 0 { reason = .allSent; break }
            wait(untilRunNs: wakeAt, inFlight: inFlight)
        }
        let cancel = reason == .interrupted || reason == .capped
        cond.unlock()
        if cancel { sender.cancelAll() }
        // Drain: every attempt in flight completes (cancelled ones too) before we return.
        cond.lock()
        while lanes.contains(where: { $0.inFlight > 0 }) {
            if stopRequested && !cancel {
                cond.unlock(); sender.cancelAll(); cond.lock()
                if reason == .duration || reason == .allSent { reason = .interrupted }
            }
            _ = cond.wait(until: Date(timeIntervalSinceNow: 0.05))
        }
        if stopRequested && reason != .capped { reason = .interrupted }
        let outcome = RunOutcome(stopReason: reason, attempts: finished, errors: errors, retries: retries,
                                 firstSentNs: firstSentNs, lastDoneNs: lastDoneNs)
        cond.unlock()
        return outcome
    }

    private enum LaneState {
        /// Whether the lane still has requests to send, and when it next wants to be woken.
        case idle(remaining: Bool, nextNs: Int64?)
        case capped
    }

    /// Sends every request of one lane that may go now. Called with the lock held.
    private func dispatchReady(lane li: Int, now t: Int64) -> LaneState {
        while true {
            var lane = lanes[li]
            let retryDue = lane.retryQueue.indices.min(by: { lane.retryQueue[$0].dueNs < lane.retryQueue[$1].dueNs })
            let freshLeft = lane.nextFresh < plan.warmup.count + plan.work.count
            let remaining = freshLeft || !lane.retryQueue.isEmpty
            guard remaining else { return .idle(remaining: false, nextNs: nil) }
            guard lane.inFlight < lane.concurrency else { return .idle(remaining: true, nextNs: nil) }

            // Pick the next attempt: a retry that is due, else the next fresh request.
            var pending: Pending
            var fromRetry = -1
            if let ri = retryDue, lane.retryQueue[ri].dueNs <= t {
                pending = lane.retryQueue[ri]
                fromRetry = ri
            } else if freshLeft {
                let arrival: Int64
                if plan.profile.isOpenLoop {
                    if lane.nextArrivalNs == nil { lane.nextArrivalNs = lane.schedule.next(startNs: 0) }
                    arrival = lane.nextArrivalNs!
                } else {
                    arrival = lane.freeSince.first ?? t
                }
                if arrival > t {
                    lanes[li] = lane
                    let retryNext = retryDue.map { lane.retryQueue[$0].dueNs }
                    return .idle(remaining: true, nextNs: min(arrival, retryNext ?? .max))
                }
                let n = lane.nextFresh
                let warm = n < plan.warmup.count
                let item = warm ? plan.warmup[n] : plan.work[n - plan.warmup.count]
                pending = Pending(item: item, requestIndex: -1, attempt: 0, warmup: warm, dueNs: arrival)
            } else {
                lanes[li] = lane
                return .idle(remaining: true, nextNs: retryDue.map { lane.retryQueue[$0].dueNs })
            }

            let cost = pending.item.estimatedInputTokens + min(pending.item.maxOutputTokens, lane.model.maxOutputTokens ?? .max)
            switch lane.limiter.acquire(tokens: cost, nowNs: t) {
            case .wait(let ns):
                lanes[li] = lane
                return .idle(remaining: true, nextNs: t + ns)
            case .proceed(let eligibleSince):
                if let g = sendGuard, !g.allowSend(model: lane.model, item: pending.item) {
                    lanes[li] = lane
                    return .capped
                }
                let intended = max(pending.dueNs, eligibleSince)
                if !plan.profile.isOpenLoop, !lane.freeSince.isEmpty { lane.freeSince.removeFirst() }
                if fromRetry >= 0 {
                    lane.retryQueue.remove(at: fromRetry)
                } else {
                    lane.nextFresh += 1
                    if plan.profile.isOpenLoop { lane.nextArrivalNs = nil }
                    pending.requestIndex = nextRequestIndex
                    nextRequestIndex += 1
                }
                lane.inFlight += 1
                lanes[li] = lane
                if firstSentNs == nil { firstSentNs = t }
                outbox.append((pending, li, intended, lane.model))
            }
        }
    }

    /// Sends what the scheduler decided, with the lock released (a sender may complete at once).
    @discardableResult
    private func flushOutbox() -> Bool {
        guard !outbox.isEmpty else { return false }
        let batch = outbox
        outbox.removeAll(keepingCapacity: true)
        cond.unlock()
        for (p, li, intended, model) in batch { send(p, model: model, lane: li, intendedNs: intended) }
        cond.lock()
        return true
    }

    private func send(_ p: Pending, model: ModelSpec, lane li: Int, intendedNs: Int64) {
        sender.send(p.item, to: model, runId: plan.runId, requestIndex: p.requestIndex, attempt: p.attempt,
                    intendedStartNs: intendedNs, warmup: p.warmup) { [self] record in
            sendGuard?.didFinish(record, item: p.item)
            sink.record(record)
            complete(record, pending: p, lane: li)
        }
    }

    private func complete(_ record: RequestRecord, pending p: Pending, lane li: Int) {
        cond.lock()
        defer { cond.signal(); cond.unlock() }
        let done = record.doneNs ?? now()
        lanes[li].inFlight -= 1
        finished += 1
        if record.status != .ok { errors += 1 }
        lastDoneNs = max(lastDoneNs ?? done, done)
        if plan.retry.shouldRetry(record) && !stopRequested {
            retries += 1
            // Retry-After in seconds or as an HTTP-date (RFC 9110 §10.2.3), capped at a day.
            let retryAfter = record.rateLimitHeaders["retry-after"].flatMap { RetryAfter.parse($0, now: Date()) }
                .map { min($0, 86_400_000_000_000) }
            let delay = plan.retry.backoffNs(nextAttempt: p.attempt + 1, retryAfterNs: retryAfter, rng: &rng)
            lanes[li].retryQueue.append(Pending(item: p.item, requestIndex: p.requestIndex, attempt: p.attempt + 1,
                                                warmup: p.warmup, dueNs: done + delay))
        }
        if !plan.profile.isOpenLoop {
            // Keep the free-stream times sorted: insert where it belongs.
            let idx = lanes[li].freeSince.firstIndex(where: { $0 > done }) ?? lanes[li].freeSince.count
            lanes[li].freeSince.insert(done, at: idx)
        }
    }

    /// Waits for a completion or until the run clock reaches `deadline`, with the lock held.
    private func wait(untilRunNs deadline: Int64, inFlight: Int) {
        let remaining = deadline - now()
        guard remaining > 0 else { return }
        if remaining <= 2_000_000 || (inFlight == 0 && clock is ManualClock) {
            // A short wait: sleep precisely on the monotonic clock (condition waits are coarser). With a
            // manual clock and nothing in flight, this jumps straight to the deadline.
            cond.unlock()
            clock.sleep(untilNs: runStartNs + deadline)
            cond.lock()
        } else {
            _ = cond.wait(until: Date(timeIntervalSinceNow: Double(remaining - 1_000_000) / 1e9))
        }
    }
}
