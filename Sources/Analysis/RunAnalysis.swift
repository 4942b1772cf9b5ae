import Pricing
import LLMBenchCore

/// The figures of one group (model × dataset, or a model's totals).
public struct GroupAnalysis: Sendable, Equatable {
    public var key: GroupKey
    /// One value per metric definition of the analysis, in its order.
    public var metrics: [MetricValue]
    /// Sorted per-request values by base name in display units (`ttft_ms`, …; `error_rate` holds 1/0
    /// per logical request, `attempt_error_rate` per attempt, `cost_usd_per_request` USD per priced
    /// attempt), kept for bootstrap comparisons; renderers ignore them.
    public var samples: [String: [Double]]
    /// The top error messages of each error kind that occurred, most frequent kind first (empty: no failures).
    public var failures: [FailureMessages]

    public init(key: GroupKey, metrics: [MetricValue], samples: [String: [Double]] = [:], failures: [FailureMessages] = []) {
        self.key = key; self.metrics = metrics; self.samples = samples; self.failures = failures
    }

    /// The value named `name`; `nil` when it has no value or is not in this group.
    public func value(_ name: String) -> Double? { metrics.first { $0.name == name }?.value ?? nil }
    public func value(_ metric: DistributionMetric, _ statistic: Statistic) -> Double? { value(metric.name(statistic)) }
    public func value(_ metric: ScalarMetric) -> Double? { value(metric.rawValue) }

    public var requests: Int { Int(value(.requests) ?? 0) }
    public var attempts: Int { Int(value(.attempts) ?? 0) }
    public var errors: Int { Int(value(.errors) ?? 0) }
    public var errorRate: Double? { value(.errorRate) }

    /// The per-request values and statistic that a metric name summarises, for bootstrapping:
    /// `samples[name]` summarised by its mean (e.g. `error_rate`), else `<base>_<statistic>`.
    public func sample(forMetric name: String) -> (values: [Double], statistic: Statistic)? {
        if let xs = samples[name] { return (xs, .mean) }
        guard let cut = name.lastIndex(of: "_"),
              let stat = Statistic(rawValue: String(name[name.index(after: cut)...])),
              let xs = samples[String(name[..<cut])] else { return nil }
        return (xs, stat)
    }

    /// Sets (or replaces) one metric value.
    public mutating func set(_ metric: MetricValue) {
        if let i = metrics.firstIndex(where: { $0.name == metric.name }) { metrics[i] = metric } else { metrics.append(metric) }
    }
}

/// Everything the reports show about one run: its info, the metric list, and every group's figures.
public struct RunAnalysis: Sendable, Equatable {
    public var run: RunInfo
    /// The metric list in row order: `MetricRegistry.definitions(sloGiven:)`, then any added with `add(metric:to:)`.
    public var definitions: [MetricDefinition]
    /// One per (model, dataset), sorted by model then dataset.
    public var groups: [GroupAnalysis]
    /// One per model, over every dataset (`key.dataset == nil`), sorted by model.
    public var modelTotals: [GroupAnalysis]
    /// Conversation datasets: every figure per model × dataset × turn number (`key.turn`), sorted;
    /// empty for a run without conversations.
    public var byTurn: [GroupAnalysis] = []
    /// Warnings and facts a reader must see beside the figures (e.g. "the generator fell behind"),
    /// in the order they were added.
    public var notes: [String] = []
    /// Models whose price entry the catalog marks retired or deprecated, judged on the day the
    /// analysis was read (current models are absent). "Best for" picks among current models.
    public var lifecycle: [String: ModelLifecycle] = [:]
    /// Failures by kind and dispatch lag over the run's time (`RunTimeline`); `nil` when nothing was sent.
    public var timeline: RunTimeline? = nil

    public init(run: RunInfo, definitions: [MetricDefinition] = MetricCatalog.all, groups: [GroupAnalysis],
                modelTotals: [GroupAnalysis]) {
        self.run = run; self.definitions = definitions; self.groups = groups; self.modelTotals = modelTotals
    }

    /// Every model, sorted.
    public var models: [String] { Array(Set(groups.map(\.key.model) + modelTotals.map(\.key.model))).sorted() }
    /// Every dataset, sorted.
    public var datasets: [String] { Array(Set(groups.compactMap(\.key.dataset))).sorted() }

    /// The group for `key` (totals when `key.dataset == nil`).
    public func group(_ key: GroupKey) -> GroupAnalysis? {
        (key.dataset == nil ? modelTotals : groups).first { $0.key == key }
    }

    /// Registers a metric that is not in `MetricRegistry` (e.g. a custom score), so every renderer
    /// shows it as one more row or column; groups without a value show "no value".
    public mutating func register(_ definition: MetricDefinition) {
        if let i = definitions.firstIndex(where: { $0.name == definition.name }) { definitions[i] = definition }
        else { definitions.append(definition) }
    }

    /// Adds (or replaces) one value in the group `key` (created when missing); a name not yet
    /// registered is registered with its name as label, neutral direction, shown in the summary.
    public mutating func add(metric: MetricValue, to key: GroupKey) {
        if !definitions.contains(where: { $0.name == metric.name }) {
            register(MetricDefinition(name: metric.name, label: metric.name, unit: metric.unit,
                                      direction: .neutral, inSummary: true))
        }
        update(key) { $0.set(metric) }
    }

    /// Adds per-request values under base name `base` (e.g. `rougeL`), so `sample(forMetric:)` can bootstrap
    /// `<base>_<statistic>`; values are sorted here.
    public mutating func add(samples: [Double], base: String, to key: GroupKey) {
        update(key) { $0.samples[base] = samples.sorted() }
    }

    private mutating func update(_ key: GroupKey, _ change: (inout GroupAnalysis) -> Void) {
        if key.dataset == nil {
            if let i = modelTotals.firstIndex(where: { $0.key == key }) { change(&modelTotals[i]); return }
            var g = GroupAnalysis(key: key, metrics: []); change(&g); modelTotals.append(g); modelTotals.sort { $0.key < $1.key }
        } else {
            if let i = groups.firstIndex(where: { $0.key == key }) { change(&groups[i]); return }
            var g = GroupAnalysis(key: key, metrics: []); change(&g); groups.append(g); groups.sort { $0.key < $1.key }
        }
    }
}
