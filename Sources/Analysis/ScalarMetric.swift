import LLMBenchCore

/// A single number per group (not a distribution). Counts cover non-warmup attempts only.
public enum ScalarMetric: String, Sendable, CaseIterable {
    /// Logical requests, count: attempts with `attempt == 0` (each retry shares its request's index).
    case requests
    /// Attempts, count: every non-warmup attempt, retries and cancelled ones included.
    case attempts
    /// Retries, count: attempts with `attempt > 0`.
    case retries
    /// Successful attempts, count: `status == ok`.
    case succeeded
    /// Failed attempts, count: `status == error`.
    case errors
    /// Cancelled attempts, count: `status == cancelled` (stopped by the user or a cap; not errors).
    case cancelled
    /// Warmup attempts, count: sent and stored but left out of every other figure.
    case warmup
    /// Error rate, ratio: errors / attempts; no value when there are no attempts.
    case errorRate = "error_rate"
    /// Active duration, s: (last doneNs − first sentNs) / 1e9 over the group's non-warmup attempts
    /// (any status); no value when fewer than one attempt was sent and done.
    case activeDurationS = "active_duration_s"
    /// Aggregate output throughput, tokens/s: Σ outputTokens of successful attempts / active duration.
    case outputTokensPerS = "output_tokens_per_s"
    /// Aggregate request throughput, req/s: successful attempts / active duration.
    case requestsPerS = "requests_per_s"

    public var unit: MetricUnit {
        switch self {
        case .errorRate: return .ratio
        case .activeDurationS: return .seconds
        case .outputTokensPerS: return .tokensPerSecond
        case .requestsPerS: return .requestsPerSecond
        default: return .count
        }
    }

    public var direction: MetricDirection {
        switch self {
        case .errorRate, .errors: return .lowerIsBetter
        case .outputTokensPerS, .requestsPerS: return .higherIsBetter
        default: return .neutral
        }
    }

    public var label: String {
        switch self {
        case .requests: return "Requests"
        case .attempts: return "Attempts"
        case .retries: return "Retries"
        case .succeeded: return "Succeeded"
        case .errors: return "Errors"
        case .cancelled: return "Cancelled"
        case .warmup: return "Warmup (excluded)"
        case .errorRate: return "Error rate"
        case .activeDurationS: return "Active duration"
        case .outputTokensPerS: return "Output throughput (aggregate)"
        case .requestsPerS: return "Request throughput (aggregate)"
        }
    }

    public var inSummary: Bool {
        switch self {
        case .attempts, .succeeded, .warmup, .cancelled: return false
        default: return true
        }
    }
}

/// Per-kind failure counts and token provenance counts: names derived from the Core enums.
public enum CountMetricNames {
    /// `errors_<error_kind>`, count: non-ok, non-warmup attempts whose `errorKind` is this kind
    /// (cancelled attempts carry `cancelled`).
    public static func errors(_ kind: ErrorKind) -> String { "errors_\(kind.rawValue)" }
    /// `tokens_source_<source>`, count: successful attempts whose usage came from this source.
    public static func tokensSource(_ source: TokenSource) -> String { "tokens_source_\(source.rawValue)" }
    /// Successful attempts with no usage at all, count.
    public static let tokensSourceNone = "tokens_source_none"
    /// Every token source, in the order reports list them.
    public static let tokenSources: [TokenSource] = [.server, .estimated]
}
