import Analysis
import LLMBenchCore

/// A hand-built analysis with the cost and quality rows the loader adds: three models, three
/// datasets (numbers chosen so every derived figure can be worked out by hand).
public enum ArticleFixture {
    public static let run = RunInfo(id: "run-a", startedAt: "2025-01-02T03:04:05Z", llmbenchVersion: "0.1.0", host: "ci-box",
                             os: "Linux", cpuCount: 2, curlVersion: "7.88.1", sqliteVersion: "3.40.1", simulated: true,
                             settingsJSON: "{}", datasetHashes: [:], status: .completed)

    public static let models = ["gpt-3.5-turbo", "gpt-4o", "gpt-4o-mini"]

    /// Per-model totals, values in `models` order.
    public static let totals: [String: [Double?]] = [
        "blended_usd_per_1m_tokens": [0.75, 4.375, 0.2625],
        "cost_usd_per_request_mean": [0.0006, 0.004, 0.0002],
        "ttft_ms_p50": [250, 400, 200],
        "ttfo_ms_p50": [250, 400, 200],
        "request_output_tokens_per_s_p50": [100, 50, 120],
        "requests": [30, 30, 30],
        "succeeded": [30, 29, 30],
        "e2e_ms_p50": [1200, 2000, 1000],
        "e2e_ms_p95": [3000, 4000, 1500],
        "output_tokens_per_s": [120, 80, 150],
        "context_window_tokens": [16385, 128000, 128000],
    ]

    /// Per dataset, per metric, values in `models` order.
    public static let datasets: [String: [String: [Double?]]] = [
        "qa": [
            "exact_match_mean": [nil, 80, 60], "f1_mean": [nil, 90, 89], "scored_requests": [nil, 10, 10],
            "cost_usd_total": [0.003, 0.02, 0.001], "cost_usd_per_request_mean": [0.0003, 0.002, 0.0001],
            "cost_usd_per_1k_requests": [0.3, 2, 0.1], "e2e_ms_p95": [1200, 3000, 1000],
        ],
        "summarization": [
            "rougeL_mean": [0.25, 0.30, 0.29],
            "cost_usd_per_request_mean": [0.0008, 0.005, 0.0003], "cost_usd_per_1k_requests": [0.8, 5, 0.3],
            "e2e_ms_p95": [2500, 5000, 2000],
        ],
        "translation": [
            "bleu_mean": [32, 35, 33], "chrf_mean": [58.5, 60, 59],
            "cost_usd_per_request_mean": [0.0005, 0.004, nil], "cost_usd_per_1k_requests": [0.5, 4, nil],
            "e2e_ms_p95": [2000, 4000, 1500],
        ],
    ]

    public static func unit(_ name: String) -> MetricUnit {
        if name.contains("usd") { return .usd }
        if name.hasSuffix("_ms_p50") || name.hasSuffix("_ms_p95") { return .ms }
        if name == "output_tokens_per_s" { return .tokensPerSecond }
        if name == "request_output_tokens_per_s_p50" { return .tokensPerSecond }
        if name.hasSuffix("_tokens") || ["scored_requests", "requests", "succeeded"].contains(name) { return .count }
        return .score
    }

    public static var analysis: RunAnalysis {
        var a = RunAnalysis(run: run, definitions: [], groups: [], modelTotals: [])
        for (name, values) in totals.sorted(by: { $0.key < $1.key }) {
            for (m, v) in zip(models, values) {
                a.add(metric: MetricValue(name: name, unit: unit(name), value: v), to: GroupKey(model: m, dataset: nil))
            }
        }
        for (dataset, rows) in datasets.sorted(by: { $0.key < $1.key }) {
            for (name, values) in rows.sorted(by: { $0.key < $1.key }) {
                for (m, v) in zip(models, values) {
                    a.add(metric: MetricValue(name: name, unit: unit(name), value: v), to: GroupKey(model: m, dataset: dataset))
                }
            }
        }
        return a
    }
}
