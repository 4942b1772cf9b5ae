import Foundation
import LLMBenchCore
import Providers

/// The thin owner of a `RunScheduler`: performs its steps (send, wait, cancel), feeds completions
/// back, and hands every record, `not_sent` ones included, to a `RecordSink`.
///
/// One scheduling thread (the caller's) asks the scheduler what to do; completions arrive on the
/// sender's thread and go to the sink. A completion then asks the scheduler for its next step
/// itself and performs the sends it returns on the sender's thread (a closed loop's next request
/// leaves without waking the scheduling thread: two thread hand-offs per request were most of a
/// 1-stream run's CPU); it wakes the scheduling thread only when that thread's wait no longer fits
/// (an earlier deadline, a drain, the end). Every decision is the scheduler's (unit-tested without
/// threads), whichever thread asks; time comes from the injected clock.
public final class Runner<C: MonotonicClock>: @unchecked Sendable {
    private let plan: RunPlan
    private let sender: any RequestSender
    private let sink: any RecordSink
    private let clock: C
    private let runStartNs: Int64
    private let sendGuard: (any SendGuard)?
    /// The wall clock, read only to turn a Retry-After HTTP-date into a delay.
    private let wallNow: @Sendable () -> Date
    private let lock = NSLock()
    private let wakeup = Wakeup()
    /// Guarded by `lock`.
    private var machine: any RunMachine
    /// What the scheduling thread is doing (guarded by `lock`): it waits until a run-clock time (nil:
    /// for a completion only), or it is running and will ask the machine again before it waits.
    private var schedulerWait: SchedulerWait = .running
    private enum SchedulerWait { case running, waiting(untilNs: Int64?) }
    private enum InlineStep { case send([Dispatch]), wake, none }
    /// Whether a completion is performing sends (guarded by `lock`): a completion that arrives
    /// meanwhile (from inside `send`, or on another thread) leaves them to it, so sends never recurse.
    private var inlineSending = false
    /// Told (on the sender's thread) when a model's part of the run ends after consecutive failures.
    public var onFailureStop: (@Sendable (FailureStopEvent) -> Void)?

    /// - Parameter runStartNs: the run's zero on `clock`; every record's times are relative to it.
    public convenience init(plan: RunPlan, sender: any RequestSender, sink: any RecordSink, clock: C, runStartNs: Int64,
                            sendGuard: (any SendGuard)? = nil, wallNow: @escaping @Sendable () -> Date = { Date() }) {
        self.init(plan: plan, machine: RunScheduler(plan: plan), sender: sender, sink: sink, clock: clock,
                  runStartNs: runStartNs, sendGuard: sendGuard, wallNow: wallNow)
    }

    /// A runner of another machine (a `ConversationScheduler`); `plan` gives the run id and the models
    /// its dispatches' lanes index.
    public init(plan: RunPlan, machine: any RunMachine, sender: any RequestSender, sink: any RecordSink, clock: C,
                runStartNs: Int64, sendGuard: (any SendGuard)? = nil, wallNow: @escaping @Sendable () -> Date = { Date() }) {
        self.plan = plan
        self.machine = machine
        self.sender = sender
        self.sink = sink
        self.clock = clock
        self.runStartNs = runStartNs
        self.sendGuard = sendGuard
        self.wallNow = wallNow
    }

    /// Asks the run to stop: no new requests; those in flight are cancelled and still recorded.
    public func interrupt() {
        lock.withLock { machine.interrupt() }
        wakeup.signal()
    }

    public func progress() -> RunProgress {
        let t = now()
        return lock.withLock { machine.progress(nowNs: t) }
    }

    private func now() -> Int64 { clock.nowNs() - runStartNs }

    /// Runs the plan to its end on the calling thread and returns when every attempt is recorded,
    /// and a `not_sent` row for every planned request that was never sent.
    public func run() -> RunOutcome {
        var cancelled = false
        var reason: StopReason
        loop: while true {
            let t = now()
            let step = lock.withLock {
                let step = machine.next(nowNs: t) { [sendGuard] model, item in sendGuard?.allowSend(model: model, item: item) ?? true }
                switch step {
                case .wait(let until): schedulerWait = .waiting(untilNs: until)
                case .drain: schedulerWait = .waiting(untilNs: nil)
                case .send, .finished: schedulerWait = .running
                }
                return step
            }
            switch step {
            case .send(let batch):
                for d in batch { send(d) }
            case .wait(let until):
                clock.wait(for: wakeup, untilNs: until.map { runStartNs + $0 })
            case .drain(let cancel):
                if cancel && !cancelled { cancelled = true; sender.cancelAll() }
                clock.wait(for: wakeup, untilNs: nil)
            case .finished(let r):
                reason = r
                break loop
            }
        }
        // The never-sent rows, a chunk at a time outside the lock (the sink may apply back-pressure).
        var notSent = 0
        while true {
            let chunk = lock.withLock { machine.takeNotSent(runId: plan.runId, limit: 1024) }
            if chunk.isEmpty { break }
            for r in chunk { sink.record(r) }
            notSent += chunk.count
        }
        return lock.withLock {
            RunOutcome(stopReason: reason, attempts: machine.attempts, errors: machine.errors, retries: machine.retries,
                       cancelled: machine.cancelled, notSent: notSent, firstSentNs: machine.firstSentNs,
                       lastDoneNs: machine.lastDoneNs, failureStops: machine.failureStops, workFailure: machine.workFailure)
        }
    }

    private func send(_ d: Dispatch) {
        let model = plan.models[d.lane]
        sender.send(d.item, to: model, runId: plan.runId, requestIndex: d.requestIndex, attempt: d.attempt,
                    intendedStartNs: d.intendedStartNs, warmup: d.warmup) { [self] record in
            sendGuard?.didFinish(record, item: d.item)
            sink.record(record)
            // Retry-After in seconds or as an HTTP-date (RFC 9110 §10.2.3).
            let retryAfter = record.rateLimitHeaders["retry-after"].flatMap { RetryAfter.parse($0, now: wallNow()) }
            let t = now()
            let stop = lock.withLock { machine.completeAttempt(record, of: d, nowNs: t, retryAfterNs: retryAfter) }
            if let stop { onFailureStop?(stop) }
            sendWhatIsDue()
        }
    }

    /// After a completion, on the sender's thread: performs the sends the machine says are due now,
    /// and wakes the scheduling thread when its wait no longer fits the machine's next step.
    private func sendWhatIsDue() {
        while true {
            let t = now()
            let next: InlineStep = lock.withLock {
                // Another completion is sending (on this thread, from inside `send`, or on another):
                // it asks the machine again after its batch, so this completion's effect is seen.
                if inlineSending { return .none }
                let step = machine.next(nowNs: t) { [sendGuard] model, item in sendGuard?.allowSend(model: model, item: item) ?? true }
                switch (step, schedulerWait) {
                case (.send(let batch), _):
                    inlineSending = true
                    return .send(batch)
                case (_, .running):
                    return .none  // the scheduling thread asks the machine again before it waits
                case (.wait(let until), .waiting(let current)):
                    // A later (or no) deadline: the thread wakes at its own, asks again, and waits on.
                    guard let until else { return .none }
                    return current.map { until < $0 } ?? true ? .wake : .none
                case (.drain, .waiting), (.finished, .waiting):
                    return .wake
                }
            }
            switch next {
            case .send(let batch):
                for d in batch { send(d) }
                lock.withLock { inlineSending = false }
            case .wake:
                wakeup.signal()
                return
            case .none:
                return
            }
        }
    }
}

extension Runner where C == SystemMonotonicClock {
    /// A runner on `CLOCK_MONOTONIC`.
    public convenience init(plan: RunPlan, sender: any RequestSender, sink: any RecordSink, runStartNs: Int64,
                            sendGuard: (any SendGuard)? = nil) {
        self.init(plan: plan, sender: sender, sink: sink, clock: SystemMonotonicClock(), runStartNs: runStartNs,
                  sendGuard: sendGuard)
    }
}
