/// Decides which failed attempts are announced as they happen: the first of each error kind per
/// model, so a run that fails says why at once, without a line per request.
///
/// A pure value: the owner (the run's record sink) calls `notice(for:)` with every finished record
/// and prints what it returns. Cancelled and `not_sent` records are never announced.
public struct FirstFailures: Sendable {
    /// Config fields a hint names, by model name.
    public struct ModelContext: Sendable {
        public var keyVariable: String?
        public var modelId: String?
        public var baseURL: String?
        public init(keyVariable: String?, modelId: String?, baseURL: String?) {
            self.keyVariable = keyVariable; self.modelId = modelId; self.baseURL = baseURL
        }
    }

    private var seen: Set<String> = []
    private let models: [String: ModelContext]

    public init(models: [String: ModelContext]) { self.models = models }

    /// The line to print for `r` (no prefix, no newline), or `nil` when it is not the first failure
    /// of its kind for its model. The message is the record's, already redacted by the client.
    public mutating func notice(for r: RequestRecord) -> String? {
        guard r.status == .error, let kind = r.errorKind else { return nil }
        guard seen.insert("\(r.model)\u{1F}\(kind.rawValue)").inserted else { return nil }
        let c = models[r.model]
        var line = "\(r.model): first \(kind.rawValue) failure"
        if let s = r.httpStatus, r.errorMessage?.hasPrefix("HTTP \(s)") != true { line += " (HTTP \(s))" }
        line += ": \(r.errorMessage ?? "no message")"
        if let h = FailureHint.hint(kind: kind, httpStatus: r.httpStatus, message: r.errorMessage,
                                    keyVariable: c?.keyVariable, modelId: c?.modelId, baseURL: c?.baseURL) {
            line += "\n  hint: \(h)"
        }
        return line
    }
}
