import LLMBenchCore

extension Workload {
    /// The requests of a run over several datasets, interleaved so that a run cut short (by
    /// `--duration`, `--max-cost` or an interrupt) still covers every dataset.
    ///
    /// Each dataset's list is built alone (`build(datasets: [d], …)`; with a `shuffleSeed`, dataset
    /// `i` is shuffled with seed `shuffleSeed &+ i`), then the lists are merged round-robin: item 0
    /// of each dataset in the order given, then item 1 of each, …; a shorter list simply ends.
    public static func interleaved(datasets: [Dataset], requestsPerDataset: Int? = nil,
                                   shuffleSeed: UInt64? = nil) throws -> [WorkItem] {
        var lists: [[WorkItem]] = []
        lists.reserveCapacity(datasets.count)
        for (i, d) in datasets.enumerated() {
            lists.append(try build(datasets: [d], requestsPerDataset: requestsPerDataset,
                                   shuffleSeed: shuffleSeed.map { $0 &+ UInt64(i) }))
        }
        return roundRobin(lists)
    }

    /// Element 0 of each list, then element 1 of each, …, skipping lists that have ended.
    public static func roundRobin<T>(_ lists: [[T]]) -> [T] {
        var out: [T] = []
        out.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for k in 0..<(lists.map(\.count).max() ?? 0) {
            for list in lists where k < list.count { out.append(list[k]) }
        }
        return out
    }

    /// `count` warmup requests taken from the start of `items`, cycling when there are fewer items
    /// than that; none when `items` is empty or `count` is not positive.
    public static func warmup(count: Int, from items: [WorkItem]) -> [WorkItem] {
        guard !items.isEmpty, count > 0 else { return [] }
        return (0..<count).map { items[$0 % items.count] }
    }
}
