import Datasets
import Foundation
import LLMBenchCore

/// Everything a run will send, built and validated before the first request.
struct PreparedWorkload {
    /// The requests each model gets, datasets interleaved (`Workload.interleaved`).
    var items: [WorkItem]
    /// Sent first to each model, flagged warmup.
    var warmup: [WorkItem]
    /// Dataset name → SHA-256 of its file.
    var hashes: [String: String]
    /// Dataset name → SHA-256 of its custom prompt template (datasets with one).
    var templateHashes: [String: String] = [:]
    /// Dataset name → task.
    var tasks: [String: String] = [:]
    var datasets: [Dataset]
}

/// Turns `--datasets`/`--synthetic`, `--requests`, `--warmup`, `--shuffle` into a `PreparedWorkload`.
struct WorkloadBuilder {
    var options: RunOptions
    var environment: [String: String] = ProcessInfo.processInfo.environment

    func build() throws -> PreparedWorkload {
        if let spec = options.synthetic {
            let s = try SyntheticSpec.parse(spec)
            let items = try SyntheticWorkload.generate(s, count: options.requests + options.warmup, seed: options.seed)
            return PreparedWorkload(items: Array(items.dropFirst(options.warmup)), warmup: Array(items.prefix(options.warmup)),
                                    hashes: [:], datasets: [])
        }
        var declaration = options.declaration
        if let path = options.templatePath { declaration.template = try CustomTemplate.load(path: path) }
        let datasets = try Self.loadDatasets(options.datasets, dataDir: options.dataDir, environment: environment,
                                             declaration: declaration)
        let items = try Workload.interleaved(datasets: datasets, requestsPerDataset: options.requests,
                                             shuffleSeed: options.shuffle ? options.seed : nil)
        let warmup = Workload.warmup(count: options.warmup, from: items)
        return PreparedWorkload(items: items, warmup: warmup, hashes: Dataset.hashes(of: datasets),
                                templateHashes: Dataset.templateHashes(of: datasets), tasks: Dataset.tasks(of: datasets),
                                datasets: datasets)
    }

    /// Loads datasets by shipped name or path; the data directory is looked up only when a name needs it.
    /// `declaration` (`--fields`, `--template`) applies to the files given by path.
    static func loadDatasets(_ refs: [String], dataDir: String?, environment: [String: String],
                             declaration: DatasetDeclaration = DatasetDeclaration()) throws -> [Dataset] {
        let needsDir = refs.contains { !DatasetLoader.isPath($0) }
        let dir = needsDir ? try DataDirectory.resolve(explicit: dataDir, environment: environment,
                                                       executablePath: Executable.path).path : nil
        return try DatasetLoader.loadAll(refs, dataDirectory: dir, declaration: declaration)
    }
}

/// The running executable's path (for finding the shipped data beside it).
enum Executable {
    static var path: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
