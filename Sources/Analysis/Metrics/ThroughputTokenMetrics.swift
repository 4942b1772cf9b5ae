import LLMBenchCore

/// Per-request speed, aggregate throughput (per model) and token counts.
extension Metric {
    /// Output speed of one request's answer, tokens/s: (answerTokens − 1) / ((lastTokenNs − firstOutputNs) / 1e9).
    ///
    /// The pace a reader sees once the answer is streaming (AIPerf's per-user throughput, 1 / ITL of
    /// the same request): reasoning tokens and the wait before the answer (TTFO) are left out of
    /// both count and time, so a reasoning model is not credited with tokens it never showed, and a
    /// slow first token does not hide in it (that is TTFT's and TTFO's job). Counting gaps between
    /// answer tokens rather than tokens ÷ (done − first output) keeps a one- or two-token answer from
    /// reading as thousands of tokens/s. No value when answerTokens ≤ 1, when not streamed (no first
    /// output time), without usage, or when the span is 0.
    public static let requestOutputTokensPerS = Metric(
        name: "request_output_tokens_per_s", label: "Output speed per request", storedUnit: .tokensPerSecond,
        direction: .higherIsBetter, family: .throughput,
        shape: .distribution(statistics: Statistic.allCases, summary: [.p50, .mean]),
        formula: "(answer_tokens − 1) / ((last_token − first_output) / 1e9), answer_tokens = output − reasoning: the answer's streaming pace (1 / ITL of the request); no value when answer_tokens ≤ 1 or not streamed",
        compute: .perAttempt(.succeeded) { r in
            guard let answer = r.usage?.answerTokens, answer > 1, let first = r.firstOutputNs, let last = r.lastTokenNs,
                  last > first else { return nil }
            return Double(answer - 1) / (Double(last - first) / 1e9)
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
}
