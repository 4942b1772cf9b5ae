import Foundation
import LLMBenchCore
import Testing
@testable import Analysis

/// `compare --plan` arithmetic (issue 12): known answers and the 1/√n law, seeded, no wall clock.
@Suite struct GatePlanTests {
    /// Lognormal latencies (median 1000 ms, σ 0.5), scaled by `scale` (a night's level).
    static func night(_ n: Int, seed: UInt64, scale: Double = 1) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { _ in
            let u1 = max(rng.nextUnitDouble(), 1e-12), u2 = rng.nextUnitDouble()
            let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            return scale * 1000 * exp(0.5 * z)
        }
    }

    @Test func theWithinNightWidthShrinksAsOneOverRootN() throws {
        let small = try #require(GatePlan.row(model: "m", dataset: nil, metric: "e2e_ms_p95", samples: [Self.night(100, seed: 1)],
                                              statistic: .p95, threshold: 0.15))
        let large = try #require(GatePlan.row(model: "m", dataset: nil, metric: "e2e_ms_p95", samples: [Self.night(1600, seed: 1)],
                                              statistic: .p95, threshold: 0.15))
        let ratio = small.withinNight / large.withinNight
        #expect(ratio > 3.2 && ratio < 4.8, "16× the requests should narrow the interval about 4× (got \(ratio))")
        #expect(small.betweenNights == nil, "one baseline run: night-to-night variation is unknown")
    }

    /// At the size the plan recommends for its default target (twice the threshold), a night's
    /// request half-width h(m) satisfies t + (1 + 2t) · h(m) · (1 + z₉₀ / z) = 2t (one baseline run,
    /// no night term): checked on fresh nights of that size (the mean to 20 %, the p95, whose
    /// bootstrap width varies by sample, on average over three nights to 40 %).
    @Test func requestsNeededMeetTheirTarget() throws {
        let t = 0.15
        let expected = t / ((1 + 2 * t) * (1 + 1.2815515655446004 / 1.959963984540054))
        for (statistic, tolerance) in [(Statistic.mean, 0.2), (.p95, 0.4)] {
            let base = try #require(GatePlan.row(model: "m", dataset: "qa", metric: "e2e_ms", samples: [Self.night(200, seed: 2)],
                                                 statistic: statistic, threshold: t))
            #expect(base.target == 2 * t)
            let m = try #require(base.requestsNeeded)
            var widths: [Double] = []
            for s in 0..<3 {
                let fresh = try #require(GatePlan.row(model: "m", dataset: "qa", metric: "e2e_ms",
                                                      samples: [Self.night(m, seed: 30 + UInt64(s))], statistic: statistic,
                                                      threshold: t, resamples: 400))
                widths.append(fresh.withinNight)
            }
            let mean = widths.reduce(0, +) / 3
            #expect(abs(mean - expected) < expected * tolerance, "\(statistic): h at m = \(m) is \(widths), want \(expected)")
        }
        // 40 requests cannot catch twice a 15% gate on a p95 of this spread.
        let forty = try #require(GatePlan.row(model: "m", dataset: "qa", metric: "e2e_ms_p95", samples: [Self.night(40, seed: 4)],
                                              statistic: .p95, threshold: t))
        #expect(forty.detectableChange > 0.3 && (forty.requestsNeeded ?? 0) > 40)
        // Asking to catch more needs fewer requests.
        let big = try #require(GatePlan.row(model: "m", dataset: "qa", metric: "e2e_ms_p95", samples: [Self.night(40, seed: 4)],
                                            statistic: .p95, threshold: t, target: 0.6))
        #expect((big.requestsNeeded ?? .max) < (forty.requestsNeeded ?? 0))
    }

    /// With 15% night-to-night variation over 7 baseline runs, no request count lets a +15% gate catch +30%.
    @Test func nightToNightVariationCanMakeAGateUnreachable() throws {
        var rng = SplitMix64(seed: 9)
        func levels(_ sd: Double) -> [[Double]] {
            (0..<7).map { k in
                let u1 = max(rng.nextUnitDouble(), 1e-12), u2 = rng.nextUnitDouble()
                let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
                return Self.night(300, seed: 100 + UInt64(k), scale: 1 + sd * z)
            }
        }
        let noisy = try #require(GatePlan.row(model: "m", dataset: nil, metric: "e2e_ms_p95", samples: levels(0.15),
                                              statistic: .p95, threshold: 0.15))
        #expect(noisy.baselineRuns == 7 && (noisy.betweenNights ?? 0) > 0.15)
        #expect(noisy.unreachable && noisy.requestsNeeded == nil)
        #expect((noisy.smallestThreshold ?? 0) > 0.15, "the smallest gate it can size: \(String(describing: noisy.smallestThreshold))")
        // 1% between nights on a mean (whose within-night noise is small): the gate is reachable.
        let calm = try #require(GatePlan.row(model: "m", dataset: nil, metric: "e2e_ms_mean", samples: levels(0.01),
                                             statistic: .mean, threshold: 0.30))
        #expect(!calm.unreachable && calm.requestsNeeded != nil, "\(calm)")
    }

    @Test func degenerateInputsHaveNoPlan() {
        #expect(GatePlan.row(model: "m", dataset: nil, metric: "x", samples: [], statistic: .p95, threshold: 0.1) == nil)
        #expect(GatePlan.row(model: "m", dataset: nil, metric: "x", samples: [[]], statistic: .p95, threshold: 0.1) == nil)
        #expect(GatePlan.row(model: "m", dataset: nil, metric: "x", samples: [[1, 2]], statistic: .p95, threshold: 0) == nil)
        #expect(GatePlan.row(model: "m", dataset: nil, metric: "x", samples: [[0, 0, 0]], statistic: .mean, threshold: 0.1) == nil)
    }
}
