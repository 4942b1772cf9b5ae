import LLMBenchCore

/// One metric of one (model, dataset) group compared between a baseline run and a candidate run.
public struct MetricComparison: Sendable, Equatable {
    /// How the change's interval was obtained.
    public enum Method: String, Sendable {
        /// Seeded percentile bootstrap over the per-request values (`Bootstrap.change`).
        case bootstrap
        /// No per-request values (an aggregate or an added row): the point change, a zero-width interval.
        case point
        /// No per-request values, several baseline runs: the point change from the runs' mean ± their
        /// night-to-night spread (`NightlyBootstrap.pointChange`).
        case nights
        /// A run has no value for the metric: nothing to compare.
        case none
    }

    public var key: GroupKey
    public var definition: MetricDefinition
    /// The `--gate` rule on this metric, or `nil` when it is compared for information only.
    public var gate: GateRule?
    public var baseline: Double?
    public var candidate: Double?
    /// candidate − baseline, in the metric's unit.
    public var change: Double?
    /// (candidate − baseline) / baseline; `nil` when the baseline is 0 or missing.
    public var relativeChange: Double?
    /// Interval of the absolute change (metric's unit).
    public var absoluteInterval: Interval?
    /// Interval of the relative change (a fraction); `nil` when some (resampled) baseline was 0.
    public var relativeInterval: Interval?
    /// Two-sided confidence of the intervals (the Bonferroni-adjusted level for a gated metric);
    /// `nil` for point and missing comparisons.
    public var confidence: Double?
    public var method: Method
    public var verdict: Verdict
    /// Why the verdict was reached in an unusual way (e.g. a relative gate on a baseline of 0).
    public var note: String?
    /// Per-request values behind the bootstrap on each side (`nil` for point and missing comparisons).
    public var baselineCount: Int? = nil
    public var candidateCount: Int? = nil
    /// The rule the verdict was judged against: the gate, or for an ungated row the informational
    /// rule (`Comparison.informationalRule`); `nil` for neutral metrics and missing values.
    public var criterion: GateRule? = nil
    /// For an inconclusive bootstrap row: the requests per group (each side) at which the interval
    /// would stop straddling the threshold (`Gate.requestsToResolve`); `nil` otherwise or when no
    /// request count can (the point change sits on the threshold).
    public var requestsToResolve: Int? = nil
    /// Baseline runs behind the baseline value (their mean) and the interval.
    public var baselineRuns: Int = 1
    /// The relative half-width night-to-night variation added to the interval (q · σ · √(1 + 1/K) ÷ b̄,
    /// `NightToNight`); `nil` with one baseline run, when that variation is unknown and not covered.
    public var nightToNight: Double? = nil

    /// True when the verdict was judged on the relative interval (a relative rule, or no rule and a
    /// relative interval exists); renderers show that interval.
    public var judgedRelative: Bool {
        if let rule = gate ?? criterion { return rule.relative && relativeInterval != nil }
        return relativeInterval != nil
    }
}

/// Everything `llmbench compare` found about two runs.
public struct RunComparison: Sendable, Equatable {
    /// The newest baseline run (the only one unless the baseline named several).
    public var baselineRun: RunInfo
    /// Every baseline run, newest first (`--baseline last-good~7` names seven).
    public var baselineRuns: [RunInfo] = []
    public var candidateRun: RunInfo
    public var rules: [GateRule]
    /// The family confidence level asked for (`--confidence`, default 0.95): ungated intervals use it.
    public var level: Double
    /// Gated intervals' confidence: `Gate.adjustedConfidence(level:comparisons:)` (Bonferroni).
    public var gatedConfidence: Double
    /// Gated comparisons the Bonferroni adjustment divides by: for each rule, the groups in both runs
    /// (model totals in both runs for a per-model figure).
    public var gatedComparisons: Int
    public var resamples: Int
    public var seed: UInt64
    /// One row per common group × compared metric, by group then metric order.
    public var rows: [MetricComparison]
    /// (model, dataset) groups present in both runs, sorted, then the model totals that per-model
    /// figures (throughput, goodput) were compared on.
    public var commonGroups: [GroupKey]
    /// Groups present in one run only: listed, never silently dropped.
    public var onlyInBaseline: [GroupKey]
    public var onlyInCandidate: [GroupKey]

    /// What inconclusive gated checks do to `passed` (`--inconclusive`, default warn).
    public var inconclusivePolicy: InconclusivePolicy = .warn
    /// Every difference between the runs' recorded settings (`RunDifferences.find`); refusing ones
    /// are here only when `--allow-different` let the comparison go ahead.
    public var differences: [RunDifference] = []
    /// Models whose costs were re-priced on one side so both use the newer catalog (see `Repricing`).
    public var repriced: [String] = []
    /// True when a compared group of either run held more per-request values of some metric than
    /// `bootstrapSampleLimit`: its bootstrap resampled the values at that many evenly spaced ranks.
    public var bootstrapSubsampled = false
    /// True when a compared group of either run held more than `Bootstrap.directLimit` values of some
    /// metric: its resamples' percentiles were drawn from their order statistics' distribution
    /// (`OrderStatisticResample`) instead of building each resample value by value.
    public var orderStatisticDraws = false
    /// Values per metric and run the bootstrap resamples at most (`SampleColumn.bootstrapLimit`).
    public static var bootstrapSampleLimit: Int { SampleColumn.bootstrapLimit }

    /// True when the baseline held two or more runs, so intervals include night-to-night variation.
    public var nightToNightAccounted: Bool { baselineRuns.count >= 2 }

    public var gatedRows: [MetricComparison] { rows.filter { $0.gate != nil } }
    public var regressions: [MetricComparison] { gatedRows.filter { $0.verdict == .regressed } }
    /// Gated checks whose interval straddles the threshold: the data cannot tell.
    public var inconclusive: [MetricComparison] { gatedRows.filter { $0.verdict == .inconclusive } }
    /// True unless a gated metric regressed, or one is inconclusive under `--inconclusive fail`
    /// (the process exits 1 otherwise).
    public var passed: Bool { regressions.isEmpty && (inconclusivePolicy != .fail || inconclusive.isEmpty) }
    public func rows(for key: GroupKey) -> [MetricComparison] { rows.filter { $0.key == key } }
}

/// Compares two runs' analyses metric by metric (pure; issue 7's `llmbench compare`).
public enum Comparison {
    /// The metrics compared when no gate names them: each registry metric's `comparedByDefault`
    /// (latency percentiles, per-request output speed, the error rate; the aggregate
    /// `output_tokens_per_s` has no per-request values, so it is compared only when gated).
    /// Registered cost and quality figures follow.
    /// Latency first, then speed, then the counts, each in registry order.
    public static let defaultMetricNames: [String] = [MetricFamily.latency, .throughput, .counts].flatMap { f in
        MetricRegistry.all.filter { $0.family == f }.flatMap(\.defaultComparisonNames)
    }

    /// Every metric name a gate may use for these runs: the catalog plus each run's registered extras.
    public static func knownMetricNames(_ analyses: [RunAnalysis]) -> [String] {
        var names = MetricCatalog.names
        var seen = Set(names)
        for a in analyses { for d in a.definitions where seen.insert(d.name).inserted { names.append(d.name) } }
        return names
    }

    /// Compares every (model, dataset) group present in both runs on the default metrics, every
    /// registered extra with a direction (cost, quality) and every gated metric; an ungated metric
    /// with no value in either run is left out, a gated one is kept (verdict `noValue`).
    ///
    /// Each row's interval comes from `Bootstrap.change` when both groups hold per-request values
    /// for it, at `level` (ungated) or at the Bonferroni-adjusted level over rules × common groups
    /// (gated); otherwise from the point change. Each row's seed is `seed` mixed with an FNV-1a hash
    /// of "model|dataset|metric", so rows are independent yet reproducible.
    ///
    /// Verdicts (issue 12, `Gate.classify`): regressed when the whole interval (relative for `%`
    /// thresholds, absolute otherwise) lies beyond the threshold on the worse side, improved when it
    /// lies wholly on the better side of zero, ok when wholly within the threshold, inconclusive when
    /// it straddles the threshold. An ungated row follows the same rule against
    /// `informationalRule` (the threshold of a gate on the same quantity, else ±10%). A relative
    /// rule whose relative interval is undefined (a baseline of 0) is judged on the absolute
    /// interval against 0, and says so in `note`.
    public static func compare(baseline: RunAnalysis, candidate: RunAnalysis, rules: [GateRule], level: Double = 0.95,
                               resamples: Int = 2000, seed: UInt64 = 0x6C6C_6D62,
                               inconclusive: InconclusivePolicy = .warn) -> RunComparison {
        compare(baselines: [baseline], candidate: candidate, rules: rules, level: level, resamples: resamples, seed: seed,
                inconclusive: inconclusive)
    }

    /// The same against a baseline of one or several runs (newest first, ≥ 1). With several, each
    /// group's baseline value is the mean of its runs' statistics and its interval comes from
    /// `NightlyBootstrap` (requests ⊕ night-to-night variation); a group is compared when some
    /// baseline run and the candidate hold it, over the baseline runs that do.
    public static func compare(baselines: [RunAnalysis], candidate: RunAnalysis, rules: [GateRule], level: Double = 0.95,
                               resamples: Int = 2000, seed: UInt64 = 0x6C6C_6D62,
                               inconclusive: InconclusivePolicy = .warn) -> RunComparison {
        precondition(!baselines.isEmpty, "compare needs a baseline run")
        let baseline = baselines[0]
        let baseKeys = Set(baselines.flatMap { $0.groups.map(\.key) }), candKeys = Set(candidate.groups.map(\.key))
        let common = baseKeys.intersection(candKeys).sorted()
        let commonModels = Set(baselines.flatMap { $0.modelTotals.map(\.key) })
            .intersection(candidate.modelTotals.map(\.key)).sorted()
        let names = metricNames(baselines: baselines, candidate: candidate, rules: rules)
        // Per-model figures (throughput, goodput) are compared on model totals, the rest per group.
        func isModelScope(_ n: String) -> Bool { definition(n, baseline, candidate).scope == .model }
        let comparisons = rules.reduce(0) { $0 + (isModelScope($1.metric) ? commonModels.count : common.count) }
        let gatedConfidence = Gate.adjustedConfidence(level: level, comparisons: comparisons)
        var rows: [MetricComparison] = []
        var keys = common
        for key in common + commonModels {
            let bs = baselines.compactMap { $0.group(key) }, c = candidate.group(key)!
            for name in names where isModelScope(name) == (key.dataset == nil) {
                let def = definition(name, baseline, candidate)
                let rule = rules.first { $0.metric == name }
                // An ungated metric no run has (e.g. TTFT of non-streamed runs) is left out.
                if rule == nil && c.value(name) == nil && c.sample(forMetric: name) == nil
                    && bs.allSatisfy({ $0.value(name) == nil && $0.sample(forMetric: name) == nil }) { continue }
                if key.dataset == nil && !keys.contains(key) { keys.append(key) }
                rows.append(compareOne(key: key, def: def, rule: rule, baselines: bs, c: c,
                                       confidence: rule == nil ? level : gatedConfidence, resamples: resamples,
                                       informational: rule == nil ? informationalRule(def, rules: rules) : nil,
                                       seed: seed ^ fnv1a("\(key.model)|\(key.dataset ?? "")|\(name)")))
            }
        }
        var result = RunComparison(baselineRun: baseline.run, baselineRuns: baselines.map(\.run), candidateRun: candidate.run,
                                   rules: rules, level: level,
                                   gatedConfidence: gatedConfidence, gatedComparisons: comparisons, resamples: resamples,
                                   seed: seed, rows: rows, commonGroups: keys,
                                   onlyInBaseline: baseKeys.subtracting(candKeys).sorted(),
                                   onlyInCandidate: candKeys.subtracting(baseKeys).sorted(), inconclusivePolicy: inconclusive)
        result.bootstrapSubsampled = (baselines + [candidate]).contains { a in
            keys.contains { a.group($0)?.subsampled == true }
        }
        result.orderStatisticDraws = (baselines + [candidate]).contains { a in
            keys.contains { k in a.group(k)?.samples.values.contains { $0.count > Bootstrap.directLimit } == true }
        }
        return result
    }

    /// The relative threshold ungated rows are judged against when no gate covers their quantity.
    public static let informationalThreshold = 0.10

    /// The rule an ungated row is judged against, so it reads the same as a gated one: a gate on the
    /// same quantity (same `base`, e.g. `ttft_ms_p95<=+15%` for TTFT p90) lends its threshold, else
    /// ±`informationalThreshold` relative in the metric's worse direction; `nil` for neutral metrics.
    public static func informationalRule(_ def: MetricDefinition, rules: [GateRule]) -> GateRule? {
        let bound: GateRule.Bound
        switch def.direction {
        case .lowerIsBetter: bound = .atMost
        case .higherIsBetter: bound = .atLeast
        case .neutral: return nil
        }
        if let same = rules.first(where: { r in
            r.bound == bound && (MetricCatalog.definition(named: r.metric)?.base ?? r.metric) == def.base
        }) {
            return GateRule(metric: def.name, bound: bound, threshold: same.threshold, relative: same.relative)
        }
        let t = informationalThreshold
        return GateRule(metric: def.name, bound: bound, threshold: bound == .atMost ? t : -t, relative: true)
    }

    /// Defaults, then cost and quality figures with a direction (and any registered extra), then
    /// gated names not yet listed; no repeats.
    static func metricNames(baselines: [RunAnalysis], candidate: RunAnalysis, rules: [GateRule]) -> [String] {
        var names: [String] = []
        var seen = Set<String>()
        func add(_ n: String) { if seen.insert(n).inserted { names.append(n) } }
        defaultMetricNames.forEach(add)
        for a in baselines + [candidate] {
            for d in a.definitions where d.direction != .neutral {
                let family = MetricRegistry.metric(named: d.base)?.family
                if family == nil || family == .cost || family == .quality { add(d.name) }
            }
        }
        rules.map(\.metric).forEach(add)
        return names
    }

    static func definition(_ name: String, _ a: RunAnalysis, _ b: RunAnalysis) -> MetricDefinition {
        MetricCatalog.definition(named: name) ?? a.definitions.first { $0.name == name }
            ?? b.definitions.first { $0.name == name }
            ?? MetricDefinition(name: name, label: name, unit: MetricUnit(rawValue: ""), direction: .neutral, inSummary: true)
    }

    static func compareOne(key: GroupKey, def: MetricDefinition, rule: GateRule?, baselines bs: [GroupAnalysis],
                           c: GroupAnalysis, confidence: Double, resamples: Int, informational: GateRule? = nil,
                           seed: UInt64) -> MetricComparison {
        let values = bs.compactMap { $0.value(def.name) }
        var row = MetricComparison(key: key, definition: def, gate: rule,
                                   baseline: values.isEmpty ? nil : values.reduce(0, +) / Double(values.count),
                                   candidate: c.value(def.name), change: nil, relativeChange: nil,
                                   absoluteInterval: nil, relativeInterval: nil, confidence: nil,
                                   method: .none, verdict: .noValue, note: nil)
        let samples = bs.compactMap { $0.sample(forMetric: def.name) }
        var nightly: NightlyChange?
        if !samples.isEmpty, let cs = c.sample(forMetric: def.name),
           let est = NightlyBootstrap.change(baselineRuns: samples.map(\.values), candidate: cs.values,
                                             statistic: samples[0].statistic, confidence: confidence,
                                             resamples: resamples, seed: seed) {
            nightly = est
            row.method = .bootstrap
            row.baselineRuns = samples.count
            row.baselineCount = samples.reduce(0) { $0 + $1.values.count }
            row.candidateCount = cs.values.count
        } else if values.count >= 2, let cv = row.candidate,
                  let est = NightlyBootstrap.pointChange(baselineValues: values, candidate: cv, confidence: confidence) {
            nightly = est
            row.method = .nights
            row.baselineRuns = values.count
        } else if let bv = values.first, let cv = row.candidate {
            row.baseline = bv
            row.absoluteInterval = Interval(cv - bv, cv - bv)
            if bv != 0 { row.relativeInterval = Interval((cv - bv) / bv, (cv - bv) / bv) }
            row.method = .point
        } else {
            return row
        }
        if let est = nightly?.estimate {
            row.baseline = est.baseline
            row.candidate = est.candidate
            row.absoluteInterval = est.absoluteInterval
            row.relativeInterval = est.relativeInterval
            row.confidence = est.confidence
            if nightly?.nights != nil { row.nightToNight = nightly?.nightsRelativeHalfWidth }
        }
        let bv = row.baseline!, cv = row.candidate!
        row.change = cv - bv
        row.relativeChange = bv == 0 ? nil : (cv - bv) / bv
        let criterion = rule ?? informational
        row.criterion = criterion
        guard let criterion else {
            row.verdict = Gate.classify(row.absoluteInterval!, direction: def.direction)
            return row
        }
        let (interval, point, judged) = judgedInterval(row, rule: criterion)
        row.verdict = Gate.classify(interval, judged)
        if criterion.relative, row.relativeInterval == nil {
            row.note = "relative change undefined (a baseline of 0 in the data or a resample): judged on the absolute change against 0"
        }
        if row.verdict == .inconclusive, row.method == .bootstrap, let n = row.candidateCount, let p = point,
           let nightly {
            // Only the request part shrinks with more requests; the nights' part stays.
            var requestsOnly = row
            requestsOnly.absoluteInterval = nightly.requestsOnly.absoluteInterval
            requestsOnly.relativeInterval = nightly.requestsOnly.relativeInterval
            let (within, _, _) = judgedInterval(requestsOnly, rule: criterion)
            let relativeScale = criterion.relative && row.relativeInterval != nil
            let fixed = nightly.nightsRelativeHalfWidth * (relativeScale ? 1 : abs(bv))
            row.requestsToResolve = Gate.requestsToResolve(interval: within, point: p, threshold: judged.threshold,
                                                           requests: n, fixedHalfWidth: fixed)
        }
        return row
    }

    /// The interval a rule reads, the point change on the same scale and the rule as applied: the
    /// relative interval for a `%` rule, the absolute one otherwise (a `%` rule on an undefined
    /// relative interval becomes an absolute rule with threshold 0).
    static func judgedInterval(_ row: MetricComparison, rule: GateRule) -> (Interval, Double?, GateRule) {
        if rule.relative {
            if let rel = row.relativeInterval { return (rel, row.relativeChange, rule) }
            return (row.absoluteInterval!, row.change, GateRule(metric: rule.metric, bound: rule.bound, threshold: 0, relative: false))
        }
        return (row.absoluteInterval!, row.change, rule)
    }

    /// FNV-1a, 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3), over UTF-8 bytes.
    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in s.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
