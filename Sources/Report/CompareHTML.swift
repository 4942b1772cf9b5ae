import Analysis
import Charts
import LLMBenchCore

/// `compare --format html`: one self-contained page (Charts' `HTMLPage`): the verdict, then per gated
/// metric each group's change with its interval against the threshold (an `IntervalChart`) and the table
/// of baseline, candidate, change, interval, threshold and verdict; then, per model, the distributions of
/// the baseline (dashed) and the candidate (solid) overlaid as CDFs. Every number comes from the
/// comparison and the two analyses; this file only arranges them.
public enum CompareHTML {
    /// `baseline`: the newest baseline run's analysis (its distributions are drawn); `candidate`: the candidate's.
    public static func render(_ outcome: CompareOutcome, baseline: RunAnalysis? = nil, candidate: RunAnalysis? = nil) -> String {
        switch outcome {
        case .noBaseline(let ref, let run):
            var page = HTMLPage(title: "llmbench compare: PASS", keys: [], simulated: run?.simulated == true ? MarkdownReport.simulatedNotice : nil)
            page.paragraph(CompareOutcome.noBaselineMessage(ref) + ".")
            if let run { page.paragraph("Candidate: " + CompareText.run(run)) }
            return page.render()
        case .compared(let c):
            return compared(c, baseline: baseline, candidate: candidate)
        }
    }

    static func compared(_ c: RunComparison, baseline: RunAnalysis?, candidate: RunAnalysis?) -> String {
        let models = Array(Set(c.rows.map(\.key.model))).sorted()
        var page = HTMLPage(title: "llmbench compare: " + (c.passed ? "PASS" : "FAIL"),
                            subtitle: "Baseline \(CompareText.run(c.baselineRun)) · candidate \(CompareText.run(c.candidateRun))",
                            keys: models, simulated: c.baselineRun.simulated || c.candidateRun.simulated ? MarkdownReport.simulatedNotice : nil)
        page.paragraph(CompareMarkdown.headline(c).replacingOccurrences(of: "**", with: ""))
        if !c.differences.isEmpty { page.heading("Differences between the runs"); page.list(c.differences.map(\.text)) }
        let gated = c.gatedRows
        let shown = gated.isEmpty ? c.rows.filter { $0.definition.name.hasSuffix("_p95") && $0.key.dataset == nil } : gated
        page.heading(gated.isEmpty ? "Changes (no gate given: p95 of each metric, all datasets)" : "Gated metrics", id: "gated")
        let names = shown.map(\.definition.name).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for name in names {
            let rows = shown.filter { $0.definition.name == name }
            guard let first = rows.first else { continue }
            let relative = first.judgedRelative
            let unit = first.changeUnit
            let drawable = rows.filter { $0.judgedChange != nil && $0.judgedInterval != nil }
            if !drawable.isEmpty {
                var refs = [IntervalChart.Reference(x: 0, label: "", dashed: false)]
                if let rule = first.gate ?? first.criterion { refs.append(.init(x: rule.threshold * unit.scale, label: "threshold " + first.thresholdText)) }
                let chart = IntervalChart(
                    title: "\(first.definition.label): change, candidate − baseline", value: Axis("Change", unit: relative ? "%" : unit.label, kind: .linear),
                    rows: drawable.map { r in
                        .init(CompareText.group(r.key), key: r.key.model, estimate: r.judgedChange! * unit.scale,
                              low: r.judgedInterval!.lower * unit.scale, high: r.judgedInterval!.upper * unit.scale,
                              tag: CompareText.word(r.verdict), alert: r.verdict == .regressed)
                    }, references: refs)
                page.figure(chart, note: "Dot: the change; bar: its \(CompareText.percent(c.level)) bootstrap interval; the verdict at the right.",
                            table: table(rows))
            } else {
                page.table(table(rows))
            }
        }
        distributions(&page, c, baseline: baseline, candidate: candidate, metrics: names)
        page.heading("Method")
        page.paragraph("Intervals: percentile bootstrap (\(c.resamples) resamples, seed \(c.seed)) at \(CompareText.percent(c.level)); "
                       + "regressed when the whole interval lies beyond the threshold, ok when wholly within it, improved when wholly "
                       + "on the better side of zero, inconclusive when it straddles the threshold.", note: true)
        return page.render()
    }

    static func table(_ rows: [MetricComparison]) -> DataTable {
        DataTable(columns: ["Model", "Dataset", "Metric", "Baseline", "Candidate", "Change", "Interval", "Threshold", "Verdict"], rows: rows.map { r in
            let u = r.changeUnit
            return [r.key.model, r.key.dataset ?? "all datasets", r.definition.name,
                    NumberFormatting.display(r.baseline, unit: r.definition.unit), NumberFormatting.display(r.candidate, unit: r.definition.unit),
                    u == .percent ? u.signed(r.judgedChange) + "%" : u.withUnit(r.judgedChange ?? 0), u.intervalWithUnit(r.judgedInterval),
                    r.thresholdText, CompareText.word(r.verdict)]
        })
    }

    /// Per model, baseline and candidate CDFs of each distribution metric behind `metrics` (`ttft_ms_p95` → TTFT).
    static func distributions(_ page: inout HTMLPage, _ c: RunComparison, baseline: RunAnalysis?, candidate: RunAnalysis?, metrics: [String]) {
        guard let baseline, let candidate else { return }
        var bases = metrics.compactMap { name in MetricRegistry.all.first { m in name.hasPrefix(m.name + "_") && candidate.modelTotals.contains { $0.samples[m.name] != nil } } }
        if bases.isEmpty { bases = [Metric.ttft, Metric.e2e] }
        var seen = Set<String>()
        bases = bases.filter { seen.insert($0.name).inserted }
        page.heading("Distributions, baseline against candidate", id: "distributions")
        for model in Array(Set(c.rows.map(\.key.model))).sorted() {
            let key = GroupKey(model: model, dataset: nil)
            guard let b = baseline.group(key), let k = candidate.group(key) else { continue }
            for m in bases {
                guard var (chart, table) = HTMLFigures.cdf(m, groups: [("baseline", model, b), ("candidate", model, k)],
                                                           title: "\(model): \(m.label), baseline against candidate") else { continue }
                for i in chart.series.indices where chart.series[i].name == "baseline" { chart.series[i].dashed = true }
                page.figure(chart, note: "Dashed: the baseline run \(baseline.run.id.prefix(8)); solid: the candidate \(candidate.run.id.prefix(8)). "
                            + "All datasets, successful requests, at most \(CDF.maxPoints) points per curve.", table: table)
            }
        }
    }
}
