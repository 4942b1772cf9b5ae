/// How much a statistic varies from one night (run) to the next, beyond the sampling of requests,
/// estimated from K ≥ 2 baseline runs (issue 12: intervals that know nights differ).
///
/// With b₁…b_K the statistic of each baseline run, b̄ their mean and w̄ the mean within-run
/// variance of the statistic (the variance its bootstrap shows over that run's requests), the
/// between-night variance is σ² = max(0, S² − w̄), S² = Σ(bᵢ − b̄)² / (K − 1): the spread of the
/// runs less the part request sampling explains. One new night then differs from b̄ by a
/// predictive half-width q · σ · √(1 + 1/K), q = t_{K−1}(1 − α/2): the textbook prediction
/// interval for one new observation of a normal quantity whose variance is estimated from K
/// observations (Student t with K − 1 degrees of freedom, because σ is estimated from few runs;
/// with K = 7 it is 25 % wider than the normal quantile).
public struct NightToNight: Sendable, Equatable {
    /// K: the baseline runs the estimate came from.
    public var runs: Int
    /// b̄, in the statistic's unit.
    public var mean: Double
    /// σ, in the statistic's unit (≥ 0).
    public var standardDeviation: Double

    /// σ ÷ b̄ (`nil` when b̄ is 0).
    public var relativeStandardDeviation: Double? { mean == 0 ? nil : standardDeviation / abs(mean) }

    /// q · σ · √(1 + 1/K) in the statistic's unit: what one new night adds to a change's interval on
    /// each side at two-sided `confidence`.
    public func halfWidth(confidence: Double) -> Double {
        guard standardDeviation > 0, let q = Distributions.studentTQuantile(1 - (1 - confidence) / 2,
                                                                          degreesOfFreedom: Double(runs - 1)) else { return 0 }
        return q * standardDeviation * (1 + 1 / Double(runs)).squareRoot()
    }

    /// The estimate from each run's statistic and its within-run variance (same order); `nil` with
    /// fewer than two runs or mismatched inputs. Pass zeros as variances for a figure with no
    /// per-request values (a run total): all its spread is then counted as between nights.
    public static func estimate(statistics: [Double], withinVariances: [Double]) -> NightToNight? {
        let k = statistics.count
        guard k >= 2, withinVariances.count == k, statistics.allSatisfy(\.isFinite) else { return nil }
        let mean = statistics.reduce(0, +) / Double(k)
        let spread = statistics.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(k - 1)
        let within = withinVariances.reduce(0, +) / Double(k)
        return NightToNight(runs: k, mean: mean, standardDeviation: max(0, spread - within).squareRoot())
    }
}
