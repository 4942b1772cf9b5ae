import LLMBenchCore

/// Per-request speed, aggregate throughput (per model) and token counts.
extension Metric {
    /// Output speed of one request, tokens/s: answerTokens / ((doneNs − sentNs) / 1e9).
    ///
    /// The end-to-end speed one user sees, TTFT and any thinking time included, counting only the
    /// answer (answerTokens = output − reasoning): a reasoning model is not credited with tokens it
    /// never showed. End to end rather than from the first output token, so a one-token answer does
    /// not read as thousands of tokens/s and a non-streamed request has a value too (AIPerf's "per
    /// user" figure, 1 / ITL, is the answer's streaming pace: read `itl_ms` for that). No value when
    /// e2e is 0 or usage is unknown.
    public static let requestOutputTokensPerS = Metric(
        name: "request_output_tokens_per_s", label: "Output speed per request", storedUnit: .tokensPerSecond,
        direction: .higherIsBetter, family: .throughput,
        shape: .distribution(statistics: Statistic.allCases, summary: [.p50, .mean]),
        formula: "answer_tokens / ((done − sent) / 1e9), answer_tokens = output − reasoning: the end-to-end speed one user sees, TTFT included, reasoning tokens not counted",
        comparedByDefault: [.p50, .mean], compute: .perAttempt(.succeeded) { r in
            guard let u = r.usage, let sent = r.sentNs, let done = r.doneNs, done > sent else { return nil }
            return Double(u.answerTokens) / (Double(done - sent) / 1e9)
        })

    /// Active duration, s: (last doneNs − first sentNs) / 1e9 over the group's sent non-warmup attempts.
    public static let activeDuration = Metric(
        name: "active_duration_s", label: "Active duration", storedUnit: .ns, displayUnit: .seconds, direction: .neutral,
        family: .throughput, shape: .scalar(inSummary: true),
        formula: "(last done − first sent) / 1e9 over the group's sent non-warmup attempts",
        compute: .total { $0.activeNs.map(Double.init) })

    /// Aggregate output throughput of a model, tokens/s: Σ outputTokens of successful attempts / active duration.
    public static let outputTokensPerS = Metric(
        name: "output_tokens_per_s", label: "Output throughput (aggregate)", storedUnit: .tokensPerSecond,
        direction: .higherIsBetter, family: .throughput, scope: .model, shape: .scalar(inSummary: true),
        formula: "Σ output_tokens (reasoning included) of successful attempts / active_duration_s, per model over its active window",
        compute: .total { $0.perSecond($0.outputTokensTotal) })

    /// Aggregate request throughput of a model, req/s: successful attempts / active duration.
    public static let requestsPerS = Metric(
        name: "requests_per_s", label: "Request throughput (aggregate)", storedUnit: .requestsPerSecond,
        direction: .higherIsBetter, family: .throughput, scope: .model, shape: .scalar(inSummary: true),
        formula: "succeeded / active_duration_s, per model over its active window",
        compute: .total { $0.perSecond($0.succeeded) })

    static func tokens(_ name: String, _ label: String, _ formula: String, summary: [Statistic] = [.mean],
                       _ value: @escaping @Sendable (Usage) -> Int) -> Metric {
        Metric(name: name, label: label, storedUnit: .tokens, direction: .neutral, family: .tokens,
               shape: .distribution(statistics: Statistic.allCases, summary: summary), formula: formula,
               compute: .perAttempt(.succeeded) { r in r.usage.map { Double(value($0)) } })
    }

    /// Prompt tokens of one request (cached included).
    public static let inputTokens = tokens("input_tokens", "Input tokens", "input_tokens of the request (cached included)") { $0.inputTokens }
    /// Generated tokens of one request (reasoning included).
    public static let outputTokens = tokens("output_tokens", "Output tokens", "output_tokens of the request (reasoning included)") { $0.outputTokens }
    /// Answer tokens of one request: output − reasoning (never below 0).
    public static let answerTokens = tokens("answer_tokens", "Answer tokens", "output_tokens − reasoning_tokens (never below 0)", summary: []) { $0.answerTokens }
    /// Reasoning tokens of one request (part of output; the server's count or an estimate, see `reasoning_tokens_source`).
    public static let reasoningTokens = tokens("reasoning_tokens", "Reasoning tokens",
        "reasoning_tokens of the request (part of output_tokens; 0 for a model that does not reason)") { $0.reasoningTokens }
    /// Prompt tokens of one request read from the provider's cache.
    public static let cachedInputTokens = tokens("cached_input_tokens", "Cached input tokens",
        "cached_input_tokens of the request (part of input_tokens)", summary: []) { $0.cachedInputTokens }

    /// Cache hit ratio of a group: Σ cached input tokens / Σ input tokens over successful attempts.
    public static let cacheHitRatio = Metric(
        name: "cache_hit_ratio", label: "Cache hit ratio (cached input ÷ input)", storedUnit: .ratio, direction: .higherIsBetter,
        family: .tokens, shape: .scalar(inSummary: true),
        formula: "Σ cached_input_tokens / Σ input_tokens over successful attempts",
        compute: .total { GroupTotals.ratio($0.cachedInputTokensTotal, $0.inputTokensTotal) })
}
