import Foundation
import Testing
import Analysis
import Charts
import LLMBenchCore
import TestFixtures
@testable import Report

/// The trend page (issue 16): well-formed and self-contained, one time series per metric with the
/// band, the flagged run ringed and the baseline run marked, the hour-of-day chart, and each chart's
/// numbers in a table beneath it.
@Suite struct TrendHTMLTests {
    @Test func pageHoldsTheChartsAndTheirNumbers() throws {
        let t = TrendReportTests.trend()
        let html = TrendHTML.render(t, selection: TrendReportTests.selection)
        #expect(PageChecks.problems(html) == [])
        // One time series (e2e) and one hour-of-day chart.
        #expect(html.components(separatedBy: "<figure ").count - 1 == 2)
        #expect(html.contains("Flagged in the latest run nightly-3 (2026-11-04 03:03 UTC): m e2e_ms_p95 400.0 ms, above its band 90.0–110.0 ms (worse)."))
        #expect(html.contains(XML.escape(MarkdownReport.simulatedNotice)))
        // The slow run is ringed once; the band is drawn; the baseline run is an ink dot.
        #expect(html.components(separatedBy: "class=\"flag\"").count - 1 == 1)
        #expect(html.contains("class=\"band\"") && html.contains("data-series=\"baseline run\""))
        // The table beneath holds each run's value, its band and the flag.
        #expect(html.contains("<td class=\"num\">400.0</td><td>90.0–110.0 ms</td><td>above (worse)</td>"), "\(html)")
        #expect(html.contains("<td>nightly-1</td><td>2026-11-02 03:01</td><td>last-good</td>"))
        #expect(html.contains("<td>m</td><td class=\"num\">03</td><td class=\"num\">4</td><td class=\"num\">102.0</td>"))
    }

    /// The x of each run is its time since the first (days for a span of days, minutes for a short one).
    @Test func timeSeriesPlotsRunsAtTheirStartTimes() throws {
        let t = TrendReportTests.trend()
        let e2e = TrendReportTests.e2e
        let time = TrendHTML.TimeAxis(t.runs)
        let xs: [Double] = t.runs.map { time.x($0) ?? -1 }
        let expected: [Double] = [0, 1 + 1 / 1440.0, 2 + 2 / 1440.0, 3 + 3 / 1440.0]
        #expect(time.unit == "days" && zip(xs, expected).allSatisfy { abs($0 - $1) < 1e-9 }, "\(xs)")
        let chart = TrendHTML.timeChart(t, e2e, t.series, time)
        #expect(chart.series.map(\.name) == ["m", "baseline run"])
        #expect(chart.series[0].points.map(\.flagged) == [false, false, false, true])
        #expect(chart.bands.first?.points.count == 1 && chart.bands.first?.points.first?.high == 110)
        let minutes = TrendHTML.TimeAxis(Array(t.runs.prefix(1)) + [TrendRun(run: RunInfo(
            id: "x", startedAt: "2026-11-01T03:30:00Z", llmbenchVersion: "", host: "", os: "", cpuCount: 1, curlVersion: "",
            sqliteVersion: "", simulated: true, settingsJSON: "{}", datasetHashes: [:], status: .completed), database: "", values: [:])])
        #expect(minutes.unit == "min" && minutes.divisor == 60)
    }
}
