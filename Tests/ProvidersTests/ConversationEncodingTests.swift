import Foundation
import LLMBenchCore
import Testing
@testable import Providers

/// A conversation turn's history in each wire format's own shape (OpenAI chat `messages` with role
/// `assistant`; Responses `input` items; Anthropic alternating `messages`, system top-level; Gemini
/// `contents` with role `model`).
@Suite struct ConversationEncodingTests {
    static var item: WorkItem {
        var i = Fixtures.item
        i.user = "q2"
        i.history = [ChatMessage(role: .user, content: "q1"), ChatMessage(role: .assistant, content: "a1")]
        return i
    }

    func json(_ r: HTTPRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])
    }

    @Test func openAIChat() throws {
        let b = try json(OpenAIChatFormat.makeRequest(item: Self.item, model: Fixtures.model(.openai), apiKey: "k"))
        #expect(b["messages"] as? [[String: String]] == [["role": "system", "content": "Be brief."], ["role": "user", "content": "q1"],
                                                         ["role": "assistant", "content": "a1"], ["role": "user", "content": "q2"]])
    }

    @Test func openAIResponses() throws {
        let b = try json(OpenAIResponsesFormat.makeRequest(item: Self.item, model: Fixtures.model(.openaiResponses), apiKey: "k"))
        #expect(b["input"] as? [[String: String]] == [["role": "user", "content": "q1"], ["role": "assistant", "content": "a1"],
                                                      ["role": "user", "content": "q2"]])
        #expect(b["instructions"] as? String == "Be brief.")
        // A single-turn request keeps the plain string input.
        let single = try json(OpenAIResponsesFormat.makeRequest(item: Fixtures.item, model: Fixtures.model(.openaiResponses), apiKey: "k"))
        #expect(single["input"] is String)
    }

    @Test func anthropic() throws {
        let b = try json(AnthropicMessagesFormat.makeRequest(item: Self.item, model: Fixtures.model(.anthropic), apiKey: "k"))
        #expect(b["system"] as? String == "Be brief.")
        #expect(b["messages"] as? [[String: String]] == [["role": "user", "content": "q1"], ["role": "assistant", "content": "a1"],
                                                         ["role": "user", "content": "q2"]])
    }

    @Test func gemini() throws {
        let b = try json(GeminiFormat.makeRequest(item: Self.item, model: Fixtures.model(.gemini), apiKey: "k"))
        let contents = try #require(b["contents"] as? [[String: Any]])
        #expect(contents.map { $0["role"] as? String } == ["user", "model", "user"])
        #expect(contents.map { (($0["parts"] as? [[String: String]])?.first?["text"]) } == ["q1", "a1", "q2"])
    }
}
