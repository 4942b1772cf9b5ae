import LLMBenchCore
import Pricing

/// Running totals and per-request values for one group; keeps a few numbers per request (bounded per
/// column by `SampleColumn`), never the records.
///
/// Filtering rules (README "Which attempts count"): warmup records are only counted as `warmup`;
/// `not_sent` records only count as planned and not sent; every other metric takes the attempts its
/// `AttemptPopulation` names, or the logical requests (every attempt of a `request_index`).
struct GroupAccumulator: Sendable {
    private var totals = GroupTotals()
    /// Per-attempt and per-request values, one `SampleColumn` per slot of `Self.slots` (stored units);
    /// `error_rate` holds 1/0 per request, `attempt_error_rate` 1/0 per attempt.
    private var columns = [SampleColumn](repeating: SampleColumn(), count: GroupAccumulator.slotNames.count)
    /// Stored quality scores by metric name.
    private var scores: [String: SampleColumn] = [:]
    /// Logical requests still open, keyed by dataset and index (the index is unique in a run, the
    /// dataset keeps hand-built records apart). Records ordered by request index (as the store gives
    /// them) let a request be folded into `columns` once a higher index has arrived: when more than
    /// `openLimit` are open, every one below the highest index seen is folded, so memory stays flat.
    private var logical: [LogicalKey: LogicalRequest] = [:]
    private var highestIndex = Int.min
    /// The highest index folded so far; a later record at or below it (records out of request order)
    /// opens a second logical request for the same index and is counted in `lateRecords`.
    private var foldedThrough = Int.min
    private(set) var lateRecords = 0
    private var foldedFinalError = 0, foldedFinalCancelled = 0
    private var cost = CostAccumulator()
    private var scored: Set<AttemptKey> = []
    /// Counts of the `countOf` metrics, by slot of `Self.counted`.
    private var counts = [Int](repeating: 0, count: GroupAccumulator.counted.count)
    private var failureMessages = FailureMessageCounter()
    /// Reused for each record's `perAttemptEach` values (no array allocated per record).
    private var scratch: [Double] = []
    /// Conversation datasets: each conversation's turns, folded (a few numbers per conversation).
    private var conversations: [LogicalKey: ConversationSummary] = [:]

    /// Open logical requests allowed before the ones below the highest index are folded.
    static let openLimit = 4_096

    /// The name of each column slot: the registry's per-attempt, per-request and per-conversation
    /// metrics, then the two error rates and the cost sample.
    static let slotNames: [String] = {
        var names: [String] = []
        for m in MetricRegistry.all {
            switch m.compute {
            case .perAttempt, .perAttemptEach, .perRequest, .perConversation: names.append(m.name)
            default: break
            }
        }
        for n in [Metric.errorRate.name, Metric.attemptErrorRate.name, costSampleBase] where !names.contains(n) { names.append(n) }
        return names
    }()
    static let slot: [String: Int] = Dictionary(uniqueKeysWithValues: slotNames.enumerated().map { ($1, $0) })
    private static let errorRateSlot = slot[Metric.errorRate.name]!
    private static let attemptErrorRateSlot = slot[Metric.attemptErrorRate.name]!
    private static let costSlot = slot[costSampleBase]!

    /// The registry's per-attempt metrics with their column slots, looked up once. Each is a struct
    /// (not a tuple in an array), so its closure is stored at its natural abstraction and called
    /// without a reabstraction thunk that would copy the record on every call.
    private static let perAttempt: [PerAttemptValue] = MetricRegistry.all.compactMap { m in
        if case .perAttempt(let p, let f) = m.compute { return PerAttemptValue(slot: slot[m.name]!, population: p, value: f) }
        return nil
    }
    private static let perAttemptEach: [PerAttemptValues] = MetricRegistry.all.compactMap { m in
        if case .perAttemptEach(let p, let f) = m.compute { return PerAttemptValues(slot: slot[m.name]!, population: p, values: f) }
        return nil
    }
    private static let counted: [CountedTest] = MetricRegistry.all.compactMap { m in
        if case .countOf(let p, let f) = m.compute { return CountedTest(name: m.name, population: p, test: f) }
        return nil
    }
    private static let countSlot: [String: Int] = Dictionary(uniqueKeysWithValues: counted.enumerated().map { ($1.name, $0) })
    private static let perRequest: [PerRequestValue] = MetricRegistry.all.compactMap { m in
        if case .perRequest(let f) = m.compute { return PerRequestValue(slot: slot[m.name]!, value: f) }
        return nil
    }
    private static let perConversation: [PerConversationValue] = MetricRegistry.all.compactMap { m in
        if case .perConversation(let f) = m.compute { return PerConversationValue(slot: slot[m.name]!, value: f) }
        return nil
    }

    /// Logical requests sent so far.
    var requests: Int { totals.requests }

    mutating func add(_ r: RequestRecord, slo: SLOSet?, price: ModelPrice?) {
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
        columns[Self.attemptErrorRateSlot].append(r.status == .error ? 1 : 0)
        addToLogical(r)
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
            if let v = m.value(r) { columns[m.slot].append(v) }
        }
        for m in Self.perAttemptEach where m.population.admits(r) {
            scratch.removeAll(keepingCapacity: true)
            m.values(r, &scratch)
            columns[m.slot].append(contentsOf: scratch)
        }
        for (i, m) in Self.counted.enumerated() where m.population.admits(r) && m.test(r) { counts[i] += 1 }
    }

    private mutating func addToLogical(_ r: RequestRecord) {
        let key = LogicalKey(dataset: r.dataset, index: r.requestIndex)
        // Every open request has an index ≤ the highest seen, so a higher one needs no look-up.
        if r.requestIndex <= highestIndex, let i = logical.index(forKey: key) {
            logical.values[i].add(r)
            return
        }
        if r.requestIndex <= foldedThrough { lateRecords += 1 }
        var request = LogicalRequest(requestIndex: r.requestIndex)
        request.add(r)
        logical[key] = request
        highestIndex = max(highestIndex, r.requestIndex)
        if logical.count > Self.openLimit {
            let below = highestIndex
            // Folded in the dictionary's order as before; the few still open go into emptied storage
            // (removing each folded key while iterating copied the whole dictionary every time).
            let open = logical
            logical.removeAll(keepingCapacity: true)
            for (k, req) in open {
                if k.index < below { fold(req) } else { logical[k] = req }
            }
            foldedThrough = max(foldedThrough, below - 1)
        }
    }

    /// Moves one finished logical request's values into the columns.
    private mutating func fold(_ req: LogicalRequest) {
        for m in Self.perRequest { if let v = m.value(req) { columns[m.slot].append(v) } }
        switch req.finalStatus {
        case .error: foldedFinalError += 1; columns[Self.errorRateSlot].append(1)
        case .cancelled: foldedFinalCancelled += 1
        default: columns[Self.errorRateSlot].append(0)
        }
    }

    /// A stored quality score of one of this group's attempts.
    mutating func addScore(_ metric: String, _ value: Double, attempt: AttemptKey) {
        scores[metric, default: SampleColumn()].append(value)
        scored.insert(attempt)
    }

    /// The group's values in the order of `definitions` (display units), and its sorted samples
    /// (display units, at most `SampleColumn.bootstrapLimit` per metric, for bootstrapping).
    func finish(key: GroupKey, definitions: [MetricDefinition], modelRequests: Int, load: LoadHealth?, sloGiven: Bool,
                entry: PriceEntry?, hint: (ErrorKind, Int?, String?) -> String? = { _, _, _ in nil }) -> GroupAnalysis {
        var t = totals
        t.modelRequests = modelRequests
        t.load = load
        t.sloGiven = sloGiven
        t.scored = scored.count
        t.requestsFinalError = foldedFinalError
        t.requestsFinalCancelled = foldedFinalCancelled
        // The requests still open, and the conversations, are folded into copies of their columns.
        var pending: [Int: [Double]] = [:]
        for req in logical.values {
            for m in Self.perRequest { if let v = m.value(req) { pending[m.slot, default: []].append(v) } }
            switch req.finalStatus {
            case .error: t.requestsFinalError += 1; pending[Self.errorRateSlot, default: []].append(1)
            case .cancelled: t.requestsFinalCancelled += 1
            default: pending[Self.errorRateSlot, default: []].append(0)
            }
        }
        for c in conversations.values {
            t.conversations += 1
            if c.completed { t.conversationsCompleted += 1 }
            for m in Self.perConversation { if let v = m.value(c) { pending[m.slot, default: []].append(v) } }
        }
        let (costTotals, costSample) = cost.finish(entry: entry)
        t.cost = costTotals
        func column(_ slot: Int) -> SampleColumn {
            if slot == Self.costSlot { return costSample }
            guard let extra = pending[slot] else { return columns[slot] }
            var c = columns[slot]
            c.append(contentsOf: extra)
            return c
        }

        var values: [String: Double?] = [:]
        var display: [String: [Double]] = [:]
        var approximate: [String] = []
        var subsampled = false
        for m in MetricRegistry.all {
            switch m.compute {
            case .total(let f):
                values.updateValue(m.scope == .model && key.dataset != nil ? nil : m.display(f(t)), forKey: m.name)
            case .countOf:
                values.updateValue(Double(counts[Self.countSlot[m.name]!]), forKey: m.name)
            case .perAttempt, .perAttemptEach, .perRequest, .score, .perConversation:
                let col = Self.slot[m.name].map(column) ?? scores[m.name] ?? SampleColumn()
                let summary = col.summary { MetricUnit.convert($0, from: m.storedUnit, to: m.displayUnit) }
                if summary.approximate { approximate.append(m.name) }
                if summary.display.count < col.count { subsampled = true }
                display[m.name] = summary.display
                for s in m.statistics { values.updateValue(summary.value(s), forKey: "\(m.name)_\(s.rawValue)") }
            }
        }
        for slot in [Self.errorRateSlot, Self.attemptErrorRateSlot] { display[Self.slotNames[slot]] = column(slot).summary { $0 }.display }
        if !costSample.isEmpty {
            display[Self.costSampleBase] = costSample.summary { MetricUnit.convert($0, from: .picoUSD, to: .usd) }.display
        }
        display = display.filter { !$0.value.isEmpty }
        let metrics = definitions.map { def in MetricValue(name: def.name, unit: def.unit, value: values[def.name] ?? nil) }
        var g = GroupAnalysis(key: key, metrics: metrics, samples: display, failures: failureMessages.finish(hint: hint))
        g.approximated = approximate
        g.lateRecords = lateRecords
        g.subsampled = subsampled
        return g
    }

    /// A successful attempt's price in pico-dollars (`RequestPricing.breakdown`), nil when it is not
    /// priced per token (no entry, a self-hosted entry, no usage, an unpriced estimate).
    private static func cost(of r: RequestRecord, price: ModelPrice?) -> PicoDollars? {
        guard r.status == .ok, let price, let entry = price.entry, !entry.isSelfHosted, let usage = r.usage else { return nil }
        return RequestPricing.breakdown(usage, entry: entry, batch: price.pricing.batch,
                                        priceEstimates: price.pricing.priceEstimates)?.total
    }

    /// Per-request costs are bootstrapped under this base (`cost_usd_per_request_mean`, `_p95`).
    static let costSampleBase = "cost_usd_per_request"
}

/// One model's price entry with the run's pricing options, shared by reference so each record
/// passes one pointer (not a copy of the entry) through the accumulators.
final class ModelPrice: Sendable {
    let entry: PriceEntry?
    let pricing: CostPricing
    init(entry: PriceEntry?, pricing: CostPricing) { self.entry = entry; self.pricing = pricing }
}

private struct PerAttemptValue: Sendable {
    let slot: Int
    let population: AttemptPopulation
    let value: @Sendable (RequestRecord) -> Double?
}

private struct PerAttemptValues: Sendable {
    let slot: Int
    let population: AttemptPopulation
    let values: @Sendable (RequestRecord, inout [Double]) -> Void
}

private struct CountedTest: Sendable {
    let name: String
    let population: AttemptPopulation
    let test: @Sendable (RequestRecord) -> Bool
}

private struct PerRequestValue: Sendable {
    let slot: Int
    let value: @Sendable (LogicalRequest) -> Double?
}

private struct PerConversationValue: Sendable {
    let slot: Int
    let value: @Sendable (ConversationSummary) -> Double?
}

struct LogicalKey: Hashable, Sendable {
    var dataset: String
    var index: Int

    /// The index alone (equal keys have equal indexes): a group's records rarely share an index across
    /// datasets, and hashing the dataset's bytes for every record cost more than those collisions.
    func hash(into hasher: inout Hasher) { hasher.combine(index) }
}

/// One attempt of one request, as `scores` refers to it.
public struct AttemptKey: Hashable, Sendable {
    public var index: Int
    public var attempt: Int
    public init(index: Int, attempt: Int) { self.index = index; self.attempt = attempt }
}
