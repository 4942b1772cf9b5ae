import LLMBenchCore

/// The change from a baseline of one or several runs to one candidate run, with an interval that
/// covers both the sampling of requests and, with K ≥ 2 baseline runs, night-to-night variation.
public struct NightlyChange: Sendable, Equatable {
    /// Intervals of the whole uncertainty (requests ⊕ nights); `baseline` is the mean of the
    /// baseline runs' statistics.
    public var estimate: ChangeEstimate
    /// The request-sampling intervals alone (the same as `estimate` with one baseline run).
    public var requestsOnly: ChangeEstimate
    /// The between-night estimate; `nil` with one baseline run (then unknown and not covered).
    public var nights: NightToNight?
    /// q · σ · √(1 + 1/K) ÷ b̄: the relative half-width the nights add (0 with one run).
    public var nightsRelativeHalfWidth: Double
}

/// Method (issue 12): a two-level percentile bootstrap plus a predictive night-to-night term.
///
/// 1. Requests. Each of `resamples` rounds resamples every baseline run's requests with
///    replacement (within its own run, so a run's level stays its own), takes the statistic of each
///    run and their mean b̄*, resamples the candidate's requests for c*, and records c* − b̄* and
///    (c* − b̄*) / b̄*. The α/2 and 1 − α/2 quantiles give the request-sampling interval. The same
///    rounds give each baseline run's within-run variance of the statistic.
/// 2. Nights. The candidate is one night: its level differs from the baseline's mean by the
///    between-night spread (`NightToNight`, a Student-t prediction half-width B from the baseline
///    runs' spread less their within-run variance). B is added in quadrature to each side of the
///    request interval: lower = d − √((d − l)² + B²), upper = d + √((u − d)² + B²), d the point
///    change (B ÷ b̄ on the relative scale). The two parts are independent (sampling within a night
///    vs the night's level), so their variances add.
///
/// Why not a two-level bootstrap that also resamples runs: with K = 7 runs the resampled spread
/// of runs underestimates σ (a bootstrap of 7 values is too narrow by about √(6/7) and has no
/// small-sample correction); the t-based prediction term is exact for normal night levels.
/// With one baseline run this is `Bootstrap.change` exactly, and night-to-night variation is not
/// accounted for (callers say so).
public enum NightlyBootstrap {
    public static func change(baselineRuns: [[Double]], candidate: [Double], statistic: Statistic,
                              confidence: Double = 0.95, resamples: Int = 2000, seed: UInt64 = 0x6C6C_6D62) -> NightlyChange? {
        let runs = baselineRuns.filter { !$0.isEmpty }
        guard !runs.isEmpty else { return nil }
        if runs.count == 1 {
            guard let e = Bootstrap.change(baseline: runs[0], candidate: candidate, statistic: statistic,
                                           confidence: confidence, resamples: resamples, seed: seed) else { return nil }
            return NightlyChange(estimate: e, requestsOnly: e, nights: nil, nightsRelativeHalfWidth: 0)
        }
        guard !candidate.isEmpty, confidence > 0, confidence < 1, resamples > 1,
              let c = statistic.of(sorted: candidate.sorted()) else { return nil }
        let sortedRuns = runs.map { $0.sorted() }, sortedC = candidate.sorted()
        let perRun = sortedRuns.compactMap { statistic.of(sorted: $0) }
        guard perRun.count == runs.count else { return nil }
        let k = Double(runs.count)
        let b = perRun.reduce(0, +) / k
        var rng = SplitMix64(seed: seed)
        var absolute: [Double] = [], relative: [Double] = []
        absolute.reserveCapacity(resamples); relative.reserveCapacity(resamples)
        var relativeDefined = true
        var buffers = runs.map { [Double](repeating: 0, count: $0.count > Bootstrap.directLimit ? 0 : $0.count) }
        var bufC = [Double](repeating: 0, count: candidate.count > Bootstrap.directLimit ? 0 : candidate.count)
        var sums = [Double](repeating: 0, count: runs.count), squares = sums
        for _ in 0..<resamples {
            var total = 0.0
            for i in runs.indices {
                let s = Bootstrap.resampled(runs[i], sorted: sortedRuns[i], into: &buffers[i], statistic, &rng)
                total += s; sums[i] += s; squares[i] += s * s
            }
            let bStar = total / k
            let cStar = Bootstrap.resampled(candidate, sorted: sortedC, into: &bufC, statistic, &rng)
            absolute.append(cStar - bStar)
            if bStar == 0 { relativeDefined = false } else { relative.append((cStar - bStar) / bStar) }
        }
        let r = Double(resamples)
        let within = runs.indices.map { i in max(0, (squares[i] - sums[i] * sums[i] / r) / (r - 1)) }
        let alpha = 1 - confidence
        func interval(_ xs: [Double]) -> Interval {
            let s = xs.sorted()
            return Interval(Percentile.linear(s, alpha / 2)!, Percentile.linear(s, 1 - alpha / 2)!)
        }
        let requests = ChangeEstimate(baseline: b, candidate: c, absoluteChange: c - b,
                                      relativeChange: b == 0 ? nil : (c - b) / b, absoluteInterval: interval(absolute),
                                      relativeInterval: relativeDefined ? interval(relative) : nil,
                                      confidence: confidence, resamples: resamples)
        let nights = NightToNight.estimate(statistics: perRun, withinVariances: within)
        let half = nights?.halfWidth(confidence: confidence) ?? 0
        var whole = requests
        whole.absoluteInterval = widened(requests.absoluteInterval, point: c - b, by: half)
        if let rel = requests.relativeInterval, let d = requests.relativeChange {
            whole.relativeInterval = widened(rel, point: d, by: half / abs(b))
        }
        return NightlyChange(estimate: whole, requestsOnly: requests, nights: nights,
                             nightsRelativeHalfWidth: b == 0 ? 0 : half / abs(b))
    }

    /// The point change ± the nights' half-width, for a figure with one value per run (a run total):
    /// all of the runs' spread counts as between nights. `nil` with fewer than two baseline values.
    public static func pointChange(baselineValues: [Double], candidate: Double, confidence: Double) -> NightlyChange? {
        guard baselineValues.count >= 2,
              let nights = NightToNight.estimate(statistics: baselineValues,
                                                 withinVariances: [Double](repeating: 0, count: baselineValues.count))
        else { return nil }
        let b = nights.mean, d = candidate - b, half = nights.halfWidth(confidence: confidence)
        let requests = ChangeEstimate(baseline: b, candidate: candidate, absoluteChange: d,
                                      relativeChange: b == 0 ? nil : d / b, absoluteInterval: Interval(d, d),
                                      relativeInterval: b == 0 ? nil : Interval(d / b, d / b), confidence: confidence,
                                      resamples: 0)
        var whole = requests
        whole.absoluteInterval = Interval(d - half, d + half)
        if b != 0 { whole.relativeInterval = Interval((d - half) / b, (d + half) / b) }
        return NightlyChange(estimate: whole, requestsOnly: requests, nights: nights,
                             nightsRelativeHalfWidth: b == 0 ? 0 : half / abs(b))
    }

    static func widened(_ i: Interval, point d: Double, by half: Double) -> Interval {
        guard half > 0 else { return i }
        let lower = d - ((d - i.lower) * (d - i.lower) + half * half).squareRoot()
        let upper = d + ((i.upper - d) * (i.upper - d) + half * half).squareRoot()
        return Interval(lower, upper)
    }
}
