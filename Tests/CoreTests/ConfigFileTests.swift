import Foundation
import Testing
@testable import LLMBenchCore

@Suite struct ConfigFileTests {
    func parse(_ json: String) throws -> ConfigFile { try ConfigFile.parse(Data(json.utf8), file: "cfg.json") }

    func message(_ json: String) -> String? {
        do { _ = try parse(json); return nil } catch let e as LLMBenchError {
            #expect(e.exitCode == .dataError)
            return e.message
        } catch { return "\(error)" }
    }

    @Test func parsesAFullModel() throws {
        let c = try parse("""
        {"models": [{"name": "mini", "kind": "openai", "base_url": "https://api.openai.com/v1/", "model": "gpt-4o-mini",
          "api_key_env": "OPENAI_API_KEY", "headers": {"X-Title": "bench", "api-key": {"env": "AZURE_KEY"}},
          "temperature": 0, "max_output_tokens": 200, "max_tokens_param": "max_completion_tokens", "stream": false,
          "limits": {"max_concurrency": 4, "requests_per_minute": 500, "tokens_per_minute": 20000}, "price": "gpt-4o-mini"}]}
        """)
        let m = c.models[0]
        #expect(m.baseURL == "https://api.openai.com/v1")
        #expect(m.kind == .openai && m.modelId == "gpt-4o-mini" && m.apiKeyEnv == "OPENAI_API_KEY")
        #expect(m.headers == [HeaderSpec(name: "X-Title", value: "bench"), HeaderSpec(name: "api-key", valueEnv: "AZURE_KEY")])
        #expect(m.temperature == 0 && m.maxOutputTokens == 200 && m.useMaxCompletionTokens && !m.stream)
        #expect(m.limits == ModelLimits(maxConcurrency: 4, requestsPerMinute: 500, tokensPerMinute: 20000))
        #expect(ConfigFile.missingEnvironment(c.models, environment: ["OPENAI_API_KEY": "x"]) == ["AZURE_KEY"])
        // Saved settings never carry literal header values.
        let saved = try JSONEncoder().encode(RunSettings.ModelSettings(m))
        #expect(!String(decoding: saved, as: UTF8.self).contains("bench"))
    }

    @Test func badFieldsNameTheirJSONPath() {
        #expect(message(#"{"models": [{"name": "a", "kind": "foo", "base_url": "http://127.0.0.1:1/v1", "model": "m"}]}"#)
                == #"cfg.json: $.models[0].kind: unknown kind "foo" (valid: openai, openai-responses, anthropic, gemini, simulated)"#)
        #expect(message(#"{"models": [{"name": "a", "kind": "openai", "base_url": "http://127.0.0.1:1", "model": "m", "temperature": "hot"}]}"#)
                == "cfg.json: $.models[0].temperature: expected a number from 0 to 2")
        #expect(message(#"{"models": [{"name": "a", "kind": "openai", "base_url": "https://x.example/v1", "model": "m"}]}"#)?
                .hasPrefix("cfg.json: $.models[0].api_key_env: is missing") == true)
        #expect(message(#"{"models": []}"#) == "cfg.json: $.models: is empty (expected at least one model)")
        #expect(message("{") != nil)
        #expect(message(#"{"models": [{"name": "a", "kind": "openai", "base_url": "http://127.0.0.1:1", "model": "m", "stream": 1}]}"#)
                == "cfg.json: $.models[0].stream: expected true or false")
    }

    @Test func missingFileIsExit66() {
        #expect(throws: LLMBenchError.self) { try ConfigFile.load(path: "/nonexistent/cfg.json") }
        do { _ = try ConfigFile.load(path: "/nonexistent/cfg.json") } catch let e as LLMBenchError {
            #expect(e.exitCode == .noInput)
        } catch {}
    }
}
