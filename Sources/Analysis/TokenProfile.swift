import LLMBenchCore
import Pricing

/// The measured token counts of a run's priced attempts, kept per model and dataset, for
/// projecting the run onto price entries it did not run on (`llmbench price --catalog`).
///
/// Pure: the caller feeds every record of the run to `add(_:)`. An attempt is kept when
/// `CostPricing.pricedUsage` prices it (not warmup, sent, reported counts), so the profile is the
/// same population the run's own cost figures come from. Memory: one `Usage` per priced attempt.
public struct TokenProfile: Sendable, Equatable {
    public let priceEstimates: Bool
    /// (model, dataset) → the usage of each priced attempt, in the order added.
    public private(set) var usages: [GroupKey: [Usage]] = [:]

    public init(priceEstimates: Bool = false) { self.priceEstimates = priceEstimates }

    public mutating func add(_ r: RequestRecord) {
        guard let u = CostPricing.pricedUsage(r, priceEstimates: priceEstimates) else { return }
        usages[GroupKey(model: r.model, dataset: r.dataset), default: []].append(u)
    }

    /// Every model with a priced attempt, sorted.
    public var models: [String] { Array(Set(usages.keys.map(\.model))).sorted() }
    /// Every dataset with a priced attempt, sorted.
    public var datasets: [String] { Array(Set(usages.keys.compactMap(\.dataset))).sorted() }

    /// The usages of `model` (every model when `nil`) on `dataset` (every dataset when `nil`), in
    /// model then dataset order.
    public func usages(model: String?, dataset: String?) -> [Usage] {
        usages.keys.filter { (model == nil || $0.model == model) && (dataset == nil || $0.dataset == dataset) }
            .sorted().flatMap { usages[$0] ?? [] }
    }

    /// The profile's figures over every model on `dataset` (every dataset when `nil`).
    public func summary(dataset: String?) -> TokenProfileSummary {
        TokenProfileSummary(dataset: dataset, usages: usages(model: nil, dataset: dataset))
    }
}

/// A token profile's figures: counts per priced attempt.
public struct TokenProfileSummary: Sendable, Equatable {
    /// The dataset, `nil` for every dataset.
    public var dataset: String?
    /// Priced attempts.
    public var requests: Int
    /// Mean prompt tokens per attempt, tokens: Σ input / n (cached and cache-written included).
    public var meanInputTokens: Double?
    /// Mean output tokens per attempt, tokens: Σ output / n (reasoning included).
    public var meanOutputTokens: Double?
    /// Mean reasoning tokens per attempt, tokens: Σ reasoning / n.
    public var meanReasoningTokens: Double?
    /// Cache hit ratio, fraction: Σ cached input / Σ input; `nil` with no input tokens.
    public var cacheHitRatio: Double?
    /// Cache write ratio, fraction: Σ cache-written input / Σ input; `nil` with no input tokens.
    public var cacheWriteRatio: Double?

    public init(dataset: String?, usages: [Usage]) {
        self.dataset = dataset
        requests = usages.count
        let n = Double(usages.count)
        // Sums as Double: counts are bounded by the providers' parsers, and a mean needs no exactness.
        let input = usages.reduce(0.0) { $0 + Double(max(0, $1.inputTokens)) }
        let output = usages.reduce(0.0) { $0 + Double(max(0, $1.outputTokens)) }
        let reasoning = usages.reduce(0.0) { $0 + Double(max(0, $1.reasoningTokens)) }
        let cached = usages.reduce(0.0) { $0 + Double(max(0, $1.cachedInputTokens)) }
        let written = usages.reduce(0.0) { $0 + Double(max(0, $1.cacheWriteTokens)) }
        meanInputTokens = n > 0 ? input / n : nil
        meanOutputTokens = n > 0 ? output / n : nil
        meanReasoningTokens = n > 0 ? reasoning / n : nil
        cacheHitRatio = input > 0 ? cached / input : nil
        cacheWriteRatio = input > 0 ? written / input : nil
    }
}
