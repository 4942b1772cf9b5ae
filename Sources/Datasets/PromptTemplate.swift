import LLMBenchCore

/// The prompt of each task: a system message, a user message built from an item, and a maximum
/// output length. The user-message shapes are a contract: the simulator recognises tasks by them.
public enum PromptTemplate {
    public static let summarizationSystem = "You are a careful editor. Summarize documents accurately and briefly."
    public static let qaSystem = "Answer from the context only. Reply with the shortest exact span from the context that answers the question, and nothing else."
    public static let translationSystem = "You are a professional translator. Reply with the translation only."

    /// Maximum output tokens of a summary.
    public static let summarizationMaxOutputTokens = 160
    /// Maximum output tokens of a QA answer.
    public static let qaMaxOutputTokens = 32
    /// Upper bound on a translation's maximum output tokens.
    public static let translationMaxOutputCap = 512
    /// Maximum output tokens of a prompt-only item (a manifest's `max_output_tokens` overrides it).
    public static let promptMaxOutputTokens = 256

    /// Renders `item` of dataset `dataset` into a request; `estimatedInputTokens` is
    /// `TokenEstimate(system) + TokenEstimate(user)`. A custom `template` replaces the task's system and
    /// user messages (its placeholders filled from `item.fields`); `maxOutputTokens` replaces the task's limit.
    public static func render(_ item: DatasetItem, dataset: String, template: CustomTemplate? = nil,
                              maxOutputTokens: Int? = nil) throws -> WorkItem {
        var (system, user, maxOutput) = try builtIn(item)
        if let template {
            system = template.render(template.systemParts, fields: item.fields)
            user = template.render(template.userParts, fields: item.fields)
        }
        if let maxOutputTokens { maxOutput = maxOutputTokens }
        return WorkItem(dataset: dataset, itemId: item.id, task: item.task, system: system, user: user,
                        maxOutputTokens: maxOutput, estimatedInputTokens: estimate(system: system, user: user))
    }

    /// The task's own system message, user message and output limit for `item`.
    static func builtIn(_ item: DatasetItem) throws -> (system: String, user: String, maxOutput: Int) {
        let system: String
        let user: String
        let maxOutput: Int
        switch item.task {
        case .summarization:
            system = summarizationSystem
            user = "Summarize the following document.\n\nDocument:\n\(item.text)"
            maxOutput = summarizationMaxOutputTokens
        case .qa:
            system = qaSystem
            user = "Context:\n\(item.text)\n\nQuestion: \(item.question ?? "")\nAnswer:"
            maxOutput = qaMaxOutputTokens
        case .translation:
            let source = LanguageNames.name(for: item.sourceLanguage ?? "")
            let target = LanguageNames.name(for: item.targetLanguage ?? "")
            system = translationSystem
            user = "Translate the following text from \(source) to \(target).\n\nText:\n\(item.text)"
            maxOutput = translationMaxOutputTokens(source: item.text)
        case .prompt:
            system = ""
            user = item.text
            maxOutput = promptMaxOutputTokens
        case .synthetic:
            throw LLMBenchError(.software, "synthetic items are built by SyntheticWorkload, not rendered from a dataset item")
        }
        return (system, user, maxOutput)
    }

    /// Translation's output limit: `min(512, 2 × TokenEstimate(source) + 16)` tokens.
    public static func translationMaxOutputTokens(source: String) -> Int {
        min(translationMaxOutputCap, 2 * TokenEstimate.tokens(in: source) + 16)
    }

    /// The prompt's local token estimate: `TokenEstimate(system) + TokenEstimate(user)`.
    public static func estimate(system: String, user: String) -> Int {
        TokenEstimate.tokens(in: system) + TokenEstimate.tokens(in: user)
    }
}
