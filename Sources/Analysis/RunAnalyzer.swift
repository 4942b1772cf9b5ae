import LLMBenchCore
import Pricing

/// Streams one run's records (and its stored scores) into per-(model, dataset) groups and per-model
/// totals, every figure from `MetricRegistry`.
///
/// Pure: the caller reads the database and feeds `add(_:)` every record of the run (in any order),
/// then `addScore(_:)` for each stored score, then calls `finish(run:)`. Records themselves are not
/// kept: each group holds at most `SampleColumn.exactLimit` values per distribution (beyond that a
/// histogram, percentiles within 0.05 %, which the analysis notes) and, when records come ordered by
/// request index as `Database.forEachRequest` gives them, a few thousand open logical requests.
/// `routesScoresByAttempt: false` skips the attempt → group map (one entry per successful attempt)
/// for a caller that gives scores with their model and dataset (`addScore(model:dataset:…)`).
public struct RunAnalyzer: Sendable {
    public let settings: RunSettings
    /// `nil` when the run is not priced at all (cost rows show no value).
    public let pricing: CostPricing?
    private let slo: SLOSet?
    private var groups: [GroupKey: GroupAccumulator] = [:]
    /// Conversation datasets: model × dataset × turn number.
    private var turnGroups: [GroupKey: GroupAccumulator] = [:]
    private var health: [String: LoadHealthAccumulator] = [:]
    private var timeline = RunTimeline.Accumulator()
    /// Which group each successful attempt belongs to, so scores (keyed by index and attempt) find it.
    private var owner: [AttemptKey: GroupKey] = [:]
    /// Models whose records all came from one dataset so far, with that dataset: their totals are
    /// that group's accumulator (no second copy is kept).
    private var onlyDataset: [String: String] = [:]
    private let routesScoresByAttempt: Bool
    /// The model and dataset of the previous record and the price looked up for it (records of one
    /// group come in long runs, so most records skip the lookups).
    private var last: (model: String, dataset: String, price: ModelPrice?)?
    /// True when the previous record's dataset is its model's only dataset so far.
    private var lastIsOnlyDataset = false
    /// Where the previous record's group and its model's load health sit in `groups` and `health`, so a
    /// record of the same group hashes no key (valid until either dictionary gains a key: only a record
    /// of another group adds one, and that record looks them up again).
    private var lastSlots: (group: Dictionary<GroupKey, GroupAccumulator>.Index,
                            health: Dictionary<String, LoadHealthAccumulator>.Index)?

    /// `settings` supply the profile, rate and SLOs; `pricing` the price entries.
    public init(settings: RunSettings = RunSettings(version: 1), pricing: CostPricing? = nil, routesScoresByAttempt: Bool = true) {
        self.settings = settings
        self.pricing = pricing
        self.routesScoresByAttempt = routesScoresByAttempt
        slo = settings.slo.flatMap { try? SLOSet.parse($0) }
    }

    public mutating func add(_ r: RequestRecord) {
        if lastIsOnlyDataset, let slots = lastSlots, let last, last.model == r.model, last.dataset == r.dataset {
            // The common case: the previous record's group, its model's only one (nothing else to update).
            groups.values[slots.group].add(r, slo: slo, price: last.price)
            addOutsideGroups(r, price: last.price)
            health.values[slots.health].add(r)
            return
        }
        let price: ModelPrice?
        let sameGroup: Bool
        if let last, last.model == r.model, last.dataset == r.dataset {
            price = last.price
            sameGroup = true
        } else {
            price = pricing.map { ModelPrice(entry: $0.entries[r.model], pricing: $0) }
            last = (r.model, r.dataset, price)
            sameGroup = false
        }
        groups[GroupKey(model: r.model, dataset: r.dataset), default: GroupAccumulator()].add(r, slo: slo, price: price)
        // A model's totals are its one dataset's group until a second dataset appears: then they start
        // as a copy of that group (exactly the records so far) and take every later record too.
        // (Nothing to do while records stay in the previous record's group and it is its model's only one.)
        if !(sameGroup && lastIsOnlyDataset) {
            if let only = onlyDataset[r.model] {
                if only != r.dataset {
                    var total = groups[GroupKey(model: r.model, dataset: only)]!
                    total.add(r, slo: slo, price: price)
                    groups[GroupKey(model: r.model, dataset: nil)] = total
                    onlyDataset[r.model] = nil
                }
            } else if groups[GroupKey(model: r.model, dataset: nil)] == nil {
                onlyDataset[r.model] = r.dataset
            } else {
                groups[GroupKey(model: r.model, dataset: nil)]!.add(r, slo: slo, price: price)
            }
            lastIsOnlyDataset = onlyDataset[r.model] == r.dataset
        }
        health[r.model, default: LoadHealthAccumulator()].add(r)
        addOutsideGroups(r, price: price)
        if let group = groups.index(forKey: GroupKey(model: r.model, dataset: r.dataset)), let h = health.index(forKey: r.model) {
            lastSlots = (group, h)
        }
    }

    /// What every record adds besides its (model, dataset) group, its model's totals and load health.
    private mutating func addOutsideGroups(_ r: RequestRecord, price: ModelPrice?) {
        if let turn = r.conversationTurn?.turn {
            turnGroups[GroupKey(model: r.model, dataset: r.dataset, turn: turn), default: GroupAccumulator()]
                .add(r, slo: slo, price: price)
        }
        timeline.add(r)
        if routesScoresByAttempt && !r.warmup && r.status == .ok {
            owner[AttemptKey(index: r.requestIndex, attempt: r.attempt)] = GroupKey(model: r.model, dataset: r.dataset)
        }
    }

    /// One stored quality score of a successful, non-warmup attempt of `model` on `dataset` (the
    /// caller has checked that, e.g. by joining `scores` with `requests`).
    public mutating func addScore(model: String, dataset: String, requestIndex: Int, attempt: Int, metric: String, value: Double) {
        let k = AttemptKey(index: requestIndex, attempt: attempt)
        groups[GroupKey(model: model, dataset: dataset)]?.addScore(metric, value, attempt: k)
        if onlyDataset[model] == nil { groups[GroupKey(model: model, dataset: nil)]?.addScore(metric, value, attempt: k) }
    }

    /// One stored quality score (`scores` table) of attempt `attempt` of request `requestIndex`;
    /// ignored unless that attempt was successful and not warmup.
    public mutating func addScore(requestIndex: Int, attempt: Int, metric: String, value: Double) {
        let k = AttemptKey(index: requestIndex, attempt: attempt)
        guard let g = owner[k] else { return }
        groups[g]?.addScore(metric, value, attempt: k)
        if onlyDataset[g.model] == nil { groups[GroupKey(model: g.model, dataset: nil)]?.addScore(metric, value, attempt: k) }
    }

    /// The figures of every group, sorted by model then dataset, with the notes a reader must see.
    public func finish(run: RunInfo) -> RunAnalysis {
        let definitions = MetricRegistry.definitions(sloGiven: slo != nil)
        let rate = settings.isOpenLoop ? settings.ratePerS : nil
        var loads: [String: LoadHealth] = [:]
        for (model, acc) in health { loads[model] = acc.finish(requestedRatePerSecond: rate, openLoop: settings.isOpenLoop) }
        var modelRequests: [String: Int] = [:]
        var perDataset: [GroupAnalysis] = []
        var totals: [GroupAnalysis] = []
        // The totals of a one-dataset model are its dataset's group, finished under the totals' key.
        func accumulator(_ key: GroupKey) -> GroupAccumulator {
            if key.dataset == nil, let only = onlyDataset[key.model] { return groups[GroupKey(model: key.model, dataset: only)]! }
            return groups[key]!
        }
        let keys = (Array(groups.keys) + onlyDataset.keys.map { GroupKey(model: $0, dataset: nil) }).sorted()
        for key in keys where key.dataset == nil { modelRequests[key.model] = accumulator(key).requests }
        let configs = Dictionary(settings.models.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for key in keys {
            let c = configs[key.model]
            let g = accumulator(key).finish(key: key, definitions: definitions, modelRequests: modelRequests[key.model] ?? 0,
                                        load: key.dataset == nil ? loads[key.model] : nil, sloGiven: slo != nil,
                                        entry: pricing?.entries[key.model]) { kind, status, message in
                FailureHint.hint(kind: kind, httpStatus: status, message: message, keyVariable: c?.apiKeyEnv,
                                 modelId: c?.model ?? key.model, baseURL: c?.baseURL)
            }
            if key.dataset == nil { totals.append(g) } else { perDataset.append(g) }
        }
        var a = RunAnalysis(run: run, definitions: definitions, groups: perDataset, modelTotals: totals)
        a.byTurn = turnGroups.keys.sorted().map { key in
            turnGroups[key]!.finish(key: key, definitions: definitions, modelRequests: modelRequests[key.model] ?? 0,
                                    load: nil, sloGiven: slo != nil, entry: pricing?.entries[key.model])
        }
        a.notes = notes(a, loads: loads)
        a.timeline = timeline.finish()
        return a
    }

    private func notes(_ a: RunAnalysis, loads: [String: LoadHealth]) -> [String] {
        var out: [String] = []
        for (model, h) in loads.sorted(by: { $0.key < $1.key }) { if let w = h.warning { out.append("\(model): \(w)") } }
        for g in a.groups + a.modelTotals + a.byTurn where !g.approximated.isEmpty {
            let names = g.approximated.count > 3 ? g.approximated.prefix(3).joined(separator: ", ") + " and \(g.approximated.count - 3) more"
                : g.approximated.joined(separator: ", ")
            out.append("\(g.key.model)\(g.key.dataset.map { " on \($0)" } ?? "")\(g.key.turn.map { " turn \($0)" } ?? ""): more than "
                       + "\(SampleColumn.exactLimit) values of \(names): their percentiles come from a log histogram "
                       + "(within 0.05 %; count, min, max and mean exact), and compare bootstraps "
                       + "\(SampleColumn.bootstrapLimit) evenly spaced values of each.")
        }
        for g in a.groups where g.lateRecords > 0 {
            out.append("\(g.key.model) on \(g.key.dataset ?? ""): \(g.lateRecords) records arrived out of request order after their "
                       + "request was folded; the per-request figures (error rate, incl. retries) count those requests twice.")
        }
        if let slo {
            out.append("Goodput counts successful requests that met every SLO (\(slo.text)), per second of the model's active duration.")
        }
        for g in a.modelTotals {
            let estimated = CountMetricNames.tokenSources.filter(\.isLocalCount)
                .reduce(0) { $0 + Int(g.value(CountMetricNames.tokensSource($1)) ?? 0) }
            let routed = Int(g.value(CountMetricNames.tokensSource(.router)) ?? 0)
            let answer = Int(g.value(Metric.answerTokensEstimated.name) ?? 0)
            let ok = Int(g.value(.succeeded) ?? 0)
            if routed > 0 {
                out.append("\(g.key.model): token counts of \(routed) of \(ok) successful requests came through a router "
                           + "(tokens_source router): when the backend sends no usage, LiteLLM makes one up, so they may be the router's estimate.")
            }
            let counted = Int(g.value("\(Metric.outputO200kTokens.name)_\(Statistic.count.rawValue)") ?? 0)
            if ok > counted {
                out.append("\(g.key.model): \(ok - counted) of \(ok) successful requests have no o200k counts (recorded before llmbench "
                           + "stored them, schema version 7): the common-unit (o200k) figures show no value or leave them out.")
            }
            if estimated > 0 {
                out.append("\(g.key.model): token counts of \(estimated) of \(ok) successful requests are local estimates "
                           + "(the server reported none): output tokens, ITL, per-request speed and throughput rest on them.")
            } else if answer > 0 {
                out.append("\(g.key.model): the reasoning share of \(answer) of \(ok) successful requests is estimated "
                           + "(the server did not split it out): ITL and per-request speed count answer tokens from that estimate.")
            }
        }
        if let pricing {
            if pricing.entries.isEmpty { out.append("No model of this run has a price: cost rows show no value.") }
            else {
                for m in a.models where pricing.entries[m] == nil {
                    out.append("No price for model \"\(m)\": its cost shows as no value (add it with --prices FILE).")
                }
            }
            if pricing.batch { out.append("Priced at each provider's batch discount (--batch-pricing).") }
            let limitUSD = Double(Int64.max) / 1e12
            for g in a.modelTotals where (g.value("cost_usd_total") ?? 0) >= limitUSD * 0.999_999 {
                out.append("\(g.key.model): the cost total reached the 64-bit limit ($\(Int(limitUSD)) in pico-dollars) and "
                           + "was clamped there: the token counts behind it are not credible.")
            }
        }
        return out
    }
}
