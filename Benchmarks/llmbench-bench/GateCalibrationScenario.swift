import Analysis
import Foundation

/// Scenario `gate-calibration`: how often the nightly gate is wrong, by seeded simulation
/// (`GateCalibration`, ≥ 1,000 trials per row): false regressions on unchanged nights with 15 %
/// night-to-night variation (7-run baseline vs the old single-run interval), what a `--plan`-sized
/// night catches with 5 % variation, identical distributions, and 40 requests against +50 %.
struct GateCalibrationBench {
    var trials = 1_000
    var resamples = 500

    struct Row { var name: String; var scenario: GateCalibrationScenario; var planned: GatePlanRow? }

    func run() -> ResultTable {
        func scenario(_ spread: Double, n: Int, k: Int, change: Double, threshold: Double, seed: UInt64) -> GateCalibrationScenario {
            GateCalibrationScenario(nightSpread: spread, requests: n, baselineRuns: k, change: change, threshold: threshold,
                                    resamples: resamples, trials: trials, seed: seed)
        }
        var rows: [Row] = [
            Row(name: "15% nights, 7-run baseline, unchanged, p95<=+15%", scenario: scenario(0.15, n: 400, k: 7, change: 0, threshold: 0.15, seed: 1), planned: nil),
            Row(name: "15% nights, 1-run baseline (requests only), unchanged, p95<=+15%", scenario: scenario(0.15, n: 400, k: 1, change: 0, threshold: 0.15, seed: 2), planned: nil),
            Row(name: "identical nights (0%), 7-run baseline, unchanged, p95<=+15%", scenario: scenario(0, n: 400, k: 7, change: 0, threshold: 0.15, seed: 3), planned: nil),
            Row(name: "no night variation, 1 run, 40 requests, +50%, p95<=+15%", scenario: scenario(0, n: 40, k: 1, change: 0.5, threshold: 0.15, seed: 4), planned: nil),
        ]
        // --plan on one seeded 7-night baseline of 400 requests, then nights of the size it asks for.
        for (spread, threshold, seed) in [(0.05, 0.05, UInt64(5)), (0.15, 0.15, UInt64(7))] {
            let base = scenario(spread, n: 400, k: 7, change: 0.3, threshold: threshold, seed: seed)
            let plan = GatePlan.row(model: "m", dataset: nil, metric: "e2e_ms_p95",
                                    samples: GateCalibration.baseline(base, runs: 7, seed: seed + 100), statistic: .p95,
                                    threshold: threshold, target: 0.3)
            var sized = base
            sized.requests = plan?.requestsNeeded ?? 400
            rows.append(Row(name: "\(Int(spread * 100))% nights, 7-run baseline, +30%, p95<=+\(Int(threshold * 100))%, "
                            + "--plan --detect +30% size", scenario: sized, planned: plan))
            var quiet = sized
            quiet.change = 0; quiet.seed = seed + 1
            rows.append(Row(name: "\(Int(spread * 100))% nights, 7-run baseline, unchanged, p95<=+\(Int(threshold * 100))%, same size",
                            scenario: quiet, planned: plan))
        }
        var cells: [[String]] = []
        var json: [[String: Double]] = []
        for r in rows {
            let start = Date()
            let out = GateCalibration.run(r.scenario)
            let seconds = Date().timeIntervalSince(start)
            let s = r.scenario
            let plan = r.planned.map { p in p.unreachable ? "none can" : "\(p.requestsNeeded ?? 0)" } ?? "—"
            cells.append([r.name, String(s.requests), plan, String(out.trials), pct(out.regressedRate), pct(out.inconclusiveRate),
                          pct(out.okRate), pct(out.excludedZeroAboveRate), Fmt.f(seconds, 1)])
            json.append(["night_spread": s.nightSpread, "requests": Double(s.requests), "baseline_runs": Double(s.baselineRuns),
                         "change": s.change, "threshold": s.threshold, "trials": Double(out.trials),
                         "regressed_rate": out.regressedRate, "inconclusive_rate": out.inconclusiveRate, "ok_rate": out.okRate,
                         "excluded_zero_above_rate": out.excludedZeroAboveRate,
                         "planned_requests": r.planned?.requestsNeeded.map(Double.init) ?? -1])
        }
        return ResultTable(scenario: "gate-calibration", title: "Gate calibration: verdict rates over seeded nights",
                           columns: ["scenario", "requests/night", "--plan asks", "trials", "regressed", "inconclusive", "ok",
                                     "interval above 0", "seconds"],
                           rows: cells, json: json,
                           notes: ["Nights: lognormal latencies (median 1,000 ms, log-σ 0.5) × a night level exp(σ_night · N(0,1)); "
                                   + "candidate level × (1 + change). 95% intervals (one gated check: no Bonferroni), "
                                   + "\(resamples) bootstrap resamples per trial. \"interval above 0\" on unchanged nights is the "
                                   + "interval's one-sided error, nominal 2.5%; 3 standard errors at \(trials) trials: ±1.5 points."])
    }

    private func pct(_ x: Double) -> String { Fmt.f(x * 100, 1) + "%" }
}
