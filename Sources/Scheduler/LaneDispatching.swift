import LLMBenchCore

/// What one lane of a scheduler reports once it has dispatched what it could at a moment.
enum LaneState {
    /// Whether the lane still has requests to send, and when it next wants to be asked.
    case idle(remaining: Bool, nextNs: Int64?)
    /// The send guard refused an attempt: the run stops with reason `capped`.
    case capped
}

/// The step rule `RunScheduler` and `ConversationScheduler` share: stop at the duration, drain or
/// finish once stopped, else ask every lane what may go now and wait for the earliest wake-up.
protocol LaneDispatching {
    var stopReason: StopReason? { get set }
    var inFlight: Int { get }
    var laneCount: Int { get }
    var maxDurationNs: Int64 { get }
    var attempts: Int { get set }
    var errors: Int { get set }
    var cancelled: Int { get set }
    var lastDoneNs: Int64? { get set }
    /// Whether every lane's sending ended after consecutive failures (`FailureStop`): the run then
    /// stops with reason `failures` instead of `allSent`.
    var allLanesStoppedByFailures: Bool { get }
    /// Appends every attempt of lane `li` that may go at `t`.
    mutating func dispatchReady(lane li: Int, now t: Int64, allow: (ModelSpec, WorkItem) -> Bool,
                                into out: inout [Dispatch]) -> LaneState
}

extension LaneDispatching {
    /// The next step at run-clock time `t` (see `RunScheduler.next`).
    mutating func step(nowNs t: Int64, allow: (ModelSpec, WorkItem) -> Bool) -> RunScheduler.Step {
        if stopReason == nil, t >= maxDurationNs { stopReason = .duration }
        if let reason = stopReason {
            if inFlight > 0 { return .drain(cancel: reason == .interrupted || reason == .capped) }
            return .finished(reason)
        }
        var out: [Dispatch] = []
        var wakeAt = maxDurationNs
        var workLeft = false
        for li in 0..<laneCount {
            switch dispatchReady(lane: li, now: t, allow: allow, into: &out) {
            case .idle(let remaining, let nextNs):
                workLeft = workLeft || remaining
                if let n = nextNs { wakeAt = min(wakeAt, n) }
            case .capped:
                stopReason = .capped
                if !out.isEmpty { return .send(out) }
                return step(nowNs: t, allow: allow)
            }
        }
        if !out.isEmpty { return .send(out) }
        if !workLeft && inFlight == 0 {
            stopReason = allLanesStoppedByFailures ? .failures : .allSent
            return .finished(stopReason!)
        }
        return .wait(untilNs: wakeAt)
    }

    /// Counts one finished attempt (done at `doneNs`) in the run's counters.
    mutating func count(_ record: RequestRecord, doneNs: Int64) {
        attempts += 1
        switch record.status {
        case .error: errors += 1
        case .cancelled: cancelled += 1
        case .ok, .notSent: break
        }
        lastDoneNs = max(lastDoneNs ?? doneNs, doneNs)
    }
}

extension RetryPolicy {
    /// Delay before `nextAttempt`, ns: `backoffNs` with the server's Retry-After capped at a day, so an
    /// absurd header cannot park a request forever.
    func delayNs(nextAttempt: Int, retryAfterNs: Int64?, rng: inout SplitMix64) -> Int64 {
        backoffNs(nextAttempt: nextAttempt, retryAfterNs: retryAfterNs.map { min(max(0, $0), 86_400_000_000_000) }, rng: &rng)
    }
}
