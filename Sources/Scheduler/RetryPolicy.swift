import LLMBenchCore

/// When and after how long a failed attempt is tried again (`--retries N`).
///
/// Retried kinds: 429, overload, 5xx, connect failures and every timeout (the failures a later
/// attempt can plausibly cure). Never retried: auth, other 4xx, protocol errors, cancellations.
/// Backoff before attempt `a` (1-based): `min(cap, base × 2^(a−1))` scaled by a seeded jitter
/// factor in [0.5, 1.0) ("equal jitter"); a server's `Retry-After` wins when it asks for longer.
public struct RetryPolicy: Sendable, Equatable {
    public var maxRetries: Int
    public var baseNs: Int64
    public var capNs: Int64

    public init(maxRetries: Int, baseNs: Int64 = 500_000_000, capNs: Int64 = 30_000_000_000) {
        self.maxRetries = maxRetries; self.baseNs = baseNs; self.capNs = capNs
    }

    public static let none = RetryPolicy(maxRetries: 0)

    public static let retriedKinds: Set<ErrorKind> = [
        .http429, .overloaded, .http5xx, .connect, .timeout, .timeoutConnect, .timeoutFirstByte,
        .timeoutIdle, .timeoutTotal, .streamTruncated,
    ]

    /// Whether an attempt that ended like `record` gets another try.
    public func shouldRetry(_ record: RequestRecord) -> Bool {
        guard record.status == .error, record.attempt < maxRetries, let kind = record.errorKind else { return false }
        return Self.retriedKinds.contains(kind)
    }

    /// Delay before the attempt numbered `nextAttempt` (≥ 1), in ns.
    public func backoffNs(nextAttempt: Int, retryAfterNs: Int64?, rng: inout SplitMix64) -> Int64 {
        let exp = min(30, max(0, nextAttempt - 1))
        let raw = min(Double(capNs), Double(baseNs) * Double(1 << exp))
        let jittered = Int64(raw * (0.5 + 0.5 * rng.nextUnitDouble()))
        return max(jittered, retryAfterNs ?? 0)
    }
}
