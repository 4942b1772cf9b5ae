import LLMBenchCore
import Pricing

/// One conversation of a group: its turns (one model, one `conversation_index`) folded into a few
/// numbers, in base units. Built from the records in any order; warmup rows never reach it.
public struct ConversationSummary: Sendable {
    /// Planned turns (attempt-0 rows, `not_sent` included).
    public var plannedTurns = 0
    /// Each sent turn's final attempt (highest attempt number) and whether it succeeded.
    private var finalAttempt: [Int: (attempt: Int, ok: Bool)] = [:]
    /// The first turn's intended start (its send time when it had none) and the last completion, ns.
    public var startNs: Int64?
    public var endNs: Int64?
    /// Σ over successful attempts: input, cached input and output tokens.
    public var inputTokens = 0
    public var cachedInputTokens = 0
    public var outputTokens = 0
    /// Σ cost of successful attempts, pico-dollars; nil when any of them could not be priced.
    public var costPico: PicoDollars? = 0

    public init() {}

    /// Turns whose final attempt succeeded.
    public var succeededTurns: Int { finalAttempt.values.filter(\.ok).count }
    /// Every planned turn answered: the conversation ran to its end.
    public var completed: Bool { plannedTurns > 0 && succeededTurns == plannedTurns }

    /// Folds one non-warmup row in; `cost` is the row's price when it was priced (nil: unpriced).
    mutating func add(_ r: RequestRecord, cost: PicoDollars?) {
        guard let turn = r.conversationTurn?.turn else { return }
        if r.attempt == 0 { plannedTurns += 1 }
        guard r.status != .notSent else { return }
        if turn == 1, let s = r.intendedStartNs ?? r.sentNs { startNs = min(startNs ?? s, s) }
        if let d = r.doneNs { endNs = max(endNs ?? d, d) }
        if (finalAttempt[turn]?.attempt ?? -1) < r.attempt { finalAttempt[turn] = (r.attempt, r.status == .ok) }
        guard r.status == .ok else { return }
        if let u = r.usage {
            inputTokens &+= u.inputTokens; cachedInputTokens &+= u.cachedInputTokens; outputTokens &+= u.outputTokens
        }
        if let c = cost, let sum = costPico, !sum.addingReportingOverflow(c).overflow { costPico = sum + c } else { costPico = nil }
    }
}

/// Figures of conversation datasets (issue 15): per turn and per conversation. A conversation's
/// figures count completed conversations only (every turn answered), so a conversation cut short by a
/// failure does not look fast or cheap; `conversations_completed` says how many there were.
extension Metric {
    static func perTurn(_ name: String, _ label: String, _ formula: String,
                        _ value: @escaping @Sendable (RequestRecord) -> Double?) -> Metric {
        Metric(name: name, label: label, storedUnit: .ns, displayUnit: .ms, direction: .lowerIsBetter, family: .conversations,
               shape: .distribution(statistics: Statistic.allCases, summary: [.p50, .p95]), formula: formula,
               compute: .perAttempt(.succeeded, value))
    }

    static func perConversation(_ name: String, _ label: String, stored: MetricUnit, display: MetricUnit? = nil,
                                direction: MetricDirection, summary: [Statistic] = [.mean], _ formula: String,
                                _ value: @escaping @Sendable (ConversationSummary) -> Double?) -> Metric {
        Metric(name: name, label: label, storedUnit: stored, displayUnit: display, direction: direction, family: .conversations,
               shape: .distribution(statistics: [.mean, .p50, .p95, .max], summary: summary), formula: formula,
               compute: .perConversation { $0.completed ? value($0) : nil })
    }

    /// TTFT of a conversation's first turn, ms (nothing cached yet from the conversation).
    public static let ttftFirstTurn = perTurn("ttft_first_turn_ms", "TTFT, first turn",
        "(first_token − sent) / 1e6 of successful attempts with turn = 1") { r in
        r.conversationTurn?.turn == 1 ? span(r.sentNs, r.firstTokenNs) : nil
    }
    /// TTFT of a conversation's later turns, ms (the history grows; a prompt cache may hold it).
    public static let ttftLaterTurns = perTurn("ttft_later_turns_ms", "TTFT, later turns",
        "(first_token − sent) / 1e6 of successful attempts with turn ≥ 2") { r in
        (r.conversationTurn?.turn ?? 0) >= 2 ? span(r.sentNs, r.firstTokenNs) : nil
    }

    /// Conversations with at least one row, and those whose every turn succeeded.
    public static let conversations = count("conversations", "Conversations", summary: true, family: .conversations,
        "conversations (distinct conversation_index of the model) with at least one row") { $0.conversations }
    public static let conversationsCompleted = count("conversations_completed", "Conversations completed", summary: true,
                                                     direction: .higherIsBetter, family: .conversations,
        "conversations whose every planned turn ended ok (a failed turn leaves the rest not_sent)") { $0.conversationsCompleted }

    public static let conversationDuration = perConversation("conversation_ms", "Conversation time", stored: .ns, display: .ms,
        direction: .lowerIsBetter, summary: [.mean, .p95],
        "(last turn's done − first turn's intended start) / 1e6, think times included; completed conversations") { c in
        guard let a = c.startNs, let b = c.endNs else { return nil }
        return Double(b - a)
    }
    public static let conversationInputTokens = perConversation("conversation_input_tokens", "Input tokens per conversation",
        stored: .tokens, direction: .neutral, "Σ input_tokens of the turns (cached included); completed conversations") {
        Double($0.inputTokens)
    }
    public static let conversationCachedInputTokens = perConversation("conversation_cached_input_tokens",
        "Cached input tokens per conversation", stored: .tokens, direction: .higherIsBetter,
        "Σ cached_input_tokens of the turns; completed conversations") { Double($0.cachedInputTokens) }
    public static let conversationOutputTokens = perConversation("conversation_output_tokens", "Output tokens per conversation",
        stored: .tokens, direction: .neutral, "Σ output_tokens of the turns (reasoning included); completed conversations") {
        Double($0.outputTokens)
    }
    public static let conversationCost = perConversation("conversation_cost_usd", "Cost per conversation", stored: .picoUSD,
        display: .usd, direction: .lowerIsBetter,
        "Σ cost of the turns / 1e12; completed conversations whose every turn was priced") { c in c.costPico.map(Double.init) }

    /// Every conversation metric, in report order.
    static let conversationFamily: [Metric] = [
        .conversations, .conversationsCompleted, .ttftFirstTurn, .ttftLaterTurns, .conversationDuration,
        .conversationInputTokens, .conversationCachedInputTokens, .conversationOutputTokens, .conversationCost,
    ]
}
