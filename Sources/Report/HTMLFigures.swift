import Analysis
import Charts
import LLMBenchCore

/// Chart builders shared by the HTML pages (run report, compare): they read figures the analysis
/// already computed (samples, registry values) and only arrange them into `Charts` values.
enum HTMLFigures {
    /// The statistics a latency table under a CDF shows, from the registry's values.
    static let tableStatistics: [Statistic] = [.p50, .p90, .p95, .p99, .mean, .count]

    /// A CDF chart of `metric`'s per-request values, one step curve per (name, group), and the table of
    /// the registry's statistics for each; `nil` when no group has a value.
    static func cdf(_ metric: Metric, groups: [(name: String, key: String, group: GroupAnalysis)], title: String? = nil)
        -> (chart: XYChart, table: DataTable)? {
        let series = groups.compactMap { g -> XYChart.Series? in
            guard let xs = g.group.samples[metric.name], !xs.isEmpty else { return nil }
            return .init(g.name, key: g.key, points: CDF.points(sorted: xs), mark: .step)
        }
        guard !series.isEmpty else { return nil }
        let chart = XYChart(title: title ?? "\(metric.label): distribution", x: Axis(metric.label, unit: metric.displayUnit.rawValue),
                            y: Axis("Fraction of requests ≤ value", kind: .linear, domain: 0...1), series: series)
        // Statistics are the registry's values; n is the number of values behind the curve.
        let rows = groups.compactMap { g -> [String]? in
            guard let xs = g.group.samples[metric.name] else { return nil }
            return [g.name] + tableStatistics.map { s in
                s == .count ? NumberFormatting.display(Double(xs.count), unit: .count)
                    : NumberFormatting.display(g.group.value(metric.name + "_" + s.rawValue), unit: metric.displayUnit)
            }
        }
        return (chart, DataTable(columns: [""] + tableStatistics.map { $0 == .count ? "n" : $0.rawValue }, rows: rows,
                                 caption: "\(metric.label) (\(metric.displayUnit.rawValue))"))
    }

    /// Box plots of `metric` per dataset (groups) and model (boxes), from each group's samples (`BoxFigures`).
    static func boxes(_ metric: Metric, _ a: RunAnalysis) -> BoxChart? {
        var groups: [BoxChart.Group] = []
        for d in a.datasets {
            let boxes = a.models.compactMap { m -> BoxChart.Box? in
                guard let xs = a.group(GroupKey(model: m, dataset: d))?.samples[metric.name], let f = BoxFigures(sorted: xs) else { return nil }
                return .init(m, key: m, low: f.p5, q1: f.p25, median: f.p50, q3: f.p75, high: f.p95, count: f.count)
            }
            if !boxes.isEmpty { groups.append(.init(d, boxes: boxes)) }
        }
        guard !groups.isEmpty else { return nil }
        return BoxChart(title: "\(metric.label) by dataset", value: Axis(metric.label, unit: metric.displayUnit.rawValue),
                        groups: groups, whiskers: BoxFigures.description)
    }

    /// The box chart's numbers, formatted in the metric's unit.
    static func boxTable(_ c: BoxChart, unit: MetricUnit) -> DataTable {
        let f = { (v: Double) in NumberFormatting.display(v, unit: unit) }
        return DataTable(columns: ["Dataset", "Model", "p5", "p25", "Median", "p75", "p95", "n"],
                         rows: c.groups.flatMap { g in g.boxes.map { b in [g.label, b.name, f(b.low), f(b.q1), f(b.median), f(b.q3), f(b.high), String(b.count)] } },
                         caption: "\(c.value.title): \(c.whiskers)")
    }

    /// A table of label + one cell per model (the article table's shape).
    static func modelTable(_ models: [String], _ rows: [(String, [String])], caption: String? = nil) -> DataTable {
        DataTable(columns: [""] + models, rows: rows.map { [$0.0] + $0.1 }, caption: caption)
    }
}
