/// A model's reasoning settings resolved into each provider's own control, through the default table
/// (README "Reasoning and caching"):
///
/// | effort | OpenAI `reasoning_effort` | budget tokens | Gemini 3 `thinkingLevel` |
/// |---|---|---|---|
/// | low | `low` | 1,024 | `low` |
/// | medium | `medium` | 4,096 | `medium` |
/// | high | `high` | 16,384 | `high` |
///
/// The budget is Anthropic's `thinking.budget_tokens` and Gemini 2.5's `thinkingBudget`, and for every
/// kind the room to think added to the answer cap. `reasoning_budget_tokens`, `thinking_level` and
/// `include_thoughts` in the config override the table.
public struct ReasoningControls: Sendable, Equatable {
    /// Sent as OpenAI's `reasoning_effort` (nil: not sent).
    public var effort: ReasoningEffort?
    /// Tokens the model may spend thinking.
    public var budgetTokens: Int
    /// Gemini's control: a budget (2.5) or a level (3 and later).
    public var gemini: GeminiThinking
    /// Gemini `includeThoughts`.
    public var includeThoughts: Bool

    public enum GeminiThinking: Sendable, Equatable {
        case budget(Int)
        case level(GeminiThinkingLevel)
    }

    /// The budget the table gives an effort: 1,024, 4,096 or 16,384 tokens (medium without an effort).
    public static func defaultBudget(_ effort: ReasoningEffort?) -> Int {
        switch effort ?? .medium {
        case .low: return 1_024
        case .medium: return 4_096
        case .high: return 16_384
        }
    }

    /// The Gemini 3 level the table gives an effort (the effort's own name; medium without one).
    public static func defaultLevel(_ effort: ReasoningEffort?) -> GeminiThinkingLevel {
        switch effort ?? .medium {
        case .low: return .low
        case .medium: return .medium
        case .high: return .high
        }
    }

    /// Whether a Gemini model id takes a thinking level rather than a budget: ids from `gemini-3` on.
    public static func geminiUsesLevel(modelId: String) -> Bool {
        let id = modelId.lowercased().split(separator: "/").last.map(String.init) ?? ""
        guard id.hasPrefix("gemini-"), let major = id.dropFirst(7).split(separator: ".").first.flatMap({ Int($0.prefix { $0.isNumber }) })
        else { return false }
        return major >= 3
    }

    public init(effort: ReasoningEffort?, budgetTokens: Int, gemini: GeminiThinking, includeThoughts: Bool) {
        self.effort = effort; self.budgetTokens = budgetTokens; self.gemini = gemini; self.includeThoughts = includeThoughts
    }

    /// `settings` resolved for `modelId`.
    public init(_ settings: ReasoningSettings, modelId: String) {
        effort = settings.effort
        budgetTokens = settings.budgetTokens ?? Self.defaultBudget(settings.effort)
        if let level = settings.thinkingLevel {
            gemini = .level(level)
        } else if settings.budgetTokens == nil && Self.geminiUsesLevel(modelId: modelId) {
            gemini = .level(Self.defaultLevel(settings.effort))
        } else {
            gemini = .budget(budgetTokens)
        }
        includeThoughts = settings.includeThoughts ?? false
    }
}

extension ModelSpec {
    /// The model's reasoning controls; nil when the config does not ask it to reason.
    public var reasoningControls: ReasoningControls? {
        guard reasoning.asksToReason else { return nil }
        return ReasoningControls(reasoning, modelId: modelId)
    }

    /// The model at `effort` through the default table, for a reasoning-effort sweep: its effort
    /// replaced and its explicit budget and level dropped (so the table's budget and level apply);
    /// a model the config does not ask to reason is returned unchanged.
    public func withReasoningEffort(_ effort: ReasoningEffort) -> ModelSpec {
        guard reasoning.asksToReason else { return self }
        var m = self
        m.reasoning.effort = effort
        m.reasoning.budgetTokens = nil
        m.reasoning.thinkingLevel = nil
        return m
    }

    /// The answer's cap for a task whose answer may take `taskMax` tokens: the task's maximum, lowered
    /// by the model's `max_output_tokens` when that is smaller.
    public func answerCap(taskMax: Int) -> Int {
        if let m = maxOutputTokens { return min(m, taskMax) }
        return taskMax
    }

    /// The output limit sent (room to think): answer cap + reasoning budget for a reasoning model, the
    /// answer cap otherwise. OpenAI `max_completion_tokens`, Anthropic `max_tokens` and Gemini
    /// `maxOutputTokens` all count reasoning inside the limit. Saturates at `Int.max`.
    public func outputLimit(taskMax: Int) -> Int {
        let cap = answerCap(taskMax: taskMax)
        guard let r = reasoningControls else { return cap }
        let (sum, overflow) = cap.addingReportingOverflow(r.budgetTokens)
        return overflow ? .max : sum
    }
}
