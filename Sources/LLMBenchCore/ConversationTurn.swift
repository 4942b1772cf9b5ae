/// Where a request sits in a conversation: which conversation of the run and which user turn.
///
/// `conversation` is the conversation's 0-based index in the run's plan (the same for every model, so
/// `(model, conversation)` names one conversation as one model had it); `turn` is 1-based: the first
/// user message is turn 1. Stored as `requests.conversation_index` and `requests.turn` (schema v5).
public struct ConversationTurn: Sendable, Equatable, Hashable, Codable {
    public var conversation: Int
    public var turn: Int
    public init(conversation: Int, turn: Int) { self.conversation = conversation; self.turn = turn }
}
