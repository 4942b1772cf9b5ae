import Datasets
import LLMBenchCore
import Providers

/// Everything the runner needs to know about one run, decided before it starts.
public struct RunPlan: Sendable {
    public var runId: String
    public var models: [ModelSpec]
    /// The requests every model gets, in order (already capped and cycled by the workload), when the
    /// plan was made from lists; empty when it was made from a `PlannedWork` (`planned` holds them).
    public var work: [WorkItem]
    /// Requests sent first to each model, flagged `warmup` and left out of the figures (lists only, as `work`).
    public var warmup: [WorkItem]
    /// The planned requests, produced as they are sent; each model's lane takes its part of `shard`.
    public var planned: PlannedWork
    /// The slice of `planned` this process sends (`--shard I/N`); the whole plan by default.
    public var shard: Shard = .whole
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
    /// When a model's part of the run ends early after consecutive failed requests (`--stop-after-failures`).
    public var failureStop: FailureStop = .off

    public init(runId: String, models: [ModelSpec], work: [WorkItem], warmup: [WorkItem] = [],
                profile: LoadProfile = .concurrent, concurrency: Int, ratePerSecond: Double? = nil,
                burst: Double = 1, maxDurationNs: Int64, retry: RetryPolicy = .none, seed: UInt64 = 0,
                failureStop: FailureStop = .off) {
        self.failureStop = failureStop
        self.runId = runId; self.models = models; self.work = work; self.warmup = warmup
        self.planned = .list(work: work, warmup: warmup)
        self.profile = profile; self.concurrency = concurrency; self.ratePerSecond = ratePerSecond
        self.burst = burst; self.maxDurationNs = maxDurationNs; self.retry = retry; self.seed = seed
    }

    /// A plan whose requests are produced as they are sent (`llmbench run`).
    public init(runId: String, models: [ModelSpec], planned: PlannedWork, profile: LoadProfile = .concurrent,
                concurrency: Int, ratePerSecond: Double? = nil, burst: Double = 1, maxDurationNs: Int64,
                retry: RetryPolicy = .none, seed: UInt64 = 0, failureStop: FailureStop = .off) {
        self.init(runId: runId, models: models, work: [], warmup: [], profile: profile, concurrency: concurrency,
                  ratePerSecond: ratePerSecond, burst: burst, maxDurationNs: maxDurationNs, retry: retry, seed: seed,
                  failureStop: failureStop)
        self.planned = planned
    }

    /// Attempts planned, retries not counted: every model's lane (warmup included) of `shard`.
    /// Hashes every slot when the plan is sharded (no request is built).
    public var plannedRequests: Int {
        shard.isWhole ? models.count * (planned.workCount + planned.warmupCount)
            : models.reduce(0) { $0 + LaneWork(plan: planned, model: $1.name, shard: shard).count }
    }
}

/// Why a run stopped sending.
public enum StopReason: String, Sendable {
    case allSent = "all_requests_sent"
    case duration = "duration_reached"
    case interrupted
    /// A guard (e.g. `--max-cost`) refused further requests.
    case capped
    /// Every model's part ended after `FailureStop.limit` consecutive failed requests.
    case failures = "stopped_after_failures"
}

/// `--stop-after-failures N`: a model gets no more requests after N consecutive failed requests
/// (a request fails when its last attempt, retries included, ends with status `error`; a success
/// resets the count; cancelled attempts leave it). Its planned requests not yet sent are recorded
/// as `not_sent`; its attempts in flight finish. The other models go on.
public struct FailureStop: Sendable, Equatable {
    /// Consecutive failed requests after which a model stops; 0: never.
    public var limit: Int
    /// The default's exemption: a model served by an llmbench simulator (kind `simulated`, or any
    /// answer carrying `RequestRecord.simulatorHeader`) never stops, so fault-injection runs
    /// measure every planned request. An explicit `--stop-after-failures N` applies to every model.
    public var sparesSimulators: Bool

    public init(limit: Int, sparesSimulators: Bool) { self.limit = limit; self.sparesSimulators = sparesSimulators }

    /// Used unless `--stop-after-failures` is given.
    public static let defaultLimit = 10
    public static let `default` = FailureStop(limit: defaultLimit, sparesSimulators: true)
    public static let off = FailureStop(limit: 0, sparesSimulators: false)
    /// `--stop-after-failures n` (0: off).
    public static func explicit(_ n: Int) -> FailureStop { FailureStop(limit: n, sparesSimulators: false) }
}

/// A model whose part of the run ended after consecutive failed requests.
public struct FailureStopEvent: Sendable, Equatable {
    public var model: String
    /// The consecutive failed requests that stopped it (the limit).
    public var failures: Int
    /// Run-clock ns of the completion that stopped it.
    public var atNs: Int64
}

/// Counters of one model for a progress line.
public struct ModelProgress: Sendable, Equatable {
    public var model: String
    /// Requests planned for the model (warmup included, retries not).
    public var planned: Int
    /// Attempts finished (any status).
    public var finished: Int
    public var errors: Int
    /// Whether its part ended after consecutive failures.
    public var stopped: Bool
}

/// Counters a progress line shows; read while the run goes.
public struct RunProgress: Sendable, Equatable {
    public var planned: Int
    public var finished: Int
    /// Attempts that ended with status `error` (cancelled ones are not errors).
    public var errors: Int
    public var retries: Int
    public var inFlight: Int
    public var elapsedNs: Int64
    /// One entry per model, in plan order.
    public var models: [ModelProgress] = []

    /// Finished attempts per second of elapsed time; nil before one second has passed or before one finished.
    public var ratePerSecond: Double? {
        guard elapsedNs >= 1_000_000_000, finished > 0 else { return nil }
        return Double(finished) / (Double(elapsedNs) / 1e9)
    }

    /// Estimated time left, ns: (planned − finished − planned of stopped models' unsent requests) ÷ rate,
    /// at most `maxDurationNs − elapsed` when given; nil without a rate.
    public func etaNs(maxDurationNs: Int64? = nil) -> Int64? {
        guard let r = ratePerSecond, r > 0 else { return nil }
        let stoppedLeft = models.filter(\.stopped).reduce(0) { $0 + max(0, $1.planned - $1.finished) }
        let left = max(0, planned - finished - stoppedLeft)
        var eta = Double(left) / r * 1e9
        if let d = maxDurationNs { eta = min(eta, Double(max(0, d - elapsedNs))) }
        return eta.isFinite ? Int64(min(eta, 9e18)) : nil
    }
}

/// What happened, once the runner returns.
public struct RunOutcome: Sendable, Equatable {
    public var stopReason: StopReason
    /// Attempts sent and finished (any status).
    public var attempts: Int
    /// Attempts that ended with status `error` (cancelled ones are not errors).
    public var errors: Int
    public var retries: Int
    /// Attempts cancelled by an interrupt or a cap.
    public var cancelled: Int
    /// Planned requests never sent (stored as `not_sent` rows).
    public var notSent: Int
    /// Run-clock ns of the first send and the last completion.
    public var firstSentNs: Int64?
    public var lastDoneNs: Int64?
    /// Models whose part ended after consecutive failed requests, in the order they stopped.
    public var failureStops: [FailureStopEvent] = []
    /// Why a model's planned requests ended early: one could not be built (`RunScheduler.workFailure`).
    public var workFailure: String? = nil
}

/// Decides, before each send, whether one more request may go (the spending guard of `--max-cost`).
public protocol SendGuard: Sendable {
    /// Called under the runner's lock before a request is sent; false stops the run (reason `capped`).
    func allowSend(model: ModelSpec, item: WorkItem) -> Bool
    /// Sees every finished attempt (before the runner counts it).
    func didFinish(_ record: RequestRecord, item: WorkItem)
}
