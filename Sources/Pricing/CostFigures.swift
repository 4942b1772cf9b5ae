import LLMBenchCore

/// Cost figures of one group of requests (a model × dataset cell of a report).
public struct CostSummary: Sendable, Equatable {
    /// Requests priced (those with `.priced` outcomes).
    public var pricedRequests: Int
    /// Of those, priced from local estimates (only when estimates were asked to be priced).
    public var pricedFromEstimates: Int
    /// Σ cost, exact.
    public var total: PicoDollars
    /// Σ input-side and output-side cost, exact.
    public var inputCost: PicoDollars
    public var outputCost: PicoDollars
    /// Σ tokens over the priced requests.
    public var inputTokens: Int
    public var outputTokens: Int
    /// Σ cost of reasoning tokens (part of `outputCost`), exact.
    public var reasoningCost: PicoDollars
    /// Σ caching savings (`CostBreakdown.cachingSavings`): what the cached and cache-written tokens
    /// would have cost at the input price, less what they cost; exact, may be negative.
    public var cachingSavings: PicoDollars
    /// Mean cost per request, in pico-dollars (`total / pricedRequests`).
    public var meanPerRequest: Double
    /// 95th percentile of cost per request (numpy linear), in pico-dollars.
    public var p95PerRequest: Double
    /// Cost of 1,000 requests at the mean: `total × 1000 / pricedRequests`, rounded half away from zero.
    public var per1000Requests: PicoDollars
    /// Input cost actually paid per million input tokens: `inputCost / inputTokens` pico-dollars per
    /// token, which is micro-dollars per million tokens; `nil` with no input tokens.
    public var paidInputPerMTokMicros: Double?
    /// Output cost actually paid per million output tokens (as above).
    public var paidOutputPerMTokMicros: Double?
    /// True when a sum passed 64-bit pico-dollars ($9.2 million) and was clamped there.
    public var saturated: Bool

    /// Summarises the breakdowns and usages of the priced requests of one group (same order, same
    /// length; unpriced requests are left out by the caller and counted apart). `nil` when empty.
    public init?(priced: [(breakdown: CostBreakdown, usage: Usage)]) {
        var sums = CostSums()
        var costs: [Double] = []
        costs.reserveCapacity(priced.count)
        for (b, u) in priced {
            sums.add(b, u)
            costs.append(Double(b.total))
        }
        self.init(sums: sums, p95PerRequest: Percentile.linear(costs.sorted(), 0.95) ?? 0)
    }

    /// The summary of streamed sums, with the 95th percentile of cost per request found by the caller
    /// (pico-dollars); `nil` when nothing was priced.
    public init?(sums: CostSums, p95PerRequest: Double) {
        guard sums.count > 0 else { return nil }
        let n = Int64(sums.count)
        self.pricedRequests = sums.count; self.pricedFromEstimates = sums.estimated
        self.total = sums.total; self.inputCost = sums.input; self.outputCost = sums.output
        self.inputTokens = sums.inputTokens; self.outputTokens = sums.outputTokens
        self.reasoningCost = sums.reasoning; self.cachingSavings = sums.savings
        self.meanPerRequest = Double(sums.total) / Double(n)
        self.p95PerRequest = p95PerRequest
        self.per1000Requests = MoneyMath.mulDivRounded(sums.total, 1000, n) ?? (sums.total > 0 ? .max : .min)
        self.saturated = sums.saturated
        self.paidInputPerMTokMicros = sums.inputTokens > 0 ? Double(sums.input) / Double(sums.inputTokens) : nil
        self.paidOutputPerMTokMicros = sums.outputTokens > 0 ? Double(sums.output) / Double(sums.outputTokens) : nil
    }
}

/// Σ of the priced requests' breakdowns and usages, folded one request at a time (what `CostSummary`
/// is built from): exact integer sums, clamped at the 64-bit limit with `saturated` set.
public struct CostSums: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var estimated = 0
    public private(set) var total: PicoDollars = 0
    public private(set) var input: PicoDollars = 0
    public private(set) var output: PicoDollars = 0
    public private(set) var reasoning: PicoDollars = 0
    public private(set) var savings: PicoDollars = 0
    public private(set) var inputTokens = 0
    public private(set) var outputTokens = 0
    public private(set) var saturated = false

    public init() {}

    public mutating func add(_ b: CostBreakdown, _ u: Usage) {
        func add(_ a: inout Int64, _ b: Int64) {
            let (t, o) = a.addingReportingOverflow(b)
            if o { saturated = true; a = b > 0 ? .max : .min } else { a = t }
        }
        func add(_ a: inout Int, _ b: Int) {
            let (t, o) = a.addingReportingOverflow(b)
            if o { saturated = true; a = .max } else { a = t }
        }
        count += 1
        add(&total, b.total); add(&input, b.input); add(&output, b.outputTotal)
        add(&reasoning, b.reasoning); add(&savings, b.cachingSavings)
        add(&inputTokens, u.inputTokens); add(&outputTokens, u.outputTokens)
        if b.fromEstimates { estimated += 1 }
    }
}

/// Price comparisons across models.
public enum PriceComparison {
    /// The 3:1 blended price, `(3 × input + output) / 4`, as Artificial Analysis quotes it; same unit
    /// as its arguments (e.g. micro-dollars per million tokens).
    public static func blended(input: Double, output: Double) -> Double { (3 * input + output) / 4 }

    /// The 3:1 blended list price of an entry's base prices, in micro-dollars per million tokens.
    public static func blended(_ entry: PriceEntry) -> Double? {
        guard let p = entry.prices?.resolved() else { return nil }
        return blended(input: Double(p.input), output: Double(p.output))
    }

    /// Relative cost labels from the ratio to the cheapest model in a table.
    public enum RelativeCost: String, Sendable, CaseIterable {
        case veryLow = "Very Low"
        case low = "Low"
        case moderate = "Moderate"
        case high = "High"

        /// Label for `ratio = cost / cheapest cost` (≥ 1): ≤ 1.5× Very Low, ≤ 3× Low, ≤ 10× Moderate,
        /// above 10× High.
        public init(ratio: Double) {
            switch ratio {
            case ...1.5: self = .veryLow
            case ...3: self = .low
            case ...10: self = .moderate
            default: self = .high
            }
        }
    }

    /// A label for each value (any cost measure, same unit for all): its ratio to the smallest positive
    /// value. `nil` entries (no price) stay `nil`; when no value is positive every label is `nil`.
    public static func relativeLabels(_ values: [Double?]) -> [RelativeCost?] {
        guard let cheapest = values.compactMap({ $0 }).filter({ $0 > 0 }).min() else {
            return values.map { _ in nil }
        }
        return values.map { v in v.map { RelativeCost(ratio: max($0, 0) / cheapest) } }
    }
}
