import LLMBenchCore
/// A summary statistic of a per-request distribution; its raw value is the metric-name suffix.
public enum Statistic: String, Sendable, CaseIterable, Codable {
    /// Median: `Percentile.linear(values, 0.50)`.
    case p50
    /// `Percentile.linear(values, 0.90)`.
    case p90
    /// `Percentile.linear(values, 0.95)`.
    case p95
    /// `Percentile.linear(values, 0.99)`.
    case p99
    /// Arithmetic mean: Σ values / count.
    case mean
    case min
    case max
    /// Number of values (0 when none: a count, not a missing value).
    case count

    /// The quantile in [0, 1] for the percentile statistics, else `nil`.
    public var quantile: Double? {
        switch self {
        case .p50: return 0.50
        case .p90: return 0.90
        case .p95: return 0.95
        case .p99: return 0.99
        default: return nil
        }
    }

    /// This statistic of `values` in any order, reordering them in place: the same number as
    /// `of(sorted:)`, with percentiles found by selection rather than a sort (for the bootstrap).
    public func of(reordering values: inout [Double]) -> Double? {
        if self == .count { return Double(values.count) }
        guard !values.isEmpty else { return nil }
        switch self {
        case .mean: return values.reduce(0, +) / Double(values.count)
        case .min: return values.min()
        case .max: return values.max()
        default: return Percentile.linear(selecting: &values, quantile!)
        }
    }

    /// This statistic of `sorted` (ascending); `nil` when there are no values (except `count`, which is 0).
    public func of(sorted values: [Double]) -> Double? {
        if self == .count { return Double(values.count) }
        guard !values.isEmpty else { return nil }
        switch self {
        case .mean: return values.reduce(0, +) / Double(values.count)
        case .min: return values.first
        case .max: return values.last
        default: return Percentile.linear(values, quantile!)
        }
    }
}
