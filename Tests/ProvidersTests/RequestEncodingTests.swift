import Foundation
import LLMBenchCore
import Testing
@testable import Providers

@Suite struct RequestEncodingTests {
    func json(_ r: HTTPRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])
    }

    @Test func openAIStreamed() throws {
        var m = Fixtures.model(.openai, baseURL: "https://api.openai.com/v1/")
        m.maxOutputTokens = 1000
        let r = OpenAIChatFormat.makeRequest(item: Fixtures.item, model: m, apiKey: "sk-secret")
        #expect(r.url == "https://api.openai.com/v1/chat/completions")
        #expect(r.header("authorization") == "Bearer sk-secret")
        #expect(r.secrets == ["sk-secret"])
        let b = try json(r)
        #expect(b["model"] as? String == "model-x")
        #expect(b["stream"] as? Bool == true)
        #expect((b["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true)
        #expect(b["max_tokens"] as? Int == 64)
        #expect(b["max_completion_tokens"] == nil)
        #expect(b["temperature"] == nil)
        let messages = try #require(b["messages"] as? [[String: String]])
        #expect(messages == [["role": "system", "content": "Be brief."], ["role": "user", "content": "Say \"hi\"\n"]])
    }

    @Test func openAINonStreamedWithNewerOptions() throws {
        var m = Fixtures.model(.openai, stream: false)
        m.useMaxCompletionTokens = true
        m.temperature = 0.7
        m.maxOutputTokens = 10
        let b = try json(OpenAIChatFormat.makeRequest(item: Fixtures.item, model: m, apiKey: "k"))
        #expect(b["stream"] as? Bool == false)
        #expect(b["stream_options"] == nil)
        #expect(b["max_completion_tokens"] as? Int == 10)
        #expect(b["max_tokens"] == nil)
        #expect(b["temperature"] as? Double == 0.7)
    }

    @Test func simulatedWithoutKeySendsPlaceholder() {
        let r = OpenAIChatFormat.makeRequest(item: Fixtures.item, model: Fixtures.model(.simulated, key: nil), apiKey: nil)
        #expect(r.header("authorization") == "Bearer sim-no-key")
        let o = OpenAIChatFormat.makeRequest(item: Fixtures.item, model: Fixtures.model(.openai, key: nil), apiKey: nil)
        #expect(o.header("authorization") == nil)
    }

    @Test func anthropicWithPromptCaching() throws {
        var m = Fixtures.model(.anthropic, baseURL: "https://api.anthropic.com/v1")
        m.promptCaching = true
        m.temperature = 0.0
        let r = AnthropicMessagesFormat.makeRequest(item: Fixtures.item, model: m, apiKey: "ant-secret")
        #expect(r.url == "https://api.anthropic.com/v1/messages")
        #expect(r.header("x-api-key") == "ant-secret")
        #expect(r.header("anthropic-version") == "2023-06-01")
        #expect(r.header("content-type") == "application/json")
        #expect(r.header("authorization") == nil)
        let b = try json(r)
        #expect(b["max_tokens"] as? Int == 64)
        #expect(b["stream"] as? Bool == true)
        #expect(b["temperature"] as? Double == 0.0)
        let system = try #require(b["system"] as? [[String: Any]])
        #expect(system.count == 1)
        #expect(system[0]["text"] as? String == "Be brief.")
        #expect((system[0]["cache_control"] as? [String: String]) == ["type": "ephemeral"])
        #expect((b["messages"] as? [[String: String]]) == [["role": "user", "content": "Say \"hi\"\n"]])
    }

    @Test func anthropicWithoutCachingSendsPlainSystem() throws {
        let b = try json(AnthropicMessagesFormat.makeRequest(item: Fixtures.item, model: Fixtures.model(.anthropic), apiKey: "k"))
        #expect(b["system"] as? String == "Be brief.")
    }

    @Test func geminiKeyGoesInTheHeaderNotTheURL() throws {
        var m = Fixtures.model(.gemini, baseURL: "https://generativelanguage.googleapis.com/v1beta")
        m.modelId = "models/gemini-2.0-flash"
        m.temperature = 0.5
        let r = GeminiFormat.makeRequest(item: Fixtures.item, model: m, apiKey: "g-secret")
        #expect(r.url == "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse")
        #expect(!r.url.contains("key="))
        #expect(!r.url.contains("g-secret"))
        #expect(r.header("x-goog-api-key") == "g-secret")
        let b = try json(r)
        let contents = try #require(b["contents"] as? [[String: Any]])
        #expect(contents[0]["role"] as? String == "user")
        #expect((contents[0]["parts"] as? [[String: String]]) == [["text": "Say \"hi\"\n"]])
        let sys = try #require(b["systemInstruction"] as? [String: Any])
        #expect((sys["parts"] as? [[String: String]]) == [["text": "Be brief."]])
        let config = try #require(b["generationConfig"] as? [String: Any])
        #expect(config["maxOutputTokens"] as? Int == 64)
        #expect(config["temperature"] as? Double == 0.5)

        m.stream = false
        m.baseURL = "https://generativelanguage.googleapis.com/v1"
        #expect(GeminiFormat.makeRequest(item: Fixtures.item, model: m, apiKey: "g").url
                == "https://generativelanguage.googleapis.com/v1/models/gemini-2.0-flash:generateContent")
    }

    @Test func buildRequestReadsKeysAndHeaderValuesFromTheEnvironment() throws {
        var m = Fixtures.model(.openai)
        m.apiKeyEnv = "MY_KEY"
        m.headers = [HeaderSpec(name: "X-Team", value: "bench"), HeaderSpec(name: "api-key", valueEnv: "AZ_KEY")]
        let env = ["MY_KEY": "k1", "AZ_KEY": "k2"]
        let r = try LLMClient.buildRequest(Fixtures.item, m, env).get()
        #expect(r.header("authorization") == "Bearer k1")
        #expect(r.header("x-team") == "bench")
        #expect(r.header("api-key") == "k2")
        #expect(Set(r.secrets) == ["k1", "k2"])

        if case .failure(let e) = LLMClient.buildRequest(Fixtures.item, m, ["MY_KEY": "k1"]) {
            #expect(e.name == "AZ_KEY")
        } else { Issue.record("expected a missing variable") }
        if case .failure(let e) = LLMClient.buildRequest(Fixtures.item, m, ["MY_KEY": ""]) {
            #expect(e.name == "MY_KEY")
        } else { Issue.record("expected a missing variable") }
    }

    @Test func jsonBodyEscapesControlCharacters() throws {
        var b = JSONBody()
        b.beginObject(); b.field("s", "a\u{1}\t\"\\b"); b.key("e"); b.beginArray(); b.endArray(); b.field("n", 3); b.endObject()
        #expect(String(decoding: b.bytes, as: UTF8.self) == #"{"s":"a\u0001\t\"\\b","e":[],"n":3}"#)
    }
}
