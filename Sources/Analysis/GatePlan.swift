import Foundation
import LLMBenchCore

/// What a gate can detect at a baseline's size and variation, before the night (issue 12,
/// `compare --plan`): per gated metric and group, the smallest change the gate can tell from
/// "unchanged", and the requests per group its threshold needs.
///
/// Method. The uncertainty of a change between one candidate night and the baseline has two parts:
///
/// - **Within a night** (sampling of requests): the half-width h(n) of the percentile-bootstrap
///   interval of the change between two independent samples of size n drawn from the baseline's own
///   requests (both sides resampled from the baseline, so the true change is 0). It shrinks as
///   1/√n: h(m) = h(n) · √(n / m).
/// - **Between nights**: with K ≥ 2 baseline runs, the relative standard deviation s of the
///   statistic across those runs, less the part the within-night sampling explains
///   (s² = max(0, s_observed² − σ_w²), σ_w = h(n) / (z √2)). One new night differs from the baseline's mean by a predictive
///   spread z · s · √(1 + 1/K) (a prediction interval for one new observation); with one baseline
///   run this part is unknown and the plan says so.
///
/// The two add in quadrature: H(m) = √(h(m)² + (z · s · √(1 + 1/K))²). The smallest detectable change
/// at the baseline's size is H(n). A gate with threshold t is *well sized* when H ≤ t / 2: an
/// unchanged night then reads `ok` (its interval lies within ±t/2) and a change of 1.5 t reads
/// `regressed`. Requests needed: the m with h(m) = √((t/2)² − (z·s·√(1+1/K))²) by the 1/√n law,
/// m = n · (h(n) / that)², rounded up and capped at `maxPlannedRequests`; none when the between-night
/// part alone is ≥ t/2 (no request count can then resolve the threshold: widen it or run more nights
/// in the baseline). The figures are estimates: a bootstrap's width for a tail percentile varies by
/// ±30-40 % from one baseline sample to another, so size the night with some margin.
public struct GatePlanRow: Sendable, Equatable {
    public var model: String
    public var dataset: String?
    public var metric: String
    /// Requests per group in the baseline (the pooled sample's size per run).
    public var baselineRequests: Int
    /// Baseline runs the between-night variation came from.
    public var baselineRuns: Int
    /// The gate's threshold as a fraction (relative rules only).
    public var threshold: Double
    /// h(n): the within-night half-width at the baseline's size, as a fraction.
    public var withinNight: Double
    /// z · s · √(1 + 1/K), as a fraction; `nil` with one baseline run (unknown).
    public var betweenNights: Double?
    /// H(n): the smallest change the gate can tell from unchanged at this size, as a fraction.
    public var detectableChange: Double
    /// Requests per group for H ≤ t/2; `nil` when no count can (see `unreachable`).
    public var requestsNeeded: Int?
    /// True when night-to-night variation alone is ≥ t/2.
    public var unreachable: Bool
}

public enum GatePlan {
    /// The largest request count the plan computes; a gate that needs more is reported at this cap.
    public static let maxPlannedRequests = 20_000

    /// The plan for one relative gate rule over one group's baseline.
    ///
    /// - Parameters:
    ///   - samples: the per-request values of each baseline run (one array per run, ≥ 1 run).
    ///   - statistic: the statistic the rule gates (`p95`, `mean`, …).
    ///   - threshold: the rule's threshold as a positive fraction (0.15 for +15%).
    /// - Returns: `nil` when a run has no values, the statistic is 0, or the threshold is not > 0.
    public static func row(model: String, dataset: String?, metric: String, samples: [[Double]], statistic: Statistic,
                           threshold: Double, confidence: Double = 0.95, resamples: Int = 1000,
                           seed: UInt64 = 0x504C_414E) -> GatePlanRow? {
        guard threshold > 0, !samples.isEmpty, samples.allSatisfy({ !$0.isEmpty }) else { return nil }
        let pooled = samples.flatMap { $0 }
        let n = max(1, pooled.count / samples.count)
        guard let h = withinNightHalfWidth(pooled, size: n, statistic: statistic, confidence: confidence,
                                           resamples: resamples, seed: seed) else { return nil }
        let z = normalQuantile(1 - (1 - confidence) / 2)
        var between: Double?
        if samples.count >= 2 {
            let stats = samples.compactMap { statistic.of(sorted: $0.sorted()) }
            let mean = stats.reduce(0, +) / Double(stats.count)
            guard mean != 0 else { return nil }
            // The spread of the per-run statistic holds the within-night sampling noise too; take it out:
            // the half-width h = z · √2 · σ_w of a difference of two nights gives σ_w = h / (z √2).
            let observed = stats.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(stats.count - 1) / (mean * mean)
            let withinSd = h / (z * 2.0.squareRoot())
            let sdBetween = max(0, observed - withinSd * withinSd).squareRoot()
            between = z * sdBetween * (1 + 1 / Double(stats.count)).squareRoot()
        }
        let b = between ?? 0
        let detectable = (h * h + b * b).squareRoot()
        let target = threshold / 2
        var needed: Int?
        var unreachable = false
        if b >= target {
            unreachable = true
        } else {
            let within = (target * target - b * b).squareRoot()
            needed = min(maxPlannedRequests, max(1, Int((Double(n) * (h / within) * (h / within)).rounded(.up))))
        }
        return GatePlanRow(model: model, dataset: dataset, metric: metric, baselineRequests: n,
                           baselineRuns: samples.count, threshold: threshold, withinNight: h, betweenNights: between,
                           detectableChange: detectable, requestsNeeded: needed, unreachable: unreachable)
    }

    /// Half-width of the bootstrap interval of the relative change between two size-`size` samples
    /// drawn with replacement from `values` (true change 0), as a fraction.
    static func withinNightHalfWidth(_ values: [Double], size: Int, statistic: Statistic, confidence: Double,
                                     resamples: Int, seed: UInt64) -> Double? {
        var rng = SplitMix64(seed: seed)
        var changes: [Double] = []
        changes.reserveCapacity(resamples)
        var a = [Double](repeating: 0, count: size), b = a
        for _ in 0..<resamples {
            for i in 0..<size { a[i] = values[rng.nextInt(below: values.count)]; b[i] = values[rng.nextInt(below: values.count)] }
            a.sort(); b.sort()
            guard let x = statistic.of(sorted: a), let y = statistic.of(sorted: b), x != 0 else { continue }
            changes.append((y - x) / x)
        }
        guard changes.count >= resamples / 2 else { return nil }
        changes.sort()
        let alpha = 1 - confidence
        guard let lo = Percentile.linear(changes, alpha / 2), let hi = Percentile.linear(changes, 1 - alpha / 2) else { return nil }
        return (hi - lo) / 2
    }

    /// The standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9).
    static func normalQuantile(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                 -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                 -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q+c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q+1)
        }
        if p > 1 - low {
            let q = (-2 * log(1 - p)).squareRoot()
            return -(((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q+c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q+1)
        }
        let q = p - 0.5, r = q * q
        return (((((a[0]*r+a[1])*r+a[2])*r+a[3])*r+a[4])*r+a[5])*q / (((((b[0]*r+b[1])*r+b[2])*r+b[3])*r+b[4])*r+1)
    }
}
