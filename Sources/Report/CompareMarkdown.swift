import Analysis
import LLMBenchCore

/// `llmbench compare` as GitHub-flavoured Markdown for a CI job summary (`$GITHUB_STEP_SUMMARY`).
///
/// Verdict first (issue 12): the PASS/FAIL headline with the counts; the failing checks (model,
/// dataset, metric, change, interval, threshold); the inconclusive ones with the requests per group
/// that would resolve each; then one compact table per gated metric whose every column has one unit
/// (the change and its interval in % for a relative threshold); then the runs, the method and the
/// groups present in one run only. Ungated rows (judged by the same rule against
/// `Comparison.informationalRule`) are shown only with `all`, or when no gate was given.
public enum CompareMarkdown {
    public static func render(_ outcome: CompareOutcome, all: Bool = false) -> String {
        switch outcome {
        case .noBaseline(let ref, let candidate):
            var out = ["## llmbench compare: PASS", "", CompareOutcome.noBaselineMessage(ref) + ".", ""]
            if let c = candidate {
                out += ["- Candidate: \(MarkdownReport.escape(CompareText.run(c)))",
                        "- Mark a run good with `llmbench baseline set \(ref) RUN` to compare against it next time.", ""]
            }
            return out.joined(separator: "\n")
        case .compared(let c):
            return compared(c, all: all || c.rules.isEmpty).joined(separator: "\n")
        }
    }

    static func esc(_ s: String) -> String { MarkdownReport.escape(s) }

    static func compared(_ c: RunComparison, all: Bool) -> [String] {
        let gated = c.gatedRows
        var out = ["## llmbench compare: " + (c.passed ? "PASS" : "FAIL"), ""]
        out.append(headline(c))
        out.append("")
        let failing = c.regressions + (c.inconclusivePolicy == .fail ? c.inconclusive : [])
        if !failing.isEmpty {
            out += ["### Failing checks", "", "| Model | Dataset | Metric | Change | Interval | Threshold |", "|:---|:---|:---|---:|:---|:---|"]
            for r in failing { out.append(checkCells(r).joined(separator: " | ").wrappedRow) }
            out.append("")
        }
        let unresolved = c.inconclusive
        if !unresolved.isEmpty {
            let effect = c.inconclusivePolicy == .fail ? "they fail the job (`--inconclusive fail`)"
                : "they do not fail the job (`--inconclusive \(c.inconclusivePolicy.rawValue)`)"
            out += ["### Inconclusive checks", "",
                    "The interval straddles the threshold, so the data cannot tell; \(effect). "
                    + "Requests per group to resolve are estimated from the interval's width (∝ 1/√n), assuming the change stays.", "",
                    "| Model | Dataset | Metric | Change | Interval | Threshold | Requests per group to resolve |",
                    "|:---|:---|:---|---:|:---|:---|---:|"]
            for r in unresolved {
                let need = r.requestsToResolve.map { "≈ \($0) (now \(r.candidateCount ?? 0))" } ?? "none can"
                out.append((checkCells(r) + [need]).joined(separator: " | ").wrappedRow)
            }
            out.append("")
        }
        if !c.differences.isEmpty {
            let refused = c.differences.contains { $0.severity == .refuse }
            out += ["### Differences between the runs", ""]
            if refused {
                out += ["**Not like with like**: compared only because of `--allow-different`; a change may come from these differences.", ""]
            }
            out += ["| Difference | What | Baseline | Candidate | Effect |", "|:---|:---|:---|:---|:---|"]
            for d in c.differences {
                out.append([d.kind, esc(d.subject), esc(d.baseline), esc(d.candidate),
                            d.severity == .refuse ? "refused unless --allow-different" : "warning"].joined(separator: " | ").wrappedRow)
            }
            out.append("")
        }
        if !gated.isEmpty {
            out += ["### Gated metrics", ""]
            for rule in c.rules {
                let rows = gated.filter { $0.gate == rule }
                guard let first = rows.first else { continue }
                let value = DisplayUnit.column(first.definition.unit, magnitude: rows.map(\.magnitude).max() ?? 0)
                let change = first.changeUnit
                out.append("#### \(esc(first.definition.label)): `\(rule.text)`")
                out.append("")
                out.append("| Model | Dataset | Baseline (\(value.label)) | Candidate (\(value.label)) | Change (\(change.label)) | Interval (\(change.label)) | Verdict |")
                out.append("|:---|:---|---:|---:|---:|:---|:---|")
                for r in rows {
                    let u = r.changeUnit
                    var verdict = CompareText.word(r.verdict)
                    if r.verdict == .regressed { verdict = "**regressed**" }
                    if r.method == .point { verdict += " (point)" }
                    out.append([esc(r.key.model), esc(r.key.dataset ?? "all datasets"), value.format(r.baseline), value.format(r.candidate),
                                u.signed(r.judgedChange), u.interval(r.judgedInterval), verdict].joined(separator: " | ").wrappedRow)
                }
                let notes = rows.compactMap { r in r.note.map { "\(r.key.model) / \(r.key.dataset ?? "all"): \($0)" } }
                out.append("")
                for n in notes { out += ["Note: \(esc(n))", ""] }
            }
        }
        out += ["### Runs and method", ""]
        if c.baselineRuns.count > 1 {
            out.append("- Baseline: \(c.baselineRuns.count) runs (their mean), newest \(esc(CompareText.run(c.baselineRun))); "
                       + "the others: " + c.baselineRuns.dropFirst().map { "`\($0.id.prefix(8))`" }.joined(separator: ", "))
        } else {
            out.append("- Baseline: \(esc(CompareText.run(c.baselineRun)))")
        }
        out.append("- Candidate: \(esc(CompareText.run(c.candidateRun)))")
        if !c.rules.isEmpty {
            out.append("- Gate: " + c.rules.map { "`\($0.text)`" }.joined(separator: ", "))
            out.append("- Confidence: gated intervals at \(CompareText.percent(c.gatedConfidence)) "
                       + "(Bonferroni over \(c.gatedComparisons) gated comparisons, family level \(CompareText.percent(c.level))); "
                       + "other metrics at \(CompareText.percent(c.level)).")
        } else {
            out.append("- Confidence: \(CompareText.percent(c.level)) intervals.")
        }
        if c.nightToNightAccounted {
            out.append("- Intervals: seeded percentile bootstrap over the requests of each run (\(c.resamples) resamples, seed \(c.seed)), "
                       + "widened by night-to-night variation estimated from the \(c.baselineRuns.count) baseline runs "
                       + "(Student-t prediction for one new night).")
        } else {
            out.append("- Intervals: seeded percentile bootstrap over the requests of each run (\(c.resamples) resamples, seed \(c.seed)); "
                       + "**run-to-run (night-to-night) variation is not accounted for** with one baseline run "
                       + "(compare against several, e.g. `--baseline last-good~7`).")
        }
        if c.bootstrapSubsampled {
            out.append("- Bootstrap sample: at most \(RunComparison.bootstrapSampleLimit) values per metric, group and run; a run with more "
                       + "resamples the values at that many evenly spaced ranks of its sorted values (intervals are then wider than "
                       + "all its requests would give).")
        }
        if c.orderStatisticDraws {
            out.append("- Bootstrap draws: for a sample of more than \(Bootstrap.directLimit) values each resample's percentile "
                       + "is drawn from the exact distribution of its order statistics (Beta), the same distribution as building "
                       + "the resample value by value, in constant time; means are resampled value by value.")
        }
        if !c.repriced.isEmpty {
            out.append("- Costs re-priced with the newest price catalog on both sides: " + c.repriced.map { esc($0) }.joined(separator: ", ") + ".")
        }
        out.append("- Verdicts: regressed = whole interval beyond the threshold on the worse side; improved = whole interval "
                   + "on the better side of 0; ok = whole interval within the threshold; inconclusive = the interval straddles the threshold.")
        if !all && c.rows.count > gated.count {
            out.append("- \(c.rows.count - gated.count) ungated comparisons not shown (`--all` shows them).")
        }
        out.append("")
        if c.baselineRun.simulated || c.candidateRun.simulated { out += [MarkdownReport.simulatedNotice, ""] }
        if c.commonGroups.isEmpty { out += ["No model × dataset is present in both runs: nothing was compared.", ""] }
        if all { out += allRows(c) }
        if !c.onlyInBaseline.isEmpty || !c.onlyInCandidate.isEmpty {
            out.append("### Present in one run only (not compared)")
            out.append("")
            for k in c.onlyInBaseline { out.append("- Only in baseline: \(esc(CompareText.group(k)))") }
            for k in c.onlyInCandidate { out.append("- Only in candidate: \(esc(CompareText.group(k)))") }
            out.append("")
        }
        return out
    }

    /// `**FAIL**: 1 of 12 gated checks regressed; 2 inconclusive; 9 ok.`
    static func headline(_ c: RunComparison) -> String {
        guard !c.rules.isEmpty else { return "**PASS** (no gate given: nothing can fail)." }
        let gated = c.gatedRows
        let counts = [Verdict.regressed, .inconclusive, .ok, .improved, .noValue].compactMap { v -> String? in
            let n = gated.filter { $0.verdict == v }.count
            return n == 0 ? nil : "\(n) \(CompareText.word(v))"
        }
        let head = c.passed ? "**PASS**" : "**FAIL**"
        return "\(head): \(gated.count) gated checks: " + counts.joined(separator: ", ") + "."
    }

    /// Model, dataset, metric, change, interval, threshold of one check.
    static func checkCells(_ r: MetricComparison) -> [String] {
        let u = r.changeUnit
        return [esc(r.key.model), esc(r.key.dataset ?? "all datasets"), "`\(r.definition.name)`",
                u == .percent ? u.signed(r.judgedChange) + "%" : u.withUnit(r.judgedChange ?? 0),
                u.intervalWithUnit(r.judgedInterval), esc(r.thresholdText)]
    }

    /// Every row, per group, with the rule each was judged against (`--all`).
    static func allRows(_ c: RunComparison) -> [String] {
        var out = ["### All metrics", ""]
        for key in c.commonGroups {
            out.append("#### \(esc(CompareText.group(key)))")
            out.append("")
            out.append("| Metric | Baseline | Candidate | Change | Interval of change | Judged against | Verdict |")
            out.append("|:---|---:|---:|---:|:---|:---|:---|")
            for row in c.rows(for: key) {
                let unit = DisplayUnit.column(row.definition.unit, magnitude: row.magnitude)
                let label = row.definition.unit == .count ? row.definition.label : "\(row.definition.label) (\(unit.label))"
                var interval = CompareText.interval(row)
                if row.method == .point { interval += " (point)" }
                let against = row.gate.map { "gate `\($0.text)`" } ?? row.thresholdText
                let verdict = row.gate != nil && row.verdict == .regressed ? "**regressed**" : CompareText.word(row.verdict)
                out.append([esc(label), unit.format(row.baseline), unit.format(row.candidate), esc(CompareText.change(row)),
                            interval, esc(against), verdict].joined(separator: " | ").wrappedRow)
            }
            out.append("")
        }
        return out
    }
}

private extension String {
    var wrappedRow: String { "| " + self + " |" }
}
