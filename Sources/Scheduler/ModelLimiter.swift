import LLMBenchCore

/// Every rate limit that applies to one model, checked together: a request goes only when all its
/// buckets have room, and then spends from all of them (none is spent when one says wait).
///
/// Buckets: `--rate` (requests per second, capacity `burst`), the config's requests per minute
/// (capacity: one minute's worth) and tokens per minute (cost: the prompt's estimated tokens plus
/// its maximum output tokens, as providers count TPM; capacity: one minute's worth).
public struct ModelLimiter: Sendable {
    public var buckets: [(bucket: TokenBucket, costsTokens: Bool)]

    public init(requestsPerSecond: Double?, burst: Double, limits: ModelLimits, nowNs: Int64) {
        var b: [(TokenBucket, Bool)] = []
        if let r = requestsPerSecond, r > 0 {
            b.append((TokenBucket(ratePerSecond: r, capacity: max(1, burst), nowNs: nowNs), false))
        }
        if let rpm = limits.requestsPerMinute, rpm > 0 {
            b.append((TokenBucket(ratePerSecond: rpm / 60, capacity: max(1, rpm), nowNs: nowNs), false))
        }
        if let tpm = limits.tokensPerMinute, tpm > 0 {
            b.append((TokenBucket(ratePerSecond: tpm / 60, capacity: max(1, tpm), nowNs: nowNs), true))
        }
        buckets = b
    }

    /// `.proceed(eligibleSince)` (the latest of the buckets' eligibility times; `Int64.min` when the
    /// model has no limit) and spends, or the longest wait any bucket asks for.
    public mutating func acquire(tokens: Int, nowNs: Int64) -> TokenBucket.Decision {
        var eligible = Int64.min
        var longestWait: Int64 = 0
        for (bucket, costsTokens) in buckets {
            switch bucket.peek(cost: costsTokens ? Double(tokens) : 1, nowNs: nowNs) {
            case .proceed(let since): eligible = max(eligible, since)
            case .wait(let ns): longestWait = max(longestWait, ns)
            }
        }
        if longestWait > 0 { return .wait(ns: longestWait) }
        for i in buckets.indices {
            buckets[i].bucket.spend(cost: buckets[i].costsTokens ? Double(tokens) : 1, nowNs: nowNs, eligibleSinceNs: eligible)
        }
        // With no bucket at all nothing constrains the start: eligible since forever (`Int64.min`).
        return .proceed(eligibleSinceNs: eligible)
    }
}
