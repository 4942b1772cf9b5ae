import LLMBenchCore
import Quality

/// One metric, defined once: its name, label, units, direction, statistics, formula and computation.
///
/// AIPerf's shape (STYLE.md): every report, `compare --gate`, `--fail-on`, `--slo`, `llmbench metrics`
/// and the README table read these values through `MetricRegistry`; nothing else lists metrics.
/// Values are computed in `storedUnit` (base units: ns, tokens, pico-dollars) and converted to
/// `displayUnit` in one place, `MetricUnit.convert(_:from:to:)`, when a group is finished.
public struct Metric: Sendable {
    /// Base name (a distribution's reported names add `_<statistic>`), e.g. `ttft_ms`.
    public var name: String
    /// Human row label without unit or statistic, e.g. `TTFT`.
    public var label: String
    /// The unit values are computed in (base units).
    public var storedUnit: MetricUnit
    /// The unit reports, gates and thresholds use (the one the name carries).
    public var displayUnit: MetricUnit
    public var direction: MetricDirection
    public var family: MetricFamily
    public var scope: MetricScope
    public var shape: MetricShape
    /// The formula, as `llmbench metrics` and the README print it.
    public var formula: String
    /// When the metric is listed at all (e.g. goodput only for a run with `--slo`).
    public var condition: MetricCondition
    /// Reported names `llmbench compare` shows without a gate naming them (statistics of a
    /// distribution; for a scalar any non-empty list means its value).
    public var comparedByDefault: [Statistic]
    public var compute: MetricComputation

    public init(name: String, label: String, storedUnit: MetricUnit, displayUnit: MetricUnit? = nil,
                direction: MetricDirection, family: MetricFamily, scope: MetricScope = .group, shape: MetricShape,
                formula: String, condition: MetricCondition = .always, comparedByDefault: [Statistic] = [],
                compute: MetricComputation) {
        self.name = name; self.label = label; self.storedUnit = storedUnit; self.displayUnit = displayUnit ?? storedUnit
        self.direction = direction; self.family = family; self.scope = scope; self.shape = shape
        self.formula = formula; self.condition = condition; self.comparedByDefault = comparedByDefault; self.compute = compute
    }

    /// The reported names compared by default (see `comparedByDefault`).
    public var defaultComparisonNames: [String] {
        guard !comparedByDefault.isEmpty else { return [] }
        if case .scalar = shape { return [name] }
        return comparedByDefault.map { "\(name)_\($0.rawValue)" }
    }

    /// The statistics reported (empty for a scalar).
    public var statistics: [Statistic] {
        if case .distribution(let all, _) = shape { return all }
        return []
    }

    /// Every reported name with its definition, in order: the base name for a scalar,
    /// `<name>_<statistic>` for each statistic of a distribution.
    public var definitions: [MetricDefinition] {
        switch shape {
        case .scalar(let inSummary):
            return [MetricDefinition(name: name, label: label, unit: displayUnit, direction: direction,
                                     inSummary: inSummary, scope: scope, base: name)]
        case .distribution(let all, let summary):
            // A distribution reported by one statistic only (quality means) keeps its plain label.
            return all.map { s in
                MetricDefinition(name: "\(name)_\(s.rawValue)", label: all.count == 1 ? label : "\(label) \(s.rawValue)",
                                 unit: s == .count ? .count : displayUnit, direction: s == .count ? .neutral : direction,
                                 inSummary: summary.contains(s), scope: scope, base: name)
            }
        }
    }

    /// A stored-unit value in the display unit.
    public func display(_ stored: Double?) -> Double? {
        stored.map { MetricUnit.convert($0, from: storedUnit, to: displayUnit) }
    }
}

/// What a metric is about (the sections of `llmbench metrics` and the README table).
public enum MetricFamily: String, Sendable, CaseIterable, Codable {
    case latency, throughput, load, tokens, cost, quality, counts, conversations

    public var title: String {
        switch self {
        case .latency: return "Latency"
        case .throughput: return "Throughput"
        case .load: return "Load health and goodput"
        case .tokens: return "Tokens"
        case .cost: return "Cost"
        case .quality: return "Quality"
        case .counts: return "Counts and error rates"
        case .conversations: return "Conversations"
        }
    }
}

/// Which groups carry a value.
public enum MetricScope: String, Sendable, Codable {
    /// Every group: each model × dataset and each model's totals over every dataset.
    case group
    /// A model's totals only: a rate over that model's active window (a dataset's slice of a shared
    /// window is not a rate of its own). Per-dataset groups have no value.
    case model
}

/// When a metric is listed in a run's analysis.
public enum MetricCondition: String, Sendable {
    case always
    /// Only when the run was given `--slo`.
    case sloGiven
}

/// The attempts a per-attempt value is taken over (warmup never counts).
public enum AttemptPopulation: String, Sendable {
    /// Non-warmup attempts with `status == ok`.
    case succeeded
    /// Non-warmup attempts that were sent (`sentNs != nil`), any status.
    case sent

    /// Whether a non-warmup, non-`not_sent` attempt belongs to this population.
    public func admits(_ r: RequestRecord) -> Bool {
        switch self {
        case .succeeded: return r.status == .ok
        case .sent: return r.sentNs != nil
        }
    }
}

/// How a metric's value comes from the records.
public enum MetricComputation: Sendable {
    /// One value per attempt of `population`, in the stored unit; `nil` = the attempt has no value.
    case perAttempt(AttemptPopulation, @Sendable (RequestRecord) -> Double?)
    /// Several values per attempt of `population`, in the stored unit, pooled over the group's
    /// attempts (e.g. every gap between an attempt's token chunks): appended to the array given
    /// (a buffer reused from record to record, emptied before each call).
    case perAttemptEach(AttemptPopulation, @Sendable (RequestRecord, inout [Double]) -> Void)
    /// One value per logical request (every attempt sharing a `request_index`) that was sent.
    case perRequest(@Sendable (LogicalRequest) -> Double?)
    /// How many attempts of `population` satisfy the predicate (a count; 0 when none).
    case countOf(AttemptPopulation, @Sendable (RequestRecord) -> Bool)
    /// One number from the group's finished totals.
    case total(@Sendable (GroupTotals) -> Double?)
    /// The stored quality score of each scored response (`scores` table).
    case score(QualityMetricName)
    /// One value per conversation of a conversation dataset (every turn of one `conversation_index`
    /// of one model), from its folded turns; `nil` = the conversation has no value.
    case perConversation(@Sendable (ConversationSummary) -> Double?)
}

/// How a metric is summarised.
public enum MetricShape: Sendable, Equatable {
    /// A per-request distribution summarised by `statistics` (names `<name>_<statistic>`); `summary`
    /// are the ones in the Markdown summary (all are in CSV and JSON).
    case distribution(statistics: [Statistic], summary: [Statistic])
    /// One number per group.
    case scalar(inSummary: Bool)
}

extension MetricUnit {
    /// Nanoseconds (stored durations).
    public static let ns = MetricUnit(rawValue: "ns")
    /// Pico-dollars (stored money: one pico-dollar per token is one micro-dollar per million tokens).
    public static let picoUSD = MetricUnit(rawValue: "pUSD")
    /// Pico-dollars per token (stored prices), displayed as USD per million tokens.
    public static let picoUSDPerToken = MetricUnit(rawValue: "pUSD/token")

    /// The one place a stored value becomes a display value: ns → ms (÷ 1e6) or s (÷ 1e9),
    /// pico-dollars → USD (÷ 1e12), pico-dollars per token → USD per 1M tokens (÷ 1e6); any other
    /// pair is returned unchanged. Division (not multiplication by 1e-6) keeps whole values exact.
    public static func convert(_ v: Double, from: MetricUnit, to: MetricUnit) -> Double {
        switch (from, to) {
        case (.ns, .ms): return v / 1e6
        case (.ns, .seconds): return v / 1e9
        case (.picoUSD, .usd): return v / 1e12
        case (.picoUSDPerToken, .usd): return v / 1e6
        default: return v
        }
    }
}
