import LLMBenchCore
import Testing
@testable import Analysis

/// The gate's error rates by seeded simulation (issue 12), small enough for `make test` (debug
/// build, two shared cores): the mean rather than the p95 where a bootstrap of many nights is
/// needed (no sorting per resample), and ~100 trials. `llmbench-bench gate-calibration` runs the
/// p95 at 1,000 trials per row for the README. Nights: lognormal latencies × a night level
/// exp(σ_night · N(0, 1)).
@Suite struct GateCalibrationTests {
    /// (1) With 15% run-level variation and a 7-run baseline, an unchanged night's interval lies
    /// wholly above 0 in about α/2 = 2.5% of nights (the nominal one-sided error) and the
    /// `mean<=+15%` gate falsely fails no more often; the old single-run interval, which ignores the
    /// nights, excludes 0 far more often than nominal.
    @Test func falseRegressionsStayNominalWithSevenNights() {
        let trials = 200
        let seven = GateCalibration.run(GateCalibrationScenario(nightSpread: 0.15, requests: 100, baselineRuns: 7,
                                                                 statistic: .mean, resamples: 150, trials: trials, seed: 11))
        let bound = 0.025 + GateCalibration.samplingError(rate: 0.025, trials: trials)
        #expect(seven.trials == trials)
        #expect(seven.excludedZeroAboveRate <= bound, "7 nights: interval above 0 in \(seven.excludedZeroAboveRate)")
        #expect(seven.regressedRate <= bound, "7 nights: regressed in \(seven.regressedRate)")
        let one = GateCalibration.run(GateCalibrationScenario(nightSpread: 0.15, requests: 100, baselineRuns: 1,
                                                               statistic: .mean, resamples: 150, trials: trials, seed: 12))
        #expect(one.excludedZeroAboveRate > 0.08, "1 run ignores nights: interval above 0 in \(one.excludedZeroAboveRate)")
    }

    /// (2) With 5% run-level variation, `--plan --detect +30%` sizes a `mean<=+5%` night, and at that
    /// size a true +30% regression reads `regressed` in ≥ 90% of nights (less sampling error at these
    /// few trials); with 15% variation the plan says a +15% gate cannot catch +30% at any size.
    @Test func aPlanSizedNightCatchesThirtyPercent() throws {
        let base = GateCalibrationScenario(nightSpread: 0.05, requests: 400, baselineRuns: 7, change: 0.3, statistic: .mean,
                                           threshold: 0.05, resamples: 150, trials: 120, seed: 21)
        let plan = try #require(GatePlan.row(model: "m", dataset: nil, metric: "e2e_ms_mean",
                                             samples: GateCalibration.baseline(base, runs: 7, seed: 22), statistic: .mean,
                                             threshold: 0.05, target: 0.3))
        let m = try #require(plan.requestsNeeded, "\(plan)")
        var sized = base
        sized.requests = min(m, 1_500)
        let caught = GateCalibration.run(sized)
        #expect(caught.regressedRate >= 0.9 - GateCalibration.samplingError(rate: 0.9, trials: caught.trials),
                "at \(sized.requests) requests (plan: \(m)) +30% caught in \(caught.regressedRate)")
        let noisy = GateCalibrationScenario(nightSpread: 0.15, requests: 100, baselineRuns: 7, threshold: 0.15)
        let never = try #require(GatePlan.row(model: "m", dataset: nil, metric: "e2e_ms_mean",
                                              samples: GateCalibration.baseline(noisy, runs: 7, seed: 23), statistic: .mean,
                                              threshold: 0.15, target: 0.3))
        #expect(never.unreachable && never.requestsNeeded == nil, "\(never)")
    }

    /// (3) At 40 requests a +50% change is `regressed` or `inconclusive`, never `ok`.
    @Test func fortyRequestsNeverCallFiftyPercentOk() {
        let r = GateCalibration.run(GateCalibrationScenario(nightSpread: 0, requests: 40, baselineRuns: 1, change: 0.5,
                                                             resamples: 200, trials: 120, seed: 31))
        #expect(r.trials == 120 && r.ok == 0 && r.improved == 0, "\(r)")
        #expect(r.regressed + r.inconclusive == r.trials)
    }

    /// (4) Identical distributions are `ok` (never regressed), with one baseline run or seven (the
    /// mean at 100 requests here, for speed; the bench shows the p95 at 400).
    @Test func identicalNightsAreOk() {
        for k in [1, 7] {
            let r = GateCalibration.run(GateCalibrationScenario(nightSpread: 0, requests: 100, baselineRuns: k, statistic: .mean,
                                                                 threshold: 0.3,
                                                                 resamples: 150, trials: 60, seed: 41 + UInt64(k)))
            #expect(r.regressed == 0, "\(k) runs: \(r)")
            #expect(r.okRate >= 0.9, "\(k) runs: ok in \(r.okRate)")
        }
    }
}
