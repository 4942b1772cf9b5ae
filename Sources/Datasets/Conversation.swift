import LLMBenchCore

/// One recorded conversation of a conversation dataset: an optional system prompt and its user turns,
/// each with the answer the dataset recorded for it (if any).
public struct Conversation: Sendable, Equatable {
    /// One user message and the assistant answer recorded after it (nil when the file ends on that user message).
    public struct Turn: Sendable, Equatable {
        public var user: String
        public var recordedAnswer: String?
        public init(user: String, recordedAnswer: String?) { self.user = user; self.recordedAnswer = recordedAnswer }
    }

    /// Dataset name as reports show it (the file stem).
    public var dataset: String
    /// The line's `id` (string or integer), or `line-N` when it has none.
    public var id: String
    public var system: String
    /// At least one.
    public var turns: [Turn]
    /// The line's `think_time_ms`, ns: the pause after one turn's answer before the next turn is sent
    /// (nil: the run's `--think-time`).
    public var thinkTimeNs: Int64?
    /// The line's `max_tokens`, else `Conversation.defaultMaxOutputTokens`: the output limit of every turn.
    public var maxOutputTokens: Int

    /// Output limit of a turn when the line gives no `max_tokens`, tokens.
    public static let defaultMaxOutputTokens = 1_024

    public init(dataset: String, id: String, system: String, turns: [Turn], thinkTimeNs: Int64? = nil,
                maxOutputTokens: Int = Conversation.defaultMaxOutputTokens) {
        self.dataset = dataset; self.id = id; self.system = system; self.turns = turns
        self.thinkTimeNs = thinkTimeNs; self.maxOutputTokens = maxOutputTokens
    }

    /// The request of turn `index` (0-based) of conversation `conversationIndex` of the run, sent after
    /// `history` (the conversation so far: each earlier user message and the answer kept for it).
    /// Conversation turns are not scored (task `synthetic`); the prompt estimate is `TokenEstimate` of
    /// system + every history message + the user message.
    public func item(turn index: Int, history: [ChatMessage], conversationIndex: Int) -> WorkItem {
        let user = turns[index].user
        let estimate = history.reduce(TokenEstimate.tokens(in: system) + TokenEstimate.tokens(in: user)) {
            $0 &+ TokenEstimate.tokens(in: $1.content)
        }
        var item = WorkItem(dataset: dataset, itemId: id, task: .synthetic, system: system, user: user,
                            maxOutputTokens: maxOutputTokens, estimatedInputTokens: estimate)
        item.history = history
        item.conversationTurn = ConversationTurn(conversation: conversationIndex, turn: index + 1)
        return item
    }

    /// The history before turn `index` built from the recorded answers (`--replay-assistant`, and the
    /// dry run's estimate): every earlier user message with its recorded answer.
    public func recordedHistory(before index: Int) -> [ChatMessage] {
        turns[..<index].flatMap { t in
            [ChatMessage(role: .user, content: t.user), ChatMessage(role: .assistant, content: t.recordedAnswer ?? "")]
        }
    }
}

/// A loaded, validated conversation dataset file (JSONL, one conversation a line).
public struct ConversationDataset: Sendable, Equatable {
    /// The two line shapes read.
    public enum Shape: String, Sendable {
        /// `{"messages": [{"role": "system"|"user"|"assistant", "content": …}]}` (OpenAI chat).
        case openAIMessages = "messages"
        /// `{"conversations": [{"from": "system"|"human"|"gpt", "value": …}]}` (ShareGPT).
        case shareGPT = "conversations"
    }

    public var name: String
    public var shape: Shape
    public var conversations: [Conversation]
    /// SHA-256 of the file's bytes, hex (stored with the run like a dataset's).
    public var sha256: String
    public var path: String

    /// Planned requests of one pass over the file: Σ turns.
    public var turnCount: Int { conversations.reduce(0) { $0 + $1.turns.count } }
}
