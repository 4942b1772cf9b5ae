/// One gated metric of one group, compared between two runs.
public struct GateCheck: Sendable, Equatable {
    public var rule: GateRule
    public var key: GroupKey
    /// The bootstrap estimate; `nil` when a run has no per-request samples or no value for the metric.
    public var estimate: ChangeEstimate?
    /// Point values when there were no per-request samples to bootstrap (aggregates, added rows).
    public var baseline: Double?
    public var candidate: Double?
    public var verdict: Verdict
}

/// The outcome of `--gate` over two analyses.
public struct GateEvaluation: Sendable, Equatable {
    public var checks: [GateCheck]
    /// The Bonferroni-adjusted confidence each interval was computed at.
    public var confidence: Double
    /// Groups present in one run only: listed, never silently dropped.
    public var onlyInBaseline: [GroupKey]
    public var onlyInCandidate: [GroupKey]
    /// True if and only if no gated metric regressed (the process exits 1 otherwise).
    public var passed: Bool { !checks.contains { $0.verdict == .regressed } }

    /// Compares every (model, dataset) group present in both runs on every rule (model totals for a
    /// rule on a per-model figure).
    ///
    /// Metrics with per-request samples (`GroupAnalysis.sample(forMetric:)`) get a bootstrap interval
    /// at the Bonferroni-adjusted level for rules × common groups comparisons; others are judged on
    /// their point change (a zero-width interval). A metric without a value in either run is `noValue`.
    public static func evaluate(rules: [GateRule], baseline: RunAnalysis, candidate: RunAnalysis, level: Double = 0.95,
                                resamples: Int = 2000, seed: UInt64 = 0x6C6C_6D62) -> GateEvaluation {
        let baseKeys = Set(baseline.groups.map(\.key)), candKeys = Set(candidate.groups.map(\.key))
        let common = baseKeys.intersection(candKeys).sorted()
        let commonModels = Set(baseline.modelTotals.map(\.key)).intersection(candidate.modelTotals.map(\.key)).sorted()
        // A per-model figure (throughput, goodput) is judged on model totals; the rest per group.
        func isModelScope(_ rule: GateRule) -> Bool {
            (baseline.definitions.first { $0.name == rule.metric } ?? MetricRegistry.definition(named: rule.metric))?.scope == .model
        }
        let comparisons = rules.reduce(0) { $0 + (isModelScope($1) ? commonModels.count : common.count) }
        let confidence = Gate.adjustedConfidence(level: level, comparisons: comparisons)
        var checks: [GateCheck] = []
        for key in common + commonModels {
            let b = baseline.group(key)!, c = candidate.group(key)!
            for rule in rules where isModelScope(rule) == (key.dataset == nil) {
                var check = GateCheck(rule: rule, key: key, estimate: nil, baseline: b.value(rule.metric),
                                      candidate: c.value(rule.metric), verdict: .noValue)
                if let bs = b.sample(forMetric: rule.metric), let cs = c.sample(forMetric: rule.metric),
                   let est = Bootstrap.change(baseline: bs.values, candidate: cs.values, statistic: bs.statistic,
                                              confidence: confidence, resamples: resamples, seed: seed) {
                    check.estimate = est
                    check.baseline = est.baseline
                    check.candidate = est.candidate
                    if let interval = rule.relative ? est.relativeInterval : est.absoluteInterval {
                        check.verdict = Gate.classify(interval, rule)
                    }
                } else if let bv = check.baseline, let cv = check.candidate {
                    let change = rule.relative ? (bv == 0 ? nil : (cv - bv) / bv) : cv - bv
                    if let change { check.verdict = Gate.classify(Interval(change, change), rule) }
                }
                checks.append(check)
            }
        }
        return GateEvaluation(checks: checks, confidence: confidence,
                              onlyInBaseline: baseKeys.subtracting(candKeys).sorted(),
                              onlyInCandidate: candKeys.subtracting(baseKeys).sorted())
    }
}
