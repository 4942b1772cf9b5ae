/// Token prices of one model (or one long-context tier of it), each in integer micro-dollars per
/// million tokens, which is exactly pico-dollars per token.
///
/// `nil` means "not priced apart": cached input and cache writes then cost the input price, and
/// reasoning output costs the output price (see `resolved(over:)`).
public struct TokenPrices: Sendable, Equatable, Codable {
    public var input: Int64?
    /// Input read from the provider's prompt cache.
    public var cachedInput: Int64?
    /// Input written to the prompt cache (Anthropic's 5-minute write price).
    public var cacheWrite: Int64?
    /// Input written to the prompt cache with a 1-hour lifetime (Anthropic: 2× the input price).
    public var cacheWrite1h: Int64?
    public var output: Int64?
    /// Reasoning (thinking) output, where a provider prices it apart from other output.
    public var reasoningOutput: Int64?

    public init(input: Int64? = nil, cachedInput: Int64? = nil, cacheWrite: Int64? = nil,
                output: Int64? = nil, reasoningOutput: Int64? = nil, cacheWrite1h: Int64? = nil) {
        self.input = input; self.cachedInput = cachedInput; self.cacheWrite = cacheWrite; self.cacheWrite1h = cacheWrite1h
        self.output = output; self.reasoningOutput = reasoningOutput
    }

    enum CodingKeys: String, CodingKey {
        case input, cachedInput = "cached_input", cacheWrite = "cache_write", cacheWrite1h = "cache_write_1h", output
        case reasoningOutput = "reasoning_output"
    }

    /// This tier's prices with each missing field taken from `base`, then the fallbacks applied:
    /// cached input and cache write → input price, 1-hour cache write → the (5-minute) cache write
    /// price, reasoning → output price. `nil` when the input or output price is still missing.
    public func resolved(over base: TokenPrices? = nil) -> ResolvedPrices? {
        guard let input = input ?? base?.input, let output = output ?? base?.output else { return nil }
        let write = cacheWrite ?? base?.cacheWrite ?? input
        return ResolvedPrices(
            input: input,
            cachedInput: cachedInput ?? base?.cachedInput ?? input,
            cacheWrite: write,
            cacheWrite1h: cacheWrite1h ?? base?.cacheWrite1h ?? write,
            output: output,
            reasoningOutput: reasoningOutput ?? base?.reasoningOutput ?? output)
    }
}

/// Token prices with every fallback applied, in micro-dollars per million tokens (pico-dollars per token).
public struct ResolvedPrices: Sendable, Equatable {
    public var input: Int64
    public var cachedInput: Int64
    public var cacheWrite: Int64
    public var cacheWrite1h: Int64
    public var output: Int64
    public var reasoningOutput: Int64
}

/// A long-context price tier: a request whose prompt (all input tokens, cached and cache-written
/// included) is above `abovePromptTokens` pays these prices on every token, output included.
///
/// "Above" means strictly greater (`>`), as OpenAI-, Google- and Anthropic-published tiers read
/// ("prompts longer than 128k", "prompts > 200k tokens", "requests that exceed 200K input tokens");
/// set `inclusive` for a tier that starts at the threshold (`≥`).
public struct PriceTier: Sendable, Equatable, Codable {
    public var abovePromptTokens: Int
    public var inclusive: Bool?
    public var prices: TokenPrices

    public init(abovePromptTokens: Int, inclusive: Bool? = nil, prices: TokenPrices) {
        self.abovePromptTokens = abovePromptTokens; self.inclusive = inclusive; self.prices = prices
    }

    enum CodingKeys: String, CodingKey {
        case abovePromptTokens = "above_prompt_tokens", inclusive
        case prices = "prices_micro_usd_per_mtok"
    }

    /// Whether a prompt of `promptTokens` falls in this tier.
    public func applies(toPromptTokens promptTokens: Int) -> Bool {
        (inclusive ?? false) ? promptTokens >= abovePromptTokens : promptTokens > abovePromptTokens
    }
}

/// When and where a provider retired a model, or will (kept so old runs still price).
public struct Retirement: Sendable, Equatable, Codable {
    /// ISO 8601 date (`YYYY-MM-DD`).
    public var date: String
    public var sourceURL: String?
    public init(date: String, sourceURL: String? = nil) { self.date = date; self.sourceURL = sourceURL }
    enum CodingKeys: String, CodingKey { case date, sourceURL = "source_url" }
}

/// One model's price: per-token prices (with tiers and a batch discount), or for a self-hosted
/// model a price per GPU-hour and a GPU count. Encodes to the same JSON the catalog file holds, so
/// a run can store the entries it used and price the same later.
public struct PriceEntry: Sendable, Equatable, Codable {
    /// `openai`, `anthropic`, `gemini`, `self-hosted`, or a LiteLLM provider name.
    public var provider: String
    /// The provider's model id (the catalog key).
    public var model: String
    /// Other ids that price the same (dated snapshots, `-latest` names).
    public var aliases: [String]?
    /// ISO 4217; only `USD` is supported.
    public var currency: String?
    /// Base prices; `nil` for a self-hosted entry.
    public var prices: TokenPrices?
    /// Long-context tiers, any order; the highest threshold that applies wins.
    public var tiers: [PriceTier]?
    /// Fraction taken off with the provider's batch API (0.5 = half price), `nil` when none.
    public var batchDiscount: Double?
    /// Self-hosted: micro-dollars per GPU-hour.
    public var gpuHourUSDMicros: Int64?
    /// Self-hosted: GPUs the model runs on.
    public var gpuCount: Int?
    public var contextWindow: Int?
    public var maxOutputTokens: Int?
    /// ISO 8601 date from which the source shows this price in effect.
    public var effectiveDate: String?
    /// The page the price was read from.
    public var sourceURL: String?
    /// The provider shut the model down (or will, on a later date): see `ModelLifecycle`.
    public var retired: Retirement?
    /// The provider announced a retirement without a date in our sources.
    public var deprecated: Deprecation?
    public var note: String?

    public init(provider: String, model: String, aliases: [String]? = nil, currency: String? = "USD",
                prices: TokenPrices? = nil, tiers: [PriceTier]? = nil, batchDiscount: Double? = nil,
                gpuHourUSDMicros: Int64? = nil, gpuCount: Int? = nil, contextWindow: Int? = nil,
                maxOutputTokens: Int? = nil, effectiveDate: String? = nil, sourceURL: String? = nil,
                retired: Retirement? = nil, deprecated: Deprecation? = nil, note: String? = nil) {
        self.provider = provider; self.model = model; self.aliases = aliases; self.currency = currency
        self.prices = prices; self.tiers = tiers; self.batchDiscount = batchDiscount
        self.gpuHourUSDMicros = gpuHourUSDMicros; self.gpuCount = gpuCount
        self.contextWindow = contextWindow; self.maxOutputTokens = maxOutputTokens
        self.effectiveDate = effectiveDate; self.sourceURL = sourceURL; self.retired = retired; self.deprecated = deprecated; self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case provider, model, aliases, currency
        case prices = "prices_micro_usd_per_mtok"
        case tiers, batchDiscount = "batch_discount"
        case gpuHourUSDMicros = "gpu_hour_usd_micros", gpuCount = "gpu_count"
        case contextWindow = "context_window", maxOutputTokens = "max_output_tokens"
        case effectiveDate = "effective_date", sourceURL = "source_url", retired, deprecated, note
    }

    /// True for a per-GPU-hour (self-hosted) entry.
    public var isSelfHosted: Bool { gpuHourUSDMicros != nil }

    /// The prices a request with `promptTokens` input tokens pays: the tier with the highest threshold
    /// that applies, else the base prices. `nil` for a self-hosted entry or one missing a price.
    public func prices(forPromptTokens promptTokens: Int) -> (prices: ResolvedPrices, tier: PriceTier?)? {
        guard let base = prices else { return nil }
        let tier = (tiers ?? [])
            .filter { $0.applies(toPromptTokens: promptTokens) }
            .max { $0.abovePromptTokens < $1.abovePromptTokens }
        if let tier {
            guard let r = tier.prices.resolved(over: base) else { return nil }
            return (r, tier)
        }
        guard let r = base.resolved() else { return nil }
        return (r, nil)
    }

    /// The largest token price accepted: 10¹⁰ micro-dollars per million tokens ($10,000 per million
    /// tokens, 16× the dearest list price of 2026), so tokens × price fits 64 bits up to 9 × 10⁸ tokens.
    public static let maxPriceMicros: Int64 = 10_000_000_000
    /// The largest GPU-hour price accepted: 10¹² micro-dollars ($1,000,000 an hour).
    public static let maxGPUHourMicros: Int64 = 1_000_000_000_000

    /// Checks the entry makes sense; returns the first problem as `field: what is wrong`.
    public func validationProblem() -> String? {
        if model.isEmpty { return "model: empty (expected the provider's model id)" }
        if let c = currency, c != "USD" { return "currency: \"\(c)\" is not supported (expected \"USD\")" }
        if let rate = gpuHourUSDMicros {
            if rate < 0 { return "gpu_hour_usd_micros: negative" }
            if rate > Self.maxGPUHourMicros { return "gpu_hour_usd_micros: \(rate) is above the limit \(Self.maxGPUHourMicros)" }
            guard let n = gpuCount, n > 0 else { return "gpu_count: missing or not positive (needed with gpu_hour_usd_micros)" }
            if prices != nil { return "prices_micro_usd_per_mtok: give either token prices or gpu_hour_usd_micros, not both" }
        } else {
            guard let p = prices else { return "prices_micro_usd_per_mtok: missing (or give gpu_hour_usd_micros and gpu_count)" }
            if p.input == nil { return "prices_micro_usd_per_mtok.input: missing (expected integer micro-dollars per million tokens)" }
            if p.output == nil { return "prices_micro_usd_per_mtok.output: missing (expected integer micro-dollars per million tokens)" }
            for (name, v) in [("input", p.input), ("cached_input", p.cachedInput), ("cache_write", p.cacheWrite),
                              ("cache_write_1h", p.cacheWrite1h), ("output", p.output), ("reasoning_output", p.reasoningOutput)] {
                if let v, v < 0 { return "prices_micro_usd_per_mtok.\(name): negative" }
                if let v, v > Self.maxPriceMicros {
                    return "prices_micro_usd_per_mtok.\(name): \(v) is above the limit \(Self.maxPriceMicros) ($10,000 per million tokens)"
                }
            }
        }
        if let d = batchDiscount, !(d >= 0 && d <= 1) { return "batch_discount: \(d) is not a fraction in [0, 1]" }
        for (i, t) in (tiers ?? []).enumerated() {
            if t.abovePromptTokens < 0 { return "tiers[\(i)].above_prompt_tokens: negative" }
            for (name, v) in [("input", t.prices.input), ("cached_input", t.prices.cachedInput),
                              ("cache_write", t.prices.cacheWrite), ("cache_write_1h", t.prices.cacheWrite1h), ("output", t.prices.output),
                              ("reasoning_output", t.prices.reasoningOutput)] {
                if let v, v < 0 || v > Self.maxPriceMicros {
                    return "tiers[\(i)].prices.\(name): \(v) is outside 0...\(Self.maxPriceMicros)"
                }
            }
        }
        for (name, date) in [("retired.date", retired?.date), ("deprecated.date", deprecated?.date)] {
            if let date, date.count != 10 || CalendarDays.dayNumber(date) == nil {
                return "\(name): \"\(date)\" is not a date (expected YYYY-MM-DD)"
            }
        }
        return nil
    }
}
