import Analysis
import LLMBenchCore

/// A small fixed analysis: two models on one dataset, four metrics, one "no value".
enum ReportFixture {
    static let run = RunInfo(id: "run-1", startedAt: "2025-01-02T03:04:05Z", label: "nightly", llmbenchVersion: "0.1.0",
                             gitCommit: "abc1234", host: "ci-box", os: "Linux", cpuCount: 2, curlVersion: "7.88.1",
                             sqliteVersion: "3.40.1", simulated: true, settingsJSON: "{\"seed\":7,\"stream\":true}",
                             datasetHashes: ["qa": "ff00"], status: .completed, durationNs: 2_500_000_000)

    static let definitions = ["requests", "error_rate", "ttft_ms_p50", "output_tokens_per_s"].map {
        MetricCatalog.definition(named: $0)!
    }

    static func metrics(_ values: [Double?]) -> [MetricValue] {
        zip(definitions, values).map { MetricValue(name: $0.name, unit: $0.unit, value: $1) }
    }

    static var analysis: RunAnalysis {
        // Throughput is a per-model figure: the dataset groups have no value for it.
        let a = GroupAnalysis(key: GroupKey(model: "gpt-4o", dataset: "qa"), metrics: metrics([20, 0.05, 123.456, nil]))
        let b = GroupAnalysis(key: GroupKey(model: "gpt-4o-mini", dataset: "qa"), metrics: metrics([20, 0, nil, nil]))
        var ta = GroupAnalysis(key: GroupKey(model: "gpt-4o", dataset: nil), metrics: metrics([20, 0.05, 123.456, 88.26]))
        ta.set(MetricValue(name: CountMetricNames.errors(.http429), unit: .count, value: 1))
        ta.set(MetricValue(name: CountMetricNames.tokensSource(.server), unit: .count, value: 19))
        var tb = GroupAnalysis(key: GroupKey(model: "gpt-4o-mini", dataset: nil), metrics: metrics([20, 0, nil, 140]))
        tb.set(MetricValue(name: CountMetricNames.errors(.http429), unit: .count, value: 0))
        tb.set(MetricValue(name: CountMetricNames.tokensSource(.estimated), unit: .count, value: 20))
        return RunAnalysis(run: run, definitions: definitions, groups: [a, b], modelTotals: [ta, tb])
    }
}
