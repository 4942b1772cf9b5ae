import LLMBenchCore
import Testing
@testable import Datasets

@Suite struct ConversationLoaderTests {
    static func parse(_ text: String) throws -> ConversationDataset {
        try ConversationLoader.parse(bytes: Array(text.utf8), path: "c.jsonl", name: "c")
    }

    @Test func readsOpenAIMessages() throws {
        let d = try Self.parse("""
        {"id": "a", "think_time_ms": 1500, "max_tokens": 64, "messages": [{"role": "system", "content": "sys"}, {"role": "user", "content": "q1"}, {"role": "assistant", "content": "a1"}, {"role": "user", "content": [{"type": "text", "text": "q2"}]}]}
        {"id": 7, "messages": [{"role": "user", "content": "only"}, {"role": "assistant", "content": "done"}]}
        """)
        #expect(d.shape == .openAIMessages && d.turnCount == 3)
        let a = d.conversations[0]
        #expect(a.id == "a" && a.system == "sys" && a.thinkTimeNs == 1_500_000_000 && a.maxOutputTokens == 64)
        #expect(a.turns == [.init(user: "q1", recordedAnswer: "a1"), .init(user: "q2", recordedAnswer: nil)])
        #expect(d.conversations[1].id == "7" && d.conversations[1].maxOutputTokens == Conversation.defaultMaxOutputTokens)
        #expect(a.recordedHistory(before: 1) == [ChatMessage(role: .user, content: "q1"), ChatMessage(role: .assistant, content: "a1")])
        let item = a.item(turn: 1, history: a.recordedHistory(before: 1), conversationIndex: 4)
        #expect(item.user == "q2" && item.history.count == 2 && item.conversationTurn == ConversationTurn(conversation: 4, turn: 2))
        #expect(item.estimatedInputTokens == 4)  // "sys", "q2", "q1", "a1": one token each
    }

    @Test func readsShareGPT() throws {
        let d = try Self.parse("""
        {"conversations": [{"from": "system", "value": "be brief"}, {"from": "human", "value": "hi"}, {"from": "gpt", "value": "hello"}, {"from": "human", "value": "2+2?"}]}
        """)
        #expect(d.shape == .shareGPT && d.conversations[0].id == "line-1" && d.conversations[0].system == "be brief")
        #expect(d.conversations[0].turns.map(\.user) == ["hi", "2+2?"])
        #expect(ConversationLoader.sniff(Array("\n{\"conversations\": []}".utf8)) == .shareGPT)
        #expect(ConversationLoader.sniff(Array("{\"document\": \"x\"}".utf8)) == nil)
    }

    @Test func problemsNameTheLineAndField() {
        let text = """
        {"messages": [{"role": "assistant", "content": "first"}]}
        {"messages": [{"role": "user", "content": 3}]}
        {"conversations": [{"from": "human", "value": "x"}]}
        {"messages": [{"role": "bot", "content": "x"}], "think_time_ms": -1}
        {"messages": []}
        """
        #expect {
            try Self.parse(text)
        } throws: { error in
            let m = (error as? LLMBenchError)?.message ?? ""
            return m.contains("c.jsonl:1: messages[0]: an assistant message must follow a user message")
                && m.contains("c.jsonl:2: messages[0]: field \"content\" must be a string or an array of text parts")
                && m.contains("c.jsonl:3: field \"conversations\" where earlier lines have \"messages\"")
                && m.contains("c.jsonl:4: field \"think_time_ms\" must be a number from 0 to 86400000")
                && m.contains("c.jsonl:4: messages[0]: \"role\" is \"bot\"")
                && m.contains("c.jsonl:5: field \"messages\" has no user message")
        }
    }

    @Test func cyclesAndCountsConversations() throws {
        let d = try Self.parse("""
        {"id": "a", "messages": [{"role": "user", "content": "q"}]}
        {"id": "b", "messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "r"}, {"role": "user", "content": "q"}]}
        """)
        let list = try ConversationWorkload.build(datasets: [d], conversationsPerDataset: 3)
        #expect(list.map(\.id) == ["a", "b", "a"])
        #expect(ConversationWorkload.plannedTurns(list).map { $0.conversationTurn! } == [
            ConversationTurn(conversation: 0, turn: 1), ConversationTurn(conversation: 1, turn: 1),
            ConversationTurn(conversation: 1, turn: 2), ConversationTurn(conversation: 2, turn: 1)])
    }
}
