/// A per-request quantity whose distribution over a group's requests is summarised by every
/// `Statistic` (`<rawValue>_<statistic>`, e.g. `ttft_ms_p95`).
///
/// Definitions follow issue 3 and, where it is silent, AIPerf's metrics reference. Timestamps are
/// the `RequestRecord` fields (integer ns on the run's monotonic clock); a value exists only when
/// every timestamp its formula reads exists. Unless noted, only non-warmup attempts with
/// `status == ok` contribute.
public enum DistributionMetric: String, Sendable, CaseIterable {
    /// Time to first token, ms: (firstTokenNs − sentNs) / 1e6. First generated token of any kind,
    /// reasoning included. No value for a non-streamed request (no `firstTokenNs`).
    case ttftMs = "ttft_ms"
    /// Time to first output token, ms: (firstOutputNs − sentNs) / 1e6. First non-reasoning text;
    /// equals TTFT for models that do not reason.
    case ttfoMs = "ttfo_ms"
    /// Time to first byte, ms: (firstByteNs − sentNs) / 1e6 (response headers included).
    case ttfbMs = "ttfb_ms"
    /// Inter-token latency, ms: (lastTokenNs − firstTokenNs) / 1e6 / (outputTokens − 1), defined
    /// only when outputTokens > 1 (AIPerf's ITL).
    case itlMs = "itl_ms"
    /// End-to-end request latency, ms: (doneNs − sentNs) / 1e6.
    case e2eMs = "e2e_ms"
    /// Output tokens per second of one request, tokens/s: outputTokens / ((doneNs − sentNs) / 1e9).
    /// The rate a single user sees end to end, TTFT included (not AIPerf's 1 / ITL); no value when
    /// e2e is 0 or usage is unknown.
    case requestOutputTokensPerS = "request_output_tokens_per_s"
    /// Prompt tokens of one request (`usage.inputTokens`, cached included), tokens.
    case inputTokens = "input_tokens"
    /// Generated tokens of one request (`usage.outputTokens`, reasoning included), tokens.
    case outputTokens = "output_tokens"
    /// Dispatch lag, ms: (sentNs − intendedStartNs) / 1e6: how late the client sent compared with
    /// the schedule (issue 7). Every non-warmup attempt that was sent contributes, whatever its status.
    case dispatchLagMs = "dispatch_lag_ms"
    /// TTFT measured from the intended start, ms: (firstTokenNs − intendedStartNs) / 1e6, the
    /// latency an open-loop user saw, coordinated omission included (issue 7).
    case ttftFromIntendedMs = "ttft_from_intended_ms"
    /// Time to first byte from the intended start, ms: (firstByteNs − intendedStartNs) / 1e6.
    case ttfbFromIntendedMs = "ttfb_from_intended_ms"
    /// End-to-end latency from the intended start, ms: (doneNs − intendedStartNs) / 1e6.
    case e2eFromIntendedMs = "e2e_from_intended_ms"

    public var unit: MetricUnit {
        switch self {
        case .requestOutputTokensPerS: return .tokensPerSecond
        case .inputTokens, .outputTokens: return .tokens
        default: return .ms
        }
    }

    public var direction: MetricDirection {
        switch self {
        case .requestOutputTokensPerS: return .higherIsBetter
        case .inputTokens, .outputTokens: return .neutral
        default: return .lowerIsBetter
        }
    }

    /// Row label prefix, without statistic or unit.
    public var label: String {
        switch self {
        case .ttftMs: return "TTFT"
        case .ttfoMs: return "TTFO"
        case .ttfbMs: return "TTFB"
        case .itlMs: return "Inter-token latency"
        case .e2eMs: return "E2E latency"
        case .requestOutputTokensPerS: return "Output speed per request"
        case .inputTokens: return "Input tokens"
        case .outputTokens: return "Output tokens"
        case .dispatchLagMs: return "Dispatch lag"
        case .ttftFromIntendedMs: return "TTFT from intended"
        case .ttfbFromIntendedMs: return "TTFB from intended"
        case .e2eFromIntendedMs: return "E2E from intended"
        }
    }

    /// The statistics shown in the Markdown summary (all of them are in CSV and JSON).
    public var summaryStatistics: [Statistic] {
        switch self {
        case .ttftMs, .itlMs, .e2eMs: return [.p50, .p90, .p95, .p99, .mean]
        case .requestOutputTokensPerS: return [.p50, .mean]
        case .inputTokens, .outputTokens: return [.mean]
        case .dispatchLagMs: return [.p50, .p99]
        case .ttfoMs, .ttfbMs, .ttftFromIntendedMs, .ttfbFromIntendedMs, .e2eFromIntendedMs: return []
        }
    }

    /// `<base>_<statistic>`, e.g. `ttft_ms_p95`.
    public func name(_ statistic: Statistic) -> String { "\(rawValue)_\(statistic.rawValue)" }
}
