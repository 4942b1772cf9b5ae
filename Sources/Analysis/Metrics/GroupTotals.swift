import LLMBenchCore
import Pricing

/// One logical request of a group: every attempt sharing a `request_index`, folded into a few numbers.
///
/// Built from the records in any order (the store yields them by index then attempt, but nothing
/// here relies on it): the first attempt is the lowest `attempt` number, the final one the highest.
/// Attempts that were never sent (`not_sent`) are not attempts of it.
public struct LogicalRequest: Sendable, Equatable {
    public var requestIndex: Int
    /// Attempts (not_sent excluded).
    public var attempts = 0
    /// The first attempt's number and its intended start (its send time when it had none).
    public var firstAttempt = Int.max
    public var firstIntendedNs: Int64?
    /// The final attempt's number, status and timestamps.
    public var finalAttempt = -1
    public var finalStatus: RequestStatus = .notSent
    public var finalDoneNs: Int64?
    public var finalFirstTokenNs: Int64?

    public init(requestIndex: Int) { self.requestIndex = requestIndex }

    /// Folds one non-warmup attempt in (`not_sent` rows are ignored).
    public mutating func add(_ r: RequestRecord) {
        guard r.status != .notSent else { return }
        attempts += 1
        if r.attempt < firstAttempt { firstAttempt = r.attempt; firstIntendedNs = r.intendedStartNs ?? r.sentNs }
        if r.attempt > finalAttempt {
            finalAttempt = r.attempt; finalStatus = r.status; finalDoneNs = r.doneNs; finalFirstTokenNs = r.firstTokenNs
        }
    }
}

/// Everything the scalar metrics of one group read, gathered from its records and finished.
///
/// Counts cover non-warmup records. The computations beside each metric (`MetricRegistry`) read
/// these fields; they hold base units (ns, tokens, pico-dollars).
public struct GroupTotals: Sendable {
    /// Planned logical requests: records with `attempt == 0`, sent or not.
    public var planned = 0
    /// Planned requests never sent (`status == not_sent`, attempt 0).
    public var notSent = 0
    /// Logical requests sent: attempt 0 records that were sent.
    public var requests = 0
    /// Sent attempts (retries and cancelled ones included, `not_sent` excluded).
    public var attempts = 0
    public var retries = 0
    public var succeeded = 0
    public var errors = 0
    public var cancelled = 0
    public var warmup = 0
    /// Logical requests whose final attempt failed (`error`) / was cancelled.
    public var requestsFinalError = 0
    public var requestsFinalCancelled = 0
    public var failuresByKind: [ErrorKind: Int] = [:]
    /// Successful attempts by the source of their token counts, and those with no usage.
    public var tokenSources: [TokenSource: Int] = [:]
    public var noUsage = 0
    /// Successful attempts whose answer-token count rests on an estimate (`Usage.answerTokensEstimated`).
    public var answerTokensEstimated = 0
    /// Σ output tokens (reasoning included) and Σ answer tokens of successful attempts.
    public var outputTokensTotal = 0
    public var answerTokensTotal = 0
    /// Σ input tokens, Σ cached input tokens and Σ reasoning tokens of successful attempts.
    public var inputTokensTotal = 0
    public var cachedInputTokensTotal = 0
    public var reasoningTokensTotal = 0
    /// First send and last completion over the group's sent attempts, ns.
    public var firstSentNs: Int64?
    public var lastDoneNs: Int64?
    /// Requests of the group's model over every dataset (for shares); set when the group is finished.
    public var modelRequests = 0
    /// Successful attempts that met every SLO (`--slo`), and whether the run had one.
    public var sloMet = 0
    public var sloGiven = false
    /// Load health of the model (model totals only), set when finished.
    public var load: LoadHealth?
    /// Cost of the group, set when finished.
    public var cost = CostTotals()
    /// Scored responses (distinct attempts with at least one score).
    public var scored = 0
    /// Conversations of a conversation dataset with at least one row, and those whose every turn succeeded.
    public var conversations = 0
    public var conversationsCompleted = 0

    public init() {}

    /// Active duration, ns: last done − first sent; `nil` unless positive.
    public var activeNs: Int64? {
        guard let a = firstSentNs, let b = lastDoneNs, b > a else { return nil }
        return b - a
    }

    /// `count` per second of the active window; `nil` without a window.
    public func perSecond(_ count: Int) -> Double? { activeNs.map { Double(count) / (Double($0) / 1e9) } }

    /// `num / den`, `nil` when `den` is 0.
    public static func ratio(_ num: Int, _ den: Int) -> Double? { den > 0 ? Double(num) / Double(den) : nil }
}

/// The cost facts of one group, in pico-dollars (`CostPricing` fills them).
public struct CostTotals: Sendable {
    /// Whether the group's model has a price entry at all.
    public var entry: PriceEntry?
    public var summary: CostSummary?
    /// Self-hosted entries price the active window instead: cost of the run and per request.
    public var selfHosted: SelfHostedCost?
    public var selfHostedRequests = 0
    public var unpriced = 0
    public init() {}
}
