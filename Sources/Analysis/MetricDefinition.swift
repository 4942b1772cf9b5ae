/// The unit a metric's value is in; its raw value is what reports print beside a row label.
///
/// A struct rather than an enum so the cost and quality work can add units (`usd`, `score`)
/// without a switch anywhere having to change: renderers format unknown units generically.
public struct MetricUnit: RawRepresentable, Hashable, Sendable, Codable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Milliseconds.
    public static let ms = MetricUnit(rawValue: "ms")
    /// Seconds.
    public static let seconds = MetricUnit(rawValue: "s")
    /// Tokens (a count that may be averaged).
    public static let tokens = MetricUnit(rawValue: "tokens")
    /// Tokens per second.
    public static let tokensPerSecond = MetricUnit(rawValue: "tokens/s")
    /// Requests per second.
    public static let requestsPerSecond = MetricUnit(rawValue: "req/s")
    /// A fraction in [0, 1].
    public static let ratio = MetricUnit(rawValue: "ratio")
    /// A whole number of things (requests, attempts, errors).
    public static let count = MetricUnit(rawValue: "count")
    /// US dollars (for the cost rows).
    public static let usd = MetricUnit(rawValue: "USD")
    /// A quality score on the scale its metric defines (for the quality rows).
    public static let score = MetricUnit(rawValue: "score")
}

/// Which way of a change is good, so comparisons can say "regressed" or "improved".
public enum MetricDirection: String, Sendable, Codable {
    case lowerIsBetter = "lower"
    case higherIsBetter = "higher"
    /// Neither way is better (request counts, token means).
    case neutral
}

/// One reported name of a `Metric` (a scalar, or one statistic of a distribution): the name used
/// in JSON keys, CSV headers, gates and SLOs. Built by `Metric.definitions`; renderers read these.
public struct MetricDefinition: Sendable, Equatable {
    /// Base name + unit + statistic suffix, e.g. `ttft_ms_p95`.
    public var name: String
    /// A human row label without the unit, e.g. `TTFT p95`.
    public var label: String
    public var unit: MetricUnit
    public var direction: MetricDirection
    /// Shown in the Markdown summary table (every metric is in CSV and JSON).
    public var inSummary: Bool
    /// `.model` for figures that only model totals carry (rates over a model's active window).
    public var scope: MetricScope
    /// The registry metric this name reports (`ttft_ms` for `ttft_ms_p95`); the name itself for extras.
    public var base: String

    public init(name: String, label: String, unit: MetricUnit, direction: MetricDirection, inSummary: Bool,
                scope: MetricScope = .group, base: String? = nil) {
        self.name = name; self.label = label; self.unit = unit; self.direction = direction; self.inSummary = inSummary
        self.scope = scope; self.base = base ?? name
    }
}

/// One metric's value for one group; `nil` means "no value" (the metric does not apply), never 0.
public struct MetricValue: Sendable, Equatable {
    public var name: String
    public var unit: MetricUnit
    public var value: Double?
    public init(name: String, unit: MetricUnit, value: Double?) {
        self.name = name; self.unit = unit; self.value = value
    }
}
