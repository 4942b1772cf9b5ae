/// Relative speed labels from a model's ratio to the fastest model of the table.
///
/// For a time (lower is faster, e.g. TTFO p50): `ratio = t / min(t)`; for a speed (higher is
/// faster, e.g. output tokens/s p50): `ratio = max(v) / v`. Either way ratio ≥ 1: ≤ 1.25 "Very Fast",
/// ≤ 2 "Fast", ≤ 4 "Moderate", above 4 "Slow". The bands mirror the cost labels' spirit (the
/// first band is "about as good as the best"), but are tighter because latency spreads less than price.
public enum RelativeSpeed: String, Sendable, CaseIterable {
    case veryFast = "Very Fast"
    case fast = "Fast"
    case moderate = "Moderate"
    case slow = "Slow"

    /// The label for `ratio` (latency / fastest latency).
    public init(ratio: Double) {
        switch ratio {
        case ...1.25: self = .veryFast
        case ...2: self = .fast
        case ...4: self = .moderate
        default: self = .slow
        }
    }

    /// A label per latency: its ratio to the smallest positive latency. `nil` entries stay `nil`;
    /// when no latency is positive every label is `nil`.
    public static func labels(_ latencies: [Double?]) -> [RelativeSpeed?] {
        guard let fastest = latencies.compactMap({ $0 }).filter({ $0 > 0 && $0.isFinite }).min() else {
            return latencies.map { _ in nil }
        }
        return latencies.map { v in v.map { RelativeSpeed(ratio: max($0, 0) / fastest) } }
    }

    /// A label per speed (higher is faster): the fastest speed's ratio to it. `nil` entries, and
    /// speeds that are not positive, get `nil`; when no speed is positive every label is `nil`.
    public static func labels(speeds: [Double?]) -> [RelativeSpeed?] {
        guard let fastest = speeds.compactMap({ $0 }).filter({ $0 > 0 && $0.isFinite }).max() else {
            return speeds.map { _ in nil }
        }
        return speeds.map { v in v.flatMap { $0 > 0 ? RelativeSpeed(ratio: fastest / $0) : nil } }
    }
}
