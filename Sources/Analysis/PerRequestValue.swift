import LLMBenchCore

extension DistributionMetric {
    /// This metric's value for one attempt, by the formula on its case (ms, tokens or tokens/s);
    /// `nil` when a timestamp or the usage it reads is missing.
    ///
    /// Status and warmup are not checked here: callers filter (see `GroupAccumulator` for the rules).
    public func perRequestValue(_ r: RequestRecord) -> Double? {
        func ms(_ from: Int64?, _ to: Int64?) -> Double? {
            guard let a = from, let b = to else { return nil }
            return Double(b - a) / 1e6
        }
        switch self {
        case .ttftMs: return ms(r.sentNs, r.firstTokenNs)
        case .ttfoMs: return ms(r.sentNs, r.firstOutputNs)
        case .ttfbMs: return ms(r.sentNs, r.firstByteNs)
        case .e2eMs: return ms(r.sentNs, r.doneNs)
        case .dispatchLagMs: return ms(r.intendedStartNs, r.sentNs)
        case .ttftFromIntendedMs: return ms(r.intendedStartNs, r.firstTokenNs)
        case .ttfbFromIntendedMs: return ms(r.intendedStartNs, r.firstByteNs)
        case .e2eFromIntendedMs: return ms(r.intendedStartNs, r.doneNs)
        case .itlMs:
            guard let usage = r.usage, usage.outputTokens > 1, let span = ms(r.firstTokenNs, r.lastTokenNs) else { return nil }
            return span / Double(usage.outputTokens - 1)
        case .requestOutputTokensPerS:
            guard let usage = r.usage, let sent = r.sentNs, let done = r.doneNs, done > sent else { return nil }
            return Double(usage.outputTokens) / (Double(done - sent) / 1e9)
        case .inputTokens: return r.usage.map { Double($0.inputTokens) }
        case .outputTokens: return r.usage.map { Double($0.outputTokens) }
        }
    }
}
