/// The kind of work a dataset item asks for; it picks the prompt template and the quality metric.
public enum TaskKind: String, Sendable, Codable, CaseIterable {
    case summarization
    case qa
    case translation
    /// Load tests where the text does not matter (`--synthetic`).
    case synthetic
    /// A team's own prompts with no reference answer: run for latency and cost, never scored.
    case prompt
}

/// One validated line of a dataset, task-specific fields included.
public struct DatasetItem: Sendable, Equatable {
    public var id: String
    public var task: TaskKind
    /// summarization: the document; qa: the context; translation: the source text; prompt: the prompt
    /// (empty when a custom template builds the message from `fields`).
    public var text: String
    /// qa only: the question.
    public var question: String?
    /// translation only: ISO 639-1 source and target languages.
    public var sourceLanguage: String?
    public var targetLanguage: String?
    /// Accepted answers / reference summaries / reference translations (at least one; none for `prompt` and `synthetic`).
    public var references: [String]
    /// The line's text values by name (its own column names and the task's field names it was mapped
    /// to), kept only when a custom prompt template needs them for its `{field}` placeholders.
    public var fields: [String: String]

    public init(id: String, task: TaskKind, text: String, question: String? = nil,
                sourceLanguage: String? = nil, targetLanguage: String? = nil, references: [String],
                fields: [String: String] = [:]) {
        self.id = id; self.task = task; self.text = text; self.question = question
        self.sourceLanguage = sourceLanguage; self.targetLanguage = targetLanguage; self.references = references
        self.fields = fields
    }
}

/// A chat message of a rendered prompt.
public struct ChatMessage: Sendable, Equatable, Codable {
    public enum Role: String, Sendable, Codable { case system, user, assistant }
    public var role: Role
    public var content: String
    public init(role: Role, content: String) { self.role = role; self.content = content }
}

/// One request to make: a rendered prompt for one dataset item, independent of the model.
public struct WorkItem: Sendable, Equatable {
    /// Dataset name as shown in reports (`summarization`, `qa`, or a user file's stem).
    public var dataset: String
    public var itemId: String
    public var task: TaskKind
    public var system: String
    public var user: String
    /// The task's maximum output length in tokens (a model's config may lower it).
    public var maxOutputTokens: Int
    /// Local estimate of the prompt's tokens (`TokenEstimate`, ⌈UTF-8 bytes ÷ 4⌉), used only where the
    /// prompt was not counted with a tokenizer (`promptTokens`).
    public var estimatedInputTokens: Int
    /// The prompt's text (system + user) counted exactly in each encoding, filled in before the run
    /// (`llmbench run` counts every encoding its models use); the few tokens of chat framing a provider adds are
    /// not included.
    public var promptTokens: [TokenEncoding: Int] = [:]

    /// Prompt tokens for a model counted in `encoding`: the exact count when there is one, else the estimate.
    /// What the tokens-per-minute bucket, `--max-cost`, `--dry-run` and an `estimated` input count use.
    public func inputTokens(in encoding: TokenEncoding) -> Int { promptTokens[encoding] ?? estimatedInputTokens }

    /// UTF-8 bytes at the start of `user` that other requests share word for word (a synthetic
    /// workload's `shared_prefix`), 0 when none is declared: where a `prefix` cache breakpoint goes.
    public var sharedPrefixBytes: Int

    /// A conversation turn's earlier messages, oldest first, sent between the system prompt and `user`
    /// (alternating user and assistant, starting with a user message); empty for a single-turn request.
    public var history: [ChatMessage] = []
    /// The conversation and turn this request is, or nil for a single-turn request.
    public var conversationTurn: ConversationTurn?

    /// `user` split after its shared prefix (at the last character boundary at or before `sharedPrefixBytes`);
    /// nil when no prefix is declared or it covers the whole message.
    public var userSplitAtSharedPrefix: (prefix: String, rest: String)? {
        guard sharedPrefixBytes > 0, sharedPrefixBytes < user.utf8.count else { return nil }
        var end = user.utf8.index(user.utf8.startIndex, offsetBy: sharedPrefixBytes)
        while end > user.startIndex, end.samePosition(in: user) == nil { end = user.utf8.index(before: end) }
        guard end > user.startIndex else { return nil }
        return (String(user[..<end]), String(user[end...]))
    }

    public init(dataset: String, itemId: String, task: TaskKind, system: String, user: String,
                maxOutputTokens: Int, estimatedInputTokens: Int, sharedPrefixBytes: Int = 0) {
        self.sharedPrefixBytes = max(0, sharedPrefixBytes)
        self.dataset = dataset; self.itemId = itemId; self.task = task; self.system = system
        self.user = user; self.maxOutputTokens = maxOutputTokens; self.estimatedInputTokens = estimatedInputTokens
    }
}
