import LLMBenchCore

/// What a set of measured requests would cost per month on one price entry, in four variants
/// (pure; exact pico-dollars).
///
/// Every request is priced by `RequestPricing.breakdown` with its own token counts (so a
/// long-context tier applies per request, as the provider bills it), and the month is
/// `monthly = Σ cost × monthly requests / n` (`CostProjector.monthly`), rounded half away from zero.
/// The variants change only the counts or the discount:
/// - `asMeasured`: the counts as reported, cache reads and writes included;
/// - `batch`: as measured with the entry's `batch_discount` (`nil` when the entry has none);
/// - `uncached`: every input token at the input price (cache reads and writes set to 0);
/// - `cachedAt(r)`: `round(input × r)` tokens of each prompt read from cache (half away from zero),
///   no cache writes: a what-if hit ratio.
public enum CatalogCost {
    public enum Variant: Sendable, Equatable {
        case asMeasured, batch, uncached
        case cachedAt(Double)
    }

    /// The usage a variant prices (the counts of `u` with the cache fields changed); `batch` and
    /// `asMeasured` price the counts as they are.
    public static func usage(_ u: Usage, for variant: Variant) -> Usage {
        var v = u
        switch variant {
        case .asMeasured, .batch: break
        case .uncached:
            v.cachedInputTokens = 0; v.cacheWriteTokens = 0; v.cacheWrite1hTokens = 0
        case .cachedAt(let r):
            let hit = MoneyMath.roundedInt64(Double(max(0, u.inputTokens)) * min(max(r, 0), 1)) ?? 0
            v.cachedInputTokens = Int(hit); v.cacheWriteTokens = 0; v.cacheWrite1hTokens = 0
        }
        return v
    }

    /// Σ cost of `usages` on `entry` in `variant`, pico-dollars; `nil` when the entry has no token
    /// prices, a batch variant has no discount, or a sum passes 64 bits.
    public static func total(_ usages: [Usage], entry: PriceEntry, variant: Variant,
                             priceEstimates: Bool = false) -> PicoDollars? {
        guard !entry.isSelfHosted, entry.prices != nil else { return nil }
        let batch = variant == .batch
        if batch { guard let d = entry.batchDiscount, d > 0 else { return nil } }
        var sum: PicoDollars = 0
        for u in usages {
            guard let b = RequestPricing.breakdown(usage(u, for: variant), entry: entry, batch: batch,
                                                   priceEstimates: priceEstimates) else { return nil }
            let (t, o) = sum.addingReportingOverflow(b.total)
            if o { return nil }
            sum = t
        }
        return sum
    }

    /// The monthly cost of `usages` on `entry` at `volume` (see the type's doc); `nil` as `total`, or
    /// with no usages.
    public static func monthly(_ usages: [Usage], entry: PriceEntry, variant: Variant, volume: Volume,
                               priceEstimates: Bool = false) -> PicoDollars? {
        guard !usages.isEmpty, let sum = total(usages, entry: entry, variant: variant, priceEstimates: priceEstimates)
        else { return nil }
        return CostProjector.monthly(sum: sum, requests: usages.count, volume: volume)
    }
}
