import Foundation
import Testing
import Analysis
@testable import Report

/// Exact expected output of the compare renderers for `CompareFixture` (recorded once, checked by eye).
@Suite struct CompareSnapshotTests {
    static let noBaseline = CompareOutcome.noBaseline(reference: "last-good", candidate: CompareFixture.comparison.candidateRun)

    @Test func markdown() {
        let expected = #"""
        ## llmbench compare: FAIL

        **FAIL**: 3 gated checks: 1 regressed, 1 ok, 1 improved.

        ### Failing checks

        | Model | Dataset | Metric | Change | Interval | Threshold |
        |:---|:---|:---|---:|:---|:---|
        | gpt-4o-mini | qa | `ttft_ms_p95` | +50.0% | [+44.7%, +56.0%] | ≤ +15% |

        ### Gated metrics

        #### TTFT p95: `ttft_ms_p95<=+15%`

        | Model | Dataset | Baseline (ms) | Candidate (ms) | Change (%) | Interval (%) | Verdict |
        |:---|:---|---:|---:|---:|:---|:---|
        | gpt-4o-mini | qa | 137.1 | 205.6 | +50.0 | [+44.7, +56.0] | **regressed** |

        #### Error rate (requests): `error_rate<=+0.01`

        | Model | Dataset | Baseline (ratio) | Candidate (ratio) | Change (ratio) | Interval (ratio) | Verdict |
        |:---|:---|---:|---:|---:|:---|:---|
        | gpt-4o-mini | qa | 0.0000 | 0.0000 | 0.0000 | [0.0000, 0.0000] | ok |

        #### Output throughput (aggregate): `output_tokens_per_s>=-5%`

        | Model | Dataset | Baseline (tokens/s) | Candidate (tokens/s) | Change (%) | Interval (%) | Verdict |
        |:---|:---|---:|---:|---:|:---|:---|
        | gpt-4o-mini | all datasets | 500.0 | 510.0 | +2.0 | [+2.0, +2.0] | improved (point) |

        ### Runs and method

        - Baseline: base-1 (label night-1), started 2025-01-01T03:00:00Z
        - Candidate: cand-2 (label night-2), started 2025-01-02T03:00:00Z
        - Gate: `ttft_ms_p95<=+15%`, `error_rate<=+0.01`, `output_tokens_per_s>=-5%`
        - Confidence: gated intervals at 98.3333% (Bonferroni over 3 gated comparisons, family level 95%); other metrics at 95%.
        - Intervals: seeded percentile bootstrap over the requests of each run (200 resamples, seed 7); **run-to-run (night-to-night) variation is not accounted for** with one baseline run (compare against several, e.g. `--baseline last-good~7`).
        - Verdicts: regressed = whole interval beyond the threshold on the worse side; improved = whole interval on the better side of 0; ok = whole interval within the threshold; inconclusive = the interval straddles the threshold.
        - 3 ungated comparisons not shown (`--all` shows them).

        Simulated: results come from llmbench's built-in simulator, not a real provider.

        ### Present in one run only (not compared)

        - Only in baseline: gpt-4o-mini / old
        - Only in candidate: claude\|haiku / qa
        """#
        #expect(CompareMarkdown.render(.compared(CompareFixture.comparison)) == expected + "\n")
    }

    @Test func junit() {
        let expected = #"""
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites name="llmbench compare" tests="3" failures="1" errors="0" time="0">
          <testsuite name="llmbench compare" tests="3" failures="1" errors="0" skipped="0" time="0">
            <testcase classname="gpt-4o-mini.qa" name="ttft_ms_p95&lt;=+15%" time="0">
              <failure message="ttft_ms_p95 regressed on gpt-4o-mini / qa: 137.1 → 205.6 ms, change +68.5 ms (+50.0%), interval [+44.7%, +56.0%] at 98.3333% confidence; gate ttft_ms_p95&lt;=+15%" type="regression">ttft_ms_p95 regressed on gpt-4o-mini / qa: 137.1 → 205.6 ms, change +68.5 ms (+50.0%), interval [+44.7%, +56.0%] at 98.3333% confidence; gate ttft_ms_p95&lt;=+15%</failure>
            </testcase>
            <testcase classname="gpt-4o-mini.qa" name="error_rate&lt;=+0.01" time="0">
              <system-out>error_rate ok on gpt-4o-mini / qa: 0.0000 → 0.0000 ratio, change 0.0000 ratio, interval [0.0000, 0.0000] ratio at 98.3333% confidence; gate error_rate&lt;=+0.01</system-out>
            </testcase>
            <testcase classname="gpt-4o-mini.all" name="output_tokens_per_s&gt;=-5%" time="0">
              <system-out>output_tokens_per_s improved on gpt-4o-mini / all datasets: 500.0 → 510.0 tokens/s, change +10.0 tokens/s (+2.0%), interval [+2.0%, +2.0%] (point change, no per-request values); gate output_tokens_per_s&gt;=-5%</system-out>
            </testcase>
          </testsuite>
        </testsuites>
        """#
        #expect(CompareJUnit.render(.compared(CompareFixture.comparison)) == expected + "\n")
    }

    @Test func noBaselineMarkdownAndJUnit() {
        let md = #"""
        ## llmbench compare: PASS

        no baseline 'last-good' yet: nothing to compare.

        - Candidate: cand-2 (label night-2), started 2025-01-02T03:00:00Z
        - Mark a run good with `llmbench baseline set last-good RUN` to compare against it next time.
        """#
        #expect(CompareMarkdown.render(Self.noBaseline) == md + "\n")
        let xml = #"""
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites name="llmbench compare" tests="1" failures="0" errors="0" time="0">
          <testsuite name="llmbench compare" tests="1" failures="0" errors="0" skipped="1" time="0">
            <testcase classname="llmbench.compare" name="baseline last-good" time="0">
              <skipped message="no baseline 'last-good' yet: nothing to compare"/>
            </testcase>
          </testsuite>
        </testsuites>
        """#
        #expect(CompareJUnit.render(Self.noBaseline) == xml + "\n")
    }

    @Test func jsonHasStableKeysAndValues() throws {
        let compared = CompareJSON.render(.compared(CompareFixture.comparison))
        let first = try #require(try JSONSerialization.jsonObject(with: Data(compared.utf8)) as? [String: Any])
        let none = try #require(try JSONSerialization.jsonObject(with: Data(CompareJSON.render(Self.noBaseline).utf8)) as? [String: Any])
        #expect(Set(first.keys) == Set(none.keys))
        #expect(first["status"] as? String == "fail" && first["passed"] as? Bool == false && first["regressions"] as? Int == 1)
        #expect(none["status"] as? String == "no_baseline" && none["passed"] as? Bool == true)
        #expect(none["message"] as? String == "no baseline 'last-good' yet: nothing to compare")
        let gate = try #require(first["gate"] as? [String: Any])
        #expect(gate["gated_comparisons"] as? Int == 3)
        #expect(abs((gate["gated_confidence"] as? Double ?? 0) - (1 - 0.05 / 3)) < 1e-12)
        let groups = try #require(first["groups"] as? [[String: Any]])
        let rows = try #require(groups.first?["metrics"] as? [[String: Any]])
        let p95 = try #require(rows.first { $0["name"] as? String == "ttft_ms_p95" })
        #expect(p95["verdict"] as? String == "regressed" && p95["gate"] as? String == "ttft_ms_p95<=+15%")
        #expect(p95["method"] as? String == "bootstrap" && (p95["relative_interval"] as? [Double])?.count == 2)
        let rowKeys: Set<String> = ["name", "label", "unit", "direction", "baseline", "candidate", "change", "relative_change",
                                    "absolute_interval", "relative_interval", "confidence", "method", "gate", "verdict", "note",
                                    "criterion", "requests_to_resolve", "baseline_count", "candidate_count",
                                    "baseline_runs", "night_to_night"]
        #expect(first["format_version"] as? Int == 2)
        #expect(rows.allSatisfy { Set($0.keys) == rowKeys })
        #expect((first["only_in_candidate"] as? [[String: Any]])?.first?["model"] as? String == "claude|haiku")
        // Same input, same bytes.
        #expect(CompareJSON.render(.compared(CompareFixture.comparison)) == compared)
    }

    /// Issue 12: an inconclusive check is listed with the requests that would resolve it, does not
    /// fail under the default policy, is a JUnit `<skipped>` with the reason, and fails under `fail`.
    @Test func inconclusiveInEveryFormat() throws {
        let c = CompareFixture.inconclusive
        let row = try #require(c.inconclusive.first)
        #expect(c.passed && c.regressions.isEmpty)
        let md = CompareMarkdown.render(.compared(c))
        #expect(md.hasPrefix("## llmbench compare: PASS\n\n**PASS**: 1 gated checks: 1 inconclusive."))
        #expect(md.contains("### Inconclusive checks"))
        #expect(md.contains("| ≈ \(row.requestsToResolve!) (now 40) |"))
        #expect(!md.contains("### Failing checks"))
        let xml = CompareJUnit.render(.compared(c))
        #expect(xml.contains("failures=\"0\"") && xml.contains("skipped=\"1\""))
        #expect(xml.contains("<skipped message=\"ttft_ms_p95 inconclusive on gpt-4o-mini / qa"))
        #expect(xml.contains("would resolve it"))
        var failing = c
        failing.inconclusivePolicy = .fail
        #expect(!failing.passed)
        #expect(CompareMarkdown.render(.compared(failing)).contains("### Failing checks"))
        #expect(CompareJUnit.render(.compared(failing)).contains("type=\"inconclusive\""))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(CompareJSON.render(.compared(c)).utf8)) as? [String: Any])
        #expect(json["format_version"] as? Int == 2 && json["inconclusive"] as? Int == 1)
        #expect(json["inconclusive_policy"] as? String == "warn")
    }

    @Test func formatParsing() throws {
        #expect(try CompareFormat.parse("JSON") == .json)
        #expect(throws: (any Error).self) { try CompareFormat.parse("csv") }
    }
}
