import Foundation
import Testing
import Analysis
import LLMBenchCore
@testable import Report

/// The trend renderers on a hand-built trend (issue 16): the Markdown's short answer comes first,
/// the CSV and JSON carry the same numbers, and text from a database cannot break a table.
@Suite struct TrendReportTests {
    static let e2e = MetricRegistry.definition(named: "e2e_ms_p95")!

    static func trend(model: String = "m", simulated: Bool = true) -> TrendAnalysis {
        let values = [100.0, 98, 104, 400]
        let runs = values.enumerated().map { i, v in
            TrendRun(run: RunInfo(id: "run-\(i)", startedAt: "2026-11-0\(i + 1)T03:0\(i):00.000Z", label: "nightly-\(i)",
                                  llmbenchVersion: "0.1.0", host: "h", os: "linux", cpuCount: 2, curlVersion: "8",
                                  sqliteVersion: "3", simulated: simulated, settingsJSON: "{}", datasetHashes: [:], status: .completed),
                     database: "n.sqlite", baselines: i == 1 ? ["last-good"] : [], values: [model: [e2e.name: v]])
        }
        return TrendAnalysis(runs: runs, metrics: [e2e])
    }

    static let selection = TrendSelection(label: "nightly-*", databases: ["n.sqlite"])

    @Test func markdownOpensWithTheLatestFlag() {
        let md = TrendMarkdown.render(Self.trend(), selection: Self.selection)
        let lines = md.components(separatedBy: "\n")
        #expect(lines[0] == "## llmbench trend: 4 run(s), 2026-11-01 03:00 … 2026-11-04 03:03 UTC")
        #expect(lines[2] == "**Flagged in the latest run** `nightly-3` (2026-11-04 03:03 UTC): m `e2e_ms_p95` 400.0 ms, "
                + "above its band 90.0–110.0 ms (worse).")
        #expect(md.contains(MarkdownReport.simulatedNotice))
        #expect(md.contains("| nightly-1 | 2026-11-02 03:01 | last-good | 98.0 |"), "\(md)")
        #expect(md.contains("| nightly-3 | 2026-11-04 03:03 |  | **400.0 ▲** |"), "\(md)")
        #expect(md.contains("| m | 03 | 102.0 (4) |"), "\(md)")
        #expect(!TrendMarkdown.render(Self.trend(simulated: false), selection: Self.selection).contains("Simulated"))
    }

    /// A year of nights: each model's table shows the newest 30, the bands use them all.
    @Test func markdownShowsTheNewestRunsOfALongTrend() {
        let runs = (0..<40).map { i in
            TrendRun(run: RunInfo(id: "r\(i)", startedAt: String(format: "2026-01-%02dT%02d:00:00Z", i / 24 + 1, i % 24),
                                  label: "n-\(i)", llmbenchVersion: "", host: "", os: "", cpuCount: 1, curlVersion: "", sqliteVersion: "",
                                  simulated: false, settingsJSON: "{}", datasetHashes: [:], status: .completed),
                     database: "n.sqlite", values: ["m": [Self.e2e.name: 100]])
        }
        let md = TrendMarkdown.render(TrendAnalysis(runs: runs, metrics: [Self.e2e]), selection: Self.selection)
        #expect(!md.contains("| n-9 |") && md.contains("| n-10 |") && md.contains("| n-39 |"))
        #expect(md.contains("The newest 30 of 40 runs are shown"))
    }

    @Test func markdownEscapesModelNames() {
        let md = TrendMarkdown.render(Self.trend(model: "a|b\nc"), selection: Self.selection)
        #expect(md.contains("### a\\|b c") && !md.contains("a|b"))
    }

    @Test func csvAndJSONCarryTheSameNumbers() throws {
        let t = Self.trend()
        let rows = TrendCSV.render(t).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows[0] == TrendCSV.header.joined(separator: ","))
        #expect(rows[4] == "run,m,e2e_ms_p95,ms,run-3,nightly-3,2026-11-04T03:03:00.000Z,3,n.sqlite,true,,400,3,100,"
                + "\(2 * 1.4826),90,110,above,true")
        #expect(rows[2].contains(",last-good,98,,,,,,,"))
        #expect(rows.last == "hour_of_day,m,e2e_ms_p95,ms,,,,3,,,,102,4,,,,,,")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(TrendJSON.render(t, selection: Self.selection).utf8)) as? [String: Any])
        let series = try #require((doc["series"] as? [[String: Any]])?.first)
        let points = try #require(series["points"] as? [[String: Any]])
        #expect(points.map { $0["value"] as? Double } == [100, 98, 104, 400])
        let band = try #require(points[3]["band"] as? [String: Any])
        #expect(band["lower"] as? Double == 90 && band["upper"] as? Double == 110 && points[3]["flag"] as? String == "above")
        let latest = try #require(doc["latest"] as? [String: Any])
        #expect(latest["run_id"] as? String == "run-3" && (latest["flags"] as? [Any])?.count == 1)
        #expect((doc["hour_of_day"] as? [[String: Any]])?.first?["median"] as? Double == 102)
    }
}
