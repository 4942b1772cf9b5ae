import LLMBenchCore

/// What pricing one request gave: a cost, or the reason there is none (never a silent 0).
public enum CostOutcome: Sendable, Equatable {
    case priced(PicoDollars)
    /// The catalog has no entry for this model (the report shows "no price" and warns, naming it).
    case noPrice(model: String)
    /// Token counts were estimated locally and estimates were not asked to be priced.
    case estimatedNotPriced
    /// The request has no token counts at all (e.g. it failed before any usage arrived).
    case noUsage
    /// A self-hosted (GPU-hour) model: priced per run with `SelfHostedCost`, not per request.
    case selfHosted(model: String)
    /// Counts × prices would not fit in 64-bit pico-dollars (±$9.2 million for one request): absurd
    /// counts from a server, never priced rather than wrapped or trapped.
    case outOfRange

    /// The cost when priced.
    public var picoDollars: PicoDollars? { if case .priced(let p) = self { return p } else { return nil } }

    /// Display text: dollars, or "no price" / "estimate (not priced)" / "no usage" / "per GPU-hour".
    public var display: String {
        switch self {
        case .priced(let p): return MoneyFormat.dollars(p)
        case .noPrice: return "no price"
        case .estimatedNotPriced: return "estimate (not priced)"
        case .noUsage: return "no usage"
        case .selfHosted: return "per GPU-hour"
        case .outOfRange: return "out of range (not priced)"
        }
    }
}

/// One request's cost split by kind of token, in pico-dollars.
public struct CostBreakdown: Sendable, Equatable {
    public var uncachedInput: PicoDollars
    public var cachedInput: PicoDollars
    /// 5-minute cache writes.
    public var cacheWrite: PicoDollars
    /// 1-hour cache writes.
    public var cacheWrite1h: PicoDollars = 0
    /// What the cached and cache-written tokens would have cost uncached, at the input price.
    public var cacheTokensAtInputPrice: PicoDollars = 0
    /// Non-reasoning output.
    public var output: PicoDollars
    public var reasoning: PicoDollars
    /// Threshold of the long-context tier the request paid, `nil` for base prices.
    public var tierAbovePromptTokens: Int?
    /// Discount applied in parts per million (500000 = 50%); 0 when none.
    public var batchDiscountPPM: Int64
    /// True when the token counts were local estimates (priced on request).
    public var fromEstimates: Bool

    /// Every input-side part (after any batch discount).
    public var input: PicoDollars { uncachedInput + cachedInput + cacheWrite + cacheWrite1h }
    /// What caching saved: the cached and written tokens at the input price, less what they cost
    /// (cache reads + writes); negative when writes cost more than the reads saved.
    public var cachingSavings: PicoDollars { cacheTokensAtInputPrice - cachedInput - cacheWrite - cacheWrite1h }
    /// Every output-side part (after any batch discount).
    public var outputTotal: PicoDollars { output + reasoning }
    public var total: PicoDollars { input + outputTotal }
}

/// Prices requests from their normalised token counts (see `Usage`).
public enum RequestPricing {
    /// The cost of one request, in pico-dollars:
    ///
    ///     (input − cached − cacheWrite) × inputPrice + cached × cachedPrice
    ///     + (cacheWrite − cacheWrite1h) × writePrice + cacheWrite1h × write1hPrice
    ///     + (output − reasoning) × outputPrice + reasoning × reasoningPrice
    ///
    /// with prices in micro-dollars per million tokens (= pico-dollars per token), so the sum is exact.
    /// The whole request pays a long-context tier's prices when its prompt (`inputTokens`, cached and
    /// cache-written included) is above the tier's threshold. A missing cached/write price is the input
    /// price; a missing 1-hour write price the 5-minute one; a missing reasoning price the output price.
    /// Caching savings = (cached + cacheWrite) × inputPrice − what those tokens cost. Inconsistent counts are clamped at zero
    /// (cached + write > input, reasoning > output). With `batch`, each of the two sides (input, output)
    /// is multiplied by `1 − batch_discount` and rounded half away from zero; an entry with no batch
    /// discount is charged in full. Only reported counts (`server`, `router`) are priced unless `priceEstimates`.
    public static func breakdown(_ usage: Usage, entry: PriceEntry, batch: Bool = false,
                                 priceEstimates: Bool = false) -> CostBreakdown? {
        if usage.source.isLocalCount && !priceEstimates { return nil }
        guard let (p, tier) = entry.prices(forPromptTokens: usage.inputTokens) else { return nil }
        let input = max(0, usage.inputTokens)
        let cached = min(max(0, usage.cachedInputTokens), input)
        let write = min(max(0, usage.cacheWriteTokens), input - cached)
        let write1h = min(max(0, usage.cacheWrite1hTokens), write)
        let uncached = input - cached - write
        let output = max(0, usage.outputTokens)
        let reasoning = min(max(0, usage.reasoningTokens), output)

        // Checked: a count or price from outside may be absurd; such a request is not priced (nil).
        guard let ui = MoneyMath.product(uncached, p.input), let ci = MoneyMath.product(cached, p.cachedInput),
              let wi = MoneyMath.product(write - write1h, p.cacheWrite), let w1 = MoneyMath.product(write1h, p.cacheWrite1h),
              let oo = MoneyMath.product(output - reasoning, p.output),
              let ro = MoneyMath.product(reasoning, p.reasoningOutput),
              let atInput = MoneyMath.product(cached + write, p.input),
              MoneyMath.sum([ui, ci, wi, w1, oo, ro]) != nil else { return nil }
        var b = CostBreakdown(
            uncachedInput: ui, cachedInput: ci, cacheWrite: wi, cacheWrite1h: w1, cacheTokensAtInputPrice: atInput,
            output: oo, reasoning: ro, tierAbovePromptTokens: tier?.abovePromptTokens, batchDiscountPPM: 0,
            fromEstimates: usage.source.isLocalCount)
        if batch, let d = entry.batchDiscount, d > 0 {
            let ppm = MoneyMath.roundedInt64(d * 1_000_000) ?? 0
            b = applyDiscount(b, ppm: ppm)
        }
        return b
    }

    /// The outcome for one request: `nil` usage → `.noUsage`, no entry → `.noPrice`, self-hosted →
    /// `.selfHosted`, estimates not asked for → `.estimatedNotPriced`, a cost past 64 bits →
    /// `.outOfRange`, else `.priced(total)`.
    public static func price(_ usage: Usage?, model: String, entry: PriceEntry?, batch: Bool = false,
                             priceEstimates: Bool = false) -> CostOutcome {
        guard let entry else { return .noPrice(model: model) }
        if entry.isSelfHosted { return .selfHosted(model: model) }
        guard let usage else { return .noUsage }
        if usage.source.isLocalCount && !priceEstimates { return .estimatedNotPriced }
        guard entry.prices(forPromptTokens: usage.inputTokens) != nil else { return .noPrice(model: model) }
        guard let b = breakdown(usage, entry: entry, batch: batch, priceEstimates: priceEstimates) else {
            return .outOfRange
        }
        return .priced(b.total)
    }

    /// Worst-case cost of one request for `--dry-run` / `--max-cost`: every prompt token uncached at the
    /// input price (of the tier the prompt falls in) and `maxOutputTokens` at the higher of the output
    /// and reasoning prices. `nil` for a self-hosted entry or one without prices; saturates at
    /// `Int64.max` pico-dollars (a cap then refuses the request, which is what a worst case is for).
    public static func worstCase(estimatedInputTokens: Int, maxOutputTokens: Int, entry: PriceEntry,
                                 batch: Bool = false) -> PicoDollars? {
        guard let (p, tier) = entry.prices(forPromptTokens: estimatedInputTokens) else { return nil }
        guard let i = MoneyMath.product(max(0, estimatedInputTokens), p.input),
              let o = MoneyMath.product(max(0, maxOutputTokens), max(p.output, p.reasoningOutput)),
              MoneyMath.sum([i, o]) != nil else { return Int64.max }
        var b = CostBreakdown(
            uncachedInput: i, cachedInput: 0, cacheWrite: 0, output: o, reasoning: 0,
            tierAbovePromptTokens: tier?.abovePromptTokens, batchDiscountPPM: 0, fromEstimates: true)
        if batch, let d = entry.batchDiscount, d > 0 {
            b = applyDiscount(b, ppm: MoneyMath.roundedInt64(d * 1_000_000) ?? 0)
        }
        return b.total
    }

    /// Worst case of many requests, each `(estimatedInputTokens, maxOutputTokens)`; `nil` without prices.
    public static func worstCase(of requests: [(estimatedInputTokens: Int, maxOutputTokens: Int)],
                                 entry: PriceEntry, batch: Bool = false) -> PicoDollars? {
        var sum: PicoDollars = 0
        for r in requests {
            guard let c = worstCase(estimatedInputTokens: r.estimatedInputTokens,
                                    maxOutputTokens: r.maxOutputTokens, entry: entry, batch: batch) else { return nil }
            sum = MoneyMath.saturatingSum(sum, c)
        }
        return sum
    }

    /// Scales the input side and the output side by `(10^6 − ppm) / 10^6`, each rounded half away from
    /// zero; the rounded side is kept in `uncachedInput` / `output` so the parts still sum to the total.
    static func applyDiscount(_ b: CostBreakdown, ppm: Int64) -> CostBreakdown {
        let keep = 1_000_000 - ppm
        func scale(_ v: PicoDollars) -> PicoDollars { MoneyMath.mulDivRounded(v, keep, 1_000_000) ?? v }
        var r = b
        r.cachedInput = scale(b.cachedInput)
        r.cacheWrite = scale(b.cacheWrite)
        r.cacheWrite1h = scale(b.cacheWrite1h)
        r.cacheTokensAtInputPrice = scale(b.cacheTokensAtInputPrice)
        r.uncachedInput = scale(b.input) - r.cachedInput - r.cacheWrite - r.cacheWrite1h
        r.reasoning = scale(b.reasoning)
        r.output = scale(b.outputTotal) - r.reasoning
        r.batchDiscountPPM = ppm
        return r
    }
}
