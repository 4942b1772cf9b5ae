import LLMBenchCore

/// What names one planned request apart from every other of its model: what `Shard` hashes.
public struct PlannedRequestID: Hashable, Sendable {
    public var dataset: String
    public var itemId: String
    /// 0 for an item's first copy in the list, 1 for the next (when `--requests` cycles the dataset), ….
    public var repetition: Int

    public init(dataset: String, itemId: String, repetition: Int) {
        self.dataset = dataset; self.itemId = itemId; self.repetition = repetition
    }
}

/// The requests a run plans for every model, produced one at a time as they are sent: memory does
/// not grow with `--requests` (a shuffled dataset workload keeps one 4-byte position per request).
///
/// Slot `k` of the work list is the same request `Workload.interleaved` (datasets, one count per
/// dataset) or `SyntheticWorkload.generate` puts at position k:
/// - datasets: round-robin over D datasets of R requests each, so slot k is dataset `k mod D`,
///   position `p = k div D`; with a shuffle seed, position p of dataset d is `order[d][p]` (the
///   Fisher–Yates permutation `Workload.build` applies, seed `seed + d`); the item is `p mod count`,
///   its repetition `p div count`;
/// - synthetic: slot k is generated request `warmup + k` (`SyntheticWorkload.Generator`), repetition 0.
/// Warmup request j is work slot `j mod work` (datasets, as `Workload.warmup`) or generated request j.
public struct PlannedWork: Sendable {
    enum Source: Sendable {
        case list(work: [WorkItem], warmup: [WorkItem], repetitions: [Int])
        case datasets(rendered: [[WorkItem]], perDataset: Int, order: [[UInt32]]?)
        case synthetic(SyntheticWorkload.Generator, counters: [TokenEncoding: @Sendable (String) -> Int])
    }

    let source: Source
    /// Planned work requests per model (warmup not counted), before any shard is taken.
    public let workCount: Int
    public let warmupCount: Int

    /// A plan over lists held in memory (tests, conversation turns).
    public static func list(work: [WorkItem], warmup: [WorkItem] = []) -> PlannedWork {
        var seen: [PlannedRequestID: Int] = [:]
        let repetitions = work.map { item -> Int in
            let key = PlannedRequestID(dataset: item.dataset, itemId: item.itemId, repetition: 0)
            defer { seen[key, default: 0] += 1 }
            return seen[key] ?? 0
        }
        return PlannedWork(source: .list(work: work, warmup: warmup, repetitions: repetitions),
                           workCount: work.count, warmupCount: warmup.count)
    }

    /// `requests` requests cycling through `items` held once (slot k is item `k mod count`, repetition
    /// `k div count`, as one dataset of `items`): a plan of any length over a few distinct prompts.
    public static func cycling(_ items: [WorkItem], requests: Int) -> PlannedWork {
        precondition(!items.isEmpty && requests >= 1, "PlannedWork.cycling needs items and at least one request")
        return PlannedWork(source: .datasets(rendered: [items], perDataset: requests, order: nil), workCount: requests, warmupCount: 0)
    }

    /// `requestsPerDataset` requests of each dataset, interleaved (as `Workload.interleaved`), and
    /// `warmup` warmup requests taken from the start of that list.
    public static func datasets(_ datasets: [Dataset], requestsPerDataset: Int, shuffleSeed: UInt64? = nil,
                                warmup: Int = 0) throws -> PlannedWork {
        guard requestsPerDataset >= 1 else {
            throw LLMBenchError.usage("--requests must be at least 1 (got \(requestsPerDataset))")
        }
        var rendered: [[WorkItem]] = []
        for d in datasets {
            guard !d.items.isEmpty else { throw LLMBenchError.data("\(d.path): holds no items") }
            rendered.append(try d.items.map(d.render))
        }
        let order: [[UInt32]]? = shuffleSeed.map { seed in
            datasets.indices.map { i in
                var positions = (0..<requestsPerDataset).map { UInt32($0) }
                var generator = SplitMix64(seed: seed &+ UInt64(i))
                generator.shuffle(&positions)
                return positions
            }
        }
        let (total, over) = requestsPerDataset.multipliedReportingOverflow(by: datasets.count)
        guard !over else { throw LLMBenchError.usage("--requests \(requestsPerDataset) × \(datasets.count) datasets is too many") }
        return PlannedWork(source: .datasets(rendered: rendered, perDataset: requestsPerDataset, order: order),
                           workCount: total, warmupCount: datasets.isEmpty ? 0 : warmup)
    }

    /// `requests` synthetic requests after `warmup` warmup ones (generated requests 0..<warmup).
    /// `tokenCount` counts in o200k_base, the unit `--synthetic` lengths are given in.
    public static func synthetic(_ spec: SyntheticSpec, requests: Int, warmup: Int, seed: UInt64,
                                 tokenCount: @escaping @Sendable (String) -> Int) throws -> PlannedWork {
        guard requests >= 1 else { throw LLMBenchError.usage("--requests must be at least 1 (got \(requests))") }
        let generator = try SyntheticWorkload.Generator(spec, seed: seed, tokenCount: tokenCount)
        // The first request is built now, so a counter that disagrees with the word list fails before the run.
        _ = try generator.item(at: 0, tokenCount: tokenCount)
        return PlannedWork(source: .synthetic(generator, counters: [.o200kBase: tokenCount]),
                           workCount: requests, warmupCount: warmup)
    }

    /// Whether requests are built as they are sent (synthetic) rather than taken from rendered items.
    public var isGenerated: Bool { if case .synthetic = source { return true } else { return false } }

    /// The identity of work slot `k` (cheap: nothing is rendered or generated).
    public func identity(ofWork k: Int) -> PlannedRequestID {
        switch source {
        case .list(let work, _, let repetitions):
            return PlannedRequestID(dataset: work[k].dataset, itemId: work[k].itemId, repetition: repetitions[k])
        case .datasets(let rendered, _, let order):
            let (d, p, i) = Self.position(k, rendered: rendered, order: order)
            return PlannedRequestID(dataset: rendered[d][i].dataset, itemId: rendered[d][i].itemId,
                                    repetition: p / rendered[d].count)
        case .synthetic:
            return PlannedRequestID(dataset: SyntheticWorkload.datasetName, itemId: SyntheticWorkload.itemId(index: warmupCount + k),
                                    repetition: 0)
        }
    }

    /// Dataset index, position in its (shuffled) list, and item index of work slot k.
    private static func position(_ k: Int, rendered: [[WorkItem]], order: [[UInt32]]?) -> (Int, Int, Int) {
        let d = k % rendered.count
        var p = k / rendered.count
        if let order { p = Int(order[d][p]) }
        return (d, p, p % rendered[d].count)
    }

    /// Work slot `k`, `0 ≤ k < workCount`.
    public func work(_ k: Int) throws -> WorkItem {
        switch source {
        case .list(let work, _, _): return work[k]
        case .datasets(let rendered, _, let order):
            let (d, _, i) = Self.position(k, rendered: rendered, order: order)
            return rendered[d][i]
        case .synthetic(let g, let counters): return try Self.generated(g, counters: counters, index: warmupCount + k)
        }
    }

    /// Warmup request `j`, `0 ≤ j < warmupCount`.
    public func warmup(_ j: Int) throws -> WorkItem {
        switch source {
        case .list(_, let warmup, _): return warmup[j]
        case .datasets: return try work(j % workCount)
        case .synthetic(let g, let counters): return try Self.generated(g, counters: counters, index: j)
        }
    }

    private static func generated(_ g: SyntheticWorkload.Generator, counters: [TokenEncoding: @Sendable (String) -> Int],
                                  index: Int) throws -> WorkItem {
        let o200k = counters[.o200kBase]!
        var item = try g.item(at: index, tokenCount: o200k)
        for (encoding, count) in counters {
            item.promptTokens[encoding] = encoding == .o200kBase ? g.promptTokens(at: index) : count(item.system) &+ count(item.user)
        }
        return item
    }

    /// Every request's prompt counted in `encoding` by `count` (tokens of a text): system + user +
    /// each history message. At once for rendered items (each distinct item once), as each request is
    /// generated for a synthetic workload.
    public func countingPrompts(in encoding: TokenEncoding, with count: @escaping @Sendable (String) -> Int) -> PlannedWork {
        func counted(_ item: WorkItem) -> WorkItem {
            var item = item
            item.promptTokens[encoding] = item.history.reduce(count(item.system) &+ count(item.user)) { $0 &+ count($1.content) }
            return item
        }
        switch source {
        case .list(let work, let warmup, let repetitions):
            return PlannedWork(source: .list(work: work.map(counted), warmup: warmup.map(counted), repetitions: repetitions),
                               workCount: workCount, warmupCount: warmupCount)
        case .datasets(let rendered, let perDataset, let order):
            return PlannedWork(source: .datasets(rendered: rendered.map { $0.map(counted) }, perDataset: perDataset, order: order),
                               workCount: workCount, warmupCount: warmupCount)
        case .synthetic(let g, var counters):
            if counters[encoding] == nil { counters[encoding] = count }
            return PlannedWork(source: .synthetic(g, counters: counters), workCount: workCount, warmupCount: warmupCount)
        }
    }

    /// The o200k_base prompt count of the request with this dataset and item id, when every request
    /// under that id has one and the same count (nil otherwise, so no attempt is given another's count).
    public func promptO200kTokens() -> @Sendable (String, String) -> Int? {
        switch source {
        case .synthetic(let g, _):
            return { dataset, itemId in
                guard dataset == SyntheticWorkload.datasetName, let i = SyntheticWorkload.Generator.index(ofItemId: itemId) else { return nil }
                return g.promptTokens(at: i)
            }
        case .list(let work, let warmup, _):
            let counts = Self.uniqueCounts(warmup + work)
            return { counts[$0 + "\u{0}" + $1] }
        case .datasets(let rendered, _, _):
            let counts = Self.uniqueCounts(rendered.flatMap { $0 })
            return { counts[$0 + "\u{0}" + $1] }
        }
    }

    static func uniqueCounts(_ items: [WorkItem]) -> [String: Int] {
        var out: [String: Int] = [:]
        var ambiguous: Set<String> = []
        for item in items {
            guard let n = item.promptTokens[.o200kBase] else { continue }
            let key = item.dataset + "\u{0}" + item.itemId
            if let old = out[key], old != n { ambiguous.insert(key) }
            out[key] = n
        }
        for key in ambiguous { out[key] = nil }
        return out
    }

    /// Calls `body` with every planned request of one model's part of `shard`, warmup first, in
    /// the order the run sends them (for `--dry-run`); stops at the first error.
    public func forEach(model: String, shard: Shard = .whole, _ body: (WorkItem, Bool) throws -> Void) throws {
        var lane = LaneWork(plan: self, model: model, shard: shard)
        while let next = lane.peek() {
            try body(next.item, next.warmup)
            lane.take()
        }
        if let f = lane.failure { throw LLMBenchError(.software, f) }
    }

    /// Every planned request of one model's part of `shard` as a list (tests and small plans).
    public func items(model: String, shard: Shard = .whole) throws -> [WorkItem] {
        var out: [WorkItem] = []
        try forEach(model: model, shard: shard) { item, warm in if !warm { out.append(item) } }
        return out
    }
}

extension SyntheticWorkload {
    /// The id of generated request `index` (0-based): `syn-00001` for 0.
    public static func itemId(index: Int) -> String { "syn-" + String(index + 1).leftPadded(to: 5) }
}
