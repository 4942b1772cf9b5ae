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

        **Result: FAIL**: 1 of 3 gated checks regressed.

        - Baseline: base-1 (label night-1), started 2025-01-01T03:00:00Z
        - Candidate: cand-2 (label night-2), started 2025-01-02T03:00:00Z
        - Gate: `ttft_ms_p95<=+15%`, `error_rate<=+0.01`, `output_tokens_per_s>=-5%`
        - Confidence: gated intervals at 98.3333% (Bonferroni over 3 gated comparisons, family level 95%); other metrics at 95%.
        - Only gated metrics decide PASS/FAIL; the verdicts of the others are for information.
        - Intervals: seeded percentile bootstrap over requests (200 resamples, seed 7); regressed = whole interval beyond the threshold on the worse side (0 for ungated metrics), improved = whole interval on the better side of 0.

        Simulated: results come from llmbench's built-in simulator, not a real provider.

        ### gpt-4o-mini / qa

        | Metric | Baseline | Candidate | Change | Interval of change | Gate | Verdict |
        |:---|---:|---:|---:|:---|:---|:---|
        | TTFT p50 (ms) | 119.5 | 179.2 | +59.8 (+50.0%) | [+39.7%, +59.6%] |  | regressed |
        | TTFT p90 (ms) | 135.1 | 202.7 | +67.6 (+50.0%) | [+43.5%, +55.6%] |  | regressed |
        | TTFT p95 (ms) | 137.1 | 205.6 | +68.5 (+50.0%) | [+44.7%, +56.0%] (98.3333%) | `ttft_ms_p95<=+15%` | **regressed** |
        | TTFT p99 (ms) | 138.6 | 207.9 | +69.3 (+50.0%) | [+46.3%, +53.5%] |  | regressed |
        | Error rate (requests) (ratio) | 0.0000 | 0.0000 | 0.0000 | [0.0000, 0.0000] (98.3333%) | `error_rate<=+0.01` | unchanged |

        ### gpt-4o-mini / all datasets

        | Metric | Baseline | Candidate | Change | Interval of change | Gate | Verdict |
        |:---|---:|---:|---:|:---|:---|:---|
        | Output throughput (aggregate) (tokens/s) | 500.0 | 510.0 | +10.0 (+2.0%) | [+2.0%, +2.0%] (point) | `output_tokens_per_s>=-5%` | improved |

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
              <failure message="ttft_ms_p95 regressed on gpt-4o-mini / qa: 137.1 → 205.6, change +68.5 (+50.0%), interval [+44.7%, +56.0%] at 98.3333% confidence; gate ttft_ms_p95&lt;=+15%" type="regression">ttft_ms_p95 regressed on gpt-4o-mini / qa: 137.1 → 205.6, change +68.5 (+50.0%), interval [+44.7%, +56.0%] at 98.3333% confidence; gate ttft_ms_p95&lt;=+15%</failure>
            </testcase>
            <testcase classname="gpt-4o-mini.qa" name="error_rate&lt;=+0.01" time="0">
              <system-out>error_rate unchanged on gpt-4o-mini / qa: 0.0000 → 0.0000, change 0.0000, interval [0.0000, 0.0000] at 98.3333% confidence; gate error_rate&lt;=+0.01</system-out>
            </testcase>
            <testcase classname="gpt-4o-mini.all" name="output_tokens_per_s&gt;=-5%" time="0">
              <system-out>output_tokens_per_s improved on gpt-4o-mini / all datasets: 500.0 → 510.0, change +10.0 (+2.0%), interval [+2.0%, +2.0%] (point change, no per-request values); gate output_tokens_per_s&gt;=-5%</system-out>
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
                                    "absolute_interval", "relative_interval", "confidence", "method", "gate", "verdict", "note"]
        #expect(rows.allSatisfy { Set($0.keys) == rowKeys })
        #expect((first["only_in_candidate"] as? [[String: Any]])?.first?["model"] as? String == "claude|haiku")
        // Same input, same bytes.
        #expect(CompareJSON.render(.compared(CompareFixture.comparison)) == compared)
    }

    @Test func formatParsing() throws {
        #expect(try CompareFormat.parse("JSON") == .json)
        #expect(throws: (any Error).self) { try CompareFormat.parse("csv") }
    }
}
