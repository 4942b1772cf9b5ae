import LLMBenchCore

/// Running totals and per-request values for one group; keeps a few Doubles per request, never the records.
///
/// Filtering rules (docs/metrics.md): warmup attempts are only counted as `warmup`; latency and
/// token distributions take successful (`status == ok`) attempts; dispatch lag, the active
/// window and the error indicator take every non-warmup attempt.
struct GroupAccumulator: Sendable {
    private(set) var counts: [ScalarMetric: Int] = [:]
    private(set) var failuresByKind: [ErrorKind: Int] = [:]
    private(set) var tokenSources: [TokenSource: Int] = [:]
    private(set) var noUsage = 0
    private(set) var outputTokensTotal = 0
    private(set) var firstSentNs: Int64?
    private(set) var lastDoneNs: Int64?
    /// Per-request values by `DistributionMetric.rawValue`, plus `error_rate`: 1 per failed attempt, 0 otherwise.
    private(set) var samples: [String: [Double]] = [:]

    private static let nsPerMs = 1e6

    mutating func add(_ r: RequestRecord) {
        if r.warmup { counts[.warmup, default: 0] += 1; return }
        guard r.status != .notSent, let intended = r.intendedStartNs else { return }
        counts[.attempts, default: 0] += 1
        counts[r.attempt == 0 ? .requests : .retries, default: 0] += 1
        switch r.status {
        case .ok: counts[.succeeded, default: 0] += 1
        case .error: counts[.errors, default: 0] += 1
        case .cancelled: counts[.cancelled, default: 0] += 1
        case .notSent: break
        }
        if r.status != .ok, let kind = r.errorKind { failuresByKind[kind, default: 0] += 1 }
        append(ScalarMetric.errorRate.rawValue, r.status == .error ? 1 : 0)

        if let sent = r.sentNs {
            firstSentNs = min(firstSentNs ?? sent, sent)
            append(.dispatchLagMs, Self.ms(sent - intended))
        }
        if let done = r.doneNs { lastDoneNs = max(lastDoneNs ?? done, done) }
        guard r.status == .ok else { return }

        if let usage = r.usage {
            tokenSources[usage.source, default: 0] += 1
            outputTokensTotal += usage.outputTokens
            append(.inputTokens, Double(usage.inputTokens))
            append(.outputTokens, Double(usage.outputTokens))
        } else {
            noUsage += 1
        }
        if let t = r.firstTokenNs { append(.ttftFromIntendedMs, Self.ms(t - intended)) }
        if let t = r.firstByteNs { append(.ttfbFromIntendedMs, Self.ms(t - intended)) }
        if let t = r.doneNs { append(.e2eFromIntendedMs, Self.ms(t - intended)) }
        guard let sent = r.sentNs else { return }
        if let t = r.firstTokenNs { append(.ttftMs, Self.ms(t - sent)) }
        if let t = r.firstOutputNs { append(.ttfoMs, Self.ms(t - sent)) }
        if let t = r.firstByteNs { append(.ttfbMs, Self.ms(t - sent)) }
        if let done = r.doneNs {
            let e2eNs = done - sent
            append(.e2eMs, Self.ms(e2eNs))
            if let usage = r.usage, e2eNs > 0 {
                append(.requestOutputTokensPerS, Double(usage.outputTokens) / (Double(e2eNs) / 1e9))
            }
        }
        if let usage = r.usage, usage.outputTokens > 1, let first = r.firstTokenNs, let last = r.lastTokenNs {
            append(.itlMs, Self.ms(last - first) / Double(usage.outputTokens - 1))
        }
    }

    /// The group's metric values in catalog order, and its sorted samples.
    func finish() -> (metrics: [MetricValue], samples: [String: [Double]]) {
        var sorted: [String: [Double]] = [:]
        for (k, v) in samples { sorted[k] = v.sorted() }
        // updateValue, not subscript assignment: assigning a nil Double? would remove the key.
        var values: [String: Double?] = [:]
        for m in [ScalarMetric.requests, .attempts, .retries, .succeeded, .errors, .cancelled, .warmup] {
            values.updateValue(Double(counts[m] ?? 0), forKey: m.rawValue)
        }
        let attempts = counts[.attempts] ?? 0
        let errorRate: Double? = attempts > 0 ? Double(counts[.errors] ?? 0) / Double(attempts) : nil
        values.updateValue(errorRate, forKey: ScalarMetric.errorRate.rawValue)
        for d in DistributionMetric.allCases {
            let xs = sorted[d.rawValue] ?? []
            for s in Statistic.allCases { values.updateValue(s.of(sorted: xs), forKey: d.name(s)) }
        }
        var duration: Double?
        if let a = firstSentNs, let b = lastDoneNs, b > a { duration = Double(b - a) / 1e9 }
        values.updateValue(duration, forKey: ScalarMetric.activeDurationS.rawValue)
        values.updateValue(duration.map { Double(outputTokensTotal) / $0 }, forKey: ScalarMetric.outputTokensPerS.rawValue)
        values.updateValue(duration.map { Double(counts[.succeeded] ?? 0) / $0 }, forKey: ScalarMetric.requestsPerS.rawValue)
        for k in ErrorKind.allCases { values.updateValue(Double(failuresByKind[k] ?? 0), forKey: CountMetricNames.errors(k)) }
        for s in CountMetricNames.tokenSources { values.updateValue(Double(tokenSources[s] ?? 0), forKey: CountMetricNames.tokensSource(s)) }
        values.updateValue(Double(noUsage), forKey: CountMetricNames.tokensSourceNone)
        let metrics = MetricCatalog.all.map { def in
            guard let v = values[def.name] else { preconditionFailure("metric \(def.name) has no computation") }
            return MetricValue(name: def.name, unit: def.unit, value: v)
        }
        return (metrics, sorted)
    }

    private mutating func append(_ metric: DistributionMetric, _ v: Double) { append(metric.rawValue, v) }
    private mutating func append(_ key: String, _ v: Double) { samples[key, default: []].append(v) }
    private static func ms(_ ns: Int64) -> Double { Double(ns) / nsPerMs }
}
