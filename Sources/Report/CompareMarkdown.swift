import Analysis
import LLMBenchCore

/// `llmbench compare` as GitHub-flavoured Markdown for a CI job summary (`$GITHUB_STEP_SUMMARY`).
///
/// A title with the PASS/FAIL result, the two runs, the gate and the confidence levels used; then
/// one table per (model, dataset) in both runs: metric (unit), baseline, candidate, change, the
/// change's interval, gate, verdict (`regressed` / `improved` / `unchanged` / `no value`, plain
/// words); then the groups present in one run only.
public enum CompareMarkdown {
    public static func render(_ outcome: CompareOutcome) -> String {
        switch outcome {
        case .noBaseline(let ref, let candidate):
            var out = ["## llmbench compare: PASS", "", CompareOutcome.noBaselineMessage(ref) + ".", ""]
            if let c = candidate {
                out += ["- Candidate: \(MarkdownReport.escape(CompareText.run(c)))",
                        "- Mark a run good with `llmbench baseline set \(ref) RUN` to compare against it next time.", ""]
            }
            return out.joined(separator: "\n")
        case .compared(let c):
            return compared(c).joined(separator: "\n")
        }
    }

    static func compared(_ c: RunComparison) -> [String] {
        let regressions = c.regressions.count
        var out = ["## llmbench compare: " + (c.passed ? "PASS" : "FAIL"), ""]
        out.append(c.rules.isEmpty ? "**Result: PASS** (no gate given: nothing can fail)."
                   : c.passed ? "**Result: PASS**: no gated metric regressed (\(c.gatedRows.count) gated checks)."
                   : "**Result: FAIL**: \(regressions) of \(c.gatedRows.count) gated checks regressed.")
        out.append("")
        out.append("- Baseline: \(MarkdownReport.escape(CompareText.run(c.baselineRun)))")
        out.append("- Candidate: \(MarkdownReport.escape(CompareText.run(c.candidateRun)))")
        if !c.rules.isEmpty {
            out.append("- Gate: " + c.rules.map { "`\($0.text)`" }.joined(separator: ", "))
            out.append("- Confidence: gated intervals at \(CompareText.percent(c.gatedConfidence)) "
                       + "(Bonferroni over \(c.gatedComparisons) gated comparisons, family level \(CompareText.percent(c.level))); "
                       + "other metrics at \(CompareText.percent(c.level)).")
        } else {
            out.append("- Confidence: \(CompareText.percent(c.level)) intervals.")
        }
        if !c.rules.isEmpty {
            out.append("- Only gated metrics decide PASS/FAIL; the verdicts of the others are for information.")
        }
        out.append("- Intervals: seeded percentile bootstrap over requests (\(c.resamples) resamples, seed \(c.seed)); "
                   + "regressed = whole interval beyond the threshold on the worse side (0 for ungated metrics), "
                   + "improved = whole interval on the better side of 0.")
        out.append("")
        if c.baselineRun.simulated || c.candidateRun.simulated { out += [MarkdownReport.simulatedNotice, ""] }
        if c.commonGroups.isEmpty { out += ["No model × dataset is present in both runs: nothing was compared.", ""] }
        for key in c.commonGroups {
            out.append("### \(MarkdownReport.escape(CompareText.group(key)))")
            out.append("")
            out.append("| Metric | Baseline | Candidate | Change | Interval of change | Gate | Verdict |")
            out.append("|:---|---:|---:|---:|:---|:---|:---|")
            for row in c.rows(for: key) {
                let unit = row.definition.unit
                let label = MarkdownReport.rowLabel(row.definition)
                var interval = CompareText.interval(row)
                if row.method == .point { interval += " (point)" }
                else if row.gate != nil, let conf = row.confidence { interval += " (\(CompareText.percent(conf)))" }
                let verdict = row.verdict == .noValue ? "no value" : row.verdict.rawValue
                let cells = [label, NumberFormatting.display(row.baseline, unit: unit),
                             NumberFormatting.display(row.candidate, unit: unit), CompareText.change(row), interval,
                             row.gate.map { "`\($0.text)`" } ?? "", row.gate != nil && row.verdict == .regressed ? "**regressed**" : verdict]
                out.append("| " + cells.map(MarkdownReport.escape).joined(separator: " | ") + " |")
            }
            let notes = c.rows(for: key).compactMap { r in r.note.map { "\(r.definition.name): \($0)" } }
            out.append("")
            for n in notes { out += ["Note: \(MarkdownReport.escape(n))", ""] }
        }
        if !c.onlyInBaseline.isEmpty || !c.onlyInCandidate.isEmpty {
            out.append("### Present in one run only (not compared)")
            out.append("")
            for k in c.onlyInBaseline { out.append("- Only in baseline: \(MarkdownReport.escape(CompareText.group(k)))") }
            for k in c.onlyInCandidate { out.append("- Only in candidate: \(MarkdownReport.escape(CompareText.group(k)))") }
            out.append("")
        }
        return out
    }
}
