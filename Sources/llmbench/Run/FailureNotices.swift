import Foundation
import LLMBenchCore
import Scheduler

/// Passes records on and prints, as it happens, the first failure of each kind per model with its
/// hint (`FirstFailures` decides; this only prints), and the moment a model's part of the run ends
/// after consecutive failures. On a terminal the progress line is cleared first so the note stays.
final class FailureNotices: RecordSink, @unchecked Sendable {
    private let next: any RecordSink
    private let lock = NSLock()
    private var first: FirstFailures
    private let clearLine: Bool

    init(next: any RecordSink, models: [ModelSpec], clearLine: Bool) {
        self.next = next
        self.clearLine = clearLine
        first = FirstFailures(models: Dictionary(models.map {
            ($0.name, FirstFailures.ModelContext(keyVariable: $0.apiKeyEnv, modelId: $0.modelId, baseURL: $0.baseURL))
        }, uniquingKeysWith: { a, _ in a }))
    }

    func record(_ record: RequestRecord) {
        if record.status == .error, let line = lock.withLock({ first.notice(for: record) }) { say(line) }
        next.record(record)
    }

    /// A model stopped by `--stop-after-failures`.
    func stopped(_ e: FailureStopEvent) {
        say("\(e.model): \(e.failures) failed requests in a row; no more requests to it, its remaining requests are "
            + "recorded as not_sent (--stop-after-failures \(e.failures); 0 turns it off)")
    }

    private func say(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { "llmbench: \($0)" }
        let out = (clearLine ? "\r\u{1B}[2K" : "") + lines.joined(separator: "\n") + "\n"
        lock.withLock { FileHandle.standardError.write(Data(out.utf8)) }
    }
}
