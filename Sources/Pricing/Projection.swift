import LLMBenchCore

/// A traffic volume: so many requests per day or per month (a month is 30 days).
public struct Volume: Sendable, Equatable {
    public enum Period: String, Sendable, CaseIterable { case day, month }
    public var requests: Int
    public var per: Period
    public init(requests: Int, per: Period) { self.requests = requests; self.per = per }
    /// Requests in a 30-day month.
    public var perMonth: Int { per == .day ? requests * 30 : requests }
    /// Average requests per minute over the month (30 × 24 × 60 = 43,200 minutes).
    public var perMinute: Double { Double(perMonth) / 43_200 }
}

/// A needed rate against a configured limit.
public struct LimitCheck: Sendable, Equatable {
    public var needed: Double
    /// `nil` when the model has no such limit configured.
    public var limit: Double?
    /// `true` over the limit, `false` within it, `nil` with no limit.
    public var over: Bool? { limit.map { needed > $0 } }
}

/// What `llmbench price` prints for one model: plain values, formatted by the report.
public struct CostProjection: Sendable, Equatable {
    public var monthlyRequests: Int
    /// Mean measured cost per request × monthly requests: `Σ costs × monthly / n`, rounded half away from zero.
    public var expectedMonthly: PicoDollars
    /// 95% percentile-bootstrap interval of the monthly cost (2.5th and 97.5th percentiles, numpy linear,
    /// of `resamples` means of `n` requests drawn with replacement, each × monthly requests).
    public var intervalLow: PicoDollars
    public var intervalHigh: PicoDollars
    public var resamples: Int
    /// Monthly cost if every request had the p95 input and p95 output token counts (each rounded up to a
    /// whole token), uncached, at the tier that prompt falls in; `nil` without token prices.
    public var p95TokenWorstCaseMonthly: PicoDollars?
    public var p95InputTokens: Int
    public var p95OutputTokens: Int
    /// Average rates the volume needs (uniform over the month, no peak factor).
    public var requestsPerMinute: LimitCheck
    /// Requests per minute × mean (input + output) tokens per request.
    public var tokensPerMinute: LimitCheck
    /// Little's law: concurrency = arrival rate (requests/s) × mean latency (s).
    public var concurrency: LimitCheck
}

/// Projects measured per-request costs to a monthly volume (pure; seeded).
public enum CostProjector {
    /// The expected monthly cost of requests costing `sum` pico-dollars in all over `requests` of them:
    /// `sum × monthly requests / requests`, rounded half away from zero; `nil` with no requests or
    /// past 64 bits.
    public static func monthly(sum: PicoDollars, requests: Int, volume: Volume) -> PicoDollars? {
        MoneyMath.mulDivRounded(sum, Int64(volume.perMonth), Int64(requests))
    }

    /// One measured request: its cost and its token counts.
    public struct Sample: Sendable, Equatable {
        public var cost: PicoDollars
        public var inputTokens: Int
        public var outputTokens: Int
        public init(cost: PicoDollars, inputTokens: Int, outputTokens: Int) {
            self.cost = cost; self.inputTokens = inputTokens; self.outputTokens = outputTokens
        }
    }

    /// The projection for one model; `nil` with no samples or a non-positive volume.
    /// - Parameters:
    ///   - meanLatencyNs: mean end-to-end latency of the measured requests, nanoseconds.
    ///   - entry: the price entry (for the p95-token worst case); `nil` leaves that figure out.
    public static func project(samples: [Sample], meanLatencyNs: Int64, volume: Volume, limits: ModelLimits,
                               entry: PriceEntry?, seed: UInt64, resamples: Int = 2000) -> CostProjection? {
        guard !samples.isEmpty, volume.requests > 0 else { return nil }
        let n = samples.count
        let monthly = volume.perMonth
        let sum = samples.reduce(Int64(0)) { $0 + $1.cost }
        let expected = Self.monthly(sum: sum, requests: n, volume: volume) ?? 0

        var rng = SplitMix64(seed: seed)
        let b = max(1, resamples)
        var means: [Double] = []
        means.reserveCapacity(b)
        for _ in 0..<b {
            var s: Int64 = 0
            for _ in 0..<n { s += samples[rng.nextInt(below: n)].cost }
            means.append(Double(s) / Double(n))
        }
        means.sort()
        let low = (Percentile.linear(means, 0.025) ?? 0) * Double(monthly)
        let high = (Percentile.linear(means, 0.975) ?? 0) * Double(monthly)

        let p95In = Int((Percentile.linear(samples.map { Double($0.inputTokens) }.sorted(), 0.95) ?? 0).rounded(.up))
        let p95Out = Int((Percentile.linear(samples.map { Double($0.outputTokens) }.sorted(), 0.95) ?? 0).rounded(.up))
        var worst: PicoDollars? = nil
        if let entry, let one = RequestPricing.worstCaseAtTokens(input: p95In, output: p95Out, entry: entry) {
            worst = one.multipliedReportingOverflow(by: Int64(monthly)).overflow ? nil : one * Int64(monthly)
        }

        let rpm = volume.perMinute
        let meanTokens = Double(samples.reduce(0) { $0 + $1.inputTokens + $1.outputTokens }) / Double(n)
        let ratePerSecond = rpm / 60
        let concurrency = ratePerSecond * Double(meanLatencyNs) / 1e9
        return CostProjection(
            monthlyRequests: monthly, expectedMonthly: expected,
            intervalLow: MoneyMath.roundedInt64(low) ?? 0, intervalHigh: MoneyMath.roundedInt64(high) ?? 0,
            resamples: b, p95TokenWorstCaseMonthly: worst, p95InputTokens: p95In, p95OutputTokens: p95Out,
            requestsPerMinute: LimitCheck(needed: rpm, limit: limits.requestsPerMinute),
            tokensPerMinute: LimitCheck(needed: rpm * meanTokens, limit: limits.tokensPerMinute),
            concurrency: LimitCheck(needed: concurrency, limit: limits.maxConcurrency.map(Double.init)))
    }
}

extension RequestPricing {
    /// One request with `input` uncached prompt tokens and `output` non-reasoning output tokens, at the
    /// tier that prompt falls in; `nil` without token prices.
    public static func worstCaseAtTokens(input: Int, output: Int, entry: PriceEntry) -> PicoDollars? {
        guard let (p, _) = entry.prices(forPromptTokens: input) else { return nil }
        return Int64(max(0, input)) * p.input + Int64(max(0, output)) * p.output
    }
}
