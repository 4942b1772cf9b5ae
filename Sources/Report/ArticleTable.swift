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
                              qualityMargin marginPoints: Double = ArticleComparison.defaultMarginPoints) throws -> String {
        let c = ArticleComparison(a, marginPoints: marginPoints)
        switch format {
        case .markdown: return markdown(c)
        case .csv: return ArticleTableCSV.render(c)
        case .json: return ArticleTableJSON.render(c)
        case .junit:
            throw LLMBenchError.usage("--format junit has no article view (use markdown, csv or json)")
        }
    }

    /// The Markdown table (GitHub-flavoured).
    public static func markdown(_ c: ArticleComparison) -> String {
        var out = ["## llmbench run \(MarkdownReport.escape(c.runId)): models compared", ""]
        if c.simulated { out += [MarkdownReport.simulatedNotice, ""] }
        var rows: [(String, [String])] = []
        func add(_ r: ArticleComparison.Row) { rows.append((r.label, r.values.map { cell($0, r) })) }
        add(c.blended)
        add(c.costPerRequest)
        rows.append(("Relative cost", c.costLabels.map { $0?.rawValue ?? NumberFormatting.noValue }))
        c.speed.forEach(add)
        rows.append(("Relative speed", c.speedLabels.map { $0?.rawValue ?? NumberFormatting.noValue }))
        c.thinking.forEach(add)
        add(c.throughput)
        c.commonUnit.forEach(add)
        for s in c.sections { s.quality.forEach(add) }
        add(c.contextWindow)
        out += table(c.models, rows)
        out.append("")
        if !c.sections.isEmpty {
            out.append("**Best for** (the cheapest model, by mean cost per request, whose quality is within "
                       + "\(marginText(c.marginPoints)) points of the best; \(marginText(c.marginPoints / 100)) on ROUGE):")
            out.append("")
            for s in c.sections { out.append("- " + bestForLine(s)) }
            out.append("")
            out.append("### Quality per dollar and Pareto dominance")
            out.append("")
            var beside: [(String, [String])] = []
            for s in c.sections {
                beside.append((s.qualityPerDollar.label,
                               s.qualityPerDollar.values.map { cell($0, unit: .score, key: s.task.primary.metric) }))
                if let m = s.costPerExactMatch { beside.append((m.label, m.values.map { cell($0, m) })) }
            }
            for s in c.sections {
                beside.append(("Pareto (\(s.dataset))", c.models.map { paretoCell($0, s.pareto) }))
            }
            out += table(c.models, beside)
            out.append("")
            out.append("Pareto: on (mean cost per request, e2e p95, quality) per dataset, a model is dominated when another "
                       + "is no worse on all three and better on at least one; \"not compared\" lacks one of the three.")
        }
        out.append("\(NumberFormatting.noValue) = no value (e.g. a model with no price or no scored responses). "
                   + "Relative cost: ratio of mean cost per request to the cheapest model (≤ 1.5× Very Low, ≤ 3× Low, "
                   + "≤ 10× Moderate, above High). Relative speed: ratio of e2e p50 to the fastest model (≤ 1.25× Very Fast, "
                   + "≤ 2× Fast, ≤ 4× Moderate, above Slow). o200k tokens: every vendor's answer counted with OpenAI's "
                   + "o200k_base tokenizer, the common unit in which speed and cost per token compare across vendors; vendor tokens "
                   + "per o200k token above 1 means the vendor counts more tokens for the same text (its price per token buys less).")
        return out.joined(separator: "\n") + "\n"
    }

    /// One value for a human: dollars through `MoneyFormat`, ROUGE with 4 decimals, other scores 2.
    static func cell(_ v: Double?, _ row: ArticleComparison.Row) -> String { cell(v, unit: row.unit, key: row.key) }

    static func cell(_ v: Double?, unit: MetricUnit, key: String) -> String {
        guard let v else { return NumberFormatting.noValue }
        switch unit {
        case .usd: return MoneyFormat.dollars(picos: v * 1e12)
        case .score: return NumberFormatting.display(v, unit: key.hasPrefix("rouge") ? .ratio : .requestsPerSecond)
        default: return NumberFormatting.display(v, unit: unit)
        }
    }

    static func marginText(_ m: Double) -> String {
        m == m.rounded() && abs(m) < 1e15 ? String(Int64(m)) : "\(m)"
    }

    static func bestForLine(_ s: ArticleComparison.TaskSection) -> String {
        let metric = s.task.primary
        guard let b = s.bestFor else { return "\(s.dataset): \(NumberFormatting.noValue) (no scored responses)" }
        let cost = b.cost.map { " at \(cell($0, unit: .usd, key: "")) per request" }
            ?? " (no price)"
        var line = "\(s.dataset): \(b.model) (\(metric.label) \(cell(b.quality, unit: .score, key: metric.metric))\(cost)"
        line += b.model == b.bestModel ? "; also the best)" : "; best: \(b.bestModel) \(cell(b.bestQuality, unit: .score, key: metric.metric)))"
        return line
    }

    static func paretoCell(_ model: String, _ p: Pareto.Result) -> String {
        if p.frontier.contains(model) { return "frontier" }
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
