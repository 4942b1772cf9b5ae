import Analysis
import LLMBenchCore

/// Two small hand-made analyses and their comparison (few samples, so bootstrap rows are quick and fixed).
enum CompareFixture {
    static func run(_ id: String, label: String) -> RunInfo {
        RunInfo(id: id, startedAt: "2025-01-0\(id == "base-1" ? 1 : 2)T03:00:00Z", label: label, llmbenchVersion: "0.1.0",
                host: "ci-box", os: "Linux", cpuCount: 2, curlVersion: "7.88.1", sqliteVersion: "3.40.1",
                simulated: true, settingsJSON: "{}", datasetHashes: [:], status: .completed)
    }

    static let defs = ["error_rate", "ttft_ms_p50", "ttft_ms_p95", "output_tokens_per_s"].map { MetricCatalog.definition(named: $0)! }

    /// One group: TTFT samples `ttft`, no errors, aggregate throughput `throughput`.
    static func group(_ key: GroupKey, ttft: [Double], throughput: Double) -> GroupAnalysis {
        let sorted = ttft.sorted()
        let values: [String: Double?] = ["error_rate": 0, "ttft_ms_p50": Statistic.p50.of(sorted: sorted),
                                         "ttft_ms_p95": Statistic.p95.of(sorted: sorted), "output_tokens_per_s": throughput]
        return GroupAnalysis(key: key, metrics: defs.map { MetricValue(name: $0.name, unit: $0.unit, value: values[$0.name]!) },
                             samples: ["ttft_ms": sorted, "error_rate": Array(repeating: 0, count: ttft.count)])
    }

    static let qa = GroupKey(model: "gpt-4o-mini", dataset: "qa")
    /// Model totals: where the per-model `output_tokens_per_s` is compared (issue 10).
    static let total = GroupKey(model: "gpt-4o-mini", dataset: nil)
    static let baseTTFT: [Double] = (0..<40).map { 100 + Double(($0 * 37) % 40) }

    static var comparison: RunComparison {
        let base = RunAnalysis(run: run("base-1", label: "night-1"), definitions: defs,
                               groups: [group(qa, ttft: baseTTFT, throughput: 500),
                                        group(GroupKey(model: "gpt-4o-mini", dataset: "old"), ttft: baseTTFT, throughput: 1)],
                               modelTotals: [group(total, ttft: baseTTFT, throughput: 500)])
        let cand = RunAnalysis(run: run("cand-2", label: "night-2"), definitions: defs,
                               groups: [group(qa, ttft: baseTTFT.map { $0 * 1.5 }, throughput: 510),
                                        group(GroupKey(model: "claude|haiku", dataset: "qa"), ttft: baseTTFT, throughput: 1)],
                               modelTotals: [group(total, ttft: baseTTFT.map { $0 * 1.5 }, throughput: 510)])
        let rules = try! Gate.parse("ttft_ms_p95<=+15%,error_rate<=+0.01,output_tokens_per_s>=-5%")
        return Comparison.compare(baseline: base, candidate: cand, rules: rules, resamples: 200, seed: 7)
    }

    /// TTFT 12% slower at 40 requests against a +15% gate: the interval straddles the threshold.
    static var inconclusive: RunComparison {
        let base = RunAnalysis(run: run("base-1", label: "night-1"), definitions: defs,
                               groups: [group(qa, ttft: baseTTFT, throughput: 500)], modelTotals: [])
        let cand = RunAnalysis(run: run("cand-2", label: "night-2"), definitions: defs,
                               groups: [group(qa, ttft: baseTTFT.map { $0 * 1.12 }, throughput: 500)], modelTotals: [])
        return Comparison.compare(baseline: base, candidate: cand, rules: try! Gate.parse("ttft_ms_p95<=+15%"), resamples: 200, seed: 7)
    }
}
