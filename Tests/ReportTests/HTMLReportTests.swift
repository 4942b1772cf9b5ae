import Testing
import LLMBenchCore
import Analysis
import TestFixtures
@testable import Report

@Suite struct HTMLReportTests {
    static func record(_ model: String, _ dataset: String, _ i: Int, ttftMs: Double, failed: ErrorKind? = nil) -> RequestRecord {
        let ms = { (v: Double) in Int64(v * 1_000_000) }
        let start = Double(i) * 50
        if let failed {
            return RequestRecord(runId: "r", requestIndex: i, attempt: 0, model: model, dataset: dataset, itemId: "i\(i)", warmup: false,
                                 status: .error, errorKind: failed, httpStatus: 500, intendedStartNs: ms(start), sentNs: ms(start + 1), doneNs: ms(start + 5))
        }
        return RequestRecord(runId: "r", requestIndex: i, attempt: 0, model: model, dataset: dataset, itemId: "i\(i)", warmup: false,
                             status: .ok, httpStatus: 200, intendedStartNs: ms(start), sentNs: ms(start + 2), firstByteNs: ms(start + ttftMs),
                             firstTokenNs: ms(start + ttftMs), firstOutputNs: ms(start + ttftMs), lastTokenNs: ms(start + ttftMs + 100),
                             doneNs: ms(start + ttftMs + 110), usage: Usage(inputTokens: 100 + i, outputTokens: 20 + i % 7, source: .server))
    }

    static func analysis(openLoop: Bool) -> RunAnalysis {
        let settings = RunSettings.decodeOrEmpty(openLoop ? "{\"version\":1,\"profile\":\"poisson\",\"rate_per_s\":20}" : "{}")
        var a = RunAnalyzer(settings: settings)
        for (mi, m) in ["model <a>", "model-b"].enumerated() {
            for d in ["qa", "summarization"] {
                for i in 0..<40 { a.add(record(m, d, i + 100 * mi, ttftMs: 100 + Double((i * 37) % 40) * Double(mi + 1) * 10)) }
                a.add(record(m, d, 90 + 100 * mi, ttftMs: 0, failed: .http429))
            }
        }
        var run = ReportFixture.run
        run.settingsJSON = openLoop ? "{\"version\":1,\"profile\":\"poisson\",\"rate_per_s\":20}" : "{}"
        return a.finish(run: run)
    }

    @Test func runPageIsSelfContainedAndHasEveryChart() {
        let a = Self.analysis(openLoop: true)
        let html = HTMLReport.render(a)
        #expect(PageChecks.problems(html) == [])
        for title in ["TTFT: distribution", "TTFO (answer starts): distribution", "E2E latency: distribution", "Inter-token latency: distribution",
                      "TTFT by dataset", "Output tokens by dataset", "Failed attempts by kind over the run", "Dispatch lag over the run"] {
            #expect(html.contains(">\(title)"), "missing \(title)")
        }
        #expect(html.contains("model &lt;a&gt;"))
        #expect(html.contains("Models compared"))
        #expect(html.contains("class=\"simulated\""))
        // Closed loop: no dispatch lag chart.
        #expect(!HTMLReport.render(Self.analysis(openLoop: false)).contains("Dispatch lag over the run"))
    }

    @Test func sweepAddsCapacityCurvesWithTheSLOLine() {
        var segments: [HTMLReport.Segment] = []
        for c in [1, 4] {
            var a = Self.analysis(openLoop: false)
            a.run.settingsJSON = "{\"version\":1,\"slo\":\"ttft_ms=300\"}"
            a.run.id = "seg-\(c)"
            segments.append(.init(label: "concurrency=\(c)", analysis: a))
        }
        let html = HTMLReport.render(segments[1].analysis, sweep: segments)
        #expect(PageChecks.problems(html) == [])
        #expect(html.contains(">TTFT p95 against throughput"))
        #expect(html.contains(">SLO ttft_ms ≤ 300 ms</text>"))
        #expect(html.contains("concurrency=1, concurrency=4"))
    }

    @Test func comparePageIsSelfContained() throws {
        let html = CompareHTML.render(.noBaseline(reference: "last-good", candidate: ReportFixture.run))
        #expect(PageChecks.problems(html) == [])
        #expect(html.contains("no baseline"))
        let compared = CompareHTML.render(.compared(CompareFixture.comparison))
        #expect(PageChecks.problems(compared) == [])
        #expect(compared.contains(">llmbench compare: FAIL</h1>"))
        #expect(compared.contains(">TTFT p95: change, candidate − baseline"))
        #expect(compared.contains(">regressed</text>"))
        #expect(compared.contains("threshold ≤ +15%"))
    }
}
