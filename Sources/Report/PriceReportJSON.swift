import Analysis
import Pricing

/// `llmbench price` as JSON: stable keys, money in dollars and in exact pico-dollars, `null` for no value.
///
/// Shape: `{"format_version": 1, "view": "price", "run_id", "simulated", "dataset", "seed",
/// "volume": {requests, per, monthly_requests}, "warnings": […], "models": [{model, price_model,
/// priced_requests, note, projection: {expected_usd_per_month, expected_pico_usd_per_month,
/// interval_usd_per_month: [low, high], resamples, p95_worst_case_usd_per_month, p95_input_tokens,
/// p95_output_tokens, requests_per_min: {needed, limit, over}, tokens_per_min: {…}, concurrency: {…}} | null}]}`.
public enum PriceReportJSON {
    public static func render(_ p: PriceProjection) -> String { document(p).serialized() }

    public static func document(_ p: PriceProjection) -> JSONValue {
        func usd(_ v: PicoDollars) -> JSONValue { .number(Double(v) / 1e12) }
        func check(_ c: LimitCheck) -> JSONValue {
            .object(["needed": .number(c.needed), "limit": .optional(c.limit), "over": c.over.map(JSONValue.bool) ?? .null])
        }
        let models: [JSONValue] = p.rows.map { r in
            .object([
                "model": .string(r.model), "price_model": .optional(r.priceModel),
                "priced_requests": .number(Double(r.measuredRequests)), "note": .optional(r.note),
                "projection": r.projection.map { x in
                    .object([
                        "monthly_requests": .number(Double(x.monthlyRequests)),
                        "expected_usd_per_month": usd(x.expectedMonthly),
                        "expected_pico_usd_per_month": .number(Double(x.expectedMonthly)),
                        "interval_usd_per_month": .array([usd(x.intervalLow), usd(x.intervalHigh)]),
                        "resamples": .number(Double(x.resamples)),
                        "p95_worst_case_usd_per_month": x.p95TokenWorstCaseMonthly.map(usd) ?? .null,
                        "p95_input_tokens": .number(Double(x.p95InputTokens)),
                        "p95_output_tokens": .number(Double(x.p95OutputTokens)),
                        "requests_per_min": check(x.requestsPerMinute),
                        "tokens_per_min": check(x.tokensPerMinute),
                        "concurrency": check(x.concurrency),
                    ])
                } ?? .null,
            ])
        }
        return .object([
            "format_version": .number(1), "view": .string("price"), "run_id": .string(p.runId),
            "simulated": .bool(p.simulated), "dataset": .optional(p.dataset), "seed": .number(Double(p.seed)),
            "volume": .object(["requests": .number(Double(p.volume.requests)), "per": .string(p.volume.per.rawValue),
                               "monthly_requests": .number(Double(p.volume.perMonth))]),
            "warnings": .array(p.warnings.map(JSONValue.string)),
            "models": .array(models),
        ])
    }
}
