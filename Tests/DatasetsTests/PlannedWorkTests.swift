import Testing
import LLMBenchCore
@testable import Datasets

/// `PlannedWork` produces, one at a time, exactly the requests the eager lists held, and `--shard I/N`
/// splits them into N disjoint parts whose union is the whole (issue 17).
@Suite("PlannedWork and shards")
struct PlannedWorkTests {
    func dataset(_ name: String, count: Int) -> Dataset {
        let items = (1...count).map {
            DatasetItem(id: "\(name)-\($0)", task: .summarization, text: "Document \($0).", references: ["S."])
        }
        return Dataset(name: name, task: .summarization, items: items, sha256: "", path: "\(name).jsonl")
    }

    var datasets: [Dataset] { [dataset("a", count: 3), dataset("b", count: 5)] }

    @Test(arguments: [nil, UInt64(42)])
    func sameRequestsAsTheEagerList(shuffle: UInt64?) throws {
        // 7 requests per dataset cycle both datasets (3 and 5 items), so repetitions occur.
        let eager = try Workload.interleaved(datasets: datasets, requestsPerDataset: 7, shuffleSeed: shuffle)
        let planned = try PlannedWork.datasets(datasets, requestsPerDataset: 7, shuffleSeed: shuffle, warmup: 4)
        #expect(planned.workCount == eager.count)
        #expect(try planned.items(model: "m") == eager)
        #expect(try (0..<4).map(planned.warmup) == Workload.warmup(count: 4, from: eager))
    }

    @Test func syntheticGeneratedOnDemandMatchesGenerate() throws {
        let spec = SyntheticSpec(inputTokens: 40, outputTokens: 8, inputStddev: 5)
        let eager = try SyntheticWorkload.generate(spec, count: 12, seed: 9, tokenCount: TokenEstimate.tokens)
        let planned = try PlannedWork.synthetic(spec, requests: 10, warmup: 2, seed: 9, tokenCount: TokenEstimate.tokens)
        let work = try planned.items(model: "m").map { item -> WorkItem in
            var item = item
            item.promptTokens = [:]
            return item
        }
        #expect(work == Array(eager.dropFirst(2)))
        // The o200k count a lazily generated request carries is the length it was built to.
        let lookup = planned.promptO200kTokens()
        for item in eager { #expect(lookup("synthetic", item.itemId) == TokenEstimate.tokens(in: item.system) + TokenEstimate.tokens(in: item.user)) }
    }

    /// For N in 1, 2, 3, 7: every model's shards are disjoint, their union is the unsharded workload,
    /// and no (item, repetition) appears twice.
    @Test(arguments: [1, 2, 3, 7])
    func shardsPartitionTheWorkload(n: Int) throws {
        let planned = try PlannedWork.datasets(datasets, requestsPerDataset: 11, shuffleSeed: 5)
        for model in ["gpt-4o-mini", "claude-haiku-4-5"] {
            let whole = identities(planned, model: model, shard: .whole)
            #expect(whole.count == 22)
            #expect(Set(whole).count == whole.count, "(dataset, item, repetition) names one request")
            var union: [PlannedRequestID] = []
            for i in 1...n {
                let shard = try Shard(index: i, count: n)
                let part = identities(planned, model: model, shard: shard)
                #expect(LaneWork(plan: planned, model: model, shard: shard).count == part.count)
                union += part
            }
            #expect(union.count == whole.count, "disjoint: nothing sent twice")
            #expect(Set(union) == Set(whole), "the union is the whole")
        }
    }

    @Test func syntheticShardsPartitionToo() throws {
        let planned = try PlannedWork.synthetic(SyntheticSpec(inputTokens: 20, outputTokens: 4), requests: 50, warmup: 0,
                                                seed: 1, tokenCount: TokenEstimate.tokens)
        let whole = Set(try planned.items(model: "m").map(\.itemId))
        var union: [String] = []
        for i in 1...3 { union += try planned.items(model: "m", shard: Shard(index: i, count: 3)).map(\.itemId) }
        #expect(union.count == 50 && Set(union) == whole)
    }

    /// A shard takes its share: with 2 × 500 requests none of 7 shards is far from 1/7.
    @Test func shardsAreBalanced() throws {
        let planned = try PlannedWork.datasets(datasets, requestsPerDataset: 500)
        let counts = try (1...7).map { LaneWork(plan: planned, model: "m", shard: try Shard(index: $0, count: 7)).count }
        #expect(counts.reduce(0, +) == 1000)
        #expect(counts.allSatisfy { abs($0 - 143) < 40 }, "\(counts)")
    }

    /// The identities of the requests `LaneWork` sends for `model` in `shard`, checked against the
    /// unsharded slots that hash into the shard (same requests, same order).
    func identities(_ plan: PlannedWork, model: String, shard: Shard) -> [PlannedRequestID] {
        var lane = LaneWork(plan: plan, model: model, shard: shard)
        var sent: [String] = []
        while let next = lane.peek() {
            sent.append(next.item.dataset + "/" + next.item.itemId)
            lane.take()
        }
        let mine = (0..<plan.workCount).map(plan.identity(ofWork:))
            .filter { shard.contains(model: model, dataset: $0.dataset, itemId: $0.itemId, repetition: $0.repetition) }
        #expect(mine.map { $0.dataset + "/" + $0.itemId } == sent, "the lane sends exactly its slots, in order")
        return mine
    }
}

@Suite("Shard")
struct ShardTests {
    @Test func parsesAndValidates() throws {
        #expect(try Shard.parse("2/10") == Shard(index: 2, count: 10))
        for bad in ["0/3", "4/3", "1/0", "a/b", "3", "1/2/3", "-1/2"] {
            #expect(throws: LLMBenchError.self) { try Shard.parse(bad) }
        }
        #expect { try Shard.parse("0/3") } throws: { ($0 as? LLMBenchError)?.message.contains("JOB_COMPLETION_INDEX") == true }
    }

    @Test func seedsDifferPerShardAndAreReproducible() throws {
        let seeds = try (1...7).map { try Shard(index: $0, count: 7).seed(from: 42) }
        #expect(Set(seeds).count == 7)
        #expect(seeds == (try (1...7).map { try Shard(index: $0, count: 7).seed(from: 42) }))
        #expect(seeds != (try (1...7).map { try Shard(index: $0, count: 7).seed(from: 43) }))
        #expect(Shard.whole.seed(from: 42) == 42, "the whole run keeps its seed")
    }

    @Test func streamsSplitIntoWholePartsThatAddUp() throws {
        for (value, n) in [(8, 3), (16, 7), (64, 10), (5, 5)] {
            let parts = try (1...n).map { try Shard(index: $0, count: n).divide(value) }
            #expect(parts.reduce(0, +) == value && parts.max()! - parts.min()! <= 1)
        }
        #expect(try Shard(index: 3, count: 4).divide(2) == 1, "at least one stream")
        #expect(try Shard(index: 1, count: 4).divide(10.0) == 2.5)
    }

    @Test func hashIsStable() {
        // Fixed values: a change of the hash would move requests between shards of one run group.
        #expect(Shard.hash(model: "m", dataset: "qa", itemId: "qa-1", repetition: 0)
                == Shard.hash(model: "m", dataset: "qa", itemId: "qa-1", repetition: 0))
        #expect(Shard.hash(model: "m", dataset: "qa", itemId: "qa-1", repetition: 0)
                != Shard.hash(model: "m", dataset: "qa", itemId: "qa-1", repetition: 1))
        #expect(Shard.hash(model: "ab", dataset: "c", itemId: "", repetition: 0)
                != Shard.hash(model: "a", dataset: "bc", itemId: "", repetition: 0))
        var h = StableHash()
        h.combine("a")
        // FNV-1a of "a" then 0xFF, finalised: computed once by hand from the definition.
        var fnv: UInt64 = 0xcbf2_9ce4_8422_2325
        for b: UInt8 in [0x61, 0xFF] { fnv = (fnv ^ UInt64(b)) &* 0x100_0000_01B3 }
        #expect(h.value == StableHash.finalize(fnv))
    }
}
