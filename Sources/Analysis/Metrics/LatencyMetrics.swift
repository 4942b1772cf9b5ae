import LLMBenchCore

/// Per-request latencies (issue 3; AIPerf's definitions where the issue is silent). Timestamps are
/// `RequestRecord` fields, integer ns on the run's monotonic clock; a value exists only when every
/// timestamp its formula reads exists. Successful non-warmup attempts contribute.
extension Metric {
    /// The full summary set of a headline latency.
    static let headline: [Statistic] = [.p50, .p90, .p95, .p99, .mean]

    static func latency(_ name: String, _ label: String, summary: [Statistic] = [], population: AttemptPopulation = .succeeded,
                        family: MetricFamily = .latency, compare: [Statistic] = [], _ formula: String,
                        _ value: @escaping @Sendable (RequestRecord) -> Double?) -> Metric {
        Metric(name: name, label: label, storedUnit: .ns, displayUnit: .ms, direction: .lowerIsBetter, family: family,
               shape: .distribution(statistics: Statistic.allCases, summary: summary), formula: formula,
               comparedByDefault: compare, compute: .perAttempt(population, value))
    }

    /// Percentiles `llmbench compare` shows for a headline latency.
    static let comparedPercentiles: [Statistic] = [.p50, .p90, .p95, .p99]

    /// `to − from` in ns, `nil` when either is missing.
    static func span(_ from: Int64?, _ to: Int64?) -> Double? {
        guard let a = from, let b = to else { return nil }
        return Double(b - a)
    }

    /// Time to first token, ms: (firstTokenNs − sentNs) / 1e6; any generated token, reasoning included.
    public static let ttft = latency("ttft_ms", "TTFT", summary: headline, compare: comparedPercentiles,
        "(first_token − sent) / 1e6; first generated token of any kind, reasoning included; no value for a non-streamed request") {
        span($0.sentNs, $0.firstTokenNs)
    }

    /// Time to first output token, ms: (firstOutputNs − sentNs) / 1e6; first non-reasoning text.
    public static let ttfo = latency("ttfo_ms", "TTFO (answer starts)", summary: headline, compare: comparedPercentiles,
        "(first_output − sent) / 1e6; first non-reasoning text (= TTFT for models that do not reason)") {
        span($0.sentNs, $0.firstOutputNs)
    }

    /// Thinking time, ms: TTFO − TTFT = (firstOutputNs − firstTokenNs) / 1e6; 0 for a model that does not reason.
    public static let thinking = latency("thinking_ms", "Thinking time",
        "(first_output − first_token) / 1e6 = TTFO − TTFT: time spent on reasoning before the answer began") {
        span($0.firstTokenNs, $0.firstOutputNs)
    }

    /// Time to first byte, ms: (firstByteNs − sentNs) / 1e6 (response headers included).
    public static let ttfb = latency("ttfb_ms", "TTFB", "(first_byte − sent) / 1e6 (response headers included)") {
        span($0.sentNs, $0.firstByteNs)
    }

    /// Inter-token latency of the answer, ms: (lastTokenNs − firstOutputNs) / 1e6 / (answerTokens − 1),
    /// answerTokens = `usage.answerTokens` (output − reasoning); no value when answerTokens ≤ 1.
    /// Reasoning is left out of both the span and the count, so a reasoning model's hidden thinking
    /// does not dilute its answer's pace.
    public static let itl = latency("itl_ms", "Inter-token latency", summary: headline, compare: [.p50, .p95, .p99],
        "(last_token − first_output) / 1e6 / (answer_tokens − 1), answer_tokens = output − reasoning; no value when answer_tokens ≤ 1") {
        guard let answer = $0.usage?.answerTokens, answer > 1, let s = span($0.firstOutputNs, $0.lastTokenNs) else { return nil }
        return s / Double(answer - 1)
    }

    /// Gap between consecutive token-carrying chunks, ms: (chunk[i] − chunk[i−1]) / 1e6 for every
    /// i ≥ 1 of each successful attempt's `chunk_arrivals`, pooled over the group's attempts (an
    /// attempt with n chunks gives n − 1 gaps). vLLM bench's ITL; `itl_ms` is its TPOT. Reasoning
    /// chunks count as chunks; a server that batches tokens into chunks shows fewer, longer gaps.
    public static let chunkGap = Metric(
        name: "chunk_gap_ms", label: "Chunk gap", storedUnit: .ns, displayUnit: .ms, direction: .lowerIsBetter, family: .latency,
        shape: .distribution(statistics: Statistic.allCases, summary: [.p50, .p99]),
        formula: "(chunk[i] − chunk[i−1]) / 1e6 over each successful attempt's stored chunk arrivals, every gap pooled (vLLM bench's ITL)",
        compute: .perAttemptEach(.succeeded) { r, gaps in
            r.chunkArrivalsNs.withUnsafeBufferPointer { a in
                guard a.count > 1 else { return }
                gaps.append(contentsOf: (1..<a.count).lazy.map { Double(a[$0] - a[$0 - 1]) })
            }
        })

    /// End-to-end request latency, ms: (doneNs − sentNs) / 1e6.
    public static let e2e = latency("e2e_ms", "E2E latency", summary: headline, compare: comparedPercentiles,
                                    "(done − sent) / 1e6 (request latency)") {
        span($0.sentNs, $0.doneNs)
    }

    /// Dispatch lag, ms: (sentNs − intendedStartNs) / 1e6, how late the client sent against its schedule
    /// (limiter waits included); every sent non-warmup attempt, any status.
    public static let dispatchLag = latency("dispatch_lag_ms", "Dispatch lag", summary: [.p50, .p99], population: .sent,
                                            family: .load,
        "(sent − intended_start) / 1e6, every sent non-warmup attempt whatever its status (limiter waits included)") {
        span($0.intendedStartNs, $0.sentNs)
    }

    /// TTFT from the intended start, ms: (firstTokenNs − intendedStartNs) / 1e6 (coordinated omission included).
    public static let ttftFromIntended = latency("ttft_from_intended_ms", "TTFT from intended",
        "(first_token − intended_start) / 1e6: what an open-loop user saw, client lag included") {
        span($0.intendedStartNs, $0.firstTokenNs)
    }

    /// TTFB from the intended start, ms: (firstByteNs − intendedStartNs) / 1e6.
    public static let ttfbFromIntended = latency("ttfb_from_intended_ms", "TTFB from intended",
                                                 "(first_byte − intended_start) / 1e6") {
        span($0.intendedStartNs, $0.firstByteNs)
    }

    /// E2E from the intended start, ms: (doneNs − intendedStartNs) / 1e6.
    public static let e2eFromIntended = latency("e2e_from_intended_ms", "E2E from intended", "(done − intended_start) / 1e6") {
        span($0.intendedStartNs, $0.doneNs)
    }

    static func perRequest(_ name: String, _ label: String, _ formula: String,
                           _ value: @escaping @Sendable (LogicalRequest) -> Double?) -> Metric {
        Metric(name: name, label: label, storedUnit: .ns, displayUnit: .ms, direction: .lowerIsBetter, family: .latency,
               shape: .distribution(statistics: Statistic.allCases, summary: []), formula: formula, compute: .perRequest(value))
    }

    /// E2E of a logical request with its retries, ms: (final attempt's doneNs − first attempt's
    /// intendedStartNs) / 1e6; only requests whose final attempt is ok.
    public static let e2eInclRetries = perRequest("e2e_incl_retries_ms", "E2E incl. retries",
        "(done of the final attempt − intended_start of the first) / 1e6 per logical request (all attempts of a request_index); only requests whose final attempt is ok") {
        guard $0.finalStatus == .ok else { return nil }
        return span($0.firstIntendedNs, $0.finalDoneNs)
    }

    /// TTFT of a logical request with its retries, ms: (final attempt's firstTokenNs − first attempt's
    /// intendedStartNs) / 1e6; only requests whose final attempt is ok and streamed.
    public static let ttftInclRetries = perRequest("ttft_incl_retries_ms", "TTFT incl. retries",
        "(first_token of the final attempt − intended_start of the first) / 1e6 per logical request; only requests whose final attempt is ok") {
        guard $0.finalStatus == .ok else { return nil }
        return span($0.firstIntendedNs, $0.finalFirstTokenNs)
    }
}
