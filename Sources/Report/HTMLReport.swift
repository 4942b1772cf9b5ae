import Analysis
import Charts
import LLMBenchCore

/// `report --format html`: one self-contained page of a run (Charts' `HTMLPage`): the article table,
/// latency distributions (CDF per model, box plots per dataset), ITL, tokens per request, cost against
/// quality with the frontier per dataset, failures by kind over the run, dispatch lag over time for
/// open-loop runs, and for a sweep the latency-against-throughput curve per model with the SLO line.
/// Every number comes from the analysis; this file only arranges them. CDF curves are drawn with at
/// most `CDF.maxPoints` points each, so the page stays small however many requests the run made.
public enum HTMLReport {
    /// One segment of a sweep (a run labelled `LABEL/concurrency=4`): its dimension text and analysis.
    public struct Segment: Sendable {
        public var label: String
        public var analysis: RunAnalysis
        public init(label: String, analysis: RunAnalysis) { self.label = label; self.analysis = analysis }
    }

    /// The page. `sweep`: the segments of the run's sweep in order (empty for a plain run); `footer`:
    /// who wrote it (the tool and version).
    public static func render(_ a: RunAnalysis, sweep: [Segment] = [], qualityMargin: Double = ArticleComparison.defaultMarginPoints,
                              includeRetired: Bool = false, footer: String? = nil) -> String {
        let kinds = a.timeline?.errorKinds ?? []
        var page = HTMLPage(title: "llmbench report: " + (a.run.label ?? "run \(a.run.id.prefix(8))"),
                            subtitle: subtitle(a), keys: a.models + kinds.map(\.rawValue),
                            simulated: a.run.simulated ? MarkdownReport.simulatedNotice : nil)
        page.footer = footer
        if !a.notes.isEmpty { page.heading("Notes"); page.list(a.notes) }
        article(&page, a, qualityMargin: qualityMargin, includeRetired: includeRetired)
        latency(&page, a)
        tokens(&page, a)
        costQuality(&page, a)
        timeline(&page, a, kinds: kinds)
        if !sweep.isEmpty { HTMLSweep.add(&page, sweep) }
        return page.render()
    }

    static func subtitle(_ a: RunAnalysis) -> String {
        var parts = ["Run \(a.run.id)", "started \(a.run.startedAt)", a.run.status.rawValue]
        parts.append("\(a.models.count) model\(a.models.count == 1 ? "" : "s")")
        if !a.datasets.isEmpty { parts.append("datasets: " + a.datasets.joined(separator: ", ")) }
        return parts.joined(separator: " · ")
    }

    static func totals(_ a: RunAnalysis) -> [(name: String, key: String, group: GroupAnalysis)] {
        a.models.compactMap { m in a.group(GroupKey(model: m, dataset: nil)).map { (m, m, $0) } }
    }

    static func article(_ page: inout HTMLPage, _ a: RunAnalysis, qualityMargin: Double, includeRetired: Bool) {
        let c = ArticleComparison(a, marginPoints: qualityMargin, includeRetired: includeRetired)
        page.heading("Models compared", id: "article")
        page.table(HTMLFigures.modelTable(c.models, ArticleTable.mainRows(c)))
        if !c.sections.isEmpty {
            page.paragraph("Best for: the cheapest model, by mean cost per request, whose quality is within "
                           + "\(ArticleTable.marginText(c.marginPoints)) points of the best.")
            page.list(c.sections.map { ArticleTable.bestForLine($0, c) })
            page.table(HTMLFigures.modelTable(c.models, ArticleTable.besideRows(c), caption: "Quality per dollar and Pareto dominance (cost, e2e p95, quality)"))
        }
        page.paragraph("\(NumberFormatting.noValue) = no value (e.g. a model with no price or no scored responses).", note: true)
    }

    static func latency(_ page: inout HTMLPage, _ a: RunAnalysis) {
        page.heading("Latency", id: "latency")
        let note = "Each curve: the fraction of the model's successful requests (all datasets) at or below each value; "
            + "drawn with at most \(CDF.maxPoints) points. The table gives the run's statistics."
        for m in [Metric.ttft, Metric.ttfo, Metric.e2e, Metric.itl] {
            guard let (chart, table) = HTMLFigures.cdf(m, groups: totals(a)) else { continue }
            page.figure(chart, note: note, table: table)
            if m.name != Metric.itl.name, let box = HTMLFigures.boxes(m, a) {
                page.figure(box, note: "Per dataset and model: \(BoxFigures.description).", table: HTMLFigures.boxTable(box, unit: m.displayUnit))
            }
        }
    }

    static func tokens(_ page: inout HTMLPage, _ a: RunAnalysis) {
        let charts = [Metric.outputTokens, Metric.inputTokens].compactMap { m in HTMLFigures.boxes(m, a).map { (m, $0) } }
        guard !charts.isEmpty else { return }
        page.heading("Tokens per request", id: "tokens")
        for (m, box) in charts {
            page.figure(box, note: "Tokens as the server reported them (successful requests), \(BoxFigures.description).",
                        table: HTMLFigures.boxTable(box, unit: m.displayUnit))
        }
    }

    static func costQuality(_ page: inout HTMLPage, _ a: RunAnalysis) {
        var figures: [(XYChart, DataTable, String)] = []
        for d in a.datasets {
            guard let task = ArticleTask.infer(dataset: d, in: a) else { continue }
            let q = task.primary
            let points = a.models.compactMap { m -> CostQualityFrontier.Point? in
                guard let g = a.group(GroupKey(model: m, dataset: d)), let cost = g.value(Metric.costPerRequestMean.name),
                      let quality = g.value(q.metric) else { return nil }
                return .init(model: m, cost: cost, quality: quality)
            }
            guard !points.isEmpty else { continue }
            let frontier = CostQualityFrontier.frontier(points)
            var series = points.map { p in XYChart.Series(p.model, key: p.model, points: [.init(x: p.cost, y: p.quality)], mark: .points) }
            if frontier.count > 1 {
                series.append(.init("Frontier", key: nil, points: frontier.map { .init(x: $0.cost, y: $0.quality) }, mark: .line, dashed: true))
            }
            let chart = XYChart(title: "Cost against quality: \(d)", x: Axis("Cost per request, mean", unit: "USD"),
                                y: Axis(q.label, kind: .linear, includeZero: false), series: series)
            let onFrontier = Set(frontier.map(\.model))
            let table = DataTable(columns: ["Model", "Cost per request, mean (USD)", q.label, "Frontier"], rows: points.map { p in
                [p.model, ArticleTable.cell(p.cost, unit: .usd, key: ""), ArticleTable.cell(p.quality, unit: .score, key: q.metric),
                 onFrontier.contains(p.model) ? "yes" : "no"]
            })
            figures.append((chart, table, "Frontier: models no other model beats on both mean cost per request and \(q.label) at once. "
                            + "The article table's Pareto also weighs e2e p95 and the run's noise."))
        }
        guard !figures.isEmpty else { return }
        page.heading("Cost and quality", id: "cost-quality")
        for (c, t, n) in figures { page.figure(c, note: n, table: t) }
    }

    static func timeline(_ page: inout HTMLPage, _ a: RunAnalysis, kinds: [ErrorKind]) {
        guard let t = a.timeline else { return }
        page.heading("Over the run", id: "timeline")
        let x = Axis("Time since the first scheduled send", unit: "s", kind: .linear)
        let width = NumberFormatting.display(t.bucketS, unit: .seconds)
        if kinds.isEmpty {
            page.paragraph("No failed attempts in this run (\(t.buckets.reduce(0) { $0 + $1.attempts }) attempts sent).")
        } else {
            let series = kinds.map { k in
                XYChart.Series(k.rawValue, key: k.rawValue, points: t.buckets.map { .init(x: $0.startS, y: Double($0.errors[k] ?? 0)) }, mark: .linePoints)
            }
            let chart = XYChart(title: "Failed attempts by kind over the run", x: x, y: Axis("Failed attempts per \(width) s", kind: .linear, wholeNumbers: true), series: series)
            let rows = t.buckets.filter { !$0.errors.isEmpty }.map { b in
                [NumberFormatting.display(b.startS, unit: .seconds), String(b.attempts)] + kinds.map { String(b.errors[$0] ?? 0) }
            }
            page.figure(chart, note: "Attempts counted in \(width) s buckets by when they were scheduled to start; the table lists the buckets with failures.",
                        table: DataTable(columns: ["Bucket start (s)", "Attempts"] + kinds.map(\.rawValue), rows: rows))
        }
        let settings = RunSettings.decodeOrEmpty(a.run.settingsJSON)
        guard settings.isOpenLoop, !t.lag.isEmpty else { return }
        var series: [XYChart.Series] = []
        var rows: [[String]] = []
        for m in a.models {
            guard let lag = t.lag[m] else { continue }
            series.append(.init("\(m) p50", key: m, points: lag.map { .init(x: $0.startS, y: $0.p50Ms) }, mark: .linePoints))
            series.append(.init("\(m) max", key: m, points: lag.map { .init(x: $0.startS, y: $0.maxMs) }, mark: .line, dashed: true))
            rows += lag.map { [m, NumberFormatting.display($0.startS, unit: .seconds), NumberFormatting.display($0.p50Ms, unit: .ms),
                               NumberFormatting.display($0.maxMs, unit: .ms), String($0.count)] }
        }
        let chart = XYChart(title: "Dispatch lag over the run", x: x, y: Axis(Metric.dispatchLag.label, unit: "ms"), series: series)
        page.figure(chart, note: "Dispatch lag: how late each request was sent after its scheduled time (open-loop run), per \(width) s bucket: "
                    + "median (solid) and largest (dashed). A rising line means the generator fell behind the schedule.",
                    table: DataTable(columns: ["Model", "Bucket start (s)", "p50 (ms)", "max (ms)", "n"], rows: rows))
    }
}
