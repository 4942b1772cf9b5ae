import Foundation
import LLMBenchCore
import Testing
@testable import Providers

/// The request side of reasoning and caching, per wire format (names checked against the providers'
/// API references and SDK sources: `reasoning_effort`, `max_completion_tokens`, `thinking.budget_tokens`,
/// `cache_control.ttl`, `generationConfig.thinkingConfig.thinkingBudget|thinkingLevel|includeThoughts`).
@Suite struct ReasoningRequestEncodingTests {
    func json(_ r: HTTPRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])
    }

    @Test func openAIAsksForEffortWithRoomToThink() throws {
        var m = Fixtures.model(.openai)
        m.reasoning = ReasoningSettings(effort: .high)
        m.useMaxCompletionTokens = true
        let b = try json(OpenAIChatFormat.makeRequest(item: Fixtures.item, model: m, apiKey: "k"))
        #expect(b["reasoning_effort"] as? String == "high")
        #expect(b["max_completion_tokens"] as? Int == 64 + 16_384 && b["max_tokens"] == nil)
        // A self-hosted model with only a budget: room to think, no effort on the wire.
        var v = Fixtures.model(.openai)
        v.reasoning = ReasoningSettings(budgetTokens: 1_000)
        let vb = try json(OpenAIChatFormat.makeRequest(item: Fixtures.item, model: v, apiKey: "k"))
        #expect(vb["reasoning_effort"] == nil && vb["max_tokens"] as? Int == 1_064)
    }

    @Test func anthropicThinkingAndOneHourCacheAfterTheSharedPrefix() throws {
        var m = Fixtures.model(.anthropic)
        m.reasoning = ReasoningSettings(effort: .low)
        m.promptCaching = true
        m.cacheTTL = .oneHour
        m.cachePlacement = .prefix
        var item = Fixtures.item
        item.user = "SHARED PREFIX. unique tail"
        item.sharedPrefixBytes = "SHARED PREFIX.".utf8.count
        let b = try json(AnthropicMessagesFormat.makeRequest(item: item, model: m, apiKey: "k"))
        let thinking = try #require(b["thinking"] as? [String: Any])
        #expect(thinking["type"] as? String == "enabled" && thinking["budget_tokens"] as? Int == 1_024)
        #expect(b["max_tokens"] as? Int == 64 + 1_024, "budget_tokens < max_tokens, always")
        #expect(b["system"] as? String == "Be brief.", "the breakpoint is in the user message, not the system prompt")
        let content = try #require((b["messages"] as? [[String: Any]])?.first?["content"] as? [[String: Any]])
        #expect(content.map { $0["text"] as? String } == ["SHARED PREFIX.", " unique tail"])
        #expect(content[0]["cache_control"] as? [String: String] == ["type": "ephemeral", "ttl": "1h"])
        #expect(content[1]["cache_control"] == nil)
    }

    @Test func anthropicFiveMinuteSystemCacheSendsNoTTL() throws {
        var m = Fixtures.model(.anthropic)
        m.promptCaching = true
        m.cacheTTL = .fiveMinutes
        let b = try json(AnthropicMessagesFormat.makeRequest(item: Fixtures.item, model: m, apiKey: "k"))
        let system = try #require(b["system"] as? [[String: Any]])
        #expect(system[0]["cache_control"] as? [String: String] == ["type": "ephemeral"])
        #expect(b["thinking"] == nil)
    }

    @Test func geminiBudgetOrLevelNeverBoth() throws {
        var m = Fixtures.model(.gemini)
        m.modelId = "gemini-2.5-flash"
        m.reasoning = ReasoningSettings(effort: .medium, includeThoughts: true)
        let b = try json(GeminiFormat.makeRequest(item: Fixtures.item, model: m, apiKey: "k"))
        let gc = try #require(b["generationConfig"] as? [String: Any])
        let tc = try #require(gc["thinkingConfig"] as? [String: Any])
        #expect(tc["thinkingBudget"] as? Int == 4_096 && tc["thinkingLevel"] == nil && tc["includeThoughts"] as? Bool == true)
        #expect(gc["maxOutputTokens"] as? Int == 64 + 4_096)
        m.modelId = "gemini-3-pro-preview"
        m.reasoning = ReasoningSettings(effort: .high)
        let b3 = try json(GeminiFormat.makeRequest(item: Fixtures.item, model: m, apiKey: "k"))
        let tc3 = try #require((b3["generationConfig"] as? [String: Any])?["thinkingConfig"] as? [String: Any])
        #expect(tc3["thinkingLevel"] as? String == "high" && tc3["thinkingBudget"] == nil && tc3["includeThoughts"] == nil)
    }
}
