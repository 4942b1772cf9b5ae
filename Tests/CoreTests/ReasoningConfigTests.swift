import Foundation
import Testing
@testable import LLMBenchCore

@Suite struct ReasoningConfigTests {
    func model(_ fields: String, kind: String = "openai", id: String = "m") throws -> ModelSpec {
        let json = #"{"models": [{"name": "a", "kind": "\#(kind)", "base_url": "http://127.0.0.1:1/v1", "model": "\#(id)"\#(fields)}]}"#
        return try ConfigFile.parse(Data(json.utf8), file: "cfg.json").models[0]
    }

    func message(_ fields: String, kind: String = "openai") -> String? {
        do { _ = try model(fields, kind: kind); return nil } catch let e as LLMBenchError {
            #expect(e.exitCode == .dataError)
            return e.message
        } catch { return "\(error)" }
    }

    @Test func effortMapsThroughTheDefaultTable() throws {
        let o = try model(#", "reasoning_effort": "high""#)
        #expect(o.reasoning.effort == .high && o.useMaxCompletionTokens)
        #expect(o.reasoningControls == ReasoningControls(effort: .high, budgetTokens: 16_384, gemini: .budget(16_384), includeThoughts: false))
        #expect(o.outputLimit(taskMax: 32) == 32 + 16_384)
        let a = try model(#", "reasoning_effort": "low""#, kind: "anthropic")
        #expect(a.reasoningControls?.budgetTokens == 1_024 && !a.useMaxCompletionTokens)
        let g3 = try model(#", "reasoning_effort": "medium", "include_thoughts": true"#, kind: "gemini", id: "gemini-3-flash-preview")
        #expect(g3.reasoningControls?.gemini == .level(.medium) && g3.reasoningControls?.includeThoughts == true)
        let g25 = try model(#", "reasoning_effort": "medium""#, kind: "gemini", id: "models/gemini-2.5-flash")
        #expect(g25.reasoningControls?.gemini == .budget(4_096))
    }

    @Test func configOverridesTheTable() throws {
        let a = try model(#", "reasoning_effort": "high", "reasoning_budget_tokens": 2048, "max_output_tokens": 100"#, kind: "anthropic")
        #expect(a.reasoningControls?.budgetTokens == 2_048)
        #expect(a.outputLimit(taskMax: 512) == 100 + 2_048)
        let g = try model(#", "reasoning_effort": "low", "thinking_level": "high", "reasoning_budget_tokens": 8000"#, kind: "gemini", id: "gemini-2.5-pro")
        // A level set explicitly is what is sent; the budget is then only room to think.
        #expect(g.reasoningControls?.gemini == .level(.high) && g.reasoningControls?.budgetTokens == 8_000)
        let g3 = try model(#", "reasoning_budget_tokens": 1000"#, kind: "gemini", id: "gemini-3-pro-preview")
        #expect(g3.reasoningControls?.gemini == .budget(1_000))
        // max_tokens_param given explicitly wins (the API then rejects max_tokens on a reasoning model).
        #expect(try !model(#", "reasoning_effort": "low", "max_tokens_param": "max_tokens""#).useMaxCompletionTokens)
        // No reasoning asked: no room to think added.
        let plain = try model(#", "max_output_tokens": 10"#)
        #expect(plain.reasoningControls == nil && plain.outputLimit(taskMax: 32) == 10)
    }

    @Test func cacheSettings() throws {
        let a = try model(#", "prompt_caching": true, "cache_ttl": "1h", "cache_placement": "prefix""#, kind: "anthropic")
        #expect(a.promptCaching && a.cacheTTL == .oneHour && a.cachePlacement == .prefix)
        #expect(CacheTTL.oneHour.nanoseconds == 3_600_000_000_000 && CacheTTL.fiveMinutes.nanoseconds == 300_000_000_000)
        let saved = RunSettings.ModelSettings(a)
        #expect(saved.cacheTTL == "1h" && saved.cachePlacement == "prefix")
        let text = String(decoding: try JSONEncoder().encode(saved), as: UTF8.self)
        #expect(text.contains(#""cache_ttl":"1h""#))
    }

    @Test func badValuesNameFileAndField() {
        #expect(message(#", "reasoning_effort": "max""#)
                == #"cfg.json: $.models[0].reasoning_effort: expected one of "low", "medium", "high""#)
        #expect(message(#", "reasoning_budget_tokens": 512"#, kind: "anthropic")
                == "cfg.json: $.models[0].reasoning_budget_tokens: expected a whole number from 1024 to 1000000 (Anthropic's thinking.budget_tokens must be at least 1024)")
        #expect(message(#", "reasoning_budget_tokens": 1.5"#)
                == "cfg.json: $.models[0].reasoning_budget_tokens: expected a whole number from 1 to 1000000")
        #expect(message(#", "reasoning_budget_tokens": 1e12"#) != nil)
        #expect(message(#", "reasoning_budget_tokens": true"#) != nil)
        #expect(message(#", "thinking_level": "high""#)
                == "cfg.json: $.models[0].thinking_level: applies to gemini models only (this model is openai)")
        #expect(message(#", "thinking_level": "extreme""#, kind: "gemini")
                == #"cfg.json: $.models[0].thinking_level: expected one of "minimal", "low", "medium", "high""#)
        #expect(message(#", "include_thoughts": 1"#, kind: "gemini") == "cfg.json: $.models[0].include_thoughts: expected true or false")
        #expect(message(#", "cache_ttl": "1h""#, kind: "anthropic") == #"cfg.json: $.models[0].cache_ttl: needs "prompt_caching": true"#)
        #expect(message(#", "prompt_caching": true, "cache_ttl": "2h""#, kind: "anthropic")
                == #"cfg.json: $.models[0].cache_ttl: expected "5m" or "1h""#)
        #expect(message(#", "cache_placement": "system""#)
                == "cfg.json: $.models[0].cache_placement: applies to anthropic models only (OpenAI and Gemini cache prompts on their own)")
        #expect(message(#", "prompt_caching": true, "cache_placement": "end""#, kind: "anthropic")
                == #"cfg.json: $.models[0].cache_placement: expected "system" or "prefix""#)
    }

    @Test func geminiGenerations() {
        #expect(ReasoningControls.geminiUsesLevel(modelId: "gemini-3-pro-preview"))
        #expect(ReasoningControls.geminiUsesLevel(modelId: "models/gemini-3.1-flash"))
        #expect(!ReasoningControls.geminiUsesLevel(modelId: "gemini-2.5-flash"))
        #expect(!ReasoningControls.geminiUsesLevel(modelId: "gemma-3"))
        #expect(!ReasoningControls.geminiUsesLevel(modelId: "gemini-"))
    }

    @Test func outputLimitSaturates() {
        var m = ModelSpec(name: "a", kind: .openai, baseURL: "http://127.0.0.1:1/v1", modelId: "m")
        m.reasoning = ReasoningSettings(budgetTokens: 1_000_000)
        #expect(m.outputLimit(taskMax: .max) == .max)
    }
}
