import Foundation
import LLMBenchCore
import Synchronization

/// The client the runner uses: builds each attempt in its model's wire format, reads keys from the
/// environment at request time, and sends it over one shared `CurlMultiTransport`.
///
/// Keys go only into request headers: never into a URL, a record field or an error message.
public final class LLMClient: Sendable {
    private let clock: any MonotonicClock
    private let runStartNs: Int64
    private let environment: [String: String]
    private let transport: CurlMultiTransport
    private let maxResponseTextBytes: Int
    private let lastRedactor = Mutex<(secrets: [String], redactor: SecretRedactor)?>(nil)

    public init(clock: any MonotonicClock = SystemMonotonicClock(), runStartNs: Int64,
                environment: [String: String] = ProcessInfo.processInfo.environment, timeouts: Timeouts = .default,
                maxResponseTextBytes: Int = ResponseLimits.maxStoredTextBytes,
                maxConnections: Int = CurlMultiTransport.defaultMaxConnections) {
        self.clock = clock
        self.maxResponseTextBytes = max(1, maxResponseTextBytes)
        self.runStartNs = runStartNs
        self.environment = environment
        self.transport = CurlMultiTransport(clock: clock, timeouts: timeouts, maxConnections: maxConnections)
    }

    /// Starts one attempt and returns at once; `completion` runs exactly once, on the transport thread.
    public func send(_ item: WorkItem, to model: ModelSpec, runId: String, requestIndex: Int, attempt: Int,
                     intendedStartNs: Int64, warmup: Bool, completion: @escaping @Sendable (RequestRecord) -> Void) {
        var skeleton = RequestRecord(runId: runId, requestIndex: requestIndex, attempt: attempt, model: model.name,
                                     dataset: item.dataset, itemId: item.itemId, warmup: warmup, status: .error,
                                     intendedStartNs: intendedStartNs)
        skeleton.conversationTurn = item.conversationTurn
        let request: HTTPRequest
        switch Self.buildRequest(item, model, environment) {
        case .success(let r): request = r
        case .failure(let missing):
            var r = skeleton
            r.errorKind = .auth
            r.errorMessage = "environment variable \(missing.name) is not set"
            r.doneNs = clock.nowNs() - runStartNs
            transport.deliver(r, completion)
            return
        }
        let recorder = RequestRecorder(skeleton: skeleton, format: model.kind.wireFormat, stream: model.stream,
                                       runStartNs: runStartNs, redactor: redactor(for: request.secrets),
                                       estimatedInputTokens: item.inputTokens(in: model.promptEncoding),
                                       maxStoredTextBytes: maxResponseTextBytes,
                                       countTokens: model.countTokens, router: model.router)
        transport.submit(CurlTransfer(request: request, recorder: recorder, clock: clock, completion: completion))
    }

    /// The redactor of `secrets`, reused while they stay the same (building one is a set and a
    /// sort, several allocations per request otherwise).
    private func redactor(for secrets: [String]) -> SecretRedactor {
        if let r = lastRedactor.withLock({ $0?.secrets == secrets ? $0?.redactor : nil }) { return r }
        let r = SecretRedactor(secrets: secrets)
        lastRedactor.withLock { $0 = (secrets, r) }
        return r
    }

    /// An environment variable a model needs and the environment lacks (its name only).
    public struct MissingVariable: Error, Sendable { public var name: String }

    /// The request for `item` to `model`, with the key and extra headers read from `environment`.
    public static func buildRequest(_ item: WorkItem, _ model: ModelSpec,
                                    _ environment: [String: String]) -> Result<HTTPRequest, MissingVariable> {
        var apiKey: String?
        if let name = model.apiKeyEnv {
            guard let v = environment[name], !v.isEmpty else { return .failure(MissingVariable(name: name)) }
            apiKey = v
        } else if Self.isLoopback(model.baseURL) {
            // A loopback server (the simulator, a local vLLM) named without a key variable gets a
            // placeholder, so servers that insist on the header, as the providers do, still answer.
            apiKey = OpenAIChatFormat.simulatorPlaceholderKey
        }
        var request = model.kind.wireFormat.makeRequest(item: item, model: model, apiKey: apiKey)
        for h in model.headers {
            if let v = h.value {
                request.headers.append((h.name, v))
            } else if let name = h.valueEnv {
                guard let v = environment[name], !v.isEmpty else { return .failure(MissingVariable(name: name)) }
                request.headers.append((h.name, v))
                request.secrets.append(v)
            }
        }
        return .success(request)
    }

    /// Whether a base URL points at this machine (127.0.0.0/8, ::1, localhost): a prefix check,
    /// cheap enough for every request.
    static func isLoopback(_ baseURL: String) -> Bool {
        let lower = baseURL.lowercased()
        return loopbackPrefixes.contains { lower.hasPrefix($0) }
    }
    private static let loopbackPrefixes = ["http://127.", "https://127.", "http://localhost", "https://localhost",
                                           "http://[::1]", "https://[::1]"]

    /// In-flight requests finish with status `.cancelled` / `ErrorKind.cancelled` (measured timings kept).
    public func cancelAll() { transport.cancelAll() }

    /// Attempts sent and not yet completed.
    public var inFlight: Int { transport.inFlight }

    /// Cancels what is in flight and joins the transport's loop thread. Later `send`s complete at
    /// once, on the caller's thread, with status `cancelled`.
    public func shutdown() { transport.shutdown() }

    deinit { transport.shutdown() }

    /// CPU time used so far by the transport's loop thread (every transfer's I/O, parsing and
    /// recording, completions included), in nanoseconds; nil before the thread has started.
    public var transportCPUTimeNs: Int64? { transport.loopCPUTimeNs }

    /// Connections the transport has opened so far (every TCP connection libcurl made).
    public var connectionsOpened: Int { transport.connectionsOpened }

    /// The timeouts every attempt runs under.
    public var timeouts: Timeouts { transport.timeouts }
}
