import Foundation
import LLMBenchCore

/// A seeded simulation of many nights that measures how often the gate's verdicts are wrong
/// (issue 12's calibration): the false-regression rate on unchanged nights and the share of real
/// regressions caught. Pure: no clock, no I/O; `make test` runs it small, `llmbench-bench
/// gate-calibration` runs it at ≥ 1,000 trials for the README.
///
/// Model of a night: request latencies are lognormal, median 1,000 ms and log-σ `requestSpread`,
/// scaled by the night's level exp(`nightSpread` · N(0, 1)) (run-level variation: 0.15 ≈ 15 %).
/// Each trial draws `baselineRuns` baseline nights and one candidate night whose level is further
/// multiplied by 1 + `change`, compares them with `NightlyBootstrap` at `confidence`, and judges
/// the relative interval with `Gate.classify` against `statistic` ≤ +`threshold`.
public struct GateCalibrationScenario: Sendable, Equatable {
    public var nightSpread: Double
    public var requests: Int
    public var baselineRuns: Int
    /// The candidate's true relative change (0: an unchanged night).
    public var change: Double
    public var statistic: Statistic
    public var threshold: Double
    public var confidence: Double
    public var resamples: Int
    public var trials: Int
    public var seed: UInt64
    public var requestSpread: Double

    public init(nightSpread: Double, requests: Int, baselineRuns: Int, change: Double = 0, statistic: Statistic = .p95,
                threshold: Double = 0.15, confidence: Double = 0.95, resamples: Int = 500, trials: Int = 1000,
                seed: UInt64 = 0xCA1B, requestSpread: Double = 0.5) {
        self.nightSpread = nightSpread; self.requests = requests; self.baselineRuns = baselineRuns; self.change = change
        self.statistic = statistic; self.threshold = threshold; self.confidence = confidence; self.resamples = resamples
        self.trials = trials; self.seed = seed; self.requestSpread = requestSpread
    }
}

/// How the trials of a scenario came out.
public struct GateCalibrationResult: Sendable, Equatable {
    public var trials: Int
    public var regressed: Int
    public var inconclusive: Int
    public var ok: Int
    public var improved: Int
    /// Trials whose interval lay wholly above 0 (the worse side of "no change"): on unchanged
    /// nights this should happen in about α/2 of them, the interval's nominal one-sided error.
    public var excludedZeroAbove: Int

    public var regressedRate: Double { Double(regressed) / Double(max(trials, 1)) }
    public var inconclusiveRate: Double { Double(inconclusive) / Double(max(trials, 1)) }
    public var okRate: Double { Double(ok) / Double(max(trials, 1)) }
    public var excludedZeroAboveRate: Double { Double(excludedZeroAbove) / Double(max(trials, 1)) }
}

public enum GateCalibration {
    public static func run(_ s: GateCalibrationScenario) -> GateCalibrationResult {
        var rng = SplitMix64(seed: s.seed)
        var result = GateCalibrationResult(trials: 0, regressed: 0, inconclusive: 0, ok: 0, improved: 0, excludedZeroAbove: 0)
        let rule = GateRule(metric: "e2e_ms_\(s.statistic.rawValue)", bound: .atMost, threshold: s.threshold, relative: true)
        for trial in 0..<s.trials {
            let baseline = (0..<s.baselineRuns).map { _ in night(level: level(s, &rng), s, &rng) }
            let candidate = night(level: level(s, &rng) * (1 + s.change), s, &rng)
            guard let est = NightlyBootstrap.change(baselineRuns: baseline, candidate: candidate, statistic: s.statistic,
                                                    confidence: s.confidence, resamples: s.resamples,
                                                    seed: s.seed &+ UInt64(trial) &* 0x9E37_79B9),
                  let interval = est.estimate.relativeInterval else { continue }
            result.trials += 1
            if interval.lower > 0 { result.excludedZeroAbove += 1 }
            switch Gate.classify(interval, rule) {
            case .regressed: result.regressed += 1
            case .inconclusive: result.inconclusive += 1
            case .ok: result.ok += 1
            case .improved: result.improved += 1
            case .noValue: break
            }
        }
        return result
    }

    /// The largest deviation of an observed rate from `p` over `trials` that sampling explains at
    /// about 3 standard errors: 3 · √(p (1 − p) / trials).
    public static func samplingError(rate p: Double, trials: Int) -> Double {
        3 * (p * (1 - p) / Double(max(trials, 1))).squareRoot()
    }

    /// One seeded baseline of `runs` nights under the scenario's model (for `GatePlan` in tests).
    public static func baseline(_ s: GateCalibrationScenario, runs: Int, seed: UInt64) -> [[Double]] {
        var rng = SplitMix64(seed: seed)
        return (0..<runs).map { _ in night(level: level(s, &rng), s, &rng) }
    }

    static func level(_ s: GateCalibrationScenario, _ rng: inout SplitMix64) -> Double { exp(s.nightSpread * normal(&rng)) }

    static func night(level: Double, _ s: GateCalibrationScenario, _ rng: inout SplitMix64) -> [Double] {
        (0..<s.requests).map { _ in level * 1000 * exp(s.requestSpread * normal(&rng)) }
    }

    /// A standard normal draw (Box-Muller).
    static func normal(_ rng: inout SplitMix64) -> Double {
        let u1 = max(rng.nextUnitDouble(), 1e-12), u2 = rng.nextUnitDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
