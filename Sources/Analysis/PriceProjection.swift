import LLMBenchCore
import Pricing

/// `llmbench price`'s figures: each model's measured run projected to a traffic volume (pure, seeded).
///
/// Per model, from its group (one dataset's, or the model's totals over every dataset):
/// - cost: the per-request cost samples (`cost_usd_per_request`, converted back to exact
///   pico-dollars) through `CostProjector`: expected = Σ cost × monthly requests / n, and the 95%
///   seeded bootstrap interval of the mean × monthly requests;
/// - p95-token worst case: one uncached request of ⌈`input_tokens_p95`⌉ input and
///   ⌈`output_tokens_p95`⌉ output tokens at the price entry's tier for that prompt, × monthly requests;
/// - rates: requests/min = monthly / 43,200; tokens/min = requests/min × (`input_tokens_mean` +
///   `output_tokens_mean`); concurrency (Little's law) = requests/s × `e2e_ms_mean` / 1000; each
///   checked against the limits in the run's settings.
public struct PriceProjection: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var model: String
        /// The catalog entry's model id, `nil` when the model has no price.
        public var priceModel: String?
        /// Priced requests the projection is drawn from.
        public var measuredRequests: Int
        /// `nil` when the model has no price or no priced request.
        public var projection: CostProjection?
        /// Why there is no projection ("no price", "no priced requests"), else `nil`.
        public var note: String?
    }

    public var runId: String
    public var simulated: Bool
    /// The dataset projected, `nil` for every dataset (the model totals).
    public var dataset: String?
    public var volume: Volume
    public var seed: UInt64
    public var rows: [Row]
    /// One per model without a price, naming it.
    public var warnings: [String]

    /// Projects every model of `analysis`; `entries` maps a model's report name to the price entry its
    /// requests were priced with. Throws (exit 65) when the dataset is not in the run or no model of
    /// it has a priced request.
    public init(_ analysis: RunAnalysis, dataset: String?, volume: Volume, entries: [String: PriceEntry],
                seed: UInt64, resamples: Int = 2000) throws {
        let settings = Dictionary(RunModelSettings.parse(settingsJSON: analysis.run.settingsJSON).map { ($0.name, $0) },
                                  uniquingKeysWith: { a, _ in a })
        if let dataset, !analysis.datasets.contains(dataset) {
            throw LLMBenchError.data("--dataset \(dataset): run \(analysis.run.id) has no such dataset (it has: "
                + analysis.datasets.joined(separator: ", ") + ")")
        }
        var rows: [Row] = []
        var warnings: [String] = []
        for model in analysis.models {
            let s = settings[model] ?? RunModelSettings(name: model)
            let entry = entries[model]
            if let phrase = analysis.lifecycle[model]?.phrase {
                warnings.append("model \(model): the price catalog marks it \(phrase); a projection for a model you cannot keep buying")
            }
            let group = analysis.group(GroupKey(model: model, dataset: dataset))
            let costs = (group?.samples["cost_usd_per_request"] ?? []).compactMap { MoneyMath.roundedInt64($0 * 1e12) }
            guard let entry else {
                warnings.append("model \(model) has no price (price key \"\(s.priceKey ?? s.modelId ?? model)\"; add it with --prices FILE): no cost projected")
                rows.append(Row(model: model, priceModel: nil, measuredRequests: 0, projection: nil, note: "no price"))
                continue
            }
            guard let group, !costs.isEmpty,
                  var p = CostProjector.project(samples: costs.map { CostProjector.Sample(cost: $0, inputTokens: 0, outputTokens: 0) },
                                                meanLatencyNs: Int64(((group.value("e2e_ms_mean") ?? 0) * 1e6).rounded()),
                                                volume: volume, limits: s.limits, entry: nil, seed: seed, resamples: resamples)
            else {
                rows.append(Row(model: model, priceModel: entry.model, measuredRequests: 0, projection: nil, note: "no priced requests"))
                continue
            }
            p.p95InputTokens = Int((group.value("input_tokens_p95") ?? 0).rounded(.up))
            p.p95OutputTokens = Int((group.value("output_tokens_p95") ?? 0).rounded(.up))
            p.p95TokenWorstCaseMonthly = RequestPricing.worstCaseAtTokens(input: p.p95InputTokens, output: p.p95OutputTokens, entry: entry)
                .flatMap { one in
                    let (v, o) = one.multipliedReportingOverflow(by: Int64(p.monthlyRequests))
                    return o ? nil : v
                }
            p.tokensPerMinute.needed = volume.perMinute * ((group.value("input_tokens_mean") ?? 0) + (group.value("output_tokens_mean") ?? 0))
            rows.append(Row(model: model, priceModel: entry.model, measuredRequests: group.value("requests_priced").map { Int($0) } ?? costs.count,
                           projection: p, note: nil))
        }
        guard rows.contains(where: { $0.projection != nil }) else {
            throw LLMBenchError.data("run \(analysis.run.id) has no priced requests"
                + (dataset.map { " on dataset \($0)" } ?? "")
                + " (only requests with provider-reported token counts and a price entry are priced)")
        }
        self.runId = analysis.run.id; self.simulated = analysis.run.simulated; self.dataset = dataset
        // Cheapest first (expected monthly cost), unpriced rows last, ties by model name.
        self.volume = volume; self.seed = seed; self.warnings = warnings
        self.rows = rows.sorted { a, b in
            switch (a.projection?.expectedMonthly, b.projection?.expectedMonthly) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.model < b.model
            }
        }
    }

    /// The price entry of a model: its `price` key, else its provider model id, else its name; a
    /// simulated model's key goes through the catalog's `simulated_profiles` first.
    public static func entry(for s: RunModelSettings, catalog: PriceCatalog) -> PriceEntry? {
        let key = s.priceKey ?? s.modelId ?? s.name
        if s.kind == ProviderKind.simulated.rawValue, let real = catalog.simulatedProfiles[key], let e = catalog.entry(for: real) {
            return e
        }
        return catalog.entry(for: key) ?? catalog.entry(for: s.name)
    }
}
