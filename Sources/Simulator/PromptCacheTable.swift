import Synchronization
import LLMBenchCore

/// The simulated prompt cache: prefixes seen within their lifetime are read from cache.
///
/// A pure value: time comes in as an argument (`nowNs`, monotonic), so tests drive it by hand. Each
/// entry is a prefix's hash with the time it expires; a hit refreshes the lifetime (Anthropic: "the
/// cache is refreshed for no additional cost each time the cached content is used"). At most
/// `capacity` entries; when full, expired entries go first, then the soonest to expire.
public struct PromptCacheTable: Sendable {
    /// One cacheable prefix of a request: its identity (hash of the model and every byte up to the
    /// boundary) and its length in tokens.
    public struct Prefix: Sendable, Equatable {
        public var key: UInt64
        public var tokens: Int
        public init(key: UInt64, tokens: Int) { self.key = key; self.tokens = tokens }
    }

    /// What a lookup found and wrote.
    public struct Outcome: Sendable, Equatable {
        /// Tokens of the longest live prefix (cache read).
        public var readTokens: Int
        /// Tokens newly written beyond what was read (cache creation), 0 for automatic caches that do not report writes.
        public var writeTokens: Int
    }

    public let capacity: Int
    private var expiry: [UInt64: Int64] = [:]

    public init(capacity: Int = 100_000) { self.capacity = max(1, capacity) }

    public var count: Int { expiry.count }

    /// Looks up `prefixes` (ordered shortest first) at `nowNs`: the longest one still live is read;
    /// then every prefix is (re)inserted to live `ttlNs` from now. `writeTokens` is the longest
    /// prefix's tokens when it was not itself live (what a write stores beyond the read), else 0.
    public mutating func use(_ prefixes: [Prefix], ttlNs: Int64, nowNs: Int64) -> Outcome {
        var read = 0
        for p in prefixes.reversed() {
            if let e = expiry[p.key], e > nowNs { read = p.tokens; break }
        }
        let longest = prefixes.map(\.tokens).max() ?? 0
        let expires = nowNs.saturatingAdd(ttlNs)
        for p in prefixes {
            if expiry[p.key] == nil && expiry.count >= capacity { evict(nowNs: nowNs) }
            expiry[p.key] = max(expiry[p.key] ?? .min, expires)
        }
        return Outcome(readTokens: read, writeTokens: read >= longest ? 0 : longest)
    }

    private mutating func evict(nowNs: Int64) {
        let before = expiry.count
        expiry = expiry.filter { $0.value > nowNs }
        guard expiry.count == before, let soonest = expiry.min(by: { $0.value < $1.value }) else { return }
        expiry.removeValue(forKey: soonest.key)
    }
}

/// The simulator's shared prompt cache: a `PromptCacheTable` behind a lock, read on the injected clock.
final class SimulatedPromptCache: Sendable {
    private let table: Mutex<PromptCacheTable>
    private let clock: any MonotonicClock

    init(clock: any MonotonicClock, capacity: Int = 100_000) {
        self.table = Mutex(PromptCacheTable(capacity: capacity))
        self.clock = clock
    }

    func use(_ prefixes: [PromptCacheTable.Prefix], ttlNs: Int64) -> PromptCacheTable.Outcome {
        let now = clock.nowNs()
        return table.withLock { $0.use(prefixes, ttlNs: ttlNs, nowNs: now) }
    }
}

extension SimulatedPromptCache {
    /// The cache's part in answering `prompt` for `profile`:
    /// - with a `cache_control` breakpoint (Anthropic): the segments through the last breakpoint are
    ///   one prefix, kept for that breakpoint's lifetime; a miss writes it, a hit reads it; a prefix
    ///   shorter than the profile's minimum (1,024 tokens when unset) is not cached;
    /// - else, when `automatic` (OpenAI and Gemini formats) and the profile caches: 128-token blocks
    ///   from its minimum on, kept 5 minutes; hits are reported as reads, writes are not reported.
    func use(prompt: ChatPrompt, profile: LatencyProfile, automatic: Bool) -> CacheUse {
        let segments = prompt.allSegments
        if let last = segments.lastIndex(where: { $0.breakpoint != nil }) {
            let ttl = segments[last].breakpoint ?? .fiveMinutes
            guard let prefix = PromptPrefixes.breakpoint(model: profile.name, segments: segments.map(\.text), through: last,
                                                         minTokens: profile.promptCacheMinTokens ?? 1_024)
            else { return .none }
            let o = use([prefix], ttlNs: ttl.nanoseconds)
            return CacheUse(read: o.readTokens, write: o.writeTokens, ttl: ttl)
        }
        guard automatic, let minimum = profile.promptCacheMinTokens else { return .none }
        let prefixes = PromptPrefixes.automatic(model: profile.name, segments: segments.map(\.text), minTokens: minimum)
        guard !prefixes.isEmpty else { return .none }
        return CacheUse(read: use(prefixes, ttlNs: CacheTTL.fiveMinutes.nanoseconds).readTokens)
    }
}
