import Foundation
import LLMBenchCore

/// One response to score: its task, the model's text, the item's references and target language.
public struct ScoringJob: Sendable {
    public var task: TaskKind
    public var prediction: String
    public var references: [String]
    public var targetLanguage: String?

    public init(task: TaskKind, prediction: String, references: [String], targetLanguage: String? = nil) {
        self.task = task; self.prediction = prediction; self.references = references; self.targetLanguage = targetLanguage
    }

    public init(item: DatasetItem, prediction: String) {
        self.init(task: item.task, prediction: prediction, references: item.references, targetLanguage: item.targetLanguage)
    }
}

/// Scores responses with `TaskScorer` on several threads, a bounded batch at a time, results in job order.
///
/// Each thread has its own `ScoringWorkspace` (interned words, Porter stems, buffers), kept from one batch to
/// the next; a batch is cut into chunks that the threads take in turn, so a slow response does not hold the
/// others back. Scores are those of `TaskScorer.score` exactly: every job is scored alone, by the same code.
/// Memory: the workspaces (bounded, see `ScoringWorkspace.wordLimit`) and the caller's batch.
public final class ScoringPool: @unchecked Sendable {
    /// Threads used (≥ 1); defaults to the active processor count.
    public let threads: Int
    private let workspaces: [ScoringWorkspace]
    /// Jobs a thread takes at once.
    static let chunk = 32

    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.threads = max(1, threads)
        workspaces = (0..<self.threads).map { _ in ScoringWorkspace() }
    }

    /// The scores of each job, in the order of `jobs`. Not reentrant: one batch at a time per pool.
    public func score(_ jobs: [ScoringJob]) -> [[TaskScore]] {
        var results = [[TaskScore]](repeating: [], count: jobs.count)
        guard !jobs.isEmpty else { return results }
        if threads == 1 || jobs.count <= Self.chunk {
            for (i, job) in jobs.enumerated() { results[i] = TaskScorer.score(job, in: workspaces[0]) }
            return results
        }
        let counter = ChunkCounter()
        // Each thread writes only the result slots of the chunks it took, and uses only its own workspace.
        nonisolated(unsafe) let workspaces = self.workspaces
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: threads) { worker in
                let ws = workspaces[worker]
                while true {
                    let start = counter.take(Self.chunk)
                    if start >= jobs.count { return }
                    for i in start..<min(start + Self.chunk, jobs.count) { out[i] = TaskScorer.score(jobs[i], in: ws) }
                }
            }
        }
        return results
    }
}

/// The next unclaimed job index, shared by the pool's threads.
private final class ChunkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    /// Claims `n` jobs; returns the first claimed index.
    func take(_ n: Int) -> Int { lock.withLock { let s = next; next += n; return s } }
}
