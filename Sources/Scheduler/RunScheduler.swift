import Datasets
import LLMBenchCore

/// One attempt the scheduler decided to send now.
public struct Dispatch: Sendable, Equatable {
    /// Index of the model's lane in `RunPlan.models`.
    public var lane: Int
    public var item: WorkItem
    public var requestIndex: Int
    public var attempt: Int
    public var warmup: Bool
    /// Open loop: the schedule time (or a retry's due time), whatever the client waited for since.
    /// Closed loop: the later of the moment a stream became free and the moment the limiter allowed.
    public var intendedStartNs: Int64
}

/// The decisions of a run, as a pure state machine: what to send, when, with which intended start;
/// when to retry; why and when sending stops; what was left unsent. No threads, no clock: the owner
/// (`Runner`) passes the run-clock time in and performs what `next` returns.
///
/// Rules (issue 10):
/// - Open loop (constant, Poisson): request k's intended start is its schedule time, always. A wait
///   for the rate limiter, the concurrency cap or a late wake-up is dispatch lag (sent − intended).
/// - Closed loop: a stream's next request is intended when the stream became free or, under a rate
///   limit, when the limiter allowed it (the limiter is the loop's pacing).
/// - A failed attempt the `RetryPolicy` retries is queued at done + backoff (Retry-After wins when
///   longer) and shares its request's index; no retry is queued once sending has stopped.
/// - Sending stops at `maxDurationNs` (in-flight attempts finish), on `interrupt()` or when the send
///   guard refuses (in-flight attempts are cancelled). One model's sending stops after
///   `plan.failureStop.limit` consecutive failed requests (its in-flight attempts finish; the others go on). Every planned request that was never sent is
///   returned by `notSentRecords` so the run stores one row per planned request.
public struct RunScheduler: Sendable {
    /// What the owner does next.
    public enum Step: Sendable, Equatable {
        /// Hand these attempts to the sender, in order, then ask again.
        case send([Dispatch])
        /// Nothing is due: wait for a completion, or until the run clock reads `untilNs` (`nil`: a
        /// completion only).
        case wait(untilNs: Int64?)
        /// Sending has stopped; attempts are still in flight. `cancel`: end them now (interrupt, cap).
        case drain(cancel: Bool)
        /// Sending has stopped and every attempt has finished.
        case finished(StopReason)
    }

    public let plan: RunPlan
    private var lanes: [Lane]
    private var nextRequestIndex = 0
    private var rng: SplitMix64
    public internal(set) var stopReason: StopReason?
    public internal(set) var attempts = 0
    public internal(set) var errors = 0
    public internal(set) var cancelled = 0
    public private(set) var retries = 0
    /// Run-clock ns of the first send and of the last completion.
    public private(set) var firstSentNs: Int64?
    public internal(set) var lastDoneNs: Int64?
    /// Models stopped by `plan.failureStop`, in the order they stopped.
    public private(set) var failureStops: [FailureStopEvent] = []

    private struct Lane: Sendable {
        var model: ModelSpec
        var limiter: ModelLimiter
        var concurrency: Int
        var inFlight = 0
        /// Closed loop: run-clock times at which streams became free, earliest first.
        var freeSince: FreeStreams
        /// The model's fresh requests (warmup, then its part of the work), taken in order.
        var work: LaneWork
        var schedule: ArrivalSchedule
        /// Open loop: the schedule time of request `nextFresh`, once drawn.
        var nextArrivalNs: Int64?
        var retryQueue: [Retry] = []
        /// Failed requests in a row (`FailureStop`), and whether that ended this lane's sending.
        var consecutiveFailures = 0
        var stoppedByFailures = false
        /// Whether any answer came from an llmbench simulator (`FailureStop.sparesSimulators`).
        var servedBySimulator: Bool
        var finished = 0
        var errors = 0
    }

    private struct Retry: Sendable {
        var item: WorkItem
        var requestIndex: Int
        var attempt: Int
        var warmup: Bool
        var dueNs: Int64
    }

    public init(plan: RunPlan) {
        self.plan = plan
        self.rng = SplitMix64(seed: plan.seed ^ 0x5EED)
        lanes = plan.models.enumerated().map { i, m in
            let conc = max(1, min(plan.concurrency, m.limits.maxConcurrency ?? Int.max))
            return Lane(model: m,
                        limiter: ModelLimiter(requestsPerSecond: plan.profile.isOpenLoop ? nil : plan.ratePerSecond,
                                              burst: plan.burst, limits: m.limits, nowNs: 0),
                        concurrency: conc, freeSince: FreeStreams(count: conc),
                        work: LaneWork(plan: plan.planned, model: m.name, shard: plan.shard),
                        schedule: ArrivalSchedule(profile: plan.profile, seed: plan.seed &+ UInt64(i), startNs: 0,
                                                  phase: plan.shard.phase),
                        servedBySimulator: m.kind == .simulated)
        }
    }

    public var inFlight: Int { lanes.reduce(0) { $0 + $1.inFlight } }

    /// Stops sending because the user asked (Ctrl-C); attempts in flight are to be cancelled.
    public mutating func interrupt() {
        if stopReason != .capped { stopReason = .interrupted }
    }

    /// The next step at run-clock time `nowNs`. `allow` is the send guard (`--max-cost`): asked
    /// once per attempt about to be sent; `false` stops the run with reason `capped`.
    public mutating func next(nowNs t: Int64, allow: (ModelSpec, WorkItem) -> Bool = { _, _ in true }) -> Step {
        step(nowNs: t, allow: allow)
    }

    /// Appends every attempt of one lane that may go at `t`.
    mutating func dispatchReady(lane li: Int, now t: Int64, allow: (ModelSpec, WorkItem) -> Bool,
                                        into out: inout [Dispatch]) -> LaneState {
        while true {
            var lane = lanes[li]
            let retryDue = lane.retryQueue.indices.min { lane.retryQueue[$0].dueNs < lane.retryQueue[$1].dueNs }
            let freshLeft = lane.work.hasMore
            guard !lane.stoppedByFailures, freshLeft || !lane.retryQueue.isEmpty else { return .idle(remaining: false, nextNs: nil) }
            guard lane.inFlight < lane.concurrency else { return .idle(remaining: true, nextNs: nil) }

            // The next attempt: a retry that is due, else the next fresh request once it is due.
            var candidate: Retry
            var fromRetry: Int?
            if let ri = retryDue, lane.retryQueue[ri].dueNs <= t {
                candidate = lane.retryQueue[ri]
                fromRetry = ri
            } else if freshLeft {
                let due: Int64
                if plan.profile.isOpenLoop {
                    if lane.nextArrivalNs == nil { lane.nextArrivalNs = lane.schedule.next(startNs: 0) }
                    due = lane.nextArrivalNs!
                } else {
                    due = lane.freeSince.first ?? t
                }
                if due > t {
                    lanes[li] = lane
                    return .idle(remaining: true, nextNs: min(due, retryDue.map { lane.retryQueue[$0].dueNs } ?? .max))
                }
                guard let fresh = lane.work.peek() else {
                    lanes[li] = lane
                    continue   // the lane's requests ended early (`LaneWork.failure`)
                }
                candidate = Retry(item: fresh.item, requestIndex: -1, attempt: 0, warmup: fresh.warmup, dueNs: due)
            } else {
                lanes[li] = lane
                return .idle(remaining: true, nextNs: retryDue.map { lane.retryQueue[$0].dueNs })
            }

            // Tokens counted against TPM: the prompt counted in the model's encoding plus the whole output limit (room to think included).
            let limit = lane.model.outputLimit(taskMax: candidate.item.maxOutputTokens)
            let prompt = candidate.item.inputTokens(in: lane.model.promptEncoding)
            let (sum, over) = prompt.addingReportingOverflow(limit)
            switch lane.limiter.acquire(tokens: over ? .max : sum, nowNs: t) {
            case .wait(let ns):
                lanes[li] = lane
                return .idle(remaining: true, nextNs: t + ns)
            case .proceed(let eligibleSince):
                guard allow(lane.model, candidate.item) else {
                    lanes[li] = lane
                    return .capped
                }
                let intended = plan.profile.isOpenLoop ? candidate.dueNs : max(candidate.dueNs, eligibleSince)
                if !plan.profile.isOpenLoop, !lane.freeSince.isEmpty {
                    lanes[li].freeSince = FreeStreams(count: 0)  // so `lane` holds the only reference: no copy
                    lane.freeSince.removeFirst()
                }
                if let ri = fromRetry {
                    lane.retryQueue.remove(at: ri)
                } else {
                    lane.work.take()
                    lane.nextArrivalNs = nil
                    candidate.requestIndex = nextRequestIndex
                    nextRequestIndex += 1
                }
                lane.inFlight += 1
                lanes[li] = lane
                if firstSentNs == nil { firstSentNs = t }
                out.append(Dispatch(lane: li, item: candidate.item, requestIndex: candidate.requestIndex,
                                    attempt: candidate.attempt, warmup: candidate.warmup, intendedStartNs: intended))
            }
        }
    }

    /// Takes one finished attempt back. `retryAfterNs` is the server's Retry-After as a delay (the
    /// owner parses it; an HTTP-date needs the wall clock). `nowNs` stands in for a missing `doneNs`.
    /// Returns the event when this completion stopped its model (`plan.failureStop`).
    @discardableResult
    public mutating func complete(_ record: RequestRecord, of d: Dispatch, nowNs: Int64,
                                  retryAfterNs: Int64? = nil) -> FailureStopEvent? {
        let done = record.doneNs ?? nowNs
        lanes[d.lane].inFlight -= 1
        count(record, doneNs: done)
        lanes[d.lane].finished += 1
        if record.status == .error { lanes[d.lane].errors += 1 }
        if record.servedBySimulator { lanes[d.lane].servedBySimulator = true }
        let willRetry = stopReason == nil && !lanes[d.lane].stoppedByFailures && plan.retry.shouldRetry(record)
        var event: FailureStopEvent?
        switch record.status {
        case .ok: lanes[d.lane].consecutiveFailures = 0
        case .error where !willRetry:
            lanes[d.lane].consecutiveFailures += 1
            let lane = lanes[d.lane]
            let limit = plan.failureStop.limit
            if limit > 0, !lane.stoppedByFailures, lane.consecutiveFailures >= limit,
               !(plan.failureStop.sparesSimulators && lane.servedBySimulator) {
                lanes[d.lane].stoppedByFailures = true
                lanes[d.lane].retryQueue.removeAll()
                event = FailureStopEvent(model: lane.model.name, failures: lane.consecutiveFailures, atNs: done)
                failureStops.append(event!)
            }
        default: break
        }
        if willRetry {
            retries += 1
            let delay = plan.retry.delayNs(nextAttempt: d.attempt + 1, retryAfterNs: retryAfterNs, rng: &rng)
            lanes[d.lane].retryQueue.append(Retry(item: d.item, requestIndex: d.requestIndex, attempt: d.attempt + 1,
                                                  warmup: d.warmup, dueNs: done + delay))
        }
        if !plan.profile.isOpenLoop {
            // Keep the free-stream times sorted.
            lanes[d.lane].freeSince.insert(done)
        }
        return event
    }

    /// Planned requests not sent yet, per lane.
    public var unsentCount: Int { lanes.reduce(0) { $0 + ($1.work.count - $1.work.taken) } }

    /// Why a model's requests ended early: one could not be built (nil normally).
    public var workFailure: String? { lanes.lazy.compactMap(\.work.failure).first }

    /// The next `limit` (at most) `not_sent` rows, once sending has stopped: one per planned request
    /// that was never sent; open loop with its schedule time as intended start, closed loop with
    /// none. Request indices continue after the sent ones, so a run's distinct indices equal its
    /// planned requests. Empty when none are left. Taken in chunks so memory stays bounded however
    /// many requests a run planned.
    public mutating func takeNotSent(runId: String, limit: Int) -> [RequestRecord] {
        precondition(stopReason != nil, "not_sent rows exist only once sending has stopped")
        var out: [RequestRecord] = []
        for li in lanes.indices {
            while out.count < limit, let fresh = lanes[li].work.peek() {
                let item = fresh.item, warm = fresh.warmup
                var intended: Int64?
                if plan.profile.isOpenLoop {
                    intended = lanes[li].nextArrivalNs ?? lanes[li].schedule.next(startNs: 0)
                    lanes[li].nextArrivalNs = nil
                }
                lanes[li].work.take()
                out.append(RequestRecord(runId: runId, requestIndex: nextRequestIndex, attempt: 0,
                                         model: lanes[li].model.name, dataset: item.dataset, itemId: item.itemId,
                                         warmup: warm, status: .notSent, intendedStartNs: intended))
                nextRequestIndex += 1
            }
        }
        return out
    }

    /// Counters for a progress line at run-clock time `nowNs`.
    public func progress(nowNs: Int64) -> RunProgress {
        RunProgress(planned: lanes.reduce(0) { $0 + $1.work.count }, finished: attempts, errors: errors, retries: retries,
                    inFlight: inFlight, elapsedNs: nowNs,
                    models: lanes.map { ModelProgress(model: $0.model.name, planned: $0.work.count, finished: $0.finished,
                                                      errors: $0.errors, stopped: $0.stoppedByFailures) })
    }
}

extension RunScheduler: LaneDispatching {
    var laneCount: Int { lanes.count }
    var maxDurationNs: Int64 { plan.maxDurationNs }
    var allLanesStoppedByFailures: Bool { lanes.allSatisfy(\.stoppedByFailures) }
}
