import Testing
import LLMBenchCore
@testable import Datasets

/// `Workload.interleaved`: item 0 of each dataset, then item 1 of each, … (the order a run sends).
@Suite("Interleaving")
struct InterleavingTests {
    func dataset(_ name: String, count: Int) -> Dataset {
        let items = (1...count).map {
            DatasetItem(id: "\(name)-\($0)", task: .summarization, text: "Document \($0).", references: ["S."])
        }
        return Dataset(name: name, task: .summarization, items: items, sha256: "", path: "\(name).jsonl")
    }

    @Test func itemZeroOfEachThenItemOne() throws {
        let work = try Workload.interleaved(datasets: [dataset("a", count: 2), dataset("b", count: 2), dataset("c", count: 2)])
        #expect(work.map(\.itemId) == ["a-1", "b-1", "c-1", "a-2", "b-2", "c-2"])
    }

    @Test func aShorterDatasetSimplyEnds() throws {
        let work = try Workload.interleaved(datasets: [dataset("a", count: 3), dataset("b", count: 1)])
        #expect(work.map(\.itemId) == ["a-1", "b-1", "a-2", "a-3"])
    }

    @Test func requestsPerDatasetCyclesEachDatasetAlone() throws {
        let work = try Workload.interleaved(datasets: [dataset("a", count: 2), dataset("b", count: 3)], requestsPerDataset: 3)
        #expect(work.map(\.itemId) == ["a-1", "b-1", "a-2", "b-2", "a-1", "b-3"])
    }

    @Test func eachDatasetIsShuffledWithItsOwnSeed() throws {
        let a = dataset("a", count: 12), b = dataset("b", count: 12)
        let work = try Workload.interleaved(datasets: [a, b], shuffleSeed: 42)
        // Dataset i uses seed 42 + i: the even positions are a shuffled alone with 42, the odd b with 43.
        let evens = stride(from: 0, to: work.count, by: 2).map { work[$0] }
        let odds = stride(from: 1, to: work.count, by: 2).map { work[$0] }
        #expect(evens == (try Workload.build(datasets: [a], shuffleSeed: 42)))
        #expect(odds == (try Workload.build(datasets: [b], shuffleSeed: 43)))
        #expect(work == (try Workload.interleaved(datasets: [a, b], shuffleSeed: 42)))
    }

    @Test func roundRobinOfPlainLists() {
        #expect(Workload.roundRobin([[1, 4, 6], [2, 5], [3]]) == [1, 2, 3, 4, 5, 6])
        #expect(Workload.roundRobin([[Int]]()) == [])
        #expect(Workload.roundRobin([[], [7]]) == [7])
    }

    @Test func warmupCyclesFromTheStart() throws {
        let items = try Workload.interleaved(datasets: [dataset("a", count: 1), dataset("b", count: 1)])
        #expect(Workload.warmup(count: 3, from: items).map(\.itemId) == ["a-1", "b-1", "a-1"])
        #expect(Workload.warmup(count: 0, from: items).isEmpty)
        #expect(Workload.warmup(count: 2, from: []).isEmpty)
    }
}
