import Analysis
import Pricing

/// `llmbench price --catalog` as JSON: stable keys, money in dollars and exact pico-dollars, `null`
/// for no value.
///
/// Shape: `{"format_version": 1, "view": "price_catalog", "run_id", "simulated", "dataset",
/// "catalog_date", "volume": {requests, per, monthly_requests}, "what_if_cache_hit_ratio",
/// "include_retired", "profile": [{dataset, requests, mean_input_tokens, mean_output_tokens,
/// mean_reasoning_tokens, cache_hit_ratio, cache_write_ratio}], "profiled_models": […],
/// "models": [{rank, model, provider, source: "measured"|"projected", measured_as, lifecycle, requests,
/// usd_per_month, pico_usd_per_month, batch_usd_per_month, uncached_usd_per_month,
/// what_if_usd_per_month, prices_micro_usd_per_mtok: {input, cached_input, output}, batch_discount}],
/// "excluded": […], "notes": […], "warnings": […]}`.
public enum CatalogPriceReportJSON {
    public static func render(_ p: CatalogProjection) -> String { document(p).serialized() }

    public static func document(_ p: CatalogProjection) -> JSONValue {
        func usd(_ v: PicoDollars?) -> JSONValue { v.map { .number(Double($0) / 1e12) } ?? .null }
        let profile: [JSONValue] = p.profile.map { s in
            .object(["dataset": .optional(s.dataset), "requests": .number(Double(s.requests)),
                     "mean_input_tokens": .optional(s.meanInputTokens), "mean_output_tokens": .optional(s.meanOutputTokens),
                     "mean_reasoning_tokens": .optional(s.meanReasoningTokens),
                     "cache_hit_ratio": .optional(s.cacheHitRatio), "cache_write_ratio": .optional(s.cacheWriteRatio)])
        }
        let models: [JSONValue] = p.rows.enumerated().map { i, r in
            .object([
                "rank": .number(Double(i + 1)), "model": .string(r.model), "provider": .string(r.provider),
                "source": .string(r.isMeasured ? "measured" : "projected"), "measured_as": .optional(r.measuredAs),
                "lifecycle": .optional(r.lifecycle), "requests": .number(Double(r.requests)),
                "usd_per_month": usd(r.monthly), "pico_usd_per_month": r.monthly.map { .number(Double($0)) } ?? .null,
                "batch_usd_per_month": usd(r.batchMonthly), "uncached_usd_per_month": usd(r.uncachedMonthly),
                "what_if_usd_per_month": usd(r.whatIfMonthly),
                "prices_micro_usd_per_mtok": .object(["input": .number(Double(r.inputPrice)),
                                                      "cached_input": .number(Double(r.cachedInputPrice)),
                                                      "output": .number(Double(r.outputPrice))]),
                "batch_discount": .optional(r.batchDiscount),
            ])
        }
        return .object([
            "format_version": .number(1), "view": .string("price_catalog"), "run_id": .string(p.runId),
            "simulated": .bool(p.simulated), "dataset": .optional(p.dataset), "catalog_date": .optional(p.catalogDate),
            "volume": .object(["requests": .number(Double(p.volume.requests)), "per": .string(p.volume.per.rawValue),
                               "monthly_requests": .number(Double(p.volume.perMonth))]),
            "what_if_cache_hit_ratio": .optional(p.whatIfHitRatio), "include_retired": .bool(p.includeRetired),
            "profile": .array(profile), "profiled_models": .array(p.profiledModels.map(JSONValue.string)),
            "models": .array(models), "excluded": .array(p.excluded.map(JSONValue.string)),
            "notes": .array(CatalogPriceReport.notes(p).map(JSONValue.string)),
            "warnings": .array(p.warnings.map(JSONValue.string)),
        ])
    }
}
