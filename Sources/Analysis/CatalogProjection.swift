import LLMBenchCore
import Pricing

/// `llmbench price --catalog`'s figures: a run's measured token profile projected onto every model
/// of the price catalog, not only the ones that ran (pure).
///
/// Per catalog entry, the requests it is priced from are:
/// - **measured**: a model of the run that prices at this entry (`PriceProjection.entry`) and has
///   priced attempts: its own attempts (its own tokenizer's counts);
/// - **projected**: every other entry: the attempts of every model of the run, pooled (the profile).
///
/// Each row's figures are `CatalogCost.monthly` in its four variants (as measured, batch, uncached,
/// and cached at a what-if hit ratio when one is given). Lifecycle (judged on `today`): a retired
/// entry is left out unless `includeRetired` (a measured one is always kept), a deprecated one is
/// kept and marked. Entries without token prices (self-hosted, priced per GPU-hour) are left out
/// and named. Rows are ordered by the as-measured monthly cost, cheapest first, then by model id.
public struct CatalogProjection: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        /// The catalog entry's model id.
        public var model: String
        public var provider: String
        /// The run's model priced at this entry when measured, `nil` when projected.
        public var measuredAs: String?
        /// `retired 2025-09-24`, `deprecated, retires …`; `nil` when current.
        public var lifecycle: String?
        /// Base prices, micro-dollars per million tokens (cached input falls back to input).
        public var inputPrice: Int64
        public var cachedInputPrice: Int64
        public var outputPrice: Int64
        public var batchDiscount: Double?
        /// Priced attempts the figures come from.
        public var requests: Int
        /// Monthly cost, pico-dollars, per `CatalogCost.Variant`; `nil` when it has no value (no batch
        /// discount, no what-if ratio given, or past 64 bits).
        public var monthly: PicoDollars?
        public var batchMonthly: PicoDollars?
        public var uncachedMonthly: PicoDollars?
        public var whatIfMonthly: PicoDollars?
        public var isMeasured: Bool { measuredAs != nil }
    }

    public var runId: String
    public var simulated: Bool
    /// The dataset projected, `nil` for every dataset.
    public var dataset: String?
    public var volume: Volume
    /// The what-if cache hit ratio (`--cache-hit-ratio`), `nil` when not given.
    public var whatIfHitRatio: Double?
    public var includeRetired: Bool
    public var catalogDate: String?
    /// The profile per dataset of the run, then over every dataset (`dataset == nil`).
    public var profile: [TokenProfileSummary]
    /// The models whose counts the projected rows are priced from.
    public var profiledModels: [String]
    public var rows: [Row]
    /// Catalog entries left out, each `id (why)`.
    public var excluded: [String]
    /// Sentences a reader must see (a model that ran without a catalog entry, a stale catalog).
    public var warnings: [String]

    /// Throws (exit 65) when `dataset` is not in the profile or nothing of the run was priced.
    /// - Parameters:
    ///   - settings: the run's models (name, kind, id, price key), to find each one's entry.
    ///   - today: `YYYY-MM-DD` (UTC) the lifecycle is judged on.
    public init(runId: String, simulated: Bool, profile: TokenProfile, settings: [RunModelSettings],
                catalog: PriceCatalog, dataset: String?, volume: Volume, today: String,
                includeRetired: Bool = false, whatIfHitRatio: Double? = nil) throws {
        if let dataset, !profile.datasets.contains(dataset) {
            throw LLMBenchError.data("--dataset \(dataset): run \(runId) has no priced requests on such a dataset (it has: "
                + profile.datasets.joined(separator: ", ") + ")")
        }
        let pooled = profile.usages(model: nil, dataset: dataset)
        guard !pooled.isEmpty else {
            throw LLMBenchError.data("run \(runId) has no priced requests"
                + " (only requests with provider-reported token counts make a token profile; --price-estimates adds estimated ones)")
        }
        self.runId = runId; self.simulated = simulated; self.dataset = dataset; self.volume = volume
        self.whatIfHitRatio = whatIfHitRatio; self.includeRetired = includeRetired; self.catalogDate = catalog.catalogDate
        self.profile = profile.datasets.map { profile.summary(dataset: $0) } + [profile.summary(dataset: nil)]
        self.profiledModels = profile.models
        var warnings: [String] = []

        // Which run models measure which entry.
        var measuredBy: [String: [String]] = [:]
        let byName = Dictionary(settings.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for model in profile.models {
            let s = byName[model] ?? RunModelSettings(name: model)
            guard let e = PriceProjection.entry(for: s, catalog: catalog) else {
                warnings.append("model \(model) ran but the catalog has no entry for it (price key \"\(s.priceKey ?? s.modelId ?? model)\"; "
                                + "add it with --prices FILE): it is not in the table")
                continue
            }
            if !profile.usages(model: model, dataset: dataset).isEmpty { measuredBy[e.model, default: []].append(model) }
        }

        var rows: [Row] = []
        var excluded: [String] = []
        for entry in catalog.entries {
            let life = ModelLifecycle(entry, on: today)
            let measured = measuredBy[entry.model] ?? []
            guard !entry.isSelfHosted, let base = entry.prices?.resolved() else {
                excluded.append("\(entry.model) (\(entry.isSelfHosted ? "self-hosted, priced per GPU-hour" : "no token prices"))")
                continue
            }
            if case .retired = life, !includeRetired, measured.isEmpty {
                excluded.append("\(entry.model) (\(life.phrase ?? "retired"))")
                continue
            }
            let sources: [(String?, [Usage])] = measured.isEmpty
                ? [(nil, pooled)]
                : measured.map { ($0, profile.usages(model: $0, dataset: dataset)) }
            for (runModel, usages) in sources {
                func month(_ v: CatalogCost.Variant) -> PicoDollars? {
                    CatalogCost.monthly(usages, entry: entry, variant: v, volume: volume, priceEstimates: profile.priceEstimates)
                }
                rows.append(Row(model: entry.model, provider: entry.provider, measuredAs: runModel, lifecycle: life.phrase,
                                inputPrice: base.input, cachedInputPrice: base.cachedInput, outputPrice: base.output,
                                batchDiscount: entry.batchDiscount, requests: usages.count,
                                monthly: month(.asMeasured), batchMonthly: month(.batch), uncachedMonthly: month(.uncached),
                                whatIfMonthly: whatIfHitRatio.flatMap { month(.cachedAt($0)) }))
            }
        }
        if let age = CatalogNotices.age(catalogDate: catalog.catalogDate, today: today) { warnings.append(age) }
        self.excluded = excluded
        self.warnings = warnings
        self.rows = rows.sorted { a, b in
            switch (a.monthly, b.monthly) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return (a.model, a.measuredAs ?? "") < (b.model, b.measuredAs ?? "")
            }
        }
    }
}
