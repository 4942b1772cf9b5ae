import LLMBenchCore

/// How `llmbench trend` judges a run: the rolling median band of the runs before it.
///
/// For the i-th value xᵢ of a series (one model × one metric, values in run start order; runs
/// without a value are skipped and count for nothing):
/// - the window W is the up to `window` (k, default 7) values immediately before xᵢ; xᵢ itself is
///   never in its own window, so a slow run cannot widen the band it is judged by;
/// - with fewer than `minimumHistory` (3) values in W there is no band and xᵢ is not judged;
/// - m = median(W) (numpy's median: the mean of the two middle values for an even count),
///   MAD = median(|w − m| for w in W), s = 1.4826 · MAD (the robust estimate of a standard deviation:
///   equal to σ for normal data, and one outlier in W moves it little);
/// - the half-width is h = max(c · s, r · |m|), c = `spreadMultiplier` (default 3), r =
///   `minimumRelativeHalfWidth` (default 0.10): the floor keeps nearly identical runs from making a
///   band so narrow that any jitter is flagged; when m = 0 and MAD = 0 (say an error rate that was
///   always 0), h = 0 and any other value is flagged;
/// - the band is [m − h, m + h] in the metric's display unit, its lower end raised to 0 when every
///   value in W is ≥ 0 (a latency, a cost or a rate cannot fall below 0); xᵢ is flagged when it lies
///   strictly outside (`above` or `below`; on the edge is inside).
public struct TrendBandRule: Sendable, Equatable {
    /// k: how many previous values the band is made of.
    public var window: Int
    /// The fewest previous values a band is made of; fewer and the run is not judged.
    public var minimumHistory: Int
    /// c: the half-width in robust standard deviations.
    public var spreadMultiplier: Double
    /// r: the smallest half-width as a fraction of |median|.
    public var minimumRelativeHalfWidth: Double

    /// The scale that makes the MAD estimate σ of a normal distribution: 1 / Φ⁻¹(3/4).
    public static let madScale = 1.4826

    public static let defaultWindow = 7
    public static let defaultMinimumHistory = 3
    public static let defaultSpreadMultiplier = 3.0
    public static let defaultMinimumRelativeHalfWidth = 0.10

    public init(window: Int = TrendBandRule.defaultWindow, minimumHistory: Int = TrendBandRule.defaultMinimumHistory,
                spreadMultiplier: Double = TrendBandRule.defaultSpreadMultiplier,
                minimumRelativeHalfWidth: Double = TrendBandRule.defaultMinimumRelativeHalfWidth) {
        self.window = max(1, window)
        self.minimumHistory = max(1, min(minimumHistory, self.window))
        self.spreadMultiplier = spreadMultiplier
        self.minimumRelativeHalfWidth = minimumRelativeHalfWidth
    }

    /// The band made of `previous` (oldest first; only the last `window` are used); nil with fewer
    /// than `minimumHistory` values or a non-finite one.
    public func band(previous: [Double]) -> TrendBand? {
        let w = Array(previous.suffix(window))
        guard w.count >= minimumHistory, w.allSatisfy(\.isFinite),
              let m = Percentile.linear(w.sorted(), 0.5),
              let mad = Percentile.linear(w.map { abs($0 - m) }.sorted(), 0.5) else { return nil }
        let spread = Self.madScale * mad
        let half = max(spreadMultiplier * spread, minimumRelativeHalfWidth * abs(m))
        let lower = w.allSatisfy { $0 >= 0 } ? max(0, m - half) : m - half
        return TrendBand(runs: w.count, median: m, spread: spread, lower: lower, upper: m + half)
    }

    /// One sentence saying what the band is, for reports.
    public var description: String {
        "median of the previous \(window) runs ± max(\(Self.plain(spreadMultiplier)) × 1.4826 × MAD, "
            + "\(Self.plain(minimumRelativeHalfWidth * 100))% of the median); a run with fewer than \(minimumHistory) "
            + "runs before it is not judged"
    }

    private static func plain(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }
}

/// The band one value is judged by, in the metric's display unit.
public struct TrendBand: Sendable, Equatable {
    /// How many previous values made it (|W|).
    public var runs: Int
    /// m = median(W).
    public var median: Double
    /// s = 1.4826 · MAD.
    public var spread: Double
    /// m − h.
    public var lower: Double
    /// m + h.
    public var upper: Double

    public init(runs: Int, median: Double, spread: Double, lower: Double, upper: Double) {
        self.runs = runs; self.median = median; self.spread = spread; self.lower = lower; self.upper = upper
    }

    /// Where `value` lies: nil inside the band (edges included), else the side it left by.
    public func flag(_ value: Double) -> TrendFlag? {
        value > upper ? .above : value < lower ? .below : nil
    }
}

/// The side of its band a flagged value lies on.
public enum TrendFlag: String, Sendable, Codable {
    case above, below

    /// Whether this side is worse for a metric of `direction`; nil for a neutral metric.
    public func isWorse(_ direction: MetricDirection) -> Bool? {
        switch direction {
        case .lowerIsBetter: return self == .above
        case .higherIsBetter: return self == .below
        case .neutral: return nil
        }
    }
}
