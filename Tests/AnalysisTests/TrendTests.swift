import Foundation
import LLMBenchCore
import Testing
@testable import Analysis

/// `llmbench trend`'s band and flags as known answers (issue 16): the rolling median ± robust
/// spread of the runs before each one, the floor, the window, and the hour-of-day medians.
@Suite struct TrendTests {
    static let madScale = 1.4826

    static func run(_ id: String, _ started: String, simulated: Bool = true) -> RunInfo {
        RunInfo(id: id, startedAt: started, label: "nightly-\(id)", llmbenchVersion: "0.1.0", host: "h", os: "linux",
                cpuCount: 2, curlVersion: "8", sqliteVersion: "3", simulated: simulated, settingsJSON: "{}",
                datasetHashes: [:], status: .completed)
    }

    static let e2e = MetricRegistry.definition(named: "e2e_ms_p95")!
    static let quality = MetricRegistry.definition(named: "output_tokens_per_s")!

    @Test func bandIsMedianPlusMinusThreeRobustSigmas() throws {
        let b = try #require(TrendBandRule().band(previous: [10, 12, 11, 13, 9]))
        // m = 11; |w − m| = 1, 1, 0, 2, 2 → MAD = 1; s = 1.4826; h = max(3 · 1.4826, 0.1 · 11).
        #expect(b.runs == 5 && b.median == 11 && b.spread == Self.madScale)
        #expect(b.lower == 11 - 3 * Self.madScale && b.upper == 11 + 3 * Self.madScale)
        #expect(b.flag(15.4) == nil && b.flag(15.45) == .above && b.flag(6.5) == .below)
    }

    @Test func fewerThanThreePreviousRunsGiveNoBand() {
        #expect(TrendBandRule().band(previous: []) == nil)
        #expect(TrendBandRule().band(previous: [1, 2]) == nil)
        #expect(TrendBandRule().band(previous: [1, 2, 3]) != nil)
        #expect(TrendBandRule().band(previous: [1, .nan, 3]) == nil)
    }

    @Test func onlyTheLastKValuesCount() throws {
        let b = try #require(TrendBandRule(window: 3).band(previous: [100, 1, 2, 3]))
        // W = [1, 2, 3]: m = 2, MAD = 1; the lower end 2 − 4.4478 is raised to 0 (every w ≥ 0).
        #expect(b.runs == 3 && b.median == 2 && b.lower == 0 && b.upper == 2 + 3 * Self.madScale)
    }

    @Test func evenWindowTakesTheMeanOfTheMiddleTwo() throws {
        let b = try #require(TrendBandRule().band(previous: [4, 1, 3, 2]))
        // m = 2.5; |w − m| = 1.5, 1.5, 0.5, 0.5 → MAD = 1.
        #expect(b.median == 2.5 && b.spread == Self.madScale)
    }

    @Test func identicalRunsGetTheTenPercentFloor() throws {
        let b = try #require(TrendBandRule().band(previous: [100, 100, 100]))
        #expect(b.spread == 0 && b.lower == 90 && b.upper == 110)
        #expect(b.flag(110) == nil && b.flag(110.0001) == .above && b.flag(89.9) == .below)
        let zero = try #require(TrendBandRule().band(previous: [0, 0, 0]))
        #expect(zero.lower == 0 && zero.upper == 0 && zero.flag(0) == nil && zero.flag(0.01) == .above)
    }

    @Test func negativeValuesKeepANegativeLowerEnd() throws {
        let b = try #require(TrendBandRule().band(previous: [-5, -4, -6]))
        #expect(b.median == -5 && b.lower == -5 - 3 * Self.madScale && b.upper == -5 + 3 * Self.madScale)
    }

    @Test func bandWidthScalesTheSpread() throws {
        let b = try #require(TrendBandRule(spreadMultiplier: 1).band(previous: [10, 12, 11, 13, 9]))
        #expect(b.upper == 11 + Self.madScale)
    }

    @Test func worseSideFollowsTheDirection() {
        #expect(TrendFlag.above.isWorse(.lowerIsBetter) == true && TrendFlag.below.isWorse(.lowerIsBetter) == false)
        #expect(TrendFlag.below.isWorse(.higherIsBetter) == true && TrendFlag.above.isWorse(.neutral) == nil)
    }

    /// Five runs given out of order, one slow: sorted by start, the first three not judged, the slow
    /// fourth flagged above, the fifth judged by a window that holds the slow one.
    @Test func seriesInStartOrderFlagTheSlowRun() throws {
        let values: [(String, String, Double)] = [
            ("c", "2026-11-03T03:00:00Z", 104), ("a", "2026-11-01T03:00:00Z", 100), ("e", "2026-11-05T15:30:00Z", 101),
            ("b", "2026-11-02T03:10:00Z", 98), ("d", "2026-11-04T15:00:00Z", 400),
        ]
        let runs = values.map { TrendRun(run: Self.run($0.0, $0.1), database: "n.sqlite", baselines: $0.0 == "b" ? ["last-good"] : [],
                                         values: ["m": [Self.e2e.name: $0.2]]) }
        let t = TrendAnalysis(runs: runs, metrics: [Self.e2e])
        #expect(t.runs.map(\.run.id) == ["a", "b", "c", "d", "e"])
        let s = try #require(t.series.first)
        #expect(t.series.count == 1 && s.model == "m" && s.points.map(\.value) == [100, 98, 104, 400, 101])
        #expect(s.points.prefix(3).allSatisfy { $0.band == nil && $0.flag == nil })
        // d: W = [100, 98, 104], m = 100, MAD = 2 → h = max(6 · 1.4826, 10) = 10.
        #expect(s.points[3].band == TrendBand(runs: 3, median: 100, spread: 2 * Self.madScale, lower: 90, upper: 110))
        #expect(s.points[3].flag == .above)
        // e: W = [100, 98, 104, 400], m = 102, MAD = median(2, 4, 2, 298) = 3 → h = max(9 · 1.4826, 10.2).
        #expect(s.points[4].band?.median == 102 && s.points[4].band?.upper == 102 + 3 * (Self.madScale * 3) && s.points[4].flag == nil)
        #expect(s.nextBand?.runs == 5 && s.nextBand?.median == 101)
        #expect(t.flags.count == 1 && t.flags[0].point.run == 3 && t.flags[0].isWorse == true)
        #expect(t.latestFlags.isEmpty && t.runs[1].baselines == ["last-good"] && t.simulated)
        // By hour: 03 has a, b, c (median 100), 15 has d and e (mean of the two middle values).
        #expect(t.hours == [HourOfDay(model: "m", metric: Self.e2e.name, hourUTC: 3, runs: 3, median: 100),
                            HourOfDay(model: "m", metric: Self.e2e.name, hourUTC: 15, runs: 2, median: 250.5)])
    }

    /// A run without a value is skipped: it neither gets a band nor counts in a later window.
    @Test func runsWithoutAValueAreSkipped() throws {
        let runs = (0..<5).map { i in
            TrendRun(run: Self.run("r\(i)", "2026-11-0\(i + 1)T00:00:00Z"), database: "n.sqlite",
                     values: ["m": i == 2 ? [:] : [Self.e2e.name: Double(10 + i)], "other": [Self.e2e.name: 5]])
        }
        let t = TrendAnalysis(runs: runs, metrics: [Self.e2e, Self.quality])
        let s = try #require(t.series.first { $0.model == "m" })
        #expect(s.points.map(\.run) == [0, 1, 3, 4])
        #expect(s.points[2].band == nil && s.points[3].band?.runs == 3)
        #expect(t.series.map(\.model) == ["m", "other"])
        #expect(t.notes.contains { $0.contains("No run has a value of output_tokens_per_s") })
    }

    /// Several databases: a run found in two (a merged file) counts once, from the first, with a note.
    @Test func aRunInTwoDatabasesCountsOnce() {
        let a = TrendRun(run: Self.run("same", "2026-11-01T00:00:00Z"), database: "a.sqlite", values: ["m": [Self.e2e.name: 1]])
        var b = a
        b.database = "b.sqlite"
        let other = TrendRun(run: Self.run("other", "2026-10-01T00:00:00Z"), database: "b.sqlite", values: ["m": [Self.e2e.name: 2]])
        let t = TrendAnalysis(runs: [a, b, other], metrics: [Self.e2e])
        #expect(t.runs.map(\.database) == ["b.sqlite", "a.sqlite"] && t.runs.map(\.run.id) == ["other", "same"])
        #expect(t.notes.first?.contains("counted once") == true)
    }

    @Test func latestFlagsAreTheNewestRunsOnly() {
        let runs = [100.0, 100, 100, 100, 300].enumerated().map { i, v in
            TrendRun(run: Self.run("r\(i)", "2026-11-0\(i + 1)T23:59:59.999Z"), database: "n.sqlite", values: ["m": [Self.e2e.name: v]])
        }
        let t = TrendAnalysis(runs: runs, metrics: [Self.e2e])
        #expect(t.latestFlags.count == 1 && t.latestFlags[0].point.value == 300 && t.latestFlags[0].point.flag == .above)
        #expect(t.runs[0].hourUTC == 23)
    }

    @Test func unknownMetricsAreAUsageErrorListingTheValidOnes() throws {
        #expect(try TrendMetrics.definitions(["e2e_ms_p95", "e2e_ms_p95"], flag: "--metrics").map(\.name) == ["e2e_ms_p95"])
        #expect(try TrendMetrics.definitions(TrendMetrics.defaultNames, flag: "--metrics").count == TrendMetrics.defaultNames.count)
        do {
            _ = try TrendMetrics.definitions(["ttft_p95"], flag: "--metrics")
            Issue.record("expected a usage error")
        } catch let e as LLMBenchError {
            #expect(e.exitCode == .usage && e.message.contains("unknown metric \"ttft_p95\"") && e.message.contains("ttft_ms_p95"))
        }
    }
}
