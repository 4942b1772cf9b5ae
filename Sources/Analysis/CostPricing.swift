import LLMBenchCore
import Pricing

/// How a run's attempts are priced (issue 5): which entry each model has and the pricing options.
///
/// An attempt is priced when it is not warmup, was sent, carries token counts and its model has a
/// price entry: `RequestPricing.breakdown` in exact pico-dollars (failed attempts that still report
/// usage are billed by providers, so they are priced too). Estimated counts are priced only with
/// `priceEstimates`. A self-hosted entry prices the group's active window × GPU-hour rate instead
/// (`SelfHostedCost`), spread over its requests.
public struct CostPricing: Sendable {
    /// Model name → price entry.
    public var entries: [String: PriceEntry]
    public var priceEstimates: Bool
    public var batch: Bool

    public init(entries: [String: PriceEntry], priceEstimates: Bool = false, batch: Bool = false) {
        self.entries = entries; self.priceEstimates = priceEstimates; self.batch = batch
    }

    /// The token counts an attempt is priced from: its usage when it is not warmup, was sent, and its
    /// counts were reported by the server or a router (local estimates only with `priceEstimates`);
    /// else `nil`. Failed attempts that report usage count: providers bill them.
    public static func pricedUsage(_ r: RequestRecord, priceEstimates: Bool) -> Usage? {
        guard !r.warmup, r.status != .notSent, let usage = r.usage,
              usage.source.isReported || priceEstimates else { return nil }
        return usage
    }

    /// Model name → the key it is priced by, from typed settings (`price`, else the provider model id).
    public static func priceKeys(_ settings: RunSettings) -> [(model: String, key: String)] {
        settings.models.map { ($0.name, $0.priceKey) }
    }
}

/// The cost facts of one group while its records stream in: a breakdown per priced attempt (for
/// the p95 and the bootstrap), counts, and the window of a self-hosted model.
struct CostAccumulator: Sendable {
    private var priced: [(breakdown: CostBreakdown, usage: Usage)] = []
    private var unpriced = 0
    /// Σ o200k answer tokens of the priced attempts, and whether one had none.
    private var pricedO200k = 0
    private var pricedO200kMissing = false
    private var window: (first: Int64, last: Int64, n: Int, input: Int, output: Int)?

    mutating func add(_ r: RequestRecord, entry: PriceEntry?, pricing: CostPricing) {
        guard let entry else { unpriced += 1; return }
        if entry.isSelfHosted {
            guard let sent = r.sentNs, let done = r.doneNs else { return }
            var w = window ?? (sent, done, 0, 0, 0)
            w.first = min(w.first, sent); w.last = max(w.last, done); w.n += 1
            w.input += r.usage?.inputTokens ?? 0; w.output += r.usage?.outputTokens ?? 0
            window = w
            return
        }
        guard let usage = CostPricing.pricedUsage(r, priceEstimates: pricing.priceEstimates),
              let b = RequestPricing.breakdown(usage, entry: entry, batch: pricing.batch, priceEstimates: pricing.priceEstimates)
        else { unpriced += 1; return }
        priced.append((b, usage))
        if let n = r.outputO200kTokens { pricedO200k = pricedO200k.addingReportingOverflow(n).partialValue } else { pricedO200kMissing = true }
    }

    /// The finished totals, and the per-request costs in pico-dollars (the bootstrap sample).
    func finish(entry: PriceEntry?) -> (CostTotals, [Double]) {
        var t = CostTotals()
        t.entry = entry
        t.unpriced = unpriced
        if let w = window, let e = entry,
           let sh = SelfHostedCost(entry: e, activeDurationNs: w.last - w.first, requests: w.n, inputTokens: w.input, outputTokens: w.output) {
            t.selfHosted = sh
            t.selfHostedRequests = w.n
            return (t, [])
        }
        t.summary = CostSummary(priced: priced)
        if t.summary != nil && !pricedO200kMissing { t.outputO200kTokens = pricedO200k }
        return (t, priced.map { Double($0.breakdown.total) })
    }
}
