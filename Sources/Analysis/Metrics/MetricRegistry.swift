import LLMBenchCore
import Quality

/// The one list of metrics. Reports, `compare --gate`, `--fail-on`, `--slo`, `llmbench metrics` and
/// the README table all read it; adding a metric is one `Metric` value here plus its test.
public enum MetricRegistry {
    /// Every metric, in report row order.
    public static let all: [Metric] = {
        var out: [Metric] = [
            .requests, .planned, .notSentCount, .notSentRate, .shareOfRequests, .attempts, .retries, .succeeded,
            .errors, .cancelled, .warmup, .errorRate, .attemptErrorRate, .attemptsPerRequest,
            .ttft, .ttfo, .thinking, .ttfb, .itl, .chunkGap, .e2e, .requestOutputTokensPerS, .inputTokens, .outputTokens,
            .answerTokens, .reasoningTokens, .cachedInputTokens, .cacheHitRatio, .dispatchLag, .ttftFromIntended, .ttfbFromIntended, .e2eFromIntended,
            .e2eInclRetries, .ttftInclRetries,
            .activeDuration, .outputTokensPerS, .requestsPerS,
        ]
        out += ErrorKind.allCases.map(Metric.errors)
        out += CountMetricNames.tokenSources.map(Metric.tokensSource)
        out += [.tokensSourceNone, .tokensSourceInvalid, .answerTokensEstimated]
        out += [.requestedRate, .achievedRate, .goodput, .sloMetFraction]
        out += [.costPerRequestMean, .costPerRequestP95, .costPer1kRequests, .costTotal, .reasoningCostPerRequest,
                .reasoningCostTotal, .reasoningCostShare, .cacheSavingsTotal, .cacheSavingsPerRequest,
                .paidPerMInput, .paidPerMOutput,
                .blendedPrice, .requestsPriced, .requestsPricedFromEstimates, .requestsUnpriced, .contextWindow]
        out += QualityMetricName.allCases.map(Metric.quality)
        out.append(.scoredRequests)
        out += Metric.conversationFamily
        return out
    }()

    /// Every reported name (each statistic of a distribution), in order.
    public static let definitions: [MetricDefinition] = {
        let defs = all.flatMap(\.definitions)
        precondition(Set(defs.map(\.name)).count == defs.count, "metric names must be unique")
        return defs
    }()

    /// Every reported name, in order: what `--gate` and `--fail-on` accept.
    public static let names: [String] = definitions.map(\.name)

    /// The reported names a run lists: conditional metrics (goodput) only when they apply.
    public static func definitions(sloGiven: Bool) -> [MetricDefinition] {
        all.filter { $0.condition == .always || sloGiven }.flatMap(\.definitions)
    }

    /// The metric with base name `name`.
    public static func metric(named name: String) -> Metric? { byName[name].map { all[$0] } }

    /// The reported name's definition (`ttft_ms_p95`), or `nil`.
    public static func definition(named name: String) -> MetricDefinition? { byReported[name].map { definitions[$0] } }

    /// The metric a reported name belongs to (`ttft_ms` for `ttft_ms_p95`).
    public static func metric(reporting name: String) -> Metric? { definition(named: name).flatMap { metric(named: $0.base) } }

    private static let byName: [String: Int] = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.name, $0) })
    private static let byReported: [String: Int] = Dictionary(uniqueKeysWithValues: definitions.enumerated().map { ($1.name, $0) })
}

/// The reported names, as earlier code and tests call them: a view of `MetricRegistry`.
public enum MetricCatalog {
    public static var all: [MetricDefinition] { MetricRegistry.definitions }
    public static func definition(named name: String) -> MetricDefinition? { MetricRegistry.definition(named: name) }
    public static var names: [String] { MetricRegistry.names }
}

/// A typed handle on a distribution metric of the registry (`.ttftMs`), for code and tests that
/// name one; every fact about it comes from its `Metric`.
public struct DistributionMetric: RawRepresentable, Hashable, Sendable {
    public var rawValue: String
    /// Only names of registry distributions.
    public init?(rawValue: String) {
        guard let m = MetricRegistry.metric(named: rawValue), case .distribution = m.shape else { return nil }
        self.rawValue = rawValue
    }
    private init(_ name: String) { rawValue = name }

    public var metric: Metric { MetricRegistry.metric(named: rawValue)! }
    public var unit: MetricUnit { metric.displayUnit }
    public var direction: MetricDirection { metric.direction }
    public var label: String { metric.label }
    public var summaryStatistics: [Statistic] {
        if case .distribution(_, let s) = metric.shape { return s }
        return []
    }
    /// `<base>_<statistic>`, e.g. `ttft_ms_p95`.
    public func name(_ statistic: Statistic) -> String { "\(rawValue)_\(statistic.rawValue)" }

    /// Every distribution of the registry.
    public static var allCases: [DistributionMetric] {
        MetricRegistry.all.filter { if case .distribution = $0.shape { return true } else { return false } }.map { DistributionMetric($0.name) }
    }

    public static let ttftMs = DistributionMetric(Metric.ttft.name)
    public static let ttfoMs = DistributionMetric(Metric.ttfo.name)
    public static let thinkingMs = DistributionMetric(Metric.thinking.name)
    public static let ttfbMs = DistributionMetric(Metric.ttfb.name)
    public static let itlMs = DistributionMetric(Metric.itl.name)
    public static let e2eMs = DistributionMetric(Metric.e2e.name)
    public static let requestOutputTokensPerS = DistributionMetric(Metric.requestOutputTokensPerS.name)
    public static let inputTokens = DistributionMetric(Metric.inputTokens.name)
    public static let outputTokens = DistributionMetric(Metric.outputTokens.name)
    public static let dispatchLagMs = DistributionMetric(Metric.dispatchLag.name)
    public static let ttftFromIntendedMs = DistributionMetric(Metric.ttftFromIntended.name)
    public static let ttfbFromIntendedMs = DistributionMetric(Metric.ttfbFromIntended.name)
    public static let e2eFromIntendedMs = DistributionMetric(Metric.e2eFromIntended.name)
    public static let e2eInclRetriesMs = DistributionMetric(Metric.e2eInclRetries.name)
    public static let ttftInclRetriesMs = DistributionMetric(Metric.ttftInclRetries.name)
    public static let attemptsPerRequest = DistributionMetric(Metric.attemptsPerRequest.name)
}

/// A typed handle on a scalar metric of the registry (`.errorRate`).
public struct ScalarMetric: RawRepresentable, Hashable, Sendable {
    public var rawValue: String
    public init?(rawValue: String) {
        guard let m = MetricRegistry.metric(named: rawValue), case .scalar = m.shape else { return nil }
        self.rawValue = rawValue
    }
    private init(_ name: String) { rawValue = name }

    public var metric: Metric { MetricRegistry.metric(named: rawValue)! }
    public var unit: MetricUnit { metric.displayUnit }
    public var direction: MetricDirection { metric.direction }
    public var label: String { metric.label }

    public static var allCases: [ScalarMetric] {
        MetricRegistry.all.filter { if case .scalar = $0.shape { return true } else { return false } }.map { ScalarMetric($0.name) }
    }

    public static let requests = ScalarMetric(Metric.requests.name)
    public static let planned = ScalarMetric(Metric.planned.name)
    public static let notSentCount = ScalarMetric(Metric.notSentCount.name)
    public static let notSentRate = ScalarMetric(Metric.notSentRate.name)
    public static let shareOfRequests = ScalarMetric(Metric.shareOfRequests.name)
    public static let attempts = ScalarMetric(Metric.attempts.name)
    public static let retries = ScalarMetric(Metric.retries.name)
    public static let succeeded = ScalarMetric(Metric.succeeded.name)
    public static let errors = ScalarMetric(Metric.errors.name)
    public static let cancelled = ScalarMetric(Metric.cancelled.name)
    public static let warmup = ScalarMetric(Metric.warmup.name)
    public static let errorRate = ScalarMetric(Metric.errorRate.name)
    public static let attemptErrorRate = ScalarMetric(Metric.attemptErrorRate.name)
    public static let activeDurationS = ScalarMetric(Metric.activeDuration.name)
    public static let outputTokensPerS = ScalarMetric(Metric.outputTokensPerS.name)
    public static let requestsPerS = ScalarMetric(Metric.requestsPerS.name)
}

extension DistributionMetric {
    /// This metric's value for one attempt in its display unit (ms, tokens, tokens/s), by the
    /// formula of its `Metric`; `nil` when a timestamp or the usage it reads is missing, or when it
    /// is not a per-attempt metric. Status and warmup are not checked here: callers filter.
    public func perRequestValue(_ r: RequestRecord) -> Double? {
        let m = metric
        guard case .perAttempt(_, let f) = m.compute else { return nil }
        return m.display(f(r))
    }
}

extension MetricDefinition {
    /// Whether this is a conversation dataset's figure (family `conversations`), which reports show
    /// only for a run with conversations.
    public var isConversationFigure: Bool { MetricRegistry.metric(named: base)?.family == .conversations }
}
