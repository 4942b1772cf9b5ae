import LLMBenchCore
import Pricing
import Quality

/// Load health and goodput (issue 7): model-level rates and the SLO share.
extension Metric {
    /// The schedule's rate, req/s (open-loop profiles); no value for closed loop.
    public static let requestedRate = Metric(
        name: "requested_rate_per_s", label: "Requested rate", storedUnit: .requestsPerSecond, direction: .neutral,
        family: .load, scope: .model, shape: .scalar(inSummary: false),
        formula: "--rate of an open-loop profile (constant, poisson), per model; no value for closed loop",
        compute: .total { $0.load?.requestedRatePerSecond })

    /// Achieved send rate, req/s: (n − 1) / ((last sent − first sent) / 1e9) over the model's first attempts.
    public static let achievedRate = Metric(
        name: "achieved_rate_per_s", label: "Achieved send rate", storedUnit: .requestsPerSecond, direction: .higherIsBetter,
        family: .load, scope: .model, shape: .scalar(inSummary: false),
        formula: "(n − 1) / ((last sent − first sent) / 1e9) over the model's n sent first attempts (retries are not arrivals)",
        compute: .total { $0.load?.achievedRatePerSecond })

    /// Goodput of a model, req/s: successful requests meeting every `--slo` objective / active duration.
    public static let goodput = Metric(
        name: "goodput_per_s", label: "Goodput (requests meeting every SLO)", storedUnit: .requestsPerSecond,
        direction: .higherIsBetter, family: .load, scope: .model, shape: .scalar(inSummary: true),
        formula: "successful attempts meeting every --slo objective / active_duration_s, per model",
        condition: .sloGiven, compute: .total { $0.perSecond($0.sloMet) })

    /// Share of sent attempts meeting every SLO.
    public static let sloMetFraction = Metric(
        name: "slo_met_fraction", label: "Attempts meeting every SLO", storedUnit: .ratio, direction: .higherIsBetter,
        family: .load, shape: .scalar(inSummary: true),
        formula: "successful attempts meeting every --slo objective / attempts",
        condition: .sloGiven, compute: .total { GroupTotals.ratio($0.sloMet, $0.attempts) })
}

/// Cost (issue 5): exact pico-dollar sums from `RequestPricing`, shown in USD.
extension Metric {
    static func cost(_ name: String, _ label: String, summary: Bool, unit: MetricUnit = .picoUSD, _ formula: String,
                     _ value: @escaping @Sendable (CostTotals) -> Double?) -> Metric {
        Metric(name: name, label: label, storedUnit: unit, displayUnit: .usd, direction: .lowerIsBetter, family: .cost,
               shape: .scalar(inSummary: summary), formula: formula, compute: .total { value($0.cost) })
    }

    public static let costPerRequestMean = cost("cost_usd_per_request_mean", "Cost per request, mean", summary: true,
        "Σ cost / priced requests (self-hosted: run cost / requests)") { c in
        c.selfHosted.map { $0.perRequest.map(Double.init) } ?? c.summary?.meanPerRequest
    }
    public static let costPerRequestP95 = cost("cost_usd_per_request_p95", "Cost per request, p95", summary: true,
        "95th percentile of cost per priced request (linear interpolation)") { c in
        c.selfHosted == nil ? c.summary?.p95PerRequest : nil
    }
    public static let costPer1kRequests = cost("cost_usd_per_1k_requests", "Cost per 1,000 requests", summary: true,
        "Σ cost × 1000 / priced requests") { c in
        if let sh = c.selfHosted { return sh.perRequest.map { Double($0) * 1000 } }
        return c.summary.map { Double($0.per1000Requests) }
    }
    public static let costTotal = cost("cost_usd_total", "Total cost of the run", summary: true,
        "Σ cost of the group's priced requests (self-hosted: GPU-hour rate × GPUs × active duration)") { c in
        if let sh = c.selfHosted { return Double(sh.runCost) }
        return c.summary.map { Double($0.total) }
    }
    public static let paidPerMInput = cost("usd_per_1m_input_tokens", "Paid per 1M input tokens", summary: false,
                                           unit: .picoUSDPerToken,
        "Σ input-side cost / Σ input tokens × 10⁶ (what was paid, caching included)") { c in
        c.selfHosted == nil ? c.summary?.paidInputPerMTokMicros : nil
    }
    public static let paidPerMOutput = cost("usd_per_1m_output_tokens", "Paid per 1M output tokens", summary: false,
                                            unit: .picoUSDPerToken, "Σ output-side cost / Σ output tokens × 10⁶") { c in
        c.selfHosted == nil ? c.summary?.paidOutputPerMTokMicros : nil
    }
    public static let blendedPrice = cost("blended_usd_per_1m_tokens", "Blended list price per 1M tokens (3:1)", summary: true,
                                          unit: .picoUSDPerToken,
        "the model's 3:1 blended list price (3 × input + output) / 4") { c in c.entry.flatMap(PriceComparison.blended) }

    public static let reasoningCostTotal = cost("reasoning_cost_usd_total", "Reasoning cost of the run", summary: false,
        "Σ reasoning_tokens × reasoning price (the output price unless priced apart) over priced requests") { c in
        c.selfHosted == nil ? c.summary.map { Double($0.reasoningCost) } : nil
    }
    public static let reasoningCostPerRequest = cost("reasoning_cost_usd_per_request_mean", "Reasoning cost per request, mean",
        summary: true, "Σ reasoning cost / priced requests") { c in
        guard c.selfHosted == nil, let s = c.summary, s.pricedRequests > 0 else { return nil }
        return Double(s.reasoningCost) / Double(s.pricedRequests)
    }
    public static let reasoningCostShare = Metric(
        name: "reasoning_cost_share", label: "Reasoning share of cost", storedUnit: .ratio, direction: .neutral,
        family: .cost, shape: .scalar(inSummary: true), formula: "Σ reasoning cost / Σ cost over priced requests",
        compute: .total { t in
            guard t.cost.selfHosted == nil, let s = t.cost.summary, s.total > 0 else { return nil }
            return Double(s.reasoningCost) / Double(s.total)
        })
    public static let cacheSavingsTotal = Metric(
        name: "cache_savings_usd_total", label: "Saved by prompt caching", storedUnit: .picoUSD, displayUnit: .usd,
        direction: .higherIsBetter, family: .cost, shape: .scalar(inSummary: true),
        formula: "Σ (cached + cache_write) × input price − (cached × cached price + 5m writes × write price + 1h writes × 1h write price); negative when writes cost more than reads saved",
        compute: .total { t in t.cost.selfHosted == nil ? t.cost.summary.map { Double($0.cachingSavings) } : nil })
    public static let cacheSavingsPerRequest = Metric(
        name: "cache_savings_usd_per_request_mean", label: "Saved by prompt caching per request, mean", storedUnit: .picoUSD,
        displayUnit: .usd, direction: .higherIsBetter, family: .cost, shape: .scalar(inSummary: false),
        formula: "cache_savings_usd_total / priced requests",
        compute: .total { t in
            guard t.cost.selfHosted == nil, let s = t.cost.summary, s.pricedRequests > 0 else { return nil }
            return Double(s.cachingSavings) / Double(s.pricedRequests)
        })

    static func costCount(_ name: String, _ label: String, _ formula: String, unit: MetricUnit = .count,
                          _ value: @escaping @Sendable (CostTotals) -> Double?) -> Metric {
        Metric(name: name, label: label, storedUnit: unit, direction: .neutral, family: .cost,
               shape: .scalar(inSummary: false), formula: formula, compute: .total { value($0.cost) })
    }

    public static let requestsPriced = costCount("requests_priced", "Requests priced",
        "non-warmup sent attempts with token counts and a price") { c in
        c.selfHosted != nil ? Double(c.selfHostedRequests) : Double(c.summary?.pricedRequests ?? 0)
    }
    public static let requestsPricedFromEstimates = costCount("requests_priced_from_estimates", "Requests priced from estimated tokens",
        "priced attempts whose token counts are local estimates (only with --price-estimates)") { c in
        c.summary.map { Double($0.pricedFromEstimates) }
    }
    public static let requestsUnpriced = costCount("requests_unpriced", "Requests with no price",
        "sent attempts with no price entry or no (server) token counts") { Double($0.unpriced) }
    public static let contextWindow = costCount("context_window_tokens", "Context window",
        "the catalog entry's context window", unit: .tokens) { c in c.entry?.contextWindow.map(Double.init) }
}

/// Answer quality (issue 6): the mean of each stored score over the group's scored responses.
extension Metric {
    static func quality(_ m: QualityMetricName) -> Metric {
        Metric(name: m.rawValue, label: m.label, storedUnit: .score, direction: .higherIsBetter, family: .quality,
               shape: .distribution(statistics: [.mean], summary: [.mean]),
               formula: "mean of the \(m.rawValue) score over the group's scored responses (\(m.isUnitInterval ? "0–1" : "0–100"))",
               compute: .score(m))
    }

    public static let scoredRequests = Metric(
        name: "scored_requests", label: "Scored responses", storedUnit: .count, direction: .neutral, family: .quality,
        shape: .scalar(inSummary: false), formula: "successful non-warmup attempts with at least one stored score",
        compute: .total { Double($0.scored) })
}

extension QualityMetricName {
    /// ROUGE F-measures are 0–1; the others 0–100.
    public var isUnitInterval: Bool { [.rouge1F, .rouge2F, .rougeLF, .rougeLsumF].contains(self) }

    public var label: String {
        switch self {
        case .rouge1F: return "ROUGE-1 F (0-1)"
        case .rouge2F: return "ROUGE-2 F (0-1)"
        case .rougeLF: return "ROUGE-L F (0-1)"
        case .rougeLsumF: return "ROUGE-Lsum F (0-1)"
        case .bleu: return "BLEU (sentence, mean)"
        case .chrf: return "chrF (sentence, mean)"
        case .exactMatch: return "Exact match (%)"
        case .f1: return "F1 (%)"
        }
    }
}
