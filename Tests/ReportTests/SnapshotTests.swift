import Foundation
import Testing
import Analysis
@testable import Report

/// Exact expected output for the fixed analysis in `ReportFixture`.
@Suite struct SnapshotTests {
    @Test func markdown() {
        let expected = """
        ## llmbench run run-1

        - Label: nightly
        - Started: 2025-01-02T03:04:05Z
        - Status: completed
        - Host: ci-box (Linux, 2 CPUs)
        - llmbench: 0.1.0 (commit abc1234)

        Simulated: results come from llmbench's built-in simulator, not a real provider.

        ### Dataset: qa

        | Metric | gpt-4o | gpt-4o-mini |
        |:---|---:|---:|
        | Requests | 20 | 20 |
        | Error rate (requests) (ratio) | 0.0500 | 0.0000 |
        | TTFT p50 (ms) | 123.5 | — |

        ### Per model

        | Metric | gpt-4o | gpt-4o-mini |
        |:---|---:|---:|
        | Output throughput (aggregate) (tokens/s) | 88.3 | 140.0 |

        ### Failures by kind

        | Kind | gpt-4o | gpt-4o-mini |
        |:---|---:|---:|
        | http_429 | 1 | 0 |

        ### Token counts by source (successful attempts)

        | Source | gpt-4o | gpt-4o-mini |
        |:---|---:|---:|
        | server | 19 | — |
        | estimated | — | 20 |
        | none | — | — |

        — = no value (the metric does not apply, e.g. TTFT of a non-streamed request). \
        Latencies count successful, non-warmup attempts from the time each was sent.

        """
        #expect(MarkdownReport.render(ReportFixture.analysis) == expected)
    }

    @Test func markdownOmitsSimulatedLineForRealRuns() {
        var a = ReportFixture.analysis
        a.run.simulated = false
        #expect(!MarkdownReport.render(a).contains("Simulated"))
        #expect(MarkdownReport.render(ReportFixture.analysis).contains(MarkdownReport.simulatedNotice))
    }

    @Test func csv() {
        let expected = "run_id,simulated,model,dataset,requests,error_rate,ttft_ms_p50,output_tokens_per_s,top_errors\r\n"
            + "run-1,true,gpt-4o,qa,20,0.05,123.456,,\r\n"
            + "run-1,true,gpt-4o-mini,qa,20,0,,,\r\n"
            + "run-1,true,gpt-4o,,20,0.05,123.456,88.26,\r\n"
            + "run-1,true,gpt-4o-mini,,20,0,,140,\r\n"
        #expect(CSVReport.render(ReportFixture.analysis) == expected)
    }

    @Test func json() {
        let text = JSONReport.render(ReportFixture.analysis)
        let expectedGroups = """
          "groups": [
            {
              "dataset": "qa",
              "failures": [],
              "metrics": {
                "error_rate": 0.05,
                "output_tokens_per_s": null,
                "requests": 20,
                "ttft_ms_p50": 123.456
              },
              "model": "gpt-4o"
            },
            {
              "dataset": "qa",
              "failures": [],
              "metrics": {
                "error_rate": 0,
                "output_tokens_per_s": null,
                "requests": 20,
                "ttft_ms_p50": null
              },
              "model": "gpt-4o-mini"
            }
          ],
        """
        #expect(text.hasPrefix("{\n  \"format_version\": 1,\n" + expectedGroups + "\n"))
        #expect(text.hasSuffix("    \"status\": \"completed\"\n  },\n  \"simulated\": true\n}\n"))
    }

    @Test func jsonParsesBackWithSortedKeys() throws {
        let text = JSONReport.render(ReportFixture.analysis)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(root["simulated"] as? Bool == true)
        let run = try #require(root["run"] as? [String: Any])
        #expect(run["id"] as? String == "run-1")
        #expect((run["settings"] as? [String: Any])?["seed"] as? Int == 7)
        let groups = try #require(root["groups"] as? [[String: Any]])
        let metrics = try #require(groups[1]["metrics"] as? [String: Any])
        #expect(metrics["ttft_ms_p50"] is NSNull)
        #expect(metrics["output_tokens_per_s"] is NSNull)   // a per-model figure
        let totals = try #require(root["model_totals"] as? [[String: Any]])
        #expect(((totals[1]["metrics"] as? [String: Any])?["output_tokens_per_s"] as? NSNumber)?.doubleValue == 140)
        // Every object's keys appear in sorted order: check each line's key against the previous at its depth.
        var lastKeyAtIndent: [Int: String] = [:]
        var checked = 0
        for line in text.split(separator: "\n") {
            let indent = line.prefix { $0 == " " }.count
            lastKeyAtIndent = lastKeyAtIndent.filter { $0.key <= indent }
            guard line.dropFirst(indent).hasPrefix("\""), let end = line.dropFirst(indent + 1).firstIndex(of: "\"") else {
                if line.contains("{") { lastKeyAtIndent[indent + 2] = nil }
                continue
            }
            let key = String(line[line.index(line.startIndex, offsetBy: indent + 1)..<end])
            if let prev = lastKeyAtIndent[indent] { #expect(prev < key, "\(prev) before \(key)"); checked += 1 }
            lastKeyAtIndent[indent] = key
            if line.hasSuffix("{") || line.hasSuffix("[") { lastKeyAtIndent[indent + 2] = nil }
        }
        #expect(checked > 30)
    }

    @Test func fullAnalysisJSONHasEveryCatalogName() throws {
        let analyzer = RunAnalyzer()
        var full = analyzer.finish(run: ReportFixture.run)
        #expect(full.groups.isEmpty)
        full.add(metric: MetricValue(name: "ttft_ms_p50", unit: .ms, value: 1), to: GroupKey(model: "m", dataset: "qa"))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(JSONReport.render(full).utf8)) as? [String: Any])
        let metrics = try #require((root["groups"] as? [[String: Any]])?.first?["metrics"] as? [String: Any])
        // Every registry name but the --slo ones (this run had no SLO).
        let conditional = Set(MetricRegistry.all.filter { $0.condition != .always }.flatMap(\.definitions).map(\.name))
        #expect(Set(metrics.keys) == Set(MetricCatalog.names).subtracting(conditional))
        #expect(CSVReport.render(full).split(separator: "\r\n").first?.split(separator: ",").count
                == 4 + MetricCatalog.all.count - conditional.count + 1)   // + top_errors
    }
}
