/// One of N disjoint slices of a run's planned requests (`llmbench run --shard I/N`), so N machines
/// together send exactly the requests one machine would.
///
/// A planned request belongs to shard `I` when `StableHash(model, dataset, item id, repetition) mod N
/// = I − 1` (`contains`); the repetition tells apart the copies of an item when `--requests` cycles a
/// dataset. The whole run is shard 1 of 1.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based: 1 ≤ index ≤ count.
    public let index: Int
    public let count: Int

    /// The largest N accepted (a sweep over more machines than this is not planned).
    public static let maxCount = 100_000
    public static let whole = Shard(uncheckedIndex: 1, count: 1)

    private init(uncheckedIndex index: Int, count: Int) { self.index = index; self.count = count }

    /// Shard `index` of `count`; a usage error unless 1 ≤ index ≤ count ≤ `maxCount`.
    public init(index: Int, count: Int) throws {
        guard count >= 1, count <= Shard.maxCount else {
            throw LLMBenchError.usage("--shard \(index)/\(count): N must be a whole number from 1 to \(Shard.maxCount)")
        }
        guard index >= 1, index <= count else {
            throw LLMBenchError.usage("--shard \(index)/\(count): I must be from 1 to N = \(count) (shards are numbered from 1; a Kubernetes JOB_COMPLETION_INDEX k is shard k+1)")
        }
        self.index = index; self.count = count
    }

    /// Parses `I/N`, e.g. `3/10`.
    public static func parse(_ text: String) throws -> Shard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw LLMBenchError.usage("--shard \"\(text)\": expected I/N with whole numbers, e.g. --shard 2/10 (shard 2 of 10)")
        }
        return try Shard(index: i, count: n)
    }

    public var isWhole: Bool { count == 1 }
    public var description: String { "\(index)/\(count)" }

    /// The hash that places a planned request in a shard (see the type's documentation).
    public static func hash(model: String, dataset: String, itemId: String, repetition: Int) -> UInt64 {
        var h = StableHash()
        h.combine(model); h.combine(dataset); h.combine(itemId); h.combine(repetition)
        return h.value
    }

    public func contains(model: String, dataset: String, itemId: String, repetition: Int) -> Bool {
        count == 1 || Int(Shard.hash(model: model, dataset: dataset, itemId: itemId, repetition: repetition) % UInt64(count)) == index - 1
    }

    /// The seed this shard runs with: the run's seed for the whole run (so `--shard 1/1` is the
    /// unsharded run), else `StableHash(seed, I, N)`, so shards draw different arrivals, jitter and
    /// simulator latencies while one `--seed` always gives the same N seeds.
    public func seed(from runSeed: UInt64) -> UInt64 {
        guard count > 1 else { return runSeed }
        var h = StableHash()
        h.combine(Int(Int64(bitPattern: runSeed))); h.combine(index); h.combine(count)
        return h.value
    }

    /// A per-model or per-run quantity divided between the shards: `value / N`.
    public func divide(_ value: Double) -> Double { value / Double(count) }

    /// A whole-number quantity (streams) divided between the shards: ⌊value / N⌋, and shard I gets
    /// one more when I ≤ value mod N, so the shards' parts add up to `value`; at least 1.
    public func divide(_ value: Int) -> Int {
        max(1, value / count + (index <= value % count ? 1 : 0))
    }

    /// Where a constant-rate schedule starts in this shard, as a fraction of one interval:
    /// (I − 1) / N, so the N offset schedules of rate r/N interleave into one of rate r evenly spaced.
    public var phase: Double { Double(index - 1) / Double(count) }
}
