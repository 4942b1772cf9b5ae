import Analysis
import Charts
import LLMBenchCore

/// `llmbench trend --format html`: one self-contained page (the charts layer, `HTMLPage`). The short
/// answer first; then per metric a time series (one line per model, its rolling band shaded, flagged
/// runs ringed, baseline runs as ink dots) with the table of its numbers; then per metric the median
/// by UTC hour of day with its table. The same numbers as the Markdown, CSV and JSON.
public enum TrendHTML {
    public static func render(_ t: TrendAnalysis, selection: TrendSelection) -> String {
        let first = t.runs.first.map { TrendText.started($0.run.startedAt) } ?? ""
        let last = t.runs.last.map { TrendText.started($0.run.startedAt) } ?? ""
        var page = HTMLPage(title: "llmbench trend: \(t.runs.count) run(s)", subtitle: "\(first) … \(last) UTC · \(selection.description)",
                            keys: t.models, simulated: t.simulated ? MarkdownReport.simulatedNotice : nil)
        page.footer = "Written by llmbench \(LLMBenchVersion.current) (llmbench trend)."
        page.add(.el("p", ["class": "answer"], text: TrendText.headline(t, code: { $0 }, strong: { $0 }, text: { $0 })))
        page.list([(t.dataset.map { "Dataset \($0)." } ?? "Each model's totals over every dataset."),
                   "Band: " + t.rule.description + "."] + t.notes)
        let time = TimeAxis(t.runs)
        for metric in t.metrics {
            let series = t.series.filter { $0.metric.name == metric.name }
            guard !series.isEmpty else { continue }
            page.heading(MarkdownReport.rowLabel(metric), id: "metric-\(metric.name)")
            page.figure(timeChart(t, metric, series, time), note: timeNote(time), table: timeTable(t, metric, series))
        }
        if !t.hours.isEmpty {
            page.heading("By hour of day (UTC)", id: "hour-of-day")
            page.paragraph("Per model, the median of the runs that started in each UTC hour; the table gives how many runs each median is of.", note: true)
            for metric in t.metrics {
                let rows = t.hours.filter { $0.metric == metric.name }
                guard !rows.isEmpty else { continue }
                page.figure(hourChart(t, metric, rows), table: hourTable(metric, rows))
            }
        }
        return page.render()
    }

    /// The x of a run: minutes (spans under 2 hours), hours (under 3 days) or days since the first run
    /// that has a start.
    struct TimeAxis {
        var origin: Double?
        var unit: String
        var divisor: Double

        init(_ runs: [TrendRun]) {
            let starts = runs.compactMap { $0.start?.timeIntervalSince1970 }
            origin = starts.min()
            let span = (starts.max() ?? 0) - (starts.min() ?? 0)
            (unit, divisor) = span < 7_200 ? ("min", 60) : span < 3 * 86_400 ? ("h", 3_600) : ("days", 86_400)
        }

        func x(_ r: TrendRun) -> Double? {
            guard let origin, let s = r.start?.timeIntervalSince1970 else { return nil }
            return (s - origin) / divisor
        }
    }

    static func timeNote(_ time: TimeAxis) -> String {
        "x: \(time.unit == "min" ? "minutes" : time.unit == "h" ? "hours" : "days") since the first run. Shaded: each model's band (the runs before each one); "
            + "ringed: outside its band; ink dots: runs a baseline points or pointed at."
    }

    static func timeChart(_ t: TrendAnalysis, _ metric: MetricDefinition, _ series: [TrendSeries], _ time: TimeAxis) -> XYChart {
        var lines: [XYChart.Series] = []
        var bands: [XYChart.Band] = []
        var baseline: [XYChart.Point] = []
        for s in series {
            var points: [XYChart.Point] = []
            var band: [(x: Double, low: Double, high: Double)] = []
            for p in s.points {
                let r = t.runs[p.run]
                guard let x = time.x(r) else { continue }
                var note = "\(r.name), \(TrendText.started(r.run.startedAt)) UTC"
                if let b = p.band { note += ", band \(TrendText.band(b, metric.unit))"; band.append((x, b.lower, b.upper)) }
                if let f = p.flag { note += ", \(f.rawValue) its band" }
                if !r.baselines.isEmpty {
                    note += ", baseline " + r.baselines.joined(separator: ", ")
                    baseline.append(XYChart.Point(x: x, y: p.value, note: "\(s.model): " + note))
                }
                points.append(XYChart.Point(x: x, y: p.value, note: note, flagged: p.flag != nil))
            }
            lines.append(XYChart.Series(s.model, key: s.model, points: points, mark: .linePoints))
            if !band.isEmpty { bands.append(XYChart.Band("\(s.model) band", key: s.model, points: band)) }
        }
        if !baseline.isEmpty { lines.append(XYChart.Series("baseline run", key: nil, points: baseline, mark: .points)) }
        return XYChart(title: "\(MarkdownReport.rowLabel(metric)) per run", x: Axis("Time since the first run", unit: time.unit, kind: .linear),
                       y: Axis(metric.label, unit: unitText(metric.unit)), series: lines, bands: bands)
    }

    static func timeTable(_ t: TrendAnalysis, _ metric: MetricDefinition, _ series: [TrendSeries]) -> DataTable {
        var rows: [[String]] = []
        let multiDB = Set(t.runs.map(\.database)).count > 1
        for s in series {
            for p in s.points {
                let r = t.runs[p.run]
                let flag = p.flag.map { f in f.rawValue + (f.isWorse(metric.direction).map { $0 ? " (worse)" : " (better)" } ?? "") } ?? ""
                rows.append([r.name + (r.run.simulated && !t.runs.allSatisfy(\.run.simulated) ? " (simulated)" : ""),
                             TrendText.started(r.run.startedAt)] + (multiDB ? [r.database] : [])
                            + [r.baselines.joined(separator: ", "), s.model, NumberFormatting.display(p.value, unit: metric.unit),
                               p.band.map { TrendText.band($0, metric.unit) } ?? "not judged", flag])
            }
            if let b = s.nextBand {
                rows.append(["band for the next run", ""] + (multiDB ? [""] : []) + ["", s.model,
                             NumberFormatting.display(b.median, unit: metric.unit), TrendText.band(b, metric.unit), ""])
            }
        }
        return DataTable(columns: ["Run", "Started (UTC)"] + (multiDB ? ["Database"] : [])
                         + ["Baseline", "Model", MarkdownReport.rowLabel(metric), "Band", "Flag"], rows: rows)
    }

    static func hourChart(_ t: TrendAnalysis, _ metric: MetricDefinition, _ rows: [HourOfDay]) -> XYChart {
        let series = t.models.compactMap { model -> XYChart.Series? in
            let mine = rows.filter { $0.model == model }
            guard !mine.isEmpty else { return nil }
            return XYChart.Series(model, key: model, points: mine.map {
                XYChart.Point(x: Double($0.hourUTC), y: $0.median, note: "\($0.runs) run(s)")
            }, mark: .linePoints)
        }
        return XYChart(title: "\(MarkdownReport.rowLabel(metric)) by hour of day", x: Axis("Hour of day", unit: "UTC", kind: .linear, domain: 0...23),
                       y: Axis("Median " + metric.label, unit: unitText(metric.unit)), series: series)
    }

    static func hourTable(_ metric: MetricDefinition, _ rows: [HourOfDay]) -> DataTable {
        DataTable(columns: ["Model", "Hour (UTC)", "Runs", "Median " + MarkdownReport.rowLabel(metric)],
                  rows: rows.map { [$0.model, $0.hourUTC < 10 ? "0\($0.hourUTC)" : "\($0.hourUTC)", String($0.runs),
                                    NumberFormatting.display($0.median, unit: metric.unit)] })
    }

    /// The unit an axis shows: none for counts.
    static func unitText(_ unit: MetricUnit) -> String? { unit == .count ? nil : unit.rawValue }
}
