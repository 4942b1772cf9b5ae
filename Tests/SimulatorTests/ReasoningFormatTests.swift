import Foundation
import LLMBenchCore
import Testing
@testable import Simulator

private func body(_ o: [String: Any]) -> String { String(decoding: try! JSONSerialization.data(withJSONObject: o), as: UTF8.self) }
private func error(_ r: TestHTTPClient.Response) -> [String: Any] { (r.json?["error"] as? [String: Any]) ?? [:] }
/// About 2,500 tokens of text shared by the requests of a cache test.
private let longText = String(repeating: "The harbour lantern lit the copper market every winter morning. ", count: 160)

@Suite struct OpenAIReasoningTests {
    func chat(_ extra: [String: Any], model: String = "gpt-5-mini", stream: Bool = true, user: String = qaPrompt) -> String {
        var o: [String: Any] = ["model": model, "messages": [["role": "user", "content": user]], "stream": stream]
        if stream { o["stream_options"] = ["include_usage": true] }
        for (k, v) in extra { o[k] = v }
        return body(o)
    }

    @Test func hiddenReasoningIsCountedNotStreamed() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            var counts: [String: Int] = [:]
            for effort in ["low", "high"] {
                let r = try c.request("POST", "/v1/chat/completions", headers: openAIAuth,
                                      body: chat(["reasoning_effort": effort, "max_completion_tokens": 20_000]))
                #expect(r.status == 200)
                let events = parseSSE(r.body)
                let deltas = events.compactMap { ($0.json?["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any] }
                #expect(!deltas.contains { $0["reasoning_content"] != nil }, "OpenAI never streams reasoning")
                let usages = events.compactMap { $0.json?["usage"] as? [String: Any] }
                let usage = try #require(usages.last)
                let reasoning = try #require((usage["completion_tokens_details"] as? [String: Any])?["reasoning_tokens"] as? Int)
                let answer = TokenPieces.split(openAIStreamText(events)).count
                #expect(usage["completion_tokens"] as? Int == answer + reasoning)
                counts[effort] = reasoning
            }
            #expect(counts["low"]! > 0 && counts["high"]! > 2 * counts["low"]!, "\(counts)")
        }
    }

    @Test func thinkingThatFillsTheCapLeavesAnEmptyAnswer() throws {
        try withServer { _, port in
            let r = try TestHTTPClient(port: port).request("POST", "/v1/chat/completions", headers: openAIAuth,
                                                           body: chat(["reasoning_effort": "high", "max_completion_tokens": 32], stream: false))
            let choice = try #require((r.json?["choices"] as? [[String: Any]])?.first)
            #expect(choice["finish_reason"] as? String == "length")
            #expect((choice["message"] as? [String: Any])?["content"] as? String == "")
            let usage = try #require(r.json?["usage"] as? [String: Any])
            #expect((usage["completion_tokens_details"] as? [String: Any])?["reasoning_tokens"] as? Int == 32)
        }
    }

    @Test func rejectedParametersGetOpenAIsErrors() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            let maxTokens = try c.request("POST", "/v1/chat/completions", headers: openAIAuth, body: chat(["max_tokens": 100]))
            #expect(maxTokens.status == 400)
            #expect(error(maxTokens)["message"] as? String == "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.")
            #expect(error(maxTokens)["param"] as? String == "max_tokens" && error(maxTokens)["code"] as? String == "unsupported_parameter")
            #expect(error(maxTokens)["type"] as? String == "invalid_request_error")
            let temp = try c.request("POST", "/v1/chat/completions", headers: openAIAuth, body: chat(["temperature": 0.2]))
            #expect(temp.status == 400 && error(temp)["code"] as? String == "unsupported_value")
            #expect(error(temp)["message"] as? String == "Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported.")
            let one = try c.request("POST", "/v1/chat/completions", headers: openAIAuth, body: chat(["temperature": 1]))
            #expect(one.status == 200)
            let bad = try c.request("POST", "/v1/chat/completions", headers: openAIAuth, body: chat(["reasoning_effort": "max"]))
            #expect(bad.status == 400 && error(bad)["param"] as? String == "reasoning_effort" && error(bad)["code"] as? String == "invalid_value")
            let old = try c.request("POST", "/v1/chat/completions", headers: openAIAuth, body: chat(["reasoning_effort": "low"], model: "gpt-4o-mini"))
            #expect(old.status == 400 && error(old)["code"] as? String == "unsupported_parameter")
        }
    }

    @Test func selfHostedModelStreamsReasoningContent() throws {
        try withServer { _, port in
            let r = try TestHTTPClient(port: port).request("POST", "/v1/chat/completions", headers: openAIAuth,
                                                           body: chat(["max_tokens": 5_000, "temperature": 0.6], model: "qwen3-32b"))
            #expect(r.status == 200)
            let events = parseSSE(r.body)
            let deltas = events.compactMap { ($0.json?["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any] }
            let firstAnswer = try #require(deltas.firstIndex { ($0["content"] as? String)?.isEmpty == false })
            let reasoning = deltas.indices.filter { deltas[$0]["reasoning_content"] != nil }
            #expect(!reasoning.isEmpty && reasoning.allSatisfy { $0 < firstAnswer }, "reasoning streams before the answer")
            let usages = events.compactMap { $0.json?["usage"] as? [String: Any] }
                let usage = try #require(usages.last)
            #expect(usage["completion_tokens_details"] == nil, "vLLM does not count reasoning apart")
            let thought = reasoning.compactMap { deltas[$0]["reasoning_content"] as? String }.joined()
            #expect(usage["completion_tokens"] as? Int == TokenPieces.split(thought).count + TokenPieces.split(openAIStreamText(events)).count)
        }
    }

    @Test func automaticCacheReadsASharedPrefix() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            func cached(_ tail: String) throws -> Int {
                let r = try c.request("POST", "/v1/chat/completions", headers: openAIAuth,
                                      body: chat(["max_completion_tokens": 5_000], stream: false, user: longText + tail))
                return try #require(((r.json?["usage"] as? [String: Any])?["prompt_tokens_details"] as? [String: Any])?["cached_tokens"] as? Int)
            }
            #expect(try cached("first") == 0)
            let second = try cached("second")
            #expect(second >= 1_024 && second % 128 == 0 && second <= TokenEstimate.tokens(in: longText))
        }
    }
}

@Suite struct AnthropicThinkingTests {
    func messages(_ extra: [String: Any], model: String = "claude-sonnet-4-5", stream: Bool = true, maxTokens: Int = 3_000,
                  user: Any = qaPrompt) -> String {
        var o: [String: Any] = ["model": model, "max_tokens": maxTokens, "messages": [["role": "user", "content": user]], "stream": stream]
        for (k, v) in extra { o[k] = v }
        return body(o)
    }
    let thinking: [String: Any] = ["thinking": ["type": "enabled", "budget_tokens": 2_048]]

    @Test func thinkingBlockWithSignatureThenText() throws {
        try withServer { _, port in
            let r = try TestHTTPClient(port: port).request("POST", "/v1/messages", headers: anthropicAuth, body: messages(thinking))
            #expect(r.status == 200)
            let events = parseSSE(r.body)
            let starts = events.filter { $0.event == "content_block_start" }.compactMap { $0.json?["content_block"] as? [String: Any] }
            #expect(starts.map { $0["type"] as? String } == ["thinking", "text"])
            let deltas = events.filter { $0.event == "content_block_delta" }.compactMap { $0.json }
            let kinds = deltas.map { (($0["delta"] as? [String: Any])?["type"] as? String ?? "", $0["index"] as? Int ?? -1) }
            let sig = try #require(kinds.firstIndex { $0.0 == "signature_delta" })
            #expect(kinds[..<sig].allSatisfy { $0 == ("thinking_delta", 0) } && sig > 0)
            #expect(kinds[(sig + 1)...].allSatisfy { $0 == ("text_delta", 1) } && sig + 1 < kinds.count)
            let stops = events.filter { $0.event == "content_block_stop" }.compactMap { $0.json?["index"] as? Int }
            #expect(stops == [0, 1])
            let sigText = ((deltas[sig]["delta"] as? [String: Any])?["signature"] as? String) ?? ""
            #expect(!sigText.isEmpty)
            let thought = deltas[..<sig].compactMap { ($0["delta"] as? [String: Any])?["thinking"] as? String }.joined()
            let answer = deltas[(sig + 1)...].compactMap { ($0["delta"] as? [String: Any])?["text"] as? String }.joined()
            let out = events.last { $0.event == "message_delta" }?.json?["usage"] as? [String: Any]
            let thoughtTokens = TokenPieces.split(thought).count
            #expect(thoughtTokens >= 1 && thoughtTokens <= 2_048)
            #expect(out?["output_tokens"] as? Int == thoughtTokens + TokenPieces.split(answer).count)
        }
    }

    @Test func nonStreamedAndRedactedThinking() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            let plain = try c.request("POST", "/v1/messages", headers: anthropicAuth, body: messages(thinking, stream: false))
            let blocks = try #require(plain.json?["content"] as? [[String: Any]])
            #expect(blocks.map { $0["type"] as? String } == ["thinking", "text"])
            #expect((blocks[0]["signature"] as? String)?.isEmpty == false && (blocks[0]["thinking"] as? String)?.isEmpty == false)
            let trigger = AnthropicWire.redactedThinkingTrigger
            let redacted = try c.request("POST", "/v1/messages", headers: anthropicAuth, body: messages(thinking, user: trigger))
            let starts = parseSSE(redacted.body).filter { $0.event == "content_block_start" }.compactMap { $0.json?["content_block"] as? [String: Any] }
            #expect(starts.map { $0["type"] as? String } == ["redacted_thinking", "text"])
            #expect((starts[0]["data"] as? String)?.isEmpty == false)
            #expect(!parseSSE(redacted.body).contains { ($0.json?["delta"] as? [String: Any])?["type"] as? String == "thinking_delta" })
        }
    }

    @Test func rejectedParametersGetAnthropicsErrors() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            func message(_ b: String) throws -> (Int, String?, String?) {
                let r = try c.request("POST", "/v1/messages", headers: anthropicAuth, body: b)
                return (r.status, error(r)["type"] as? String, error(r)["message"] as? String)
            }
            let small = try message(messages(["thinking": ["type": "enabled", "budget_tokens": 512]]))
            #expect(small.0 == 400 && small.1 == "invalid_request_error")
            #expect(small.2 == "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024")
            let over = try message(messages(thinking, maxTokens: 2_048))
            #expect(over.0 == 400 && over.2 == AnthropicWire.budgetMessage)
            var hot = thinking
            hot["temperature"] = 0.5
            let temp = try message(messages(hot))
            #expect(temp.0 == 400 && temp.2 == AnthropicWire.temperatureMessage)
            let old = try message(messages(thinking, model: "claude-3-haiku"))
            #expect(old.0 == 400 && old.1 == "invalid_request_error")
        }
    }

    @Test func oneHourCacheOutlivesFiveMinutes() throws {
        let clock = ManualClock(startNs: 1_000)
        var config = testConfig
        config.clock = clock
        try withServer(config) { _, port in
            let c = try TestHTTPClient(port: port)
            func usage(ttl: String?, system: String) throws -> [String: Any] {
                var cc: [String: Any] = ["type": "ephemeral"]
                if let ttl { cc["ttl"] = ttl }
                let b = messages(["system": [["type": "text", "text": system, "cache_control": cc]]], stream: false)
                let r = try c.request("POST", "/v1/messages", headers: anthropicAuth, body: b)
                return try #require(r.json?["usage"] as? [String: Any])
            }
            let hourSystem = "One hour. " + longText, fiveSystem = "Five minutes. " + longText
            let h1 = try usage(ttl: "1h", system: hourSystem)
            let f1 = try usage(ttl: nil, system: fiveSystem)
            let written = try #require(h1["cache_creation_input_tokens"] as? Int)
            #expect(written > 2_000 && h1["cache_read_input_tokens"] as? Int == 0)
            #expect((h1["cache_creation"] as? [String: Any])?["ephemeral_1h_input_tokens"] as? Int == written)
            #expect((h1["cache_creation"] as? [String: Any])?["ephemeral_5m_input_tokens"] as? Int == 0)
            #expect((f1["cache_creation"] as? [String: Any])?["ephemeral_5m_input_tokens"] as? Int == f1["cache_creation_input_tokens"] as? Int)
            clock.advance(byNs: 6 * 60 * 1_000_000_000)
            let h2 = try usage(ttl: "1h", system: hourSystem)
            let f2 = try usage(ttl: nil, system: fiveSystem)
            #expect(h2["cache_read_input_tokens"] as? Int == written && h2["cache_creation_input_tokens"] as? Int == 0)
            #expect(f2["cache_read_input_tokens"] as? Int == 0, "the 5-minute entry expired")
            #expect(f2["cache_creation_input_tokens"] as? Int == f1["cache_creation_input_tokens"] as? Int)
        }
    }

    @Test func prefixBreakpointInTheUserMessage() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            func usage(_ tail: String) throws -> [String: Any] {
                let content: [[String: Any]] = [["type": "text", "text": longText, "cache_control": ["type": "ephemeral"]],
                                                ["type": "text", "text": tail]]
                let r = try c.request("POST", "/v1/messages", headers: anthropicAuth, body: messages([:], stream: false, user: content))
                return try #require(r.json?["usage"] as? [String: Any])
            }
            let first = try usage("What is first?"), second = try usage("What is second?")
            #expect(first["cache_creation_input_tokens"] as? Int == TokenEstimate.tokens(in: longText))
            #expect(second["cache_read_input_tokens"] as? Int == TokenEstimate.tokens(in: longText))
            #expect(second["input_tokens"] as? Int == TokenEstimate.tokens(in: "What is second?"))
        }
    }
}

@Suite struct GeminiThinkingTests {
    func generate(_ thinking: [String: Any]?, model: String = "gemini-2.5-flash", user: String = qaPrompt, stream: Bool = true) -> (String, String) {
        var gc: [String: Any] = ["maxOutputTokens": 4_000]
        if let thinking { gc["thinkingConfig"] = thinking }
        let o: [String: Any] = ["contents": [["role": "user", "parts": [["text": user]]]], "generationConfig": gc]
        let path = "/v1beta/models/\(model):" + (stream ? "streamGenerateContent?alt=sse" : "generateContent")
        return (path, body(o))
    }

    @Test func thoughtPartsOnlyWithIncludeThoughts() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            let (p1, b1) = generate(["thinkingBudget": 1_024, "includeThoughts": true])
            let shown = parseSSE(try c.request("POST", p1, headers: geminiAuth, body: b1).body).compactMap(\.json)
            let parts = shown.flatMap { ((($0["candidates"] as? [[String: Any]])?.first?["content"] as? [String: Any])?["parts"] as? [[String: Any]]) ?? [] }
            let firstAnswer = try #require(parts.firstIndex { $0["thought"] == nil })
            #expect(firstAnswer > 0 && parts[..<firstAnswer].allSatisfy { $0["thought"] as? Bool == true })
            let last = try #require(shown.last?["usageMetadata"] as? [String: Any])
            let thoughts = try #require(last["thoughtsTokenCount"] as? Int)
            #expect(thoughts >= 1 && thoughts <= 1_024)
            let thoughtText = parts[..<firstAnswer].compactMap { $0["text"] as? String }.joined()
            #expect(TokenPieces.split(thoughtText).count == thoughts)
            #expect(last["totalTokenCount"] as? Int == (last["promptTokenCount"] as! Int) + (last["candidatesTokenCount"] as! Int) + thoughts)

            let (p2, b2) = generate(["thinkingBudget": 1_024])
            let hidden = parseSSE(try c.request("POST", p2, headers: geminiAuth, body: b2).body).compactMap(\.json)
            let hiddenParts = hidden.flatMap { ((($0["candidates"] as? [[String: Any]])?.first?["content"] as? [String: Any])?["parts"] as? [[String: Any]]) ?? [] }
            #expect(!hiddenParts.contains { $0["thought"] != nil })
            #expect((hidden.last?["usageMetadata"] as? [String: Any])?["thoughtsTokenCount"] as? Int ?? 0 > 0)
        }
    }

    @Test func budgetAndLevelAreRejectedTogether() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            let (p, b) = generate(["thinkingBudget": 1_024, "thinkingLevel": "low"], stream: false)
            let both = try c.request("POST", p, headers: geminiAuth, body: b)
            #expect(both.status == 400 && error(both)["status"] as? String == "INVALID_ARGUMENT" && error(both)["code"] as? Int == 400)
            let (p2, b2) = generate(["thinkingLevel": "low"], stream: false)
            let old = try c.request("POST", p2, headers: geminiAuth, body: b2)
            #expect(old.status == 400 && error(old)["message"] as? String == "Thinking level is not supported for this model.")
            let (p3, b3) = generate(["thinkingLevel": "LOW"], model: "gemini-3-pro-preview", stream: false)
            let three = try c.request("POST", p3, headers: geminiAuth, body: b3)
            #expect(three.status == 200)
            #expect((three.json?["usageMetadata"] as? [String: Any])?["thoughtsTokenCount"] as? Int ?? 0 > 0)
        }
    }

    @Test func implicitCacheIsReported() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            func usage(_ tail: String) throws -> [String: Any] {
                let (p, b) = generate(nil, user: longText + tail, stream: false)
                return try #require(try c.request("POST", p, headers: geminiAuth, body: b).json?["usageMetadata"] as? [String: Any])
            }
            #expect(try usage("one")["cachedContentTokenCount"] == nil)
            let hit = try #require(try usage("two")["cachedContentTokenCount"] as? Int)
            #expect(hit >= 1_024 && hit % 128 == 0)
        }
    }
}

@Suite struct SimulatedThinkingTimeTests {
    /// Thinking time follows the effort: the first answer token waits for it (hidden reasoning).
    @Test func effortChangesTimeToFirstAnswerToken() throws {
        let profile = try #require(LatencyProfile.builtIn.first { $0.name == "gpt-5-mini" })
        func firstAnswerNs(_ effort: ReasoningEffort) -> Int64 {
            let p = ChatPrompt(model: "gpt-5-mini", system: "", messages: [qaPrompt], lastUser: qaPrompt, maxTokens: 50_000,
                               stream: true, includeUsage: true, systemCacheControl: false, reasoning: ReasoningAsk(effort: effort))
            let g = Generator.generate(p, profile: profile, seed: 1, timeScale: 1, cache: .none)
            #expect(g.chunks.allSatisfy { !$0.reasoning })
            return g.chunks.first!.offsetNs
        }
        let low = firstAnswerNs(.low), high = firstAnswerNs(.high)
        #expect(high > low + 5_000_000_000, "\(low) vs \(high)")
    }

    @Test func aCacheHitShortensTheTTFT() throws {
        let profile = try #require(LatencyProfile.builtIn.first { $0.name == "gpt-4o" })
        let p = ChatPrompt(model: "gpt-4o", system: "", messages: [longText], lastUser: longText, maxTokens: 10,
                           stream: true, includeUsage: true, systemCacheControl: false)
        let cold = Generator.generate(p, profile: profile, seed: 1, timeScale: 1, cache: .none)
        let warm = Generator.generate(p, profile: profile, seed: 1, timeScale: 1, cache: CacheUse(read: 2_048))
        #expect(warm.chunks.first!.offsetNs < cold.chunks.first!.offsetNs)
        #expect(warm.cachedTokens == 2_048)
    }
}
