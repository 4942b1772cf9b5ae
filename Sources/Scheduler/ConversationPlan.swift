import Datasets
import LLMBenchCore

/// A run of a conversation dataset: the run's settings and the conversations every model has.
public struct ConversationPlan: Sendable {
    /// Run id, models, load profile, concurrency, limits, duration, retries and seed (its `work` and
    /// `warmup` are unused: a conversation run has no single requests).
    public var run: RunPlan
    /// The conversations every model gets, in order (capped and cycled like a dataset's items).
    public var conversations: [Conversation]
    /// `--replay-assistant`: a later turn's history holds the recorded answers, not the model's own.
    public var replayAssistant: Bool
    /// `--think-time`: pause after a turn's answer before the next turn is sent, ns (a conversation's
    /// own `think_time_ms` wins).
    public var thinkTimeNs: Int64

    public init(run: RunPlan, conversations: [Conversation], replayAssistant: Bool = false, thinkTimeNs: Int64 = 0) {
        self.run = run; self.conversations = conversations; self.replayAssistant = replayAssistant
        self.thinkTimeNs = max(0, thinkTimeNs)
    }

    /// Planned requests (turns) over every model, retries not counted.
    public var plannedRequests: Int { run.models.count * conversations.reduce(0) { $0 + $1.turns.count } }

    /// The think time after a turn of `conversation`, ns.
    func thinkTime(_ conversation: Conversation) -> Int64 { conversation.thinkTimeNs ?? thinkTimeNs }
}
