import LLMBenchCore

/// Builds the list of requests of a run from its datasets: the same list for every model.
///
/// Per dataset, in the order given: the first `requestsPerDataset` items in file order; when that
/// is more than the dataset holds, the items are taken again from the start (cycling) until that
/// many requests are listed, so item `k` of the list is item `k mod count` of the file. `nil` means
/// every item once. With a `shuffleSeed`, the whole list is then shuffled with `SplitMix64`
/// (Fisher–Yates), so one seed always gives one order.
public enum Workload {
    public static func build(datasets: [Dataset], requestsPerDataset: Int? = nil,
                             shuffleSeed: UInt64? = nil) throws -> [WorkItem] {
        if let requestsPerDataset, requestsPerDataset < 1 {
            throw LLMBenchError.usage("--requests must be at least 1 (got \(requestsPerDataset))")
        }
        var work: [WorkItem] = []
        for dataset in datasets {
            guard !dataset.items.isEmpty else {
                throw LLMBenchError.data("\(dataset.path): holds no items")
            }
            let rendered = try dataset.items.map(dataset.render)
            let count = requestsPerDataset ?? rendered.count
            work.reserveCapacity(work.count + count)
            for k in 0..<count { work.append(rendered[k % rendered.count]) }
        }
        if let shuffleSeed {
            var generator = SplitMix64(seed: shuffleSeed)
            generator.shuffle(&work)
        }
        return work
    }
}
