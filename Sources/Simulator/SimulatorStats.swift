import Foundation
import Synchronization

/// Counters of what the simulator served: requests by path and by model, responses by status,
/// and faults injected by kind. A snapshot; `SimulatorServer.stats` takes a fresh one.
public struct SimulatorStats: Sendable, Equatable {
    /// Every complete HTTP request read (including those answered with an error).
    public var requests: Int = 0
    /// Requests by path without the query (`/v1/chat/completions`, `/v1beta/models/x:generateContent`);
    /// paths the simulator does not serve are counted together under `(unknown)`.
    public var requestsByPath: [String: Int] = [:]
    /// Requests by the model id the client sent (only requests that named a model).
    public var requestsByModel: [String: Int] = [:]
    /// Responses by HTTP status.
    public var responsesByStatus: [Int: Int] = [:]
    /// Faults injected, by kind (forced by header or drawn at the configured rate).
    public var faultsInjected: [FaultKind: Int] = [:]

    public init() {}

    /// Total faults injected of every kind.
    public var totalFaults: Int { faultsInjected.values.reduce(0, +) }
}

/// The thread-safe owner of the counters and of the simulated per-minute quota window.
final class StatsRecorder: Sendable {
    private struct State {
        var stats = SimulatorStats()
        var windowMinute: Int64 = -1
        var windowRequests = 0
        var windowTokens = 0
    }
    private let state = Mutex(State())

    func snapshot() -> SimulatorStats { state.withLock { $0.stats } }

    func request(path: String) { state.withLock { $0.stats.requests += 1; $0.stats.requestsByPath[path, default: 0] += 1 } }

    func model(_ model: String) { state.withLock { $0.stats.requestsByModel[model, default: 0] += 1 } }

    func response(status: Int) { state.withLock { $0.stats.responsesByStatus[status, default: 0] += 1 } }

    func fault(_ kind: FaultKind) { state.withLock { $0.stats.faultsInjected[kind, default: 0] += 1 } }

    /// Counts one request of `tokens` tokens in the current wall-clock minute and returns the
    /// requests and tokens used so far in it (the simulated quota the rate-limit headers report).
    func useQuota(tokens: Int) -> (requests: Int, tokens: Int) {
        let minute = Int64(Date().timeIntervalSince1970) / 60
        return state.withLock { s in
            if s.windowMinute != minute { s.windowMinute = minute; s.windowRequests = 0; s.windowTokens = 0 }
            s.windowRequests += 1
            s.windowTokens += tokens
            return (s.windowRequests, s.windowTokens)
        }
    }
}

