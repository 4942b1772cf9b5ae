import Analysis
import LLMBenchCore
import Pricing

/// The article's comparison table: models as columns; cost, speed, throughput, quality per task,
/// context window and a "best for" line; beside it quality per dollar, cost per exactly matching QA
/// answer and Pareto dominance. The figures come from `ArticleComparison` (Analysis); this file and
/// its two siblings only format them (`llmbench report --view article`).
public enum ArticleTable {
    /// Renders the table of one run. JUnit has no article view (it describes pass/fail checks).
    public static func render(_ a: RunAnalysis, format: ReportFormat,
                              qualityMargin marginPoints: Double = ArticleComparison.defaultMarginPoints,
                              includeRetired: Bool = false) throws -> String {
        let c = ArticleComparison(a, marginPoints: marginPoints, includeRetired: includeRetired)
        switch format {
        case .markdown: return markdown(c)
        case .csv: return ArticleTableCSV.render(c)
        case .json: return ArticleTableJSON.render(c)
        case .junit:
            throw LLMBenchError.usage("--format junit has no article view (use markdown, csv or json)")
        case .html: return HTMLReport.render(a, qualityMargin: marginPoints, includeRetired: includeRetired)
        }
    }

    /// The Markdown table (GitHub-flavoured).
    public static func markdown(_ c: ArticleComparison) -> String {
        var out = ["## \(MarkdownReport.escape(title(c))): models compared", "", "Run `\(c.runId)`.", ""]
        if c.simulated { out += [MarkdownReport.simulatedNotice, ""] }
        let rows = mainRows(c)
        out += table(c.models, rows)
        out.append("")
        if !c.sections.isEmpty {
            out.append("**Best for** (the cheapest model, by mean cost per request, whose quality is within "
                       + "\(marginText(c.marginPoints)) points of the best; \(marginText(c.marginPoints / 100)) on ROUGE):")
            out.append("")
            for s in c.sections { out.append("- " + bestForLine(s, c)) }
            out.append("")
            out.append("### Quality per dollar and Pareto dominance")
            out.append("")
            let beside = besideRows(c)
            out += table(c.models, beside)
            out.append("")
            out.append("Pareto: on (mean cost per request, e2e p95, quality) per dataset, a model is dominated when another "
                       + "is no worse on all three and better on at least one by more than the run's noise (a 95% bootstrap "
                       + "interval of the difference that excludes 0); ahead only by noise reads \"within noise of\"; "
                       + "\"not compared\" lacks one of the three.")
        }
        out.append("\(NumberFormatting.noValue) = no value (e.g. a model with no price or no scored responses). "
                   + "Relative cost: ratio of mean cost per request to the cheapest model (≤ 1.5× Very Low, ≤ 3× Low, "
                   + "≤ 10× Moderate, above High). Relative speed, on each model's ratio to the fastest (≤ 1.25× Very Fast, "
                   + "≤ 2× Fast, ≤ 4× Moderate, above Slow): \"answer starts\" on TTFO p50, \"writes\" on output speed per "
                   + "request p50 in \(c.writes.key.contains("o200k") ? "o200k tokens, one ruler for every vendor" : "each vendor's own tokens (no o200k counts in this run)"). "
                   + "n: quality values are means over n scored responses; cost and speed over the successful requests. "
                   + "o200k tokens: every vendor's answer counted with OpenAI's o200k_base tokenizer, the common unit in which "
                   + "speed and cost per token compare across vendors; vendor tokens per o200k token above 1 means the vendor "
                   + "counts more tokens for the same text (its price per token buys less).")
        if !c.includeRetired, c.status.contains(where: { $0 != nil }) {
            out.append("Best for picks among current models only (retired and deprecated models are flagged above); "
                       + "`--include-retired` lets it pick them.")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The main table's rows (label, one cell per model): requests, cost, speed, throughput, quality per task, context.
    public static func mainRows(_ c: ArticleComparison) -> [(String, [String])] {
        var rows: [(String, [String])] = []
        func add(_ r: ArticleComparison.Row) { rows.append((r.label, r.values.map { cell($0, r) })) }
        add(c.requests)
        add(c.succeeded)
        if c.status.contains(where: { $0 != nil }) {
            rows.append(("Catalog status", c.status.map { $0 ?? "current" }))
        }
        add(c.blended)
        add(c.costPerRequest)
        rows.append(("Relative cost", c.costLabels.map { $0?.rawValue ?? NumberFormatting.noValue }))
        c.speed.forEach(add)
        add(c.writes)
        rows.append(("Relative speed: answer starts (TTFO p50)", c.startsLabels.map { $0?.rawValue ?? NumberFormatting.noValue }))
        rows.append(("Relative speed: writes (output speed p50)", c.writesLabels.map { $0?.rawValue ?? NumberFormatting.noValue }))
        c.thinking.forEach(add)
        add(c.throughput)
        c.commonUnit.forEach(add)
        for s in c.sections {
            for q in s.quality {
                rows.append((q.label, c.models.indices.map { i in
                    let v = cell(q.values[i], q)
                    guard q.values[i] != nil, let n = s.scored[i] else { return v }
                    return "\(v) (n=\(NumberFormatting.display(n, unit: .count)))"
                }))
            }
        }
        add(c.contextWindow)
        return rows
    }

    /// The rows beside the main table: quality per dollar, cost per exact match, Pareto per dataset.
    public static func besideRows(_ c: ArticleComparison) -> [(String, [String])] {
        var beside: [(String, [String])] = []
        for s in c.sections {
            beside.append((s.qualityPerDollar.label,
                           s.qualityPerDollar.values.map { cell($0, unit: .score, key: s.task.primary.metric) }))
            if let m = s.costPerExactMatch { beside.append((m.label, m.values.map { cell($0, m) })) }
        }
        for s in c.sections {
            beside.append(("Pareto (\(s.dataset))", c.models.map { paretoCell($0, s.pareto) }))
        }
        return beside
    }

    /// One value for a human: dollars through `MoneyFormat`, ROUGE with 4 decimals, other scores 2.
    static func cell(_ v: Double?, _ row: ArticleComparison.Row) -> String { cell(v, unit: row.unit, key: row.key) }

    static func cell(_ v: Double?, unit: MetricUnit, key: String) -> String {
        guard let v else { return NumberFormatting.noValue }
        switch unit {
        case .usd: return MoneyFormat.dollars(picos: v * 1e12)
        case .score: return NumberFormatting.fixed(v, decimals: key.hasPrefix("rouge") ? 4 : 2)
        default: return NumberFormatting.display(v, unit: unit)
        }
    }

    static func marginText(_ m: Double) -> String {
        m == m.rounded() && abs(m) < 1e15 ? String(Int64(m)) : "\(m)"
    }

    /// `LABEL, YYYY-MM-DD`, or `run 1a2b3c4d, YYYY-MM-DD` for a run without a label.
    static func title(_ c: ArticleComparison) -> String {
        "\(c.label ?? "run \(c.runId.prefix(8))"), \(c.date)"
    }

    static func bestForLine(_ s: ArticleComparison.TaskSection, _ c: ArticleComparison) -> String {
        let metric = s.task.primary
        guard let b = s.bestFor else {
            let scoredElsewhere = s.scored.indices.contains { s.quality.first?.values[$0] != nil && c.status[$0] != nil }
            return "\(s.dataset): \(NumberFormatting.noValue) ("
                + (scoredElsewhere && !c.includeRetired ? "only retired or deprecated models were scored; --include-retired picks among them)" : "no scored responses)")
        }
        let cost = b.cost.map { " at \(cell($0, unit: .usd, key: "")) per request" }
            ?? " (no price)"
        var line = "\(s.dataset): \(b.model) (\(metric.label) \(cell(b.quality, unit: .score, key: metric.metric))\(cost)"
        line += b.model == b.bestModel ? "; also the best)" : "; best: \(b.bestModel) \(cell(b.bestQuality, unit: .score, key: metric.metric)))"
        return line
    }

    static func paretoCell(_ model: String, _ p: Pareto.Result) -> String {
        if p.frontier.contains(model) {
            if let w = p.withinNoise.first(where: { $0.model == model }) { return "frontier (within noise of " + w.of.joined(separator: ", ") + ")" }
            return "frontier"
        }
        if let d = p.dominated.first(where: { $0.model == model }) { return "dominated by " + d.by.joined(separator: ", ") }
        return "not compared"
    }

    static func table(_ models: [String], _ rows: [(String, [String])]) -> [String] {
        var out = ["| | " + models.map(MarkdownReport.escape).joined(separator: " | ") + " |"]
        out.append("|:---|" + String(repeating: "---:|", count: models.count))
        for (label, cells) in rows {
            out.append("| \(MarkdownReport.escape(label)) | " + cells.map(MarkdownReport.escape).joined(separator: " | ") + " |")
        }
        return out
    }
}
