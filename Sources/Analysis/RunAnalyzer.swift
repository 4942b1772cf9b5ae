import LLMBenchCore
import Pricing

/// Streams one run's records (and its stored scores) into per-(model, dataset) groups and per-model
/// totals, every figure from `MetricRegistry`.
///
/// Pure: the caller reads the database and feeds `add(_:)` every record of the run (in any order),
/// then `addScore(_:)` for each stored score, then calls `finish(run:)`. Memory is a few numbers per
/// attempt per group; records themselves are not kept.
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

    /// `settings` supply the profile, rate and SLOs; `pricing` the price entries.
    public init(settings: RunSettings = RunSettings(version: 1), pricing: CostPricing? = nil) {
        self.settings = settings
        self.pricing = pricing
        slo = settings.slo.flatMap { try? SLOSet.parse($0) }
    }

    public mutating func add(_ r: RequestRecord) {
        let price = pricing.map { (entry: $0.entries[r.model], pricing: $0) }
        for key in [GroupKey(model: r.model, dataset: r.dataset), GroupKey(model: r.model, dataset: nil)] {
            groups[key, default: GroupAccumulator()].add(r, slo: slo, price: price)
        }
        if let turn = r.conversationTurn?.turn {
            turnGroups[GroupKey(model: r.model, dataset: r.dataset, turn: turn), default: GroupAccumulator()]
                .add(r, slo: slo, price: price)
        }
        health[r.model, default: LoadHealthAccumulator()].add(r)
        timeline.add(r)
        if !r.warmup && r.status == .ok {
            owner[AttemptKey(index: r.requestIndex, attempt: r.attempt)] = GroupKey(model: r.model, dataset: r.dataset)
        }
    }

    /// One stored quality score (`scores` table) of attempt `attempt` of request `requestIndex`;
    /// ignored unless that attempt was successful and not warmup.
    public mutating func addScore(requestIndex: Int, attempt: Int, metric: String, value: Double) {
        let k = AttemptKey(index: requestIndex, attempt: attempt)
        guard let g = owner[k] else { return }
        groups[g]?.addScore(metric, value, attempt: k)
        groups[GroupKey(model: g.model, dataset: nil)]?.addScore(metric, value, attempt: k)
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
        for (key, g) in groups where key.dataset == nil { modelRequests[key.model] = g.requests }
        let configs = Dictionary(settings.models.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for key in groups.keys.sorted() {
            let c = configs[key.model]
            let g = groups[key]!.finish(key: key, definitions: definitions, modelRequests: modelRequests[key.model] ?? 0,
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
