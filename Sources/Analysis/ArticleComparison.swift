import Pricing

/// The figures of the article's comparison table, computed from one run's analysis (pure).
///
/// Models are columns. Headline rows come from each model's totals over every dataset: blended
/// list price (`blended_usd_per_1m_tokens`), mean cost per request (`cost_usd_per_request_mean`)
/// with `PriceComparison.RelativeCost` labels on its ratio to the cheapest model, TTFT p50, TTFO p50
/// ("how long until the answer starts"), e2e p50 and p95, and two `RelativeSpeed` labels: "answer
/// starts" on the TTFO p50 ratio to the fastest, "writes" on the output-speed p50 ratio (o200k
/// tokens per second when the run has o200k counts, else the vendor's tokens); "what does the thinking cost": thinking time p50, reasoning tokens and
/// reasoning cost per request, reasoning's share of cost; caching: cache hit ratio and what caching
/// saved; aggregate output tokens/s, and the catalog context window. Then one section per dataset
/// (see `TaskSection`).
public struct ArticleComparison: Sendable, Equatable {
    /// One row: a metric name (or a derived key), its label, unit and one value per model.
    public struct Row: Sendable, Equatable {
        public var key: String
        public var label: String
        public var unit: MetricUnit
        public var values: [Double?]
        public init(key: String, label: String, unit: MetricUnit, values: [Double?]) {
            self.key = key; self.label = label; self.unit = unit; self.values = values
        }
    }

    /// What the table says about one dataset (its task inferred by `ArticleTask.infer`).
    public struct TaskSection: Sendable, Equatable {
        public var dataset: String
        public var task: ArticleTask
        /// The task's quality rows (`ArticleTask.qualityRows`), from the dataset's groups.
        public var quality: [Row]
        /// Primary quality ÷ `cost_usd_per_1k_requests` of the dataset's group: quality points per
        /// dollar spent on 1,000 requests. No value without a cost or with a cost of 0.
        public var qualityPerDollar: Row
        /// qa only: `cost_usd_total` ÷ exact matches, where matches = round(`exact_match_mean` / 100 ×
        /// `scored_requests`); no value when there are no matches or no cost.
        public var costPerExactMatch: Row?
        /// Cheapest model within the margin of the best on the primary quality (`BestFor`), with
        /// cost `cost_usd_per_request_mean` of the dataset's group.
        public var bestFor: BestFor.Choice?
        /// Pareto dominance on (`cost_usd_per_request_mean`, `e2e_ms_p95`, primary quality) of the
        /// dataset's groups, declared only outside the run's noise (`Pareto`).
        public var pareto: Pareto.Result
        /// `scored_requests` of each model's group: the n behind its quality values.
        public var scored: [Double?]
    }

    public var runId: String
    /// The run's label (`--label`), what the table is titled by; `nil` when the run has none.
    public var label: String?
    /// The day the run started, `YYYY-MM-DD`.
    public var date: String
    public var simulated: Bool
    public var models: [String]
    /// Margin of "best for" in points of a 0-100 scale (on ROUGE's 0-1 scale, points / 100).
    public var marginPoints: Double
    public var blended: Row
    public var costPerRequest: Row
    public var costLabels: [PriceComparison.RelativeCost?]
    /// Planned requests (`requests`) and successful attempts (`succeeded`) per model: the n behind
    /// its cost and speed figures.
    public var requests: Row
    public var succeeded: Row
    /// The catalog's word on each model when it is not current (`retired 2025-09-24`, `deprecated`).
    public var status: [String?]
    /// Whether "best for" may pick a retired or deprecated model.
    public var includeRetired: Bool
    public var speed: [Row]
    /// "Answer starts": `RelativeSpeed` of `ttfo_ms_p50`.
    public var startsLabels: [RelativeSpeed?]
    /// The output speed the "writes" label ranks: `request_output_o200k_tokens_per_s_p50` when any
    /// model has it, else `request_output_tokens_per_s_p50`.
    public var writes: Row
    /// "Writes": `RelativeSpeed` of `writes` (higher is faster).
    public var writesLabels: [RelativeSpeed?]
    /// Thinking and caching rows (`thinking_ms_p50`, `reasoning_tokens_mean`,
    /// `reasoning_cost_usd_per_request_mean`, `reasoning_cost_share`, `cache_hit_ratio`, `cache_savings_usd_total`).
    public var thinking: [Row]
    public var throughput: Row
    public var contextWindow: Row
    public var sections: [TaskSection]

    /// Default margin of "best for": 2 points on 0-100 scales, 0.02 on ROUGE.
    public static let defaultMarginPoints = 2.0

    public init(_ a: RunAnalysis, marginPoints: Double = ArticleComparison.defaultMarginPoints, includeRetired: Bool = false) {
        let models = a.models
        func totals(_ name: String) -> [Double?] { models.map { a.group(GroupKey(model: $0, dataset: nil))?.value(name) } }
        func row(_ key: String, _ label: String, _ unit: MetricUnit) -> Row { Row(key: key, label: label, unit: unit, values: totals(key)) }

        runId = a.run.id
        label = a.run.label
        date = String(a.run.startedAt.prefix(10))
        simulated = a.run.simulated
        self.models = models
        self.marginPoints = marginPoints
        self.includeRetired = includeRetired
        requests = row("requests", "Requests planned", .count)
        succeeded = row("succeeded", "Successful (n of cost and speed)", .count)
        status = models.map { a.lifecycle[$0]?.phrase }
        blended = row("blended_usd_per_1m_tokens", "Blended price, 3:1 ($/1M tokens)", .usd)
        costPerRequest = row("cost_usd_per_request_mean", "Cost per request, mean ($)", .usd)
        costLabels = PriceComparison.relativeLabels(costPerRequest.values)
        let ttfo50 = row("ttfo_ms_p50", "TTFO p50: answer starts (ms)", .ms)
        speed = [row("ttft_ms_p50", "TTFT p50 (ms)", .ms), ttfo50,
                 row("e2e_ms_p50", "E2E latency p50 (ms)", .ms), row("e2e_ms_p95", "E2E latency p95 (ms)", .ms)]
        startsLabels = RelativeSpeed.labels(ttfo50.values)
        let common = row("request_output_o200k_tokens_per_s_p50", "Output speed per request p50 (o200k tokens/s)", .tokensPerSecond)
        writes = common.values.contains { $0 != nil } ? common
            : row("request_output_tokens_per_s_p50", "Output speed per request p50 (vendor tokens/s)", .tokensPerSecond)
        writesLabels = RelativeSpeed.labels(speeds: writes.values)
        thinking = [row("thinking_ms_p50", "Thinking time p50 (TTFO − TTFT, ms)", .ms),
                    row("reasoning_tokens_mean", "Reasoning tokens per request, mean", .tokens),
                    row("reasoning_cost_usd_per_request_mean", "Reasoning cost per request, mean ($)", .usd),
                    row("reasoning_cost_share", "Reasoning share of cost", .ratio),
                    row("cache_hit_ratio", "Cache hit ratio (cached input ÷ input)", .ratio),
                    row("cache_savings_usd_total", "Saved by prompt caching, total ($)", .usd)]
        throughput = row("output_tokens_per_s", "Output tokens/s (aggregate)", .tokensPerSecond)
        contextWindow = row("context_window_tokens", "Context window (tokens)", .count)
        sections = a.datasets.compactMap { dataset in
            ArticleTask.infer(dataset: dataset, in: a).map {
                Self.section(a, dataset: dataset, task: $0, models: models, marginPoints: marginPoints,
                             eligible: includeRetired ? models : models.filter { a.lifecycle[$0]?.isCurrent ?? true })
            }
        }
    }

    static func section(_ a: RunAnalysis, dataset: String, task: ArticleTask, models: [String],
                        marginPoints: Double, eligible: [String]) -> TaskSection {
        let groups = models.map { a.group(GroupKey(model: $0, dataset: dataset)) }
        func values(_ name: String) -> [Double?] { groups.map { $0?.value(name) } }
        let quality = task.qualityRows.map { Row(key: $0.metric, label: "\($0.label) (\(dataset))", unit: .score, values: values($0.metric)) }
        let primary = values(task.primary.metric)
        let per1k = values("cost_usd_per_1k_requests")
        let qpd = zip(primary, per1k).map { q, c -> Double? in
            guard let q, let c, c > 0 else { return nil }
            return q / c
        }
        var perMatch: Row? = nil
        if task == .qa {
            let totals = values("cost_usd_total"), em = values("exact_match_mean"), scored = values("scored_requests")
            perMatch = Row(key: "cost_usd_per_exact_match", label: "Cost per exactly matching answer (\(dataset)) ($)", unit: .usd,
                           values: models.indices.map { i in
                               guard let cost = totals[i], let e = em[i], let n = scored[i] else { return nil }
                               let matches = (e / 100 * n).rounded()
                               return matches > 0 ? cost / matches : nil
                           })
        }
        let cost = values("cost_usd_per_request_mean"), p95 = values("e2e_ms_p95")
        let best = BestFor.choose(models.indices.filter { eligible.contains(models[$0]) }.map {
            BestFor.Candidate(model: models[$0], quality: primary[$0], cost: cost[$0])
        }, margin: task.margin(points: marginPoints))
        let qualityBase = String(task.primary.metric.dropLast("_mean".count))
        let pareto = Pareto.analyse(models.indices.map { i in
            let samples = groups[i].flatMap { g -> Pareto.Samples? in
                guard let c = g.samples["cost_usd_per_request"], let l = g.samples["e2e_ms"], let q = g.samples[qualityBase] else { return nil }
                return Pareto.Samples(cost: c, latency: l, quality: q)
            }
            return Pareto.Point(model: models[i], cost: cost[i], latency: p95[i], quality: primary[i], samples: samples)
        })
        return TaskSection(dataset: dataset, task: task, quality: quality,
                           qualityPerDollar: Row(key: "quality_per_usd_per_1k_requests",
                                                 label: "\(task.primary.label) per $ per 1k requests (\(dataset))",
                                                 unit: .score, values: qpd),
                           costPerExactMatch: perMatch, bestFor: best, pareto: pareto, scored: values("scored_requests"))
    }
}
