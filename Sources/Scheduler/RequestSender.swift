import LLMBenchCore

/// What the runner needs from a client: start one attempt and hear back exactly once.
/// `Providers.LLMClient` is the real one; tests use a fake that completes on a manual clock.
public protocol RequestSender: Sendable {
    /// Starts one attempt and returns at once; `completion` runs exactly once, on any thread.
    func send(_ item: WorkItem, to model: ModelSpec, runId: String, requestIndex: Int, attempt: Int,
              intendedStartNs: Int64, warmup: Bool, completion: @escaping @Sendable (RequestRecord) -> Void)
    /// Ends every attempt in flight; each still completes, with status `.cancelled`.
    func cancelAll()
}
