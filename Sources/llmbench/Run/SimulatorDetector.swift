import Foundation
import LLMBenchCore

/// Passes records on to the store and notes which models answered through the simulator (its
/// responses carry `x-llmbench-simulator`), so a run pointed at `llmbench simulate` by URL is
/// labelled simulated even though its models are of kind openai/anthropic/gemini.
final class SimulatorDetector: RecordSink, @unchecked Sendable {
    private let next: any RecordSink
    private let lock = NSLock()
    private var simulatedModels: Set<String> = []

    init(next: any RecordSink) { self.next = next }

    func record(_ record: RequestRecord) {
        if record.servedBySimulator {
            _ = lock.withLock { simulatedModels.insert(record.model) }
        }
        next.record(record)
    }

    /// Models that answered at least once through the simulator.
    var models: Set<String> { lock.withLock { simulatedModels } }
}
