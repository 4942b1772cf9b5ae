import Foundation
import Testing
@testable import Simulator

@Suite struct AnthropicFormatTests {
    @Test func streamEventsComeInTheDocumentedOrder() throws {
        try withServer { _, port in
            let r = try TestHTTPClient(port: port).request("POST", "/v1/messages", headers: anthropicAuth, body: anthropicBody(stream: true))
            #expect(r.status == 200)
            #expect(r.header("request-id")?.hasPrefix("req_") == true)
            #expect(r.header("anthropic-ratelimit-requests-remaining") != nil)
            let events = parseSSE(r.body)
            for e in events {
                #expect(e.json != nil)
                #expect(e.json?["type"] as? String == e.event)
            }
            let names = events.compactMap(\.event)
            #expect(Array(names.prefix(3)) == ["message_start", "content_block_start", "ping"])
            #expect(Array(names.suffix(3)) == ["content_block_stop", "message_delta", "message_stop"])
            #expect(names.dropFirst(3).dropLast(3).allSatisfy { $0 == "content_block_delta" })
            let start = try #require(events[0].json?["message"] as? [String: Any])
            let usage = try #require(start["usage"] as? [String: Any])
            for k in ["input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"] { #expect(usage[k] is Int) }
            let delta = try #require(events[events.count - 2].json)
            #expect((delta["delta"] as? [String: Any])?["stop_reason"] as? String == "end_turn")
            let text = events.compactMap { ($0.json?["delta"] as? [String: Any])?["text"] as? String }.joined()
            let pieces = TokenPieces.split(text).count
            #expect((delta["usage"] as? [String: Any])?["output_tokens"] as? Int == pieces)
        }
    }

    @Test func nonStreamedMessageAndMaxTokensCut() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            let r = try c.request("POST", "/v1/messages", headers: anthropicAuth, body: anthropicBody(stream: false, maxTokens: 2))
            let o = try #require(r.json)
            #expect(o["type"] as? String == "message")
            #expect(o["stop_reason"] as? String == "max_tokens")
            #expect((o["usage"] as? [String: Any])?["output_tokens"] as? Int == 2)
            #expect(((o["content"] as? [[String: Any]])?.first?["type"]) as? String == "text")
        }
    }

    @Test func errorsInAnthropicShape() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            let noKey = try c.request("POST", "/v1/messages", headers: ["anthropic-version": "2023-06-01"], body: anthropicBody(stream: false))
            #expect(noKey.status == 401)
            #expect(noKey.json?["type"] as? String == "error")
            #expect((noKey.json?["error"] as? [String: Any])?["type"] as? String == "authentication_error")
            #expect(noKey.header("request-id") != nil)

            let noMax = try c.request("POST", "/v1/messages", headers: anthropicAuth, body: anthropicBody(stream: false, maxTokens: nil))
            #expect(noMax.status == 400)
            #expect((noMax.json?["error"] as? [String: Any])?["type"] as? String == "invalid_request_error")
            #expect(((noMax.json?["error"] as? [String: Any])?["message"] as? String)?.contains("max_tokens") == true)

            let unknown = try c.request("POST", "/v1/messages", headers: anthropicAuth, body: anthropicBody(model: "claude-9", stream: false))
            #expect(unknown.status == 404)
            #expect((unknown.json?["error"] as? [String: Any])?["type"] as? String == "not_found_error")
        }
    }

    @Test func cachedSystemPromptIsWrittenThenRead() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            // Above claude-3-haiku's minimum cacheable prompt (2,048 tokens): about 2,400 tokens.
            let system = String(repeating: "You answer questions about documents carefully. ", count: 200)
            let first = try c.request("POST", "/v1/messages", headers: anthropicAuth, body: anthropicBody(stream: false, cachedSystem: system))
            let second = try c.request("POST", "/v1/messages", headers: anthropicAuth, body: anthropicBody(user: qaPrompt, stream: false, cachedSystem: system))
            let u1 = try #require(first.json?["usage"] as? [String: Any])
            let u2 = try #require(second.json?["usage"] as? [String: Any])
            #expect(u1["cache_creation_input_tokens"] as? Int ?? 0 > 0)
            #expect(u1["cache_read_input_tokens"] as? Int == 0)
            #expect(u2["cache_read_input_tokens"] as? Int == u1["cache_creation_input_tokens"] as? Int)
            #expect(u2["cache_creation_input_tokens"] as? Int == 0)
        }
    }
}

@Suite struct GeminiFormatTests {
    @Test(arguments: ["v1beta", "v1"])
    func streamedSSEEndsWithFinishReason(version: String) throws {
        try withServer { _, port in
            let r = try TestHTTPClient(port: port).request("POST", "/\(version)/models/gemini-1.5-flash:streamGenerateContent?alt=sse", headers: geminiAuth, body: geminiBody())
            #expect(r.status == 200)
            #expect(r.header("content-type")?.hasPrefix("text/event-stream") == true)
            let events = parseSSE(r.body)
            #expect(!events.isEmpty)
            for (i, e) in events.enumerated() {
                let o = try #require(e.json)
                let cand = try #require((o["candidates"] as? [[String: Any]])?.first)
                #expect((cand["content"] as? [String: Any])?["role"] as? String == "model")
                #expect((cand["finishReason"] != nil) == (i == events.count - 1))
                #expect(o["modelVersion"] as? String == "gemini-1.5-flash")
                #expect(o["responseId"] is String)
            }
            let usage = try #require(events.last?.json?["usageMetadata"] as? [String: Any])
            #expect(usage["promptTokenCount"] is Int && usage["candidatesTokenCount"] is Int && usage["totalTokenCount"] is Int)
            #expect((events.last?.json?["candidates"] as? [[String: Any]])?.first?["finishReason"] as? String == "STOP")
        }
    }

    @Test func nonStreamedJSONArrayStreamAndKeyInQuery() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            let r = try c.request("POST", "/v1beta/models/gemini-2.0-flash:generateContent?key=abc", body: geminiBody(maxTokens: 2))
            #expect(r.status == 200)
            let cand = (r.json?["candidates"] as? [[String: Any]])?.first
            #expect(cand?["finishReason"] as? String == "MAX_TOKENS")
            #expect((r.json?["usageMetadata"] as? [String: Any])?["candidatesTokenCount"] as? Int == 2)
            let array = try c.request("POST", "/v1beta/models/gemini-2.0-flash:streamGenerateContent", headers: geminiAuth, body: geminiBody())
            let parsed = try JSONSerialization.jsonObject(with: Data(array.body.utf8)) as? [[String: Any]]
            #expect((parsed?.count ?? 0) >= 1)
        }
    }

    @Test func errorsInGoogleShape() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            let noKey = try c.request("POST", "/v1beta/models/gemini-2.0-flash:generateContent", body: geminiBody())
            #expect(noKey.status == 403)
            #expect((noKey.json?["error"] as? [String: Any])?["status"] as? String == "PERMISSION_DENIED")
            #expect((noKey.json?["error"] as? [String: Any])?["code"] as? Int == 403)
            let unknown = try c.request("POST", "/v1beta/models/gemini-0:generateContent", headers: geminiAuth, body: geminiBody())
            #expect(unknown.status == 404)
            #expect((unknown.json?["error"] as? [String: Any])?["status"] as? String == "NOT_FOUND")
            let bad = try c.request("POST", "/v1beta/models/gemini-2.0-flash:generateContent", headers: geminiAuth, body: "{\"contents\": 3}")
            #expect(bad.status == 400)
            #expect((bad.json?["error"] as? [String: Any])?["status"] as? String == "INVALID_ARGUMENT")
        }
    }
}
