import Analysis
import Charts
import LLMBenchCore

/// The capacity section of a sweep's HTML report: per latency metric, its p95 against request throughput,
/// one curve per model through the segments in order (the knee), with the SLO's line when `--slo` named it.
enum HTMLSweep {
    static func add(_ page: inout HTMLPage, _ segments: [HTMLReport.Segment]) {
        page.heading("Capacity (sweep)", id: "sweep")
        page.paragraph("\(segments.count) segments: " + segments.map(\.label).joined(separator: ", ")
                       + ". Each point is one segment: the model's request throughput (successful requests per second of its active time) "
                       + "and its latency p95.")
        let slo = segments.lazy.compactMap { RunSettings.decodeOrEmpty($0.analysis.run.settingsJSON).slo }.first.flatMap { try? SLOSet.parse($0) }
        var metrics = [Metric.ttft, Metric.e2e]
        for o in slo?.objectives ?? [] where !metrics.contains(where: { $0.name == o.metric.rawValue }) {
            if let m = MetricRegistry.all.first(where: { $0.name == o.metric.rawValue }) { metrics.append(m) }
        }
        let models = Array(Set(segments.flatMap(\.analysis.models))).sorted()
        for m in metrics {
            let stat = m.name + "_" + Statistic.p95.rawValue
            var series: [XYChart.Series] = []
            var rows: [[String]] = []
            for model in models {
                var pts: [XYChart.Point] = []
                for s in segments {
                    guard let g = s.analysis.group(GroupKey(model: model, dataset: nil)) else { continue }
                    let rps = g.value(Metric.requestsPerS.name), lat = g.value(stat)
                    rows.append([model, s.label, NumberFormatting.display(rps, unit: .requestsPerSecond), NumberFormatting.display(lat, unit: .ms),
                                 NumberFormatting.display(g.errorRate, unit: .ratio)])
                    if let rps, let lat { pts.append(.init(x: rps, y: lat, note: s.label)) }
                }
                if !pts.isEmpty { series.append(.init(model, key: model, points: pts, mark: .linePoints)) }
            }
            guard !series.isEmpty else { continue }
            let refs = (slo?.objectives ?? []).filter { $0.metric.rawValue == m.name }
                .map { XYChart.Reference(y: $0.maxMs, label: "SLO \($0.metric.rawValue) ≤ \(NumberText.significant($0.maxMs)) ms") }
            let chart = XYChart(title: "\(m.label) p95 against throughput", x: Axis(Metric.requestsPerS.label, unit: "req/s", kind: .linear),
                                y: Axis("\(m.label) p95", unit: "ms"), series: series, references: refs)
            page.figure(chart, note: "Where a curve turns upwards, more load buys little throughput and much latency (the knee)."
                        + (refs.isEmpty ? "" : " The dashed line is the --slo objective (a per-request limit, drawn against p95)."),
                        table: DataTable(columns: ["Model", "Segment", "Throughput (req/s)", "\(m.label) p95 (ms)", "Error rate"], rows: rows))
        }
    }
}
