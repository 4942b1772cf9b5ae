import Dispatch
import Foundation
import LLMBenchCore
import Store

/// Writes `runs.heartbeat_at` every `RunLiveness.heartbeatIntervalSeconds` while a run goes, so a
/// reader can tell a crashed run (silent for `RunLiveness.staleAfterSeconds`) from a live one.
final class Heartbeat: @unchecked Sendable {
    private let timer: any DispatchSourceTimer

    init(db: Database, runId: String) {
        timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        let interval = DispatchTimeInterval.milliseconds(Int(RunLiveness.heartbeatIntervalSeconds * 1000))
        timer.schedule(deadline: .now() + interval, repeating: interval)
        // A failed beat is not fatal: the next one tries again, and the run's own writes report errors.
        timer.setEventHandler { try? db.heartbeat(runId: runId, at: HostInfo.isoNow()) }
    }

    func start() { timer.resume() }
    func stop() { timer.cancel() }
}
