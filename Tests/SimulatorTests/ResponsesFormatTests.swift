import Foundation
import Testing
@testable import Simulator

/// The simulator's `POST /v1/responses`, checked event by event against the Responses API's
/// streaming contract (openai-python `types/responses/*_event.py`).
@Suite struct ResponsesFormatTests {
    static func body(model: String = "gpt-4o-mini", stream: Bool, maxOutputTokens: Int? = 256,
                     reasoning: [String: Any]? = nil, extra: [String: Any] = [:]) -> String {
        var o: [String: Any] = ["model": model, "input": summaryPrompt, "instructions": "Be brief.", "stream": stream]
        if let maxOutputTokens { o["max_output_tokens"] = maxOutputTokens }
        if let reasoning { o["reasoning"] = reasoning }
        for (k, v) in extra { o[k] = v }
        return String(decoding: try! JSONSerialization.data(withJSONObject: o), as: UTF8.self)
    }

    func forced(_ kind: String, _ auth: [String: String]) -> [String: String] { auth.merging(["x-llmbench-fault": kind]) { a, _ in a } }

    static func events(_ r: TestHTTPClient.Response) -> [(type: String, json: [String: Any])] {
        parseSSE(r.body).map { e in (e.event ?? "", e.json ?? [:]) }
    }

    /// Every event names itself twice (`event:` and `type`) and counts up from 0 without a gap.
    static func expectWellFormed(_ evs: [(type: String, json: [String: Any])]) {
        for (i, e) in evs.enumerated() {
            #expect(e.json["type"] as? String == e.type, "event \(i): \(e.type)")
            #expect(e.json["sequence_number"] as? Int == i, "event \(i) \(e.type): sequence_number")
        }
    }

    @Test func streamFollowsTheDocumentedSequence() throws {
        try withServer { _, port in
            let r = try TestHTTPClient(port: port).request("POST", "/v1/responses", headers: openAIAuth, body: Self.body(stream: true))
            #expect(r.status == 200)
            #expect(r.header("content-type")?.hasPrefix("text/event-stream") == true)
            #expect(r.header("x-request-id")?.hasPrefix("req_") == true)
            let evs = Self.events(r)
            Self.expectWellFormed(evs)
            let types = evs.map(\.type)
            let deltas = types.filter { $0 == "response.output_text.delta" }.count
            #expect(deltas > 0)
            #expect(types == ["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added"]
                    + Array(repeating: "response.output_text.delta", count: deltas)
                    + ["response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed"])
            #expect(!r.body.contains("[DONE]"))
            let created = try #require(evs.first?.json["response"] as? [String: Any])
            let id = try #require(created["id"] as? String)
            #expect(id.hasPrefix("resp_"))
            #expect(created["status"] as? String == "in_progress" && created["usage"] is NSNull)
            #expect(created["instructions"] as? String == "Be brief." && created["max_output_tokens"] as? Int == 256)
            for key in ["created_at", "model", "object", "output", "parallel_tool_calls", "tool_choice", "tools"] {
                #expect(created[key] != nil, "response.\(key) is required by the SDK")
            }
            let item = try #require(evs[2].json["item"] as? [String: Any])
            let itemId = try #require(item["id"] as? String)
            #expect(itemId.hasPrefix("msg_") && item["type"] as? String == "message" && item["role"] as? String == "assistant")
            var text = ""
            for e in evs where e.type == "response.output_text.delta" {
                #expect(e.json["item_id"] as? String == itemId)
                #expect(e.json["output_index"] as? Int == 0 && e.json["content_index"] as? Int == 0)
                #expect(e.json["logprobs"] is [Any] && e.json["obfuscation"] is String)
                text += try #require(e.json["delta"] as? String)
            }
            #expect(evs[evs.count - 4].json["text"] as? String == text)
            let done = try #require(evs.last?.json["response"] as? [String: Any])
            #expect(done["id"] as? String == id && done["status"] as? String == "completed")
            let output = try #require(done["output"] as? [[String: Any]])
            let content = try #require(output.first?["content"] as? [[String: Any]])
            #expect(content.first?["text"] as? String == text)
            let usage = try #require(done["usage"] as? [String: Any])
            let out = try #require(usage["output_tokens"] as? Int)
            #expect(out == deltas)
            #expect(usage["total_tokens"] as? Int == (usage["input_tokens"] as? Int ?? 0) + out)
            #expect((usage["input_tokens_details"] as? [String: Any])?["cached_tokens"] as? Int == 0)
            #expect((usage["output_tokens_details"] as? [String: Any])?["reasoning_tokens"] as? Int == 0)
        }
    }

    @Test func cutAtTheCapIsIncompleteAndNonStreamedMatches() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            var o = try #require(RequestJSON.object(Array(Self.body(stream: true, maxOutputTokens: 16).utf8)))
            o["input"] = "Write a long story about rivers, towns and the shops that closed."
            let body = String(decoding: try JSONSerialization.data(withJSONObject: o), as: UTF8.self)
            let evs = Self.events(try c.request("POST", "/v1/responses", headers: openAIAuth, body: body))
            Self.expectWellFormed(evs)
            #expect(evs.last?.type == "response.incomplete")
            let resp = try #require(evs.last?.json["response"] as? [String: Any])
            #expect((resp["incomplete_details"] as? [String: Any])?["reason"] as? String == "max_output_tokens")
            #expect((resp["usage"] as? [String: Any])?["output_tokens"] as? Int == 16)

            let whole = try c.request("POST", "/v1/responses", headers: openAIAuth, body: Self.body(stream: false))
            #expect(whole.status == 200 && whole.header("content-type") == "application/json")
            let w = try #require(whole.json)
            #expect(w["object"] as? String == "response" && w["status"] as? String == "completed")
            let streamed = Self.events(try c.request("POST", "/v1/responses", headers: openAIAuth, body: Self.body(stream: true)))
            let text = streamed.filter { $0.type == "response.output_text.delta" }.compactMap { $0.json["delta"] as? String }.joined()
            let content = ((w["output"] as? [[String: Any]])?.first?["content"] as? [[String: Any]])?.first
            #expect(content?["text"] as? String == text)
        }
    }

    @Test func rejectedRequestsUseOpenAIsErrorShape() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            let small = try c.request("POST", "/v1/responses", headers: openAIAuth, body: Self.body(stream: true, maxOutputTokens: 5))
            #expect(small.status == 400)
            let e = try #require(small.json?["error"] as? [String: Any])
            #expect(e["type"] as? String == "invalid_request_error")
            #expect((e["message"] as? String)?.contains("Expected a value >= 16, but got 5") == true)
            let effort = try c.request("POST", "/v1/responses", headers: openAIAuth, body: Self.body(stream: true, reasoning: ["effort": "huge"]))
            #expect(effort.status == 400)
            let noKey = try c.request("POST", "/v1/responses", body: Self.body(stream: true))
            #expect(noKey.status == 401 && noKey.json?["error"] is [String: Any])
            let limited = try c.request("POST", "/v1/responses", headers: forced("http_429", openAIAuth), body: Self.body(stream: true))
            #expect(limited.status == 429 && limited.header("retry-after") != nil)
            #expect((limited.json?["error"] as? [String: Any])?["code"] as? String == "rate_limit_exceeded")
        }
    }

    @Test func midStreamFailureIsResponseFailedAndTruncationHasNoTerminalEvent() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            let failed = Self.events(try c.request("POST", "/v1/responses", headers: forced("stream_error", openAIAuth), body: Self.body(stream: true)))
            Self.expectWellFormed(failed)
            #expect(failed.last?.type == "response.failed")
            let resp = try #require(failed.last?.json["response"] as? [String: Any])
            #expect(resp["status"] as? String == "failed")
            #expect((resp["error"] as? [String: Any])?["code"] as? String == "server_error")

            let cut = Self.events(try TestHTTPClient(port: port).request("POST", "/v1/responses", headers: forced("truncate", openAIAuth), body: Self.body(stream: true)))
            Self.expectWellFormed(cut)
            #expect(!cut.isEmpty)
            #expect(!cut.contains { ["response.completed", "response.incomplete", "response.failed"].contains($0.type) })
        }
    }

    @Test func obfuscationCanBeTurnedOff() throws {
        try withServer { _, port in
            let body = Self.body(stream: true, extra: ["stream_options": ["include_obfuscation": false]])
            let evs = Self.events(try TestHTTPClient(port: port).request("POST", "/v1/responses", headers: openAIAuth, body: body))
            #expect(evs.contains { $0.type == "response.output_text.delta" })
            #expect(!evs.contains { $0.json["obfuscation"] != nil })
        }
    }

    /// A reasoning model asked for a summary: a `reasoning` item at output 0 whose summary streams
    /// first, then the message at output 1; usage counts the reasoning inside `output_tokens`.
    @Test func reasoningModelStreamsItsSummaryOnlyWhenAsked() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            let asked = Self.events(try c.request("POST", "/v1/responses", headers: openAIAuth,
                                                  body: Self.body(model: "gpt-5-mini", stream: true, maxOutputTokens: 4000,
                                                                  reasoning: ["effort": "low", "summary": "auto"])))
            Self.expectWellFormed(asked)
            let types = asked.map(\.type)
            let summaries = types.filter { $0 == "response.reasoning_summary_text.delta" }.count
            let deltas = types.filter { $0 == "response.output_text.delta" }.count
            #expect(summaries > 0 && deltas > 0)
            #expect(types == ["response.created", "response.in_progress", "response.output_item.added", "response.reasoning_summary_part.added"]
                    + Array(repeating: "response.reasoning_summary_text.delta", count: summaries)
                    + ["response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
                       "response.output_item.added", "response.content_part.added"]
                    + Array(repeating: "response.output_text.delta", count: deltas)
                    + ["response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed"])
            let reasoningItem = try #require(asked[2].json["item"] as? [String: Any])
            let rsId = try #require(reasoningItem["id"] as? String)
            #expect(rsId.hasPrefix("rs_") && reasoningItem["type"] as? String == "reasoning")
            let summary = asked.filter { $0.type == "response.reasoning_summary_text.delta" }.compactMap { $0.json["delta"] as? String }.joined()
            for e in asked where e.type == "response.reasoning_summary_text.delta" {
                #expect(e.json["item_id"] as? String == rsId && e.json["output_index"] as? Int == 0 && e.json["summary_index"] as? Int == 0)
            }
            #expect(asked.first { $0.type == "response.reasoning_summary_text.done" }?.json["text"] as? String == summary)
            for e in asked where e.type == "response.output_text.delta" { #expect(e.json["output_index"] as? Int == 1) }
            let done = try #require(asked.last?.json["response"] as? [String: Any])
            let output = try #require(done["output"] as? [[String: Any]])
            #expect(output.map { $0["type"] as? String } == ["reasoning", "message"])
            #expect(((output[0]["summary"] as? [[String: Any]])?.first?["text"] as? String) == summary)
            #expect((done["reasoning"] as? [String: Any])?["summary"] as? String == "auto")
            let usage = try #require(done["usage"] as? [String: Any])
            let reasoning = try #require((usage["output_tokens_details"] as? [String: Any])?["reasoning_tokens"] as? Int)
            #expect(reasoning > 0)
            #expect(usage["output_tokens"] as? Int == reasoning + deltas)

            // No summary asked: the reasoning item carries no text and nothing but the answer streams.
            let hidden = Self.events(try c.request("POST", "/v1/responses", headers: openAIAuth,
                                                   body: Self.body(model: "gpt-5-mini", stream: true, maxOutputTokens: 4000, reasoning: ["effort": "low"])))
            Self.expectWellFormed(hidden)
            #expect(!hidden.contains { $0.type.hasPrefix("response.reasoning_summary") })
            #expect(hidden[2].type == "response.output_item.added" && (hidden[2].json["item"] as? [String: Any])?["type"] as? String == "reasoning")
            let hiddenUsage = try #require((hidden.last?.json["response"] as? [String: Any])?["usage"] as? [String: Any])
            #expect(((hiddenUsage["output_tokens_details"] as? [String: Any])?["reasoning_tokens"] as? Int ?? 0) > 0)
        }
    }

    @Test func reasoningThatFillsTheCapLeavesAnEmptyIncompleteMessage() throws {
        try withServer { _, port in
            let evs = Self.events(try TestHTTPClient(port: port).request("POST", "/v1/responses", headers: openAIAuth,
                                                                        body: Self.body(model: "gpt-5-mini", stream: true, maxOutputTokens: 16,
                                                                                        reasoning: ["effort": "high"])))
            Self.expectWellFormed(evs)
            #expect(!evs.contains { $0.type == "response.output_text.delta" })
            #expect(evs.contains { $0.type == "response.content_part.added" })
            #expect(evs.last?.type == "response.incomplete")
        }
    }

    @Test func parametersTheAPIRejectsForTheModel() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            let temp = try c.request("POST", "/v1/responses", headers: openAIAuth, body: Self.body(model: "gpt-5-mini", stream: true, extra: ["temperature": 0.2]))
            #expect(temp.status == 400)
            let e = try #require(temp.json?["error"] as? [String: Any])
            #expect(e["param"] as? String == "temperature" && e["code"] as? String == "unsupported_parameter")
            let effort = try c.request("POST", "/v1/responses", headers: openAIAuth, body: Self.body(stream: true, reasoning: ["effort": "low"]))
            #expect(effort.status == 400)
            #expect((effort.json?["error"] as? [String: Any])?["param"] as? String == "reasoning.effort")
            let small = try c.request("POST", "/v1/responses", headers: openAIAuth, body: Self.body(stream: true, maxOutputTokens: 8))
            #expect((small.json?["error"] as? [String: Any])?["code"] as? String == "integer_below_min_value")
            let summary = try c.request("POST", "/v1/responses", headers: openAIAuth, body: Self.body(model: "gpt-5-mini", stream: true, reasoning: ["summary": "long"]))
            #expect(summary.status == 400 && (summary.json?["error"] as? [String: Any])?["param"] as? String == "reasoning.summary")
        }
    }
}
