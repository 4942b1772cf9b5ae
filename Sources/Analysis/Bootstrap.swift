import LLMBenchCore
/// A closed interval [lower, upper].
public struct Interval: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public init(_ lower: Double, _ upper: Double) { self.lower = lower; self.upper = upper }
}

/// How a statistic changed from a baseline sample to a candidate sample, with bootstrap intervals.
public struct ChangeEstimate: Sendable, Equatable {
    /// The statistic of the whole baseline and candidate samples.
    public var baseline: Double
    public var candidate: Double
    /// candidate − baseline, in the metric's unit.
    public var absoluteChange: Double
    /// (candidate − baseline) / baseline; `nil` when the baseline is 0.
    public var relativeChange: Double?
    /// Interval of the absolute change at `confidence`.
    public var absoluteInterval: Interval
    /// Interval of the relative change; `nil` when some resampled baseline was 0.
    public var relativeInterval: Interval?
    /// Two-sided confidence level of the intervals, e.g. 0.95.
    public var confidence: Double
    public var resamples: Int
}

/// Percentile bootstrap of the change of a statistic between two independent samples.
///
/// Each of `resamples` rounds draws n_b values from the baseline and n_c from the candidate with
/// replacement (SplitMix64 from `seed`), computes the statistic of each (numpy-linear percentiles),
/// and records c* − b* and (c* − b*) / b*. The interval is the α/2 and 1 − α/2 quantiles
/// (`Percentile.linear`) of those changes, α = 1 − confidence (Efron & Tibshirani, ch. 13).
public enum Bootstrap {
    /// `nil` when either sample is empty or `confidence` is outside (0, 1).
    public static func change(baseline: [Double], candidate: [Double], statistic: Statistic,
                              confidence: Double = 0.95, resamples: Int = 2000, seed: UInt64 = 0x6C6C_6D62) -> ChangeEstimate? {
        let sortedB = baseline.sorted(), sortedC = candidate.sorted()
        guard !baseline.isEmpty, !candidate.isEmpty, confidence > 0, confidence < 1, resamples > 0,
              let b = statistic.of(sorted: sortedB), let c = statistic.of(sorted: sortedC) else { return nil }
        var rng = SplitMix64(seed: seed)
        var absolute: [Double] = []
        var relative: [Double] = []
        absolute.reserveCapacity(resamples)
        relative.reserveCapacity(resamples)
        var relativeDefined = true
        var bufB = [Double](repeating: 0, count: baseline.count > directLimit ? 0 : baseline.count)
        var bufC = [Double](repeating: 0, count: candidate.count > directLimit ? 0 : candidate.count)
        for _ in 0..<resamples {
            let bStar = resampled(baseline, sorted: sortedB, into: &bufB, statistic, &rng)
            let cStar = resampled(candidate, sorted: sortedC, into: &bufC, statistic, &rng)
            absolute.append(cStar - bStar)
            if bStar == 0 { relativeDefined = false } else { relative.append((cStar - bStar) / bStar) }
        }
        let alpha = 1 - confidence
        func interval(_ xs: [Double]) -> Interval {
            let s = xs.sorted()
            return Interval(Percentile.linear(s, alpha / 2)!, Percentile.linear(s, 1 - alpha / 2)!)
        }
        return ChangeEstimate(baseline: b, candidate: c, absoluteChange: c - b, relativeChange: b == 0 ? nil : (c - b) / b,
                              absoluteInterval: interval(absolute),
                              relativeInterval: relativeDefined ? interval(relative) : nil,
                              confidence: confidence, resamples: resamples)
    }

    /// Samples larger than this are resampled without materialising the resample: a percentile (and
    /// min, max) from its order statistics' distribution (`OrderStatisticResample`, the same
    /// distribution in O(1) instead of O(n) per resample), a mean by summing the drawn values as
    /// they are drawn (the same numbers). Up to it every resample is built value by value exactly as
    /// before, so small runs (every gate test, `GateCalibration`) give the same figures to the bit.
    public static let directLimit = 8_192

    /// The statistic of one resample of `xs` (`sorted` is `xs` ascending; `buf` holds `xs.count`
    /// values when `xs.count ≤ directLimit`, else it is unused).
    static func resampled(_ xs: [Double], sorted: [Double], into buf: inout [Double], _ statistic: Statistic,
                          _ rng: inout SplitMix64) -> Double {
        let n = xs.count
        guard n > directLimit else {
            for i in 0..<n { buf[i] = xs[rng.nextInt(below: n)] }
            return statistic.of(reordering: &buf)!
        }
        switch statistic {
        case .count: return Double(n)
        case .mean:
            var sum = 0.0
            for _ in 0..<n { sum += xs[rng.nextInt(below: n)] }
            return sum / Double(n)
        case .min: return OrderStatisticResample.percentile(sorted: sorted, 0, &rng)
        case .max: return OrderStatisticResample.percentile(sorted: sorted, 1, &rng)
        default: return OrderStatisticResample.percentile(sorted: sorted, statistic.quantile!, &rng)
        }
    }
}
