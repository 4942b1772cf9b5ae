/// A token bucket: tokens accrue at `ratePerSecond` up to `capacity`; a request spends `cost` tokens.
///
/// A pure value-type state machine with time passed in (nanoseconds on the run's monotonic clock), so
/// tests drive it with a manual clock and never sleep. It starts full (`capacity` tokens): a burst of
/// `capacity` requests may go at once, after which requests are spaced `cost / ratePerSecond` apart.
/// A cost above the capacity is clamped to the capacity, so an oversized request waits for a full
/// bucket instead of waiting forever.
public struct TokenBucket: Sendable, Equatable {
    /// What the owner should do with a request.
    public enum Decision: Sendable, Equatable {
        /// Send now. `eligibleSinceNs` is the moment the bucket first held enough tokens (≤ now): the
        /// request's intended start when the scheduler woke late.
        case proceed(eligibleSinceNs: Int64)
        /// Not enough tokens: ask again after this many nanoseconds.
        case wait(ns: Int64)
    }

    public let ratePerSecond: Double
    public let capacity: Double
    private(set) public var tokens: Double
    private(set) public var lastNs: Int64

    public init(ratePerSecond: Double, capacity: Double, nowNs: Int64) {
        precondition(ratePerSecond > 0 && capacity > 0, "rate and capacity must be positive")
        self.ratePerSecond = ratePerSecond
        self.capacity = capacity
        self.tokens = capacity
        self.lastNs = nowNs
    }

    /// Tokens that would be in the bucket at `nowNs` (no state change).
    public func available(atNs nowNs: Int64) -> Double {
        let elapsed = Double(max(0, nowNs - lastNs)) / 1e9
        return min(capacity, tokens + elapsed * ratePerSecond)
    }

    /// Checks whether `cost` tokens are available at `nowNs` without spending them.
    public func peek(cost: Double, nowNs: Int64) -> Decision {
        let need = min(cost, capacity)
        let have = available(atNs: nowNs)
        if have + 1e-9 >= need {
            // When the bucket is not full we know exactly when it crossed `need`.
            let surplusNs = have >= capacity ? 0 : Int64(((have - need) / ratePerSecond * 1e9).rounded(.down))
            return .proceed(eligibleSinceNs: max(lastNs, nowNs - max(0, surplusNs)))
        }
        let waitNs = Int64(((need - have) / ratePerSecond * 1e9).rounded(.up))
        return .wait(ns: max(1, waitNs))
    }

    /// Spends `cost` tokens at `nowNs`. Call only after `peek` said `.proceed`.
    public mutating func spend(cost: Double, nowNs: Int64) {
        tokens = available(atNs: nowNs) - min(cost, capacity)
        lastNs = max(lastNs, nowNs)
    }

    /// `peek` then, when it proceeds, `spend`.
    public mutating func acquire(cost: Double = 1, nowNs: Int64) -> Decision {
        let d = peek(cost: cost, nowNs: nowNs)
        if case .proceed = d { spend(cost: cost, nowNs: nowNs) }
        return d
    }
}
