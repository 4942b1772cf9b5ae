/// Relative speed labels from the ratio of a model's median end-to-end latency to the fastest model's.
///
/// `ratio = e2e_ms_p50 / min(e2e_ms_p50 over the table's models)` (≥ 1): ≤ 1.25 "Very Fast",
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
}
