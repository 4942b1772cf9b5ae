import Analysis
import LLMBenchCore
import Pricing

/// Prices every counted attempt of a run and adds the cost rows to its analysis.
///
/// An attempt is priced when it is not warmup, carries token counts, and its model has a price
/// entry: `RequestPricing.breakdown` in exact pico-dollars from the normalised token columns (failed
/// attempts that still report usage are billed by providers, so they are priced too). Estimated
/// counts are priced only with `priceEstimates`. A self-hosted entry prices the group's active
/// duration × GPU-hour rate instead (`SelfHostedCost`), spread over its requests.
struct CostAccumulator {
    let entries: [String: PriceEntry]
    let priceEstimates: Bool
    let batch: Bool
    private var priced: [GroupKey: [(breakdown: CostBreakdown, usage: Usage)]] = [:]
    private var fromEstimates: [GroupKey: Int] = [:]
    private var unpriced: [GroupKey: Int] = [:]
    /// Self-hosted groups: first sent, last done, requests, tokens.
    private var window: [GroupKey: (first: Int64, last: Int64, n: Int, input: Int, output: Int)] = [:]

    init(entries: [String: PriceEntry], priceEstimates: Bool, batch: Bool = false) {
        self.entries = entries
        self.priceEstimates = priceEstimates
        self.batch = batch
    }

    mutating func add(_ r: RequestRecord) {
        let keys = [GroupKey(model: r.model, dataset: r.dataset), GroupKey(model: r.model, dataset: nil)]
        guard let entry = entries[r.model] else {
            for k in keys { unpriced[k, default: 0] += 1 }
            return
        }
        if entry.isSelfHosted {
            guard let sent = r.sentNs, let done = r.doneNs else { return }
            for k in keys {
                var w = window[k] ?? (sent, done, 0, 0, 0)
                w.first = min(w.first, sent); w.last = max(w.last, done); w.n += 1
                w.input += r.usage?.inputTokens ?? 0; w.output += r.usage?.outputTokens ?? 0
                window[k] = w
            }
            return
        }
        guard let usage = r.usage, usage.source == .server || priceEstimates,
              let b = RequestPricing.breakdown(usage, entry: entry, batch: batch, priceEstimates: priceEstimates) else {
            for k in keys { unpriced[k, default: 0] += 1 }
            return
        }
        for k in keys {
            priced[k, default: []].append((b, usage))
            if b.fromEstimates { fromEstimates[k, default: 0] += 1 }
        }
    }

    var hasNoPrices: Bool { entries.isEmpty }

    /// Models of the analysis that have no price entry, sorted.
    func unpricedModels(in a: RunAnalysis) -> [String] {
        a.models.filter { entries[$0] == nil }
    }

    /// Metric names of the cost rows, in row order.
    static let definitions: [MetricDefinition] = [
        MetricDefinition(name: "cost_usd_per_request_mean", label: "Cost per request, mean", unit: .usd, direction: .lowerIsBetter, inSummary: true),
        MetricDefinition(name: "cost_usd_per_request_p95", label: "Cost per request, p95", unit: .usd, direction: .lowerIsBetter, inSummary: true),
        MetricDefinition(name: "cost_usd_per_1k_requests", label: "Cost per 1,000 requests", unit: .usd, direction: .lowerIsBetter, inSummary: true),
        MetricDefinition(name: "cost_usd_total", label: "Total cost of the run", unit: .usd, direction: .lowerIsBetter, inSummary: true),
        MetricDefinition(name: "usd_per_1m_input_tokens", label: "Paid per 1M input tokens", unit: .usd, direction: .lowerIsBetter, inSummary: false),
        MetricDefinition(name: "usd_per_1m_output_tokens", label: "Paid per 1M output tokens", unit: .usd, direction: .lowerIsBetter, inSummary: false),
        MetricDefinition(name: "blended_usd_per_1m_tokens", label: "Blended list price per 1M tokens (3:1)", unit: .usd, direction: .lowerIsBetter, inSummary: true),
        MetricDefinition(name: "requests_priced", label: "Requests priced", unit: .count, direction: .neutral, inSummary: false),
        MetricDefinition(name: "requests_priced_from_estimates", label: "Requests priced from estimated tokens", unit: .count, direction: .neutral, inSummary: false),
        MetricDefinition(name: "requests_unpriced", label: "Requests with no price", unit: .count, direction: .neutral, inSummary: false),
        MetricDefinition(name: "context_window_tokens", label: "Context window", unit: .tokens, direction: .neutral, inSummary: false),
    ]

    /// Adds the cost rows to every group; a model with no price gets no value (never 0).
    func addRows(to a: inout RunAnalysis) {
        for d in Self.definitions { a.register(d) }
        let keys = a.groups.map(\.key) + a.modelTotals.map(\.key)
        for key in keys {
            let entry = entries[key.model]
            func put(_ name: String, _ v: Double?) {
                let unit = Self.definitions.first { $0.name == name }!.unit
                a.add(metric: MetricValue(name: name, unit: unit, value: v), to: key)
            }
            put("blended_usd_per_1m_tokens", entry.flatMap(PriceComparison.blended).map { $0 / 1e6 })
            put("context_window_tokens", entry?.contextWindow.map(Double.init))
            put("requests_unpriced", Double(unpriced[key] ?? 0))
            if let w = window[key], let e = entry,
               let sh = SelfHostedCost(entry: e, activeDurationNs: w.last - w.first, requests: w.n, inputTokens: w.input, outputTokens: w.output) {
                let per = sh.perRequest.map(MoneyMath.dollars)
                put("cost_usd_per_request_mean", per)
                put("cost_usd_total", MoneyMath.dollars(sh.runCost))
                put("cost_usd_per_1k_requests", per.map { $0 * 1000 })
                put("requests_priced", Double(w.n))
                continue
            }
            guard let rows = priced[key], let s = CostSummary(priced: rows) else {
                put("requests_priced", 0)
                continue
            }
            put("cost_usd_per_request_mean", s.meanPerRequest / 1e12)
            put("cost_usd_per_request_p95", s.p95PerRequest / 1e12)
            put("cost_usd_per_1k_requests", MoneyMath.dollars(s.per1000Requests))
            put("cost_usd_total", MoneyMath.dollars(s.total))
            put("usd_per_1m_input_tokens", s.paidInputPerMTokMicros.map { $0 / 1e6 })
            put("usd_per_1m_output_tokens", s.paidOutputPerMTokMicros.map { $0 / 1e6 })
            put("requests_priced", Double(s.pricedRequests))
            put("requests_priced_from_estimates", Double(s.pricedFromEstimates))
            a.add(samples: rows.map { Double($0.breakdown.total) / 1e12 }, base: "cost_usd_per_request", to: key)
        }
    }
}
