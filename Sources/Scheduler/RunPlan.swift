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
public struct RunProgress: Sendable, Equatable {
    public var planned: Int
    public var finished: Int
    /// Attempts that ended with status `error` (cancelled ones are not errors).
    public var errors: Int
    public var retries: Int
    public var inFlight: Int
    public var elapsedNs: Int64
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
}

/// Decides, before each send, whether one more request may go (the spending guard of `--max-cost`).
public protocol SendGuard: Sendable {
    /// Called under the runner's lock before a request is sent; false stops the run (reason `capped`).
    func allowSend(model: ModelSpec, item: WorkItem) -> Bool
    /// Sees every finished attempt (before the runner counts it).
    func didFinish(_ record: RequestRecord, item: WorkItem)
}
