import Foundation
import Testing
@testable import Simulator

@Suite struct OpenAIFormatTests {
    @Test func streamWithUsageHasRoleFirstUsageChunkAndDone() throws {
        try withServer { _, port in
            let r = try TestHTTPClient(port: port).request("POST", "/v1/chat/completions", headers: openAIAuth, body: openAIBody(stream: true, usage: true))
            #expect(r.status == 200)
            #expect(r.header("content-type")?.hasPrefix("text/event-stream") == true)
            #expect(r.header("transfer-encoding") == "chunked")
            #expect(r.header("x-request-id")?.hasPrefix("req_") == true)
            #expect(r.header("x-ratelimit-remaining-requests") != nil)
            #expect(r.header("openai-processing-ms") != nil)
            #expect(r.complete)
            let events = parseSSE(r.body)
            #expect(events.last?.data == "[DONE]")
            let chunks = events.dropLast()
            for e in chunks { #expect(e.json != nil, "not JSON: \(e.data)") }
            let first = try #require(chunks.first?.json)
            let firstDelta = (first["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
            #expect(firstDelta?["role"] as? String == "assistant")
            #expect(firstDelta?["content"] as? String == "")
            #expect(first["object"] as? String == "chat.completion.chunk")
            #expect(first["system_fingerprint"] is String && first["id"] is String && first["created"] is Int)
            #expect(first["usage"] is NSNull)
            let usageChunk = try #require(chunks.last?.json)
            #expect((usageChunk["choices"] as? [Any])?.isEmpty == true)
            let usage = try #require(usageChunk["usage"] as? [String: Any])
            let finish = chunks[chunks.count - 2].json?["choices"] as? [[String: Any]]
            #expect(finish?.first?["finish_reason"] as? String == "stop")
            let contentChunks = chunks.filter { (($0.json?["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["content"] as? String != nil }.count - 1
            #expect(usage["completion_tokens"] as? Int == contentChunks)
            #expect(usage["total_tokens"] as? Int == (usage["prompt_tokens"] as! Int) + (usage["completion_tokens"] as! Int))
            #expect((usage["prompt_tokens_details"] as? [String: Any])?["cached_tokens"] as? Int == 0)
            #expect((usage["completion_tokens_details"] as? [String: Any])?["reasoning_tokens"] as? Int == 0)
            #expect(openAIStreamText(events) == "The river flooded the old town in spring. Many shops closed for weeks." ||
                    openAIStreamText(events).hasPrefix("The"))
        }
    }

    @Test func streamWithoutUsageOmitsUsage() throws {
        try withServer { _, port in
            let r = try TestHTTPClient(port: port).request("POST", "/v1/chat/completions", headers: openAIAuth, body: openAIBody(stream: true))
            let events = parseSSE(r.body)
            #expect(events.last?.data == "[DONE]")
            for e in events.dropLast() {
                #expect(e.json?["usage"] == nil)
                #expect((e.json?["choices"] as? [Any])?.count == 1)
            }
        }
    }

    @Test func nonStreamedMatchesStreamedText() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            let r = try c.request("POST", "/v1/chat/completions", headers: openAIAuth, body: openAIBody(stream: false))
            #expect(r.status == 200)
            #expect(r.header("content-type") == "application/json")
            let o = try #require(r.json)
            #expect(o["object"] as? String == "chat.completion")
            let choice = try #require((o["choices"] as? [[String: Any]])?.first)
            let message = try #require(choice["message"] as? [String: Any])
            #expect(choice["finish_reason"] as? String == "stop")
            let text = try #require(message["content"] as? String)
            let usage = try #require(o["usage"] as? [String: Any])
            #expect(usage["completion_tokens"] as? Int == TokenPieces.split(text).count)
            let s = try c.request("POST", "/v1/chat/completions", headers: openAIAuth, body: openAIBody(stream: true))
            #expect(openAIStreamText(parseSSE(s.body)) == text)
        }
    }

    @Test func maxTokensCutsWithLength() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            let r = try c.request("POST", "/v1/chat/completions", headers: openAIAuth, body: openAIBody(stream: false, maxTokens: 3))
            let o = try #require(r.json)
            #expect((o["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String == "length")
            #expect((o["usage"] as? [String: Any])?["completion_tokens"] as? Int == 3)
            let s = try c.request("POST", "/v1/chat/completions", headers: openAIAuth, body: openAIBody(stream: true, usage: true, maxTokens: 3))
            let events = parseSSE(s.body).dropLast()
            let reasons = events.compactMap { ($0.json?["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String }
            #expect(reasons == ["length"])
        }
    }

    @Test func modelsListAndErrors() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            let models = try c.request("GET", "/v1/models", headers: openAIAuth)
            let ids = (models.json?["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
            #expect(ids.contains("gpt-4o-mini") && ids.contains("instant"))

            let noKey = try c.request("POST", "/v1/chat/completions", body: openAIBody(stream: false))
            #expect(noKey.status == 401)
            let err = try #require(noKey.json?["error"] as? [String: Any])
            #expect(err["type"] as? String == "invalid_request_error")
            #expect(err.keys.contains("param") && err.keys.contains("code"))

            let unknown = try c.request("POST", "/v1/chat/completions", headers: openAIAuth, body: openAIBody(model: "gpt-9", stream: false))
            #expect(unknown.status == 404)
            #expect((unknown.json?["error"] as? [String: Any])?["code"] as? String == "model_not_found")

            let bad = try c.request("POST", "/v1/chat/completions", headers: openAIAuth, body: "{not json")
            #expect(bad.status == 400)
            #expect((bad.json?["error"] as? [String: Any])?["type"] as? String == "invalid_request_error")

            let path = try c.request("GET", "/v2/nothing", headers: openAIAuth)
            #expect(path.status == 404)
            #expect(path.json?["error"] != nil)

            let snapshot = try c.request("POST", "/v1/chat/completions", headers: openAIAuth, body: openAIBody(model: "gpt-4o-mini-2024-07-18", stream: false))
            #expect(snapshot.status == 200)
        }
    }
}
