import Datasets
import Foundation
import LLMBenchCore
import Tokenizer

/// Everything a run will send, built and validated before the first request.
struct PreparedWorkload {
    /// The requests each model gets, datasets interleaved (`Workload.interleaved`).
    var items: [WorkItem]
    /// Sent first to each model, flagged warmup.
    var warmup: [WorkItem]
    /// Dataset name → SHA-256 of its file.
    var hashes: [String: String]
    var datasets: [Dataset]
}

/// Turns `--datasets`/`--synthetic`, `--requests`, `--warmup`, `--shuffle` into a `PreparedWorkload`.
struct WorkloadBuilder {
    var options: RunOptions
    var environment: [String: String] = ProcessInfo.processInfo.environment

    func build() throws -> PreparedWorkload {
        if let spec = options.synthetic {
            let s = try SyntheticSpec.parse(spec)
            // Lengths are o200k_base tokens, the common unit (`input=N` is N o200k tokens of prompt).
            let o200k = try TokenizerLocation.tokenizer(.o200kBase, dataDir: options.dataDir, environment: environment)
            let items = try SyntheticWorkload.generate(s, count: options.requests + options.warmup, seed: options.seed,
                                                       tokenCount: { o200k.count($0) })
            return PreparedWorkload(items: Array(items.dropFirst(options.warmup)), warmup: Array(items.prefix(options.warmup)),
                                    hashes: [:], datasets: [])
        }
        let datasets = try Self.loadDatasets(options.datasets, dataDir: options.dataDir, environment: environment)
        let items = try Workload.interleaved(datasets: datasets, requestsPerDataset: options.requests,
                                             shuffleSeed: options.shuffle ? options.seed : nil)
        let warmup = Workload.warmup(count: options.warmup, from: items)
        return PreparedWorkload(items: items, warmup: warmup, hashes: Dataset.hashes(of: datasets), datasets: datasets)
    }

    /// Loads datasets by shipped name or path; the data directory is looked up only when a name needs it.
    static func loadDatasets(_ refs: [String], dataDir: String?, environment: [String: String]) throws -> [Dataset] {
        let needsDir = refs.contains { !$0.contains("/") && !$0.hasSuffix(".jsonl") }
        let dir = needsDir ? try DataDirectory.resolve(explicit: dataDir, environment: environment,
                                                       executablePath: Executable.path).path : nil
        return try DatasetLoader.loadAll(refs, dataDirectory: dir)
    }
}

/// The running executable's path (for finding the shipped data beside it).
enum Executable {
    static var path: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
