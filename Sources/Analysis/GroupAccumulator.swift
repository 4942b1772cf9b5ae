import LLMBenchCore
import Pricing

/// Running totals and per-request values for one group; keeps a few numbers per request, never the records.
///
/// Filtering rules (README "Which attempts count"): warmup records are only counted as `warmup`;
/// `not_sent` records only count as planned and not sent; every other metric takes the attempts its
/// `AttemptPopulation` names, or the logical requests (every attempt of a `request_index`).
struct GroupAccumulator: Sendable {
    private var totals = GroupTotals()
    /// Per-attempt and per-request values by base name, in stored units; `error_rate` holds 1/0 per
    /// request, `attempt_error_rate` 1/0 per attempt.
    private var samples: [String: [Double]] = [:]
    /// Keyed by dataset and index: the index is unique in a run, the dataset keeps hand-built records apart.
    private var logical: [LogicalKey: LogicalRequest] = [:]
    private var cost = CostAccumulator()
    private var scored: Set<AttemptKey> = []
    /// Counts of the `countOf` metrics, by name.
    private var counts: [String: Int] = [:]
    private var failureMessages = FailureMessageCounter()
    /// Conversation datasets: each conversation's turns, folded (a few numbers per conversation).
    private var conversations: [LogicalKey: ConversationSummary] = [:]

    /// The registry's per-attempt metrics, looked up once.
    private static let perAttempt: [(name: String, population: AttemptPopulation, value: @Sendable (RequestRecord) -> Double?)] =
        MetricRegistry.all.compactMap { m in
            if case .perAttempt(let p, let f) = m.compute { return (m.name, p, f) }
            return nil
        }
    private static let perAttemptEach: [(name: String, population: AttemptPopulation, values: @Sendable (RequestRecord) -> [Double])] =
        MetricRegistry.all.compactMap { m in
            if case .perAttemptEach(let p, let f) = m.compute { return (m.name, p, f) }
            return nil
        }
    private static let counted: [(name: String, population: AttemptPopulation, test: @Sendable (RequestRecord) -> Bool)] =
        MetricRegistry.all.compactMap { m in
            if case .countOf(let p, let f) = m.compute { return (m.name, p, f) }
            return nil
        }
    private static let perRequest: [(name: String, value: @Sendable (LogicalRequest) -> Double?)] =
        MetricRegistry.all.compactMap { m in
            if case .perRequest(let f) = m.compute { return (m.name, f) }
            return nil
        }
    private static let perConversation: [(name: String, value: @Sendable (ConversationSummary) -> Double?)] =
        MetricRegistry.all.compactMap { m in
            if case .perConversation(let f) = m.compute { return (m.name, f) }
            return nil
        }

    /// Logical requests sent so far.
    var requests: Int { totals.requests }

    mutating func add(_ r: RequestRecord, slo: SLOSet?, price: (entry: PriceEntry?, pricing: CostPricing)?) {
        failureMessages.add(r)
        if r.warmup { totals.warmup += 1; return }
        if r.attempt == 0 { totals.planned += 1 }
        if let c = r.conversationTurn {
            conversations[LogicalKey(dataset: r.dataset, index: c.conversation), default: ConversationSummary()]
                .add(r, cost: Self.cost(of: r, price: price))
        }
        guard r.status != .notSent else {
            if r.attempt == 0 { totals.notSent += 1 }
            return
        }
        totals.attempts += 1
        if r.attempt == 0 { totals.requests += 1 } else { totals.retries += 1 }
        switch r.status {
        case .ok: totals.succeeded += 1
        case .error: totals.errors += 1
        case .cancelled: totals.cancelled += 1
        case .notSent: break
        }
        if r.status != .ok, let kind = r.errorKind { totals.failuresByKind[kind, default: 0] += 1 }
        append(Metric.attemptErrorRate.name, r.status == .error ? 1 : 0)
        logical[LogicalKey(dataset: r.dataset, index: r.requestIndex), default: LogicalRequest(requestIndex: r.requestIndex)].add(r)
        if let sent = r.sentNs { totals.firstSentNs = min(totals.firstSentNs ?? sent, sent) }
        if let done = r.doneNs { totals.lastDoneNs = max(totals.lastDoneNs ?? done, done) }
        if let price { cost.add(r, entry: price.entry, pricing: price.pricing) }

        if r.status == .ok {
            if let usage = r.usage {
                totals.tokenSources[usage.source, default: 0] += 1
                totals.outputTokensTotal += usage.outputTokens
                totals.answerTokensTotal += usage.answerTokens
                totals.inputTokensTotal += usage.inputTokens
                totals.cachedInputTokensTotal += usage.cachedInputTokens
                totals.reasoningTokensTotal += usage.reasoningTokens
                if usage.answerTokensEstimated { totals.answerTokensEstimated += 1 }
            } else {
                totals.noUsage += 1
            }
            if let n = r.outputO200kTokens {
                totals.o200kCounted += 1
                totals.outputO200kTokensTotal += n
                if let u = r.usage, u.source == .server, !u.answerTokensEstimated {
                    totals.ratioVendorTokens += u.answerTokens
                    totals.ratioO200kTokens += n
                }
            }
            if let slo, slo.isMet(by: r) { totals.sloMet += 1 }
        }
        for m in Self.perAttempt where m.population.admits(r) {
            if let v = m.value(r) { append(m.name, v) }
        }
        for m in Self.perAttemptEach where m.population.admits(r) {
            samples[m.name, default: []].append(contentsOf: m.values(r))
        }
        for m in Self.counted where m.population.admits(r) && m.test(r) { counts[m.name, default: 0] += 1 }
    }

    /// A stored quality score of one of this group's attempts.
    mutating func addScore(_ metric: String, _ value: Double, attempt: AttemptKey) {
        append(metric, value)
        scored.insert(attempt)
    }

    /// The group's values in the order of `definitions` (display units), and its sorted samples
    /// (display units, for bootstrapping).
    func finish(key: GroupKey, definitions: [MetricDefinition], modelRequests: Int, load: LoadHealth?, sloGiven: Bool,
                entry: PriceEntry?, hint: (ErrorKind, Int?, String?) -> String? = { _, _, _ in nil }) -> GroupAnalysis {
        var t = totals
        t.modelRequests = modelRequests
        t.load = load
        t.sloGiven = sloGiven
        t.scored = scored.count
        var samples = self.samples
        for req in logical.values {
            for m in Self.perRequest { if let v = m.value(req) { samples[m.name, default: []].append(v) } }
            switch req.finalStatus {
            case .error: t.requestsFinalError += 1; samples[Metric.errorRate.name, default: []].append(1)
            case .cancelled: t.requestsFinalCancelled += 1
            default: samples[Metric.errorRate.name, default: []].append(0)
            }
        }
        for c in conversations.values {
            t.conversations += 1
            if c.completed { t.conversationsCompleted += 1 }
            for m in Self.perConversation { if let v = m.value(c) { samples[m.name, default: []].append(v) } }
        }
        let (costTotals, costSample) = cost.finish(entry: entry)
        t.cost = costTotals
        if !costSample.isEmpty { samples[Self.costSampleBase] = costSample }

        var values: [String: Double?] = [:]
        var display: [String: [Double]] = [:]
        for m in MetricRegistry.all {
            switch m.compute {
            case .total(let f):
                values.updateValue(m.scope == .model && key.dataset != nil ? nil : m.display(f(t)), forKey: m.name)
            case .countOf:
                values.updateValue(Double(counts[m.name] ?? 0), forKey: m.name)
            case .perAttempt, .perAttemptEach, .perRequest, .score, .perConversation:
                let xs = (samples[m.name] ?? []).sorted().map { MetricUnit.convert($0, from: m.storedUnit, to: m.displayUnit) }
                display[m.name] = xs
                for s in m.statistics { values.updateValue(s.of(sorted: xs), forKey: "\(m.name)_\(s.rawValue)") }
            }
        }
        for name in [Metric.errorRate.name, Metric.attemptErrorRate.name] { display[name] = (samples[name] ?? []).sorted() }
        if let xs = samples[Self.costSampleBase] {
            display[Self.costSampleBase] = xs.sorted().map { MetricUnit.convert($0, from: .picoUSD, to: .usd) }
        }
        display = display.filter { !$0.value.isEmpty }
        let metrics = definitions.map { def in MetricValue(name: def.name, unit: def.unit, value: values[def.name] ?? nil) }
        return GroupAnalysis(key: key, metrics: metrics, samples: display, failures: failureMessages.finish(hint: hint))
    }

    private mutating func append(_ key: String, _ v: Double) { samples[key, default: []].append(v) }

    /// A successful attempt's price in pico-dollars (`RequestPricing.breakdown`), nil when it is not
    /// priced per token (no entry, a self-hosted entry, no usage, an unpriced estimate).
    private static func cost(of r: RequestRecord, price: (entry: PriceEntry?, pricing: CostPricing)?) -> PicoDollars? {
        guard r.status == .ok, let price, let entry = price.entry, !entry.isSelfHosted, let usage = r.usage else { return nil }
        return RequestPricing.breakdown(usage, entry: entry, batch: price.pricing.batch,
                                        priceEstimates: price.pricing.priceEstimates)?.total
    }

    /// Per-request costs are bootstrapped under this base (`cost_usd_per_request_mean`, `_p95`).
    static let costSampleBase = "cost_usd_per_request"
}

struct LogicalKey: Hashable, Sendable {
    var dataset: String
    var index: Int
}

/// One attempt of one request, as `scores` refers to it.
public struct AttemptKey: Hashable, Sendable {
    public var index: Int
    public var attempt: Int
    public init(index: Int, attempt: Int) { self.index = index; self.attempt = attempt }
}
