/// How hard a reasoning model is asked to think: one setting per model (`reasoning_effort` in the
/// config), mapped to each provider's own control by `ReasoningControls`.
public enum ReasoningEffort: String, Sendable, Codable, CaseIterable {
    case low, medium, high
}

/// Gemini 3's discrete thinking control (`generationConfig.thinkingConfig.thinkingLevel`). Gemini 3 Pro
/// accepts `low` and `high`; Gemini 3 Flash also `minimal` and `medium` (Gemini API "Thinking" guide).
public enum GeminiThinkingLevel: String, Sendable, Codable, CaseIterable {
    case minimal, low, medium, high
}

/// What the config asks of a reasoning model; every field optional, `ReasoningControls` fills the rest
/// from the default table.
public struct ReasoningSettings: Sendable, Equatable, Codable {
    /// `reasoning_effort`: low, medium or high.
    public var effort: ReasoningEffort?
    /// `reasoning_budget_tokens`: tokens the model may spend thinking (overrides the table).
    public var budgetTokens: Int?
    /// `thinking_level`: Gemini's level (overrides the table; makes a Gemini model send a level, not a budget).
    public var thinkingLevel: GeminiThinkingLevel?
    /// `include_thoughts`: Gemini streams thought summaries as `thought` parts (API default: false).
    public var includeThoughts: Bool?

    public init(effort: ReasoningEffort? = nil, budgetTokens: Int? = nil, thinkingLevel: GeminiThinkingLevel? = nil,
                includeThoughts: Bool? = nil) {
        self.effort = effort; self.budgetTokens = budgetTokens; self.thinkingLevel = thinkingLevel
        self.includeThoughts = includeThoughts
    }

    /// Whether any field asks the model to reason.
    public var asksToReason: Bool { effort != nil || budgetTokens != nil || thinkingLevel != nil }

    /// The smallest `reasoning_budget_tokens` accepted: 1 token (Anthropic models need 1,024, checked per kind).
    public static let minBudget = 1
    /// The largest `reasoning_budget_tokens` accepted: 1,000,000 tokens (above every model's output limit).
    public static let maxBudget = 1_000_000
    /// Anthropic's smallest `thinking.budget_tokens` (Messages API: "Must be ≥1024").
    public static let anthropicMinBudget = 1_024
}

/// Anthropic prompt-cache lifetime (`cache_control.ttl`): 5 minutes (the default) or 1 hour.
public enum CacheTTL: String, Sendable, Codable, CaseIterable {
    case fiveMinutes = "5m"
    case oneHour = "1h"

    /// The lifetime in nanoseconds: 300 s or 3,600 s.
    public var nanoseconds: Int64 {
        switch self {
        case .fiveMinutes: return 300 * 1_000_000_000
        case .oneHour: return 3_600 * 1_000_000_000
        }
    }
}

/// Where the Anthropic `cache_control` breakpoint goes: after the system prompt, or after the shared
/// prefix of the user prompt (the synthetic workload's `shared_prefix`; the whole prompt when it has none).
public enum CachePlacement: String, Sendable, Codable, CaseIterable {
    case system, prefix
}
