import LLMBenchCore

/// How a simulated model reasons: how many tokens each effort draws, how fast it thinks, and whether
/// the thinking is streamed (vLLM `reasoning_content`, Anthropic thinking blocks, Gemini thought parts)
/// or hidden (OpenAI reasoning models: only a delay and a count in usage).
public struct ReasoningProfile: Sendable, Equatable {
    /// Median reasoning tokens a request of effort low, medium, high draws.
    public var lowTokens: Int
    public var mediumTokens: Int
    public var highTokens: Int
    /// Lognormal shape of the reasoning-token draw (0 = the median every time).
    public var sigma: Double
    /// Thinking pace: ns per reasoning token (unscaled).
    public var nsPerToken: Int64
    /// Effort assumed when a request asks for none; nil: the model does not think unless asked
    /// (Anthropic without `thinking`, Gemini 2.5 with `thinkingBudget: 0`).
    public var defaultEffort: ReasoningEffort?
    /// The reasoning is streamed to the client (where the format allows), rather than hidden.
    public var streamed: Bool
    /// The provider's own reasoning API: `max_tokens` and a non-default `temperature` are rejected
    /// (OpenAI o-series and gpt-5). False for self-hosted servers, which accept both.
    public var strictParameters: Bool
    /// Share of a thinking budget a budget-driven request uses (median), in (0, 1].
    public var budgetUse: Double

    public init(lowTokens: Int, mediumTokens: Int, highTokens: Int, sigma: Double = 0.3, nsPerToken: Int64,
                defaultEffort: ReasoningEffort? = .medium, streamed: Bool, strictParameters: Bool = false,
                budgetUse: Double = 0.5) {
        self.lowTokens = max(1, lowTokens); self.mediumTokens = max(1, mediumTokens); self.highTokens = max(1, highTokens)
        self.sigma = max(0, sigma); self.nsPerToken = max(0, nsPerToken); self.defaultEffort = defaultEffort
        self.streamed = streamed; self.strictParameters = strictParameters
        self.budgetUse = min(1, max(0.01, budgetUse))
    }

    func medianTokens(_ effort: ReasoningEffort) -> Int {
        switch effort {
        case .low: return lowTokens
        case .medium: return mediumTokens
        case .high: return highTokens
        }
    }
}

/// What a request asked a model to think, whatever its format: an effort (OpenAI `reasoning_effort`,
/// Responses `reasoning.effort`, Gemini `thinkingLevel`), a budget (Anthropic `thinking.budget_tokens`,
/// Gemini `thinkingBudget`), both, or thinking switched off.
public struct ReasoningAsk: Sendable, Equatable {
    public var effort: ReasoningEffort?
    /// Upper bound on reasoning tokens.
    public var budgetTokens: Int?
    /// Thinking switched off (Gemini `thinkingBudget: 0`).
    public var disabled: Bool
    /// Stream the thinking (Anthropic thinking is always streamed; Gemini only with `includeThoughts`;
    /// Responses summaries only with `reasoning.summary`).
    public var visible: Bool
    /// The effort came as a discrete level (Gemini `thinkingLevel`), which only some models accept.
    public var level: Bool

    /// OpenAI Responses `reasoning.summary`: a summary of the thinking streams, even from a model whose
    /// reasoning is otherwise hidden; it is 1 / `summaryShare` of the reasoning tokens, spread over the
    /// thinking time.
    public var summarized: Bool

    /// Reasoning tokens per streamed summary piece: 8.
    public static let summaryShare = 8

    public init(effort: ReasoningEffort? = nil, budgetTokens: Int? = nil, disabled: Bool = false, visible: Bool = true,
                level: Bool = false, summarized: Bool = false) {
        self.effort = effort; self.budgetTokens = budgetTokens; self.disabled = disabled; self.visible = visible
        self.level = level; self.summarized = summarized
    }
}

/// One request's simulated thinking: how many reasoning tokens and how long it takes.
public struct SimulatedReasoning: Sendable, Equatable {
    /// Reasoning tokens (counted inside the output tokens).
    public var tokens: Int
    /// Thinking time, ns before the time scale.
    public var durationNs: Int64

    /// The most reasoning tokens one request draws: 65,536 (above every effort table; bounds the work).
    public static let maxTokens = 65_536

    /// The thinking of one request, or nil when the model does not think.
    ///
    /// tokens = min(budget, 65,536, max(1, round(lognormal(median, σ)))), median = the profile's figure for
    /// the effort asked (else its default), or budget × `budgetUse` for a budget without an effort;
    /// duration = tokens × `nsPerToken`.
    public static func draw(_ ask: ReasoningAsk?, profile: ReasoningProfile, rng: inout SplitMix64) -> SimulatedReasoning? {
        let ask = ask ?? ReasoningAsk()
        guard !ask.disabled else { return nil }
        let median: Double
        if let e = ask.effort ?? (ask.budgetTokens == nil ? profile.defaultEffort : nil) {
            median = Double(profile.medianTokens(e))
        } else if let b = ask.budgetTokens {
            median = Double(b) * profile.budgetUse
        } else {
            return nil
        }
        let draw = rng.nextLogNormal(median: median, sigma: profile.sigma).rounded()
        var tokens = max(1, Int(min(draw, Double(maxTokens))))
        if let b = ask.budgetTokens { tokens = min(tokens, max(1, b)) }
        let (ns, overflow) = Int64(tokens).multipliedReportingOverflow(by: profile.nsPerToken)
        return SimulatedReasoning(tokens: tokens, durationNs: overflow ? Int64.saturationLimit : ns)
    }
}
