import Foundation
import LLMBenchCore
import Testing
@testable import Analysis

/// Night-to-night variation in compare's interval (issue 12): the distributions, the two-level
/// bootstrap with its prediction term, and re-pricing. Seeded, no wall clock.
@Suite struct NightToNightTests {
    static func nights(_ k: Int, n: Int, spread: Double, seed: UInt64) -> [[Double]] {
        GateCalibration.baseline(GateCalibrationScenario(nightSpread: spread, requests: n, baselineRuns: k), runs: k, seed: seed)
    }

    @Test func quantilesMatchScipy() throws {
        // scipy.stats.norm.ppf / scipy.stats.t.ppf
        #expect(abs(Distributions.normalQuantile(0.975) - 1.959963984540054) < 1e-8)
        #expect(abs(Distributions.normalQuantile(0.995) - 2.5758293035489004) < 1e-8)
        #expect(abs(Distributions.normalQuantile(0.5)) < 1e-12)
        #expect(abs(Distributions.normalQuantile(0.001) + 3.090232306167813) < 1e-8)
        let t: [(p: Double, df: Double, expected: Double)] = [
            (0.975, 6, 2.4469118511449786), (0.995, 6, 3.7074280213248065), (0.975, 1, 12.706204736174694),
            (0.9995, 13, 4.22083172770718), (0.9, 30, 1.3104150253913955),
        ]
        for c in t {
            let q = try #require(Distributions.studentTQuantile(c.p, degreesOfFreedom: c.df))
            #expect(abs(q - c.expected) < 1e-7 * c.expected, "t(\(c.p), \(c.df)) = \(q), scipy \(c.expected)")
        }
        #expect(Distributions.studentTQuantile(0.025, degreesOfFreedom: 6).map { abs($0 + 2.4469118511449786) < 1e-7 } == true)
        #expect(Distributions.studentTQuantile(1, degreesOfFreedom: 6) == nil)
        #expect(Distributions.studentTQuantile(0.9, degreesOfFreedom: 0) == nil)
    }

    @Test func oneBaselineRunIsTheRequestBootstrapExactly() throws {
        let runs = Self.nights(2, n: 120, spread: 0, seed: 1)
        let nightly = try #require(NightlyBootstrap.change(baselineRuns: [runs[0]], candidate: runs[1], statistic: .p95,
                                                           resamples: 300, seed: 7))
        let plain = try #require(Bootstrap.change(baseline: runs[0], candidate: runs[1], statistic: .p95, resamples: 300, seed: 7))
        #expect(nightly.estimate == plain && nightly.requestsOnly == plain)
        #expect(nightly.nights == nil && nightly.nightsRelativeHalfWidth == 0)
    }

    /// The predictive term: B = t₆(0.975) · σ · √(1 + 1/7), σ² = S² − w̄, by hand.
    @Test func predictionTermByHand() throws {
        let e = try #require(NightToNight.estimate(statistics: [100, 110, 90, 105, 95, 100, 100], withinVariances: [4, 4, 4, 4, 4, 4, 4]))
        // S² = (0 + 100 + 100 + 25 + 25 + 0 + 0) / 6 = 41.666…; σ² = 41.666… − 4
        let sigma = (250.0 / 6 - 4).squareRoot()
        #expect(abs(e.standardDeviation - sigma) < 1e-12 && e.mean == 100 && e.runs == 7)
        #expect(abs(e.halfWidth(confidence: 0.95) - 2.4469118511449786 * sigma * (8.0 / 7).squareRoot()) < 1e-6)
        // All of the spread explained by request sampling: no between-night term.
        let calm = try #require(NightToNight.estimate(statistics: [100, 101, 99], withinVariances: [10, 10, 10]))
        #expect(calm.standardDeviation == 0 && calm.halfWidth(confidence: 0.95) == 0)
        #expect(NightToNight.estimate(statistics: [100], withinVariances: [0]) == nil)
    }

    @Test func nightsWidenTheIntervalAndOnlyWhenTheyVary() throws {
        let calm = Self.nights(8, n: 200, spread: 0, seed: 3), noisy = Self.nights(8, n: 200, spread: 0.15, seed: 3)
        let a = try #require(NightlyBootstrap.change(baselineRuns: Array(calm.prefix(7)), candidate: calm[7], statistic: .p95,
                                                     resamples: 300))
        let b = try #require(NightlyBootstrap.change(baselineRuns: Array(noisy.prefix(7)), candidate: noisy[7], statistic: .p95,
                                                     resamples: 300))
        func width(_ i: Interval?) -> Double { i.map { $0.upper - $0.lower } ?? .nan }
        #expect(a.nightsRelativeHalfWidth < 0.05, "identical nights: little or no between-night term (\(a.nightsRelativeHalfWidth))")
        #expect(b.nightsRelativeHalfWidth > 0.1, "15% nights: a wide term (\(b.nightsRelativeHalfWidth))")
        #expect(width(b.estimate.relativeInterval) > width(b.requestsOnly.relativeInterval) * 1.5)
        // The baseline value is the mean of the runs' statistics.
        let stats = noisy.prefix(7).map { Statistic.p95.of(sorted: $0.sorted())! }
        #expect(abs(b.estimate.baseline - stats.reduce(0, +) / 7) < 1e-9)
    }

    @Test func runTotalsGetThePredictionTermAlone() throws {
        let c = try #require(NightlyBootstrap.pointChange(baselineValues: [10, 12, 11, 9], candidate: 13, confidence: 0.95))
        // mean 10.5, S² = (0.25 + 2.25 + 0.25 + 2.25) / 3 = 5/3, B = t₃(0.975) · √(5/3) · √(5/4)
        let half = 3.182446305284263 * (5.0 / 3).squareRoot() * 1.25.squareRoot()
        #expect(abs(c.estimate.absoluteInterval.lower - (2.5 - half)) < 1e-6 && abs(c.estimate.absoluteInterval.upper - (2.5 + half)) < 1e-6)
        #expect(NightlyBootstrap.pointChange(baselineValues: [10], candidate: 13, confidence: 0.95) == nil)
    }

    @Test func requestsToResolveKnowsTheNightsDoNotShrink() {
        // point 0.10, threshold 0.15, request half 0.08 at n = 100: n·h²/d² = 256 without nights.
        #expect(Gate.requestsToResolve(interval: Interval(0.02, 0.18), point: 0.10, threshold: 0.15, requests: 100) == 256)
        // B = 0.03: 100 · 0.0064 / (0.0025 − 0.0009) = 400.
        #expect(Gate.requestsToResolve(interval: Interval(0.02, 0.18), point: 0.10, threshold: 0.15, requests: 100,
                                       fixedHalfWidth: 0.03) == 400)
        // The nights alone span the distance to the threshold: no request count resolves it.
        #expect(Gate.requestsToResolve(interval: Interval(0.02, 0.18), point: 0.10, threshold: 0.15, requests: 100,
                                       fixedHalfWidth: 0.05) == nil)
    }

    @Test func repricingUsesTheNewestCatalogEverywhere() {
        func price(_ model: String, _ date: String?, _ sha: String, _ json: String) -> StoredPrice {
            StoredPrice(stamp: PriceStamp(model: model, catalogSHA256: sha, catalogDate: date), entryJSON: json)
        }
        let old = [price("a", "2026-01-01", "s1", "A1"), price("b", "2026-05-01", "t2", "B2")]
        let older = [price("a", nil, "s0", "A0")]
        let candidate = [price("a", "2026-06-01", "s2", "A2"), price("b", "2026-05-01", "t1", "B1")]
        let r = Repricing.newestCatalog(runs: [old, older, candidate])
        // a: the candidate's catalog is newest, so both baselines take it; b: same date, the candidate's wins.
        #expect(r.overrides[0] == ["a": "A2", "b": "B1"] && r.overrides[1] == ["a": "A2"] && r.overrides[2] == [:])
        #expect(r.models == ["a", "b"])
        // A newer baseline catalog re-prices the candidate instead.
        let r2 = Repricing.newestCatalog(runs: [[price("a", "2027-01-01", "s9", "A9")], [price("a", "2026-06-01", "s2", "A2")]])
        #expect(r2.overrides == [[:], ["a": "A9"]])
        #expect(Repricing.newestCatalog(runs: [candidate, candidate]).models.isEmpty)
    }
}

/// Selection gives the same percentiles as sorting, bit for bit (the bootstrap relies on it).
@Suite struct SelectionTests {
    @Test func selectingEqualsSorting() {
        var rng = SplitMix64(seed: 5)
        for n in [1, 2, 3, 7, 40, 101, 400] {
            for _ in 0..<20 {
                // Ties on purpose: values from a small set half of the time.
                let xs = (0..<n).map { _ in rng.nextUnitDouble() < 0.5 ? Double(rng.nextInt(below: 5)) : rng.nextUnitDouble() * 100 }
                for statistic in Statistic.allCases {
                    var copy = xs
                    let selected = statistic.of(reordering: &copy)
                    // The mean sums in the given order (as the bootstrap always did); the rest read order statistics.
                    let expected = statistic == .mean ? xs.reduce(0, +) / Double(n) : statistic.of(sorted: xs.sorted())
                    #expect(selected == expected, "\(statistic) of \(n) values")
                    #expect(copy.sorted() == xs.sorted(), "selection only reorders")
                }
            }
        }
    }
}
