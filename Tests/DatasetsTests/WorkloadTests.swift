import Testing
import LLMBenchCore
@testable import Datasets

@Suite("Workload")
struct WorkloadTests {
    func dataset(_ name: String, count: Int) -> Dataset {
        let items = (1...count).map {
            DatasetItem(id: "\(name)-\($0)", task: .summarization, text: "Document \($0).", references: ["S."])
        }
        return Dataset(name: name, task: .summarization, items: items, sha256: "", path: "\(name).jsonl")
    }

    @Test func everyItemOnceInFileOrderByDefault() throws {
        let work = try Workload.build(datasets: [dataset("a", count: 3), dataset("b", count: 2)])
        #expect(work.map(\.itemId) == ["a-1", "a-2", "a-3", "b-1", "b-2"])
        #expect(work.map(\.dataset) == ["a", "a", "a", "b", "b"])
    }

    @Test func capTakesTheFirstN() throws {
        let work = try Workload.build(datasets: [dataset("a", count: 5), dataset("b", count: 5)], requestsPerDataset: 2)
        #expect(work.map(\.itemId) == ["a-1", "a-2", "b-1", "b-2"])
    }

    @Test func capBeyondTheItemsCycles() throws {
        let work = try Workload.build(datasets: [dataset("a", count: 3)], requestsPerDataset: 7)
        #expect(work.map(\.itemId) == ["a-1", "a-2", "a-3", "a-1", "a-2", "a-3", "a-1"])
    }

    @Test func seededShuffleIsAPermutationAndDeterministic() throws {
        let datasets = [dataset("a", count: 20), dataset("b", count: 20)]
        let plain = try Workload.build(datasets: datasets)
        let first = try Workload.build(datasets: datasets, shuffleSeed: 42)
        let again = try Workload.build(datasets: datasets, shuffleSeed: 42)
        let other = try Workload.build(datasets: datasets, shuffleSeed: 43)
        #expect(first == again)
        #expect(first != plain)
        #expect(first != other)
        #expect(first.map(\.itemId).sorted() == plain.map(\.itemId).sorted())
    }

    @Test func zeroRequestsIsAUsageError() {
        #expect {
            try Workload.build(datasets: [dataset("a", count: 1)], requestsPerDataset: 0)
        } throws: { ($0 as? LLMBenchError)?.exitCode == .usage }
    }

    @Test func splitMix64KnownValues() {
        // Reference outputs of SplitMix64 for seed 1234567 (Steele, Lea and Flood's algorithm).
        var generator = SplitMix64(seed: 1_234_567)
        let values = (0..<3).map { _ in generator.next() }
        #expect(values == [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423])
    }

    @Test func boundedDrawsStayInRange() {
        var generator = SplitMix64(seed: 7)
        var seen = Set<Int>()
        for _ in 0..<1000 {
            let value = generator.nextInt(below: 6)
            #expect((0..<6).contains(value))
            seen.insert(value)
        }
        #expect(seen.count == 6)
        for _ in 0..<1000 {
            let unit = generator.nextUnitDouble()
            #expect(unit >= 0 && unit < 1)
        }
    }
}
