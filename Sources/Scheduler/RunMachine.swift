import LLMBenchCore

/// The pure decisions a `Runner` performs: `RunScheduler` for single requests, `ConversationScheduler`
/// for conversation datasets. The owner passes run-clock time in and does what `next` returns.
public protocol RunMachine: Sendable {
    /// The next step at run-clock time `nowNs`; `allow` is the send guard, asked once per attempt.
    mutating func next(nowNs: Int64, allow: (ModelSpec, WorkItem) -> Bool) -> RunScheduler.Step
    /// Takes one finished attempt back (`retryAfterNs`: the server's Retry-After as a delay); returns
    /// the event when this completion ended its model's part of the run (`RunPlan.failureStop`).
    mutating func completeAttempt(_ record: RequestRecord, of d: Dispatch, nowNs: Int64, retryAfterNs: Int64?) -> FailureStopEvent?
    /// Models whose part of the run ended after consecutive failed requests.
    var failureStops: [FailureStopEvent] { get }
    /// Stops sending (Ctrl-C); attempts in flight are to be cancelled.
    mutating func interrupt()
    /// Up to `limit` `not_sent` rows, once sending has stopped; empty when none are left.
    mutating func takeNotSent(runId: String, limit: Int) -> [RequestRecord]
    func progress(nowNs: Int64) -> RunProgress
    var attempts: Int { get }
    var errors: Int { get }
    var retries: Int { get }
    var cancelled: Int { get }
    var firstSentNs: Int64? { get }
    var lastDoneNs: Int64? { get }
    /// Why a model's planned requests ended early: one could not be built (nil normally).
    var workFailure: String? { get }
}

extension RunScheduler: RunMachine {
    public mutating func completeAttempt(_ record: RequestRecord, of d: Dispatch, nowNs: Int64,
                                         retryAfterNs: Int64?) -> FailureStopEvent? {
        complete(record, of: d, nowNs: nowNs, retryAfterNs: retryAfterNs)
    }
}

extension ConversationScheduler {
    /// Conversations do not stop a model after consecutive failures (a failed turn already ends its
    /// conversation, the remaining turns `not_sent`): `--stop-after-failures` applies to request runs.
    public mutating func completeAttempt(_ record: RequestRecord, of d: Dispatch, nowNs: Int64,
                                         retryAfterNs: Int64?) -> FailureStopEvent? {
        complete(record, of: d, nowNs: nowNs, retryAfterNs: retryAfterNs)
        return nil
    }

    public var failureStops: [FailureStopEvent] { [] }
    /// Conversation turns are built before the run: none can fail to be built.
    public var workFailure: String? { nil }
}

extension RunMachine {
    /// Every remaining `not_sent` row at once (tests and small plans; the runner takes chunks).
    public mutating func notSentRecords(runId: String) -> [RequestRecord] {
        var all: [RequestRecord] = []
        while true {
            let chunk = takeNotSent(runId: runId, limit: 4096)
            if chunk.isEmpty { return all }
            all += chunk
        }
    }
}
