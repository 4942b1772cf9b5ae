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

    /// An explicit breakpoint (Anthropic): the longest live prefix among `lookback` (earlier block
    /// boundaries, any order) and `written` itself is read (its lifetime refreshed); `written` is then
    /// (re)inserted to live `ttlNs`. `writeTokens` is `written.tokens − readTokens` when `written` was not
    /// live itself (the part stored beyond the read), else 0. Lookback prefixes are never inserted: only
    /// what a breakpoint wrote can be read later.
    public mutating func use(written: Prefix, lookback: [Prefix], ttlNs: Int64, nowNs: Int64) -> Outcome {
        let expires = nowNs.saturatingAdd(ttlNs)
        let live = ([written] + lookback).filter { (expiry[$0.key] ?? .min) > nowNs }
        let hit = live.max { $0.tokens < $1.tokens }
        if let hit, hit.key != written.key { expiry[hit.key] = max(expiry[hit.key] ?? .min, expires) }
        if expiry[written.key] == nil && expiry.count >= capacity { evict(nowNs: nowNs) }
        expiry[written.key] = max(expiry[written.key] ?? .min, expires)
        let read = hit?.tokens ?? 0
        return Outcome(readTokens: read, writeTokens: hit?.key == written.key ? 0 : max(0, written.tokens - read))
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

    func use(written: PromptCacheTable.Prefix, lookback: [PromptCacheTable.Prefix], ttlNs: Int64) -> PromptCacheTable.Outcome {
        let now = clock.nowNs()
        return table.withLock { $0.use(written: written, lookback: lookback, ttlNs: ttlNs, nowNs: now) }
    }
}

extension SimulatedPromptCache {
    /// Block boundaries before a breakpoint that a lookup also tries (Anthropic: "up to 20 blocks").
    static let lookbackBlocks = 20

    /// The cache's part in answering `prompt` for `profile`:
    /// - with a `cache_control` breakpoint (Anthropic): the segments through the last breakpoint are
    ///   one prefix, kept for that breakpoint's lifetime; a prefix shorter than the profile's minimum
    ///   (1,024 tokens when unset) is not cached. The longest live prefix ending at the breakpoint or at
    ///   one of the `lookbackBlocks` block boundaries before it is read ("the system automatically checks
    ///   for cache hits at all previous content block boundaries (up to 20 blocks before your
    ///   breakpoint)", Anthropic's prompt-caching guide), so a conversation whose breakpoint moves to its
    ///   newest message reads the previous turn's prefix; the rest up to the breakpoint is written;
    /// - else, when `automatic` (OpenAI and Gemini formats) and the profile caches: 128-token blocks
    ///   from its minimum on, kept 5 minutes; hits are reported as reads, writes are not reported.
    func use(prompt: ChatPrompt, profile: LatencyProfile, automatic: Bool) -> CacheUse {
        let segments = prompt.allSegments
        if let last = segments.lastIndex(where: { $0.breakpoint != nil }) {
            let ttl = segments[last].breakpoint ?? .fiveMinutes
            guard let prefix = PromptPrefixes.breakpoint(model: profile.name, segments: segments.map(\.text), through: last,
                                                         minTokens: profile.promptCacheMinTokens ?? 1_024)
            else { return .none }
            let minimum = profile.promptCacheMinTokens ?? 1_024
            let lookback = (max(0, last - Self.lookbackBlocks)..<last).compactMap {
                PromptPrefixes.breakpoint(model: profile.name, segments: segments.map(\.text), through: $0, minTokens: minimum)
            }
            let o = use(written: prefix, lookback: lookback, ttlNs: ttl.nanoseconds)
            return CacheUse(read: o.readTokens, write: o.writeTokens, ttl: ttl)
        }
        guard automatic, let minimum = profile.promptCacheMinTokens else { return .none }
        let prefixes = PromptPrefixes.automatic(model: profile.name, segments: segments.map(\.text), minTokens: minimum)
        guard !prefixes.isEmpty else { return .none }
        return CacheUse(read: use(prefixes, ttlNs: CacheTTL.fiveMinutes.nanoseconds).readTokens)
    }
}
