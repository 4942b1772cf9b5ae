import Analysis
import Foundation
import LLMBenchCore
import Testing
@testable import Report

/// Every report format lists the top error messages per kind (issue 15), and the summary block
/// is one row per model with the path of the full report.
@Suite struct FailureReportTests {
    static let failure = FailureMessages(kind: .http4xx, count: 3, httpStatus: 404,
                                         top: [.init(text: "HTTP 404: The model `gpt-9` does not exist", count: 3)],
                                         hint: "check the model id \"gpt-9\"")

    static var analysis: RunAnalysis {
        var a = ReportFixture.analysis
        a.groups[0].failures = [failure]
        a.modelTotals[0].failures = [failure]
        a.modelTotals[0].set(MetricValue(name: "errors", unit: .count, value: 3))
        return a
    }

    @Test func markdownListsTopMessagesWithCountsAndHint() {
        let md = MarkdownReport.render(Self.analysis)
        #expect(md.contains("### Top error messages"))
        #expect(md.contains("- **gpt-4o** · `http_4xx` ×3, HTTP 404"))
        #expect(md.contains("  - ×3: `HTTP 404: The model 'gpt-9' does not exist`"))
        #expect(md.contains("  - hint: check the model id \"gpt-9\""))
        #expect(!MarkdownReport.render(ReportFixture.analysis).contains("Top error messages"))
    }

    @Test func csvHasATopErrorsColumn() {
        let rows = CSVReport.render(Self.analysis).components(separatedBy: "\r\n")
        #expect(rows[0].hasSuffix(",top_errors"))
        #expect(rows[1].hasSuffix(",\"http_4xx ×3: \"\"HTTP 404: The model `gpt-9` does not exist\"\" ×3\""))
        #expect(rows[2].hasSuffix(",,"))
    }

    @Test func jsonCarriesFailuresPerGroup() throws {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(JSONReport.render(Self.analysis).utf8)) as? [String: Any])
        let totals = try #require(root["model_totals"] as? [[String: Any]])
        let f = try #require((totals[0]["failures"] as? [[String: Any]])?.first)
        #expect(f["kind"] as? String == "http_4xx")
        #expect(f["count"] as? Int == 3)
        #expect(f["http_status"] as? Int == 404)
        #expect(f["hint"] as? String == "check the model id \"gpt-9\"")
        let m = try #require((f["messages"] as? [[String: Any]])?.first)
        #expect(m["text"] as? String == "HTTP 404: The model `gpt-9` does not exist")
        #expect(m["count"] as? Int == 3)
        #expect((totals[1]["failures"] as? [Any])?.isEmpty == true)
    }

    @Test func junitFailsTheModelThatFailedWithItsCause() {
        let x = RunJUnit.render(Self.analysis)
        #expect(x.contains("tests=\"2\" failures=\"1\""))
        #expect(x.contains("classname=\"gpt-4o\""))
        #expect(x.contains("http_4xx ×3: &quot;HTTP 404: The model `gpt-9` does not exist&quot; ×3"))
        #expect(x.contains("hint: check the model id"))
    }

    @Test func summaryIsOneRowPerModelWithThePath() {
        let s = RunSummary.render(Self.analysis, reportPath: "db-reports/run-run-1.md", again: "llmbench report --run run-1")
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "llmbench run run-1 (nightly) · completed · simulated")
        #expect(lines[1].hasPrefix("model        requests  errors  cancelled  TTFT p50 ms"))
        #expect(lines[2].hasPrefix("gpt-4o             20       3"))
        #expect(lines[2].contains("123.5"))
        #expect(lines[3].hasPrefix("gpt-4o-mini        20"))
        #expect(s.contains("gpt-4o: http_4xx ×3: HTTP 404: The model `gpt-9` does not exist\n  hint: check the model id"))
        #expect(s.hasSuffix("Full report: db-reports/run-run-1.md\nRender again: llmbench report --run run-1\n"))
    }
}
