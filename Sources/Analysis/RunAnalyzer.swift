import LLMBenchCore

/// Streams one run's request records into per-(model, dataset) groups and per-model totals.
///
/// Feed every attempt of one run with `add(_:)` (in any order), then call `finish(run:)`.
/// Memory is a few Doubles per attempt per group; records themselves are not kept.
public struct RunAnalyzer: Sendable {
    private var groups: [GroupKey: GroupAccumulator] = [:]

    public init() {}

    public mutating func add(_ r: RequestRecord) {
        groups[GroupKey(model: r.model, dataset: r.dataset), default: GroupAccumulator()].add(r)
        groups[GroupKey(model: r.model, dataset: nil), default: GroupAccumulator()].add(r)
    }

    /// The figures of every group, sorted by model then dataset.
    public func finish(run: RunInfo) -> RunAnalysis {
        var perDataset: [GroupAnalysis] = []
        var totals: [GroupAnalysis] = []
        for key in groups.keys.sorted() {
            let (metrics, samples) = groups[key]!.finish()
            let g = GroupAnalysis(key: key, metrics: metrics, samples: samples)
            if key.dataset == nil { totals.append(g) } else { perDataset.append(g) }
        }
        return RunAnalysis(run: run, definitions: MetricCatalog.all, groups: perDataset, modelTotals: totals)
    }
}
