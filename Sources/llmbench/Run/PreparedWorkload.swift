import Datasets
import Foundation
import LLMBenchCore
import Tokenizer

/// Everything a run will send, built and validated before the first request.
struct PreparedWorkload {
    /// The requests each model gets (warmup first), datasets interleaved as `Workload.interleaved`
    /// does, produced as they are sent.
    var planned: PlannedWork
    /// Dataset name → SHA-256 of its file.
    var hashes: [String: String]
    /// Dataset name → SHA-256 of its custom prompt template (datasets with one).
    var templateHashes: [String: String] = [:]
    /// Dataset name → task.
    var tasks: [String: String] = [:]
    var datasets: [Dataset]
    /// Conversation datasets' conversations, sent turn by turn (then `items` are their turns with the
    /// recorded answers as history: what the dry run prices and the run plans).
    var conversations: [Conversation] = []
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
            // The run's seed, not a shard's: every shard plans the same requests.
            let planned = try PlannedWork.synthetic(s, requests: options.requests, warmup: options.warmup, seed: options.seed,
                                                    tokenCount: { o200k.count($0) })
            return PreparedWorkload(planned: planned, hashes: [:], datasets: [])
        }
        if let conversational = try conversationWorkload() { return conversational }
        var declaration = options.declaration
        if let path = options.templatePath { declaration.template = try CustomTemplate.load(path: path) }
        let datasets = try Self.loadDatasets(options.datasets, dataDir: options.dataDir, environment: environment,
                                             declaration: declaration)
        let planned = try PlannedWork.datasets(datasets, requestsPerDataset: options.requests,
                                               shuffleSeed: options.shuffle ? options.seed : nil, warmup: options.warmup)
        return PreparedWorkload(planned: planned, hashes: Dataset.hashes(of: datasets),
                                templateHashes: Dataset.templateHashes(of: datasets), tasks: Dataset.tasks(of: datasets),
                                datasets: datasets)
    }

    /// The workload of conversation datasets (README "Conversations"), or nil when `--datasets` names none.
    /// A run's datasets are all conversation datasets or none.
    func conversationWorkload() throws -> PreparedWorkload? {
        let isConversation = options.datasets.map { $0.contains("/") || $0.hasSuffix(".jsonl") ? ConversationLoader.isConversationFile(path: $0) : false }
        guard isConversation.contains(true) else { return nil }
        if let other = zip(options.datasets, isConversation).first(where: { !$0.1 }) {
            throw LLMBenchError.usage("--datasets: \(other.0) is not a conversation dataset; a run's datasets are all conversation datasets or none (run them apart)")
        }
        if options.warmup > 0 { throw LLMBenchError.usage("--warmup does not apply to conversation datasets") }
        let datasets = try options.datasets.map { try ConversationLoader.load(path: $0) }
        if let dup = Dictionary(grouping: datasets, by: \.name).first(where: { $0.value.count > 1 }) {
            throw LLMBenchError.usage("two datasets are named \"\(dup.key)\" (\(dup.value.map(\.path).joined(separator: " and "))); rename one file")
        }
        let conversations = try ConversationWorkload.build(datasets: datasets, conversationsPerDataset: options.requests,
                                                           shuffleSeed: options.shuffle ? options.seed : nil)
        return PreparedWorkload(planned: .list(work: ConversationWorkload.plannedTurns(conversations)),
                                hashes: Dictionary(datasets.map { ($0.name, $0.sha256) }, uniquingKeysWith: { a, _ in a }),
                                datasets: [], conversations: conversations)
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
