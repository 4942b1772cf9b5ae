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
    ///
    /// When they are, `eligibleSinceNs` is the exact moment the bucket first held them:
    /// `lastNs + max(0, need − tokens) / rate`, with `tokens` as of `lastNs`.
    public func peek(cost: Double, nowNs: Int64) -> Decision {
        let need = min(cost, capacity)
        let have = available(atNs: nowNs)
        if have + 1e-9 >= need {
            let shortNs = Int64((max(0, need - tokens) / ratePerSecond * 1e9).rounded(.up))
            return .proceed(eligibleSinceNs: min(nowNs, lastNs + shortNs))
        }
        let waitNs = Int64(((need - have) / ratePerSecond * 1e9).rounded(.up))
        return .wait(ns: max(1, waitNs))
    }

    /// Spends `cost` tokens as of the moment they became available (`eligibleSinceNs`) when the
    /// scheduler woke only a little late, else as of `nowNs`.
    ///
    /// A scheduler always wakes some microseconds after the moment it asked for. Spending as of that
    /// moment would drop the tokens that accrued meanwhile whenever the bucket was full (always, with
    /// burst 1), and the achieved rate would fall short of the target by the wake-up lateness. So
    /// the spend is dated back to the eligible moment when the bucket filled up less than one
    /// token's interval (`need / rate`) ago; after a longer idle spell nothing is carried, so a
    /// burst never exceeds the capacity by more than that one token. Call only after `peek` said
    /// `.proceed`.
    public mutating func spend(cost: Double, nowNs: Int64, eligibleSinceNs: Int64? = nil) {
        let need = min(cost, capacity)
        let fullAtNs = lastNs + Int64((max(0, capacity - tokens) / ratePerSecond * 1e9).rounded(.up))
        let intervalNs = Int64(need / ratePerSecond * 1e9)
        var at = nowNs
        if let e = eligibleSinceNs, nowNs - fullAtNs <= intervalNs { at = max(lastNs, min(nowNs, e)) }
        tokens = available(atNs: at) - need
        lastNs = max(lastNs, at)
    }

    /// `peek` then, when it proceeds, `spend`.
    public mutating func acquire(cost: Double = 1, nowNs: Int64) -> Decision {
        let d = peek(cost: cost, nowNs: nowNs)
        if case .proceed(let since) = d { spend(cost: cost, nowNs: nowNs, eligibleSinceNs: since) }
        return d
    }
}
