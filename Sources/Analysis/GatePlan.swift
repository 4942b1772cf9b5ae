import Foundation
import LLMBenchCore

/// What a gate can detect at a baseline's size and variation, before the night (issue 12,
/// `compare --plan`): per gated metric and group, the smallest change the gate catches and the
/// requests per group it needs to catch the change asked for.
///
/// Method, matching the interval `compare` reads (`NightlyBootstrap`), all on the relative scale:
///
/// - **Within a night** (sampling of requests): h(n), the half-width of the percentile-bootstrap
///   interval of the change between two independent samples of size n drawn from the baseline's own
///   requests (true change 0). It shrinks as 1/√n: h(m) = h(n) · √(n / m); its standard deviation
///   is σ_w(m) = h(m) / z, z = Φ⁻¹(1 − α/2).
/// - **Between nights**: with K ≥ 2 baseline runs, `NightToNight` gives σ (the runs' spread less the
///   part request sampling explains) and the predictive half-width B = t_{K−1}(1 − α/2) · σ · √(1 + 1/K),
///   as a fraction of the baseline. With one baseline run it is unknown and the plan says so.
///
/// A night slowed by Δ scales the candidate's spread by 1 + Δ, so its interval's half-width at m
/// requests is H(m, Δ) = √(((1 + Δ) · h(m))² + B̂²) and its point change spreads with
/// σ(m, Δ) = (1 + Δ) · √(σ_w(m)² + σ²(1 + 1/K)). The gate (threshold t) reads `regressed` when the
/// interval's lower end passes t, which happens with probability Φ((Δ − t − H) / σ). B̂ is itself
/// estimated each night from K runs: B̂ = B · √(χ²_{K−1} / (K − 1)), so the plan averages that
/// probability over 32 quantiles of the chi-square distribution (Wilson–Hilferty), and a night
/// *catches* Δ when the average is ≥ 90 %. σ itself is the baseline's estimate divided by
/// c₄(K) = √(2/(K−1)) · Γ(K/2) / Γ((K−1)/2) (0.959 for K = 7), the usual correction that makes a
/// standard deviation from K values unbiased. (Averaging over the plan's own uncertainty in σ as
/// well was tried and is far too conservative: it called +30% unreachable where 90 % of simulated
/// nights caught it.) The plan prints:
///
/// - the **detectable change** at the baseline's size: the smallest such Δ at m = n (bisection);
/// - the **requests per group needed** to catch the target change (`--detect`, by default 2 t: a
///   change as far beyond the threshold as the threshold is from zero) in 90 % of nights: the
///   smallest such m, by bisection, capped at `maxPlannedRequests`;
/// - **none can** when even m → ∞ (h → 0) does not catch the target: night-to-night variation alone
///   prevents it; and then the **smallest threshold** the baseline can size for a target of twice
///   the threshold (bisection on t with m → ∞).
///
/// The figures are estimates: a bootstrap's width for a tail percentile varies by ±30-40 % from one
/// baseline sample to another, and σ from 7 runs by about ±30 %, so size the night with a margin.
public struct GatePlanRow: Sendable, Equatable {
    public var model: String
    public var dataset: String?
    public var metric: String
    /// Requests per group in the baseline (the mean run's size).
    public var baselineRequests: Int
    /// Baseline runs the between-night variation came from.
    public var baselineRuns: Int
    /// The gate's threshold t as a fraction (relative rules only).
    public var threshold: Double
    /// The change the night should catch in 90 % of nights, as a fraction (default 2 t).
    public var target: Double
    /// h(n): the within-night half-width at the baseline's size, as a fraction.
    public var withinNight: Double
    /// B = t_{K−1} · σ · √(1 + 1/K), as a fraction; `nil` with one baseline run (unknown).
    public var betweenNights: Double?
    /// The smallest change caught in 90 % of nights at the baseline's size (`.infinity` above 1000 %).
    public var detectableChange: Double
    /// Requests per group to catch `target` in 90 % of nights; `nil` when no count can.
    public var requestsNeeded: Int?
    /// True when night-to-night variation alone keeps `target` from being caught.
    public var unreachable: Bool
    /// The smallest threshold this baseline can size for a target of twice the threshold; `nil` with
    /// one baseline run, `.infinity` above 1000 %.
    public var smallestThreshold: Double?
}

public enum GatePlan {
    /// The largest request count the plan computes; a gate that needs more is reported at this cap.
    public static let maxPlannedRequests = 20_000
    /// The share of nights the plan sizes a gate to catch its target change in.
    public static let power = 0.9

    /// The plan for one relative gate rule over one group's baseline.
    ///
    /// - Parameters:
    ///   - samples: the per-request values of each baseline run (one array per run, ≥ 1 run).
    ///   - statistic: the statistic the rule gates (`p95`, `mean`, …).
    ///   - threshold: the rule's threshold as a positive fraction (0.15 for +15%).
    ///   - target: the change to catch, as a positive fraction (`nil`: twice the threshold).
    /// - Returns: `nil` when a run has no values, the statistic is 0, or the threshold is not > 0.
    public static func row(model: String, dataset: String?, metric: String, samples: [[Double]], statistic: Statistic,
                           threshold: Double, target: Double? = nil, confidence: Double = 0.95, resamples: Int = 1000,
                           seed: UInt64 = 0x504C_414E) -> GatePlanRow? {
        guard threshold > 0, !samples.isEmpty, samples.allSatisfy({ !$0.isEmpty }) else { return nil }
        let target = target ?? 2 * threshold
        guard target > 0 else { return nil }
        let pooled = samples.flatMap { $0 }
        let n = max(1, pooled.count / samples.count)
        guard let h = withinNightHalfWidth(pooled, size: n, statistic: statistic, confidence: confidence,
                                           resamples: resamples, seed: seed) else { return nil }
        let z = Distributions.normalQuantile(1 - (1 - confidence) / 2)
        var between: Double?
        var sigmaNights = 0.0    // σ · √(1 + 1/K), relative
        if samples.count >= 2 {
            let stats = samples.compactMap { statistic.of(sorted: $0.sorted()) }
            // The within-night variance of one run's statistic: a difference of two nights has
            // half-width h = z · √2 · σ_w, so σ_w = h / (z √2) (relative), scaled to each run's level.
            let withinSd = h / (z * 2.0.squareRoot())
            guard stats.count == samples.count,
                  let nights = NightToNight.estimate(statistics: stats,
                                                     withinVariances: stats.map { ($0 * withinSd) * ($0 * withinSd) }),
                  nights.mean != 0 else { return nil }
            let kk = Double(nights.runs)
            let c4 = (2 / (kk - 1)).squareRoot() * exp(lgamma(kk / 2) - lgamma((kk - 1) / 2))
            between = nights.halfWidth(confidence: confidence) / abs(nights.mean) / c4
            sigmaNights = (nights.relativeStandardDeviation ?? 0) / c4 * (1 + 1 / kk).squareRoot()
        }
        let b = between ?? 0
        // How B̂ scales from night to night: √(χ²_{K−1}(p) / (K − 1)) at 32 mid-quantiles p.
        let k = Double(samples.count - 1)
        let scales: [Double] = samples.count < 2 ? [0]
            : (0..<32).map { j in (Distributions.chiSquareQuantile((Double(j) + 0.5) / 32, degreesOfFreedom: k) / k).squareRoot() }
        // Whether a night of m requests per group (∞: no request sampling) catches Δ past threshold t
        // in `power` of nights.
        func catches(_ m: Double, _ delta: Double, _ t: Double) -> Bool {
            let hm = m.isInfinite ? 0 : h * (Double(n) / m).squareRoot()
            let sigma = (1 + delta) * ((hm / z) * (hm / z) + sigmaNights * sigmaNights).squareRoot()
            var total = 0.0
            for r in scales {
                let half = (((1 + delta) * hm) * ((1 + delta) * hm) + (b * r) * (b * r)).squareRoot()
                total += sigma > 0 ? Distributions.normalCDF((delta - t - half) / sigma) : (t + half < delta ? 1 : 0)
            }
            return total / Double(scales.count) >= power
        }
        /// The smallest x in (0, 10] with `ok(x)` (monotone), or `.infinity`.
        func smallest(_ ok: (Double) -> Bool) -> Double {
            guard ok(10) else { return .infinity }
            var lo = 0.0, hi = 10.0
            for _ in 0..<60 { let mid = (lo + hi) / 2; if ok(mid) { hi = mid } else { lo = mid } }
            return hi
        }
        var needed: Int?
        let unreachable = !catches(.infinity, target, threshold)
        if !unreachable {
            var lo = 1.0, hi = Double(maxPlannedRequests)
            if !catches(hi, target, threshold) { needed = maxPlannedRequests } else {
                while hi - lo > 0.5 {
                    let mid = (lo + hi) / 2
                    if catches(mid, target, threshold) { hi = mid } else { lo = mid }
                }
                needed = max(1, Int(hi.rounded(.up)))
            }
        }
        let detectable = smallest { catches(Double(n), $0, threshold) }
        let floor = between.map { _ in smallest { t in catches(.infinity, 2 * t, t) } }
        return GatePlanRow(model: model, dataset: dataset, metric: metric, baselineRequests: n,
                           baselineRuns: samples.count, threshold: threshold, target: target, withinNight: h,
                           betweenNights: between, detectableChange: detectable, requestsNeeded: needed,
                           unreachable: unreachable, smallestThreshold: floor)
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
            guard let x = statistic.of(reordering: &a), let y = statistic.of(reordering: &b), x != 0 else { continue }
            changes.append((y - x) / x)
        }
        guard changes.count >= resamples / 2 else { return nil }
        changes.sort()
        let alpha = 1 - confidence
        guard let lo = Percentile.linear(changes, alpha / 2), let hi = Percentile.linear(changes, 1 - alpha / 2) else { return nil }
        return (hi - lo) / 2
    }
}
