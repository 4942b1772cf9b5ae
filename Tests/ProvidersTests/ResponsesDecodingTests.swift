import Foundation
import LLMBenchCore
import Testing
@testable import Providers

/// The OpenAI Responses API over recorded event bytes (shapes per openai-python `types/responses`).
@Suite struct ResponsesDecodingTests {
    static func ev(_ type: String, _ json: String) -> String { "event: \(type)\ndata: \(json)\n\n" }

    static let created = ev("response.created", #"{"type":"response.created","sequence_number":0,"response":{"id":"resp_abc","object":"response","created_at":1764590000,"status":"in_progress","error":null,"incomplete_details":null,"model":"o4-mini-2025-04-16","output":[],"usage":null}}"#)
    static let inProgress = ev("response.in_progress", #"{"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_abc","object":"response","status":"in_progress","model":"o4-mini-2025-04-16","output":[],"usage":null}}"#)
    static let reasoningAdded = ev("response.output_item.added", #"{"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"rs_1","type":"reasoning","summary":[]}}"#)
    static let summaryPart = ev("response.reasoning_summary_part.added", #"{"type":"response.reasoning_summary_part.added","sequence_number":3,"item_id":"rs_1","output_index":0,"summary_index":0,"part":{"type":"summary_text","text":""}}"#)
    static func summaryDelta(_ seq: Int, _ t: String) -> String {
        ev("response.reasoning_summary_text.delta", #"{"type":"response.reasoning_summary_text.delta","sequence_number":\#(seq),"item_id":"rs_1","output_index":0,"summary_index":0,"delta":"\#(t)"}"#)
    }
    static let reasoningDone = ev("response.reasoning_summary_text.done", #"{"type":"response.reasoning_summary_text.done","sequence_number":6,"item_id":"rs_1","output_index":0,"summary_index":0,"text":"Thinking hard"}"#)
        + ev("response.output_item.done", #"{"type":"response.output_item.done","sequence_number":7,"output_index":0,"item":{"id":"rs_1","type":"reasoning","summary":[{"type":"summary_text","text":"Thinking hard"}]}}"#)
    static let messageAdded = ev("response.output_item.added", #"{"type":"response.output_item.added","sequence_number":8,"output_index":1,"item":{"id":"msg_1","type":"message","status":"in_progress","content":[],"role":"assistant"}}"#)
        + ev("response.content_part.added", #"{"type":"response.content_part.added","sequence_number":9,"item_id":"msg_1","output_index":1,"content_index":0,"part":{"type":"output_text","annotations":[],"logprobs":[],"text":""}}"#)
    static func textDelta(_ seq: Int, _ t: String) -> String {
        ev("response.output_text.delta", #"{"type":"response.output_text.delta","sequence_number":\#(seq),"item_id":"msg_1","output_index":1,"content_index":0,"delta":"\#(t)","logprobs":[],"obfuscation":"x1"}"#)
    }
    static let textDone = ev("response.output_text.done", #"{"type":"response.output_text.done","sequence_number":12,"item_id":"msg_1","output_index":1,"content_index":0,"text":"Hello wörld","logprobs":[]}"#)
    static func terminal(_ type: String, status: String, extra: String = "", usage: String = usageJSON) -> String {
        ev(type, #"{"type":"\#(type)","sequence_number":13,"response":{"id":"resp_abc","object":"response","status":"\#(status)","model":"o4-mini-2025-04-16",\#(extra)"output":[{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","annotations":[],"text":"Hello wörld"}]}],"usage":\#(usage)}}"#)
    }
    static let usageJSON = #"{"input_tokens":120,"input_tokens_details":{"cached_tokens":64},"output_tokens":90,"output_tokens_details":{"reasoning_tokens":80},"total_tokens":210}"#

    static var withSummary: [String] {
        [created + inProgress + reasoningAdded, summaryPart + summaryDelta(4, "Thinking"), summaryDelta(5, " hard"),
         reasoningDone + messageAdded + textDelta(10, "Hello"), textDelta(11, " wörld"),
         textDone + terminal("response.completed", status: "completed", extra: #""error":null,"incomplete_details":null,"#)]
    }

    static var hidden: [String] {
        [created + inProgress + reasoningAdded,
         ev("response.output_item.done", #"{"type":"response.output_item.done","sequence_number":3,"output_index":0,"item":{"id":"rs_1","type":"reasoning","summary":[]}}"#) + messageAdded + textDelta(10, "Hello"),
         textDelta(11, " wörld"), textDone + terminal("response.completed", status: "completed")]
    }

    @Test func summaryIsReasoningAndTheAnswerStartsLater() {
        let r = Fixtures.replay(OpenAIResponsesFormat.self, headers: ["x-request-id: req_9"], chunks: Self.withSummary)
        #expect(r.status == .ok)
        #expect(r.errorKind == nil)
        #expect(r.responseText == "Hello wörld")
        // Chunk 0 (2000 ns) has no text; summary deltas at 3000 and 4000 ns; the answer at 5000 ns.
        #expect(r.firstTokenNs == 3000)
        #expect(r.firstOutputNs == 5000)
        #expect(r.lastTokenNs == 6000)
        #expect(r.chunkArrivalsNs == [3000, 4000, 5000, 6000])
        #expect(r.finishReason == "stop")
        #expect(r.usage == Usage(inputTokens: 120, outputTokens: 90, cachedInputTokens: 64, reasoningTokens: 80, source: .server))
        #expect(r.servedModel == "o4-mini-2025-04-16")
        #expect(r.providerRequestId == "req_9")
    }

    @Test func hiddenReasoningStreamsOnlyTheAnswer() {
        let r = Fixtures.replay(OpenAIResponsesFormat.self, chunks: Self.hidden)
        #expect(r.status == .ok)
        #expect(r.firstTokenNs == 3000)
        #expect(r.firstOutputNs == 3000)
        #expect(r.chunkArrivalsNs == [3000, 4000])
        #expect(r.usage?.reasoningTokens == 80)
        #expect(r.providerRequestId == "resp_abc")
    }

    @Test func withoutATerminalEventTheStreamIsTruncated() {
        let r = Fixtures.replay(OpenAIResponsesFormat.self, chunks: Array(Self.withSummary.dropLast()))
        #expect(r.status == .error)
        #expect(r.errorKind == .streamTruncated)
        #expect(r.responseText == "Hello wörld")
        #expect(r.usage?.source == .estimated)
    }

    @Test func incompleteAtTheOutputCapIsAnOkAnswerCutByLength() {
        let chunks = Array(Self.withSummary.dropLast()) + [Self.terminal("response.incomplete", status: "incomplete",
                                                                             extra: #""incomplete_details":{"reason":"max_output_tokens"},"#)]
        let r = Fixtures.replay(OpenAIResponsesFormat.self, chunks: chunks)
        #expect(r.status == .ok)
        #expect(r.finishReason == "length")
        #expect(r.usage?.outputTokens == 90)

        let filtered = Array(Self.withSummary.dropLast()) + [Self.terminal("response.incomplete", status: "incomplete",
                                                                               extra: #""incomplete_details":{"reason":"content_filter"},"#)]
        #expect(Fixtures.replay(OpenAIResponsesFormat.self, chunks: filtered).finishReason == "content_filter")
    }

    @Test func failedResponsesMapToBoundedKinds() {
        let failed = Self.terminal("response.failed", status: "failed",
                                   extra: #""error":{"code":"server_error","message":"The model failed to generate a response."},"#,
                                   usage: "null")
        let r = Fixtures.replay(OpenAIResponsesFormat.self, chunks: Array(Self.hidden.prefix(2)) + [failed])
        #expect(r.status == .error)
        #expect(r.errorKind == .streamError)
        #expect(r.errorMessage == "server_error: The model failed to generate a response.")
        #expect(r.responseText == "Hello")

        let limited = Self.terminal("response.failed", status: "failed",
                                    extra: #""error":{"code":"rate_limit_exceeded","message":"Rate limit reached"},"#, usage: "null")
        #expect(Fixtures.replay(OpenAIResponsesFormat.self, chunks: [Self.created, limited]).errorKind == .http429)
    }

    @Test func errorEventsInBothShapes() {
        // As documented: code and message at the top level.
        let flat = Self.ev("error", #"{"type":"error","code":"server_error","message":"Something went wrong","param":null,"sequence_number":2}"#)
        let a = Fixtures.replay(OpenAIResponsesFormat.self, chunks: [Self.created, flat])
        #expect(a.errorKind == .streamError)
        #expect(a.errorMessage == "server_error: Something went wrong")
        // As the API sends it in practice: nested in an `error` object.
        let nested = Self.ev("error", #"{"type":"error","error":{"type":"tokens","code":"rate_limit_exceeded","message":"Rate limit reached for o4-mini","param":null},"sequence_number":2}"#)
        let b = Fixtures.replay(OpenAIResponsesFormat.self, chunks: [Self.created, nested])
        #expect(b.errorKind == .http429)
        #expect(b.errorMessage == "rate_limit_exceeded: Rate limit reached for o4-mini")
        // No `event:` lines: the kind comes from `type`.
        let bare = "data: {\"type\":\"error\",\"code\":null,\"message\":\"boom\",\"sequence_number\":1}\n\n"
        #expect(Fixtures.replay(OpenAIResponsesFormat.self, chunks: [bare]).errorMessage == "boom")
    }

    @Test func dataOnlyEventsAreReadByType() {
        let bare = Self.withSummary.joined().split(separator: "\n\n").map { block in
            block.split(separator: "\n").filter { $0.hasPrefix("data:") }.joined(separator: "\n") + "\n\n"
        }
        let r = Fixtures.replay(OpenAIResponsesFormat.self, chunks: bare)
        #expect(r.status == .ok)
        #expect(r.responseText == "Hello wörld")
        #expect(r.usage?.cachedInputTokens == 64)
    }

    @Test func nonStreamedResponseObject() {
        let body = #"{"id":"resp_x","object":"response","status":"completed","model":"o4-mini","error":null,"incomplete_details":null,"output":[{"id":"rs_1","type":"reasoning","summary":[{"type":"summary_text","text":"Plan."}]},{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","annotations":[],"text":"Answer"}]}],"usage":{"input_tokens":10,"input_tokens_details":{"cached_tokens":0},"output_tokens":30,"output_tokens_details":{"reasoning_tokens":28},"total_tokens":40}}"#
        let r = Fixtures.replay(OpenAIResponsesFormat.self, stream: false, chunks: [body])
        #expect(r.status == .ok)
        #expect(r.responseText == "Answer")
        #expect(r.finishReason == "stop")
        #expect(r.firstTokenNs == nil)
        #expect(r.usage == Usage(inputTokens: 10, outputTokens: 30, reasoningTokens: 28, source: .server))

        let incomplete = body.replacingOccurrences(of: #""status":"completed","model""#, with: #""status":"incomplete","model""#)
            .replacingOccurrences(of: #""incomplete_details":null"#, with: #""incomplete_details":{"reason":"max_output_tokens"}"#)
        #expect(Fixtures.replay(OpenAIResponsesFormat.self, stream: false, chunks: [incomplete]).finishReason == "length")
    }

    @Test func httpErrorsUseOpenAIsErrorShape() {
        let body = #"{"error":{"message":"Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 5 instead.","type":"invalid_request_error","param":"max_output_tokens","code":"integer_below_min_value"}}"#
        let r = Fixtures.replay(OpenAIResponsesFormat.self, status: 400, chunks: [body])
        #expect(r.errorKind == .http4xx)
        #expect(r.errorMessage?.hasPrefix("HTTP 400: invalid_request_error: Invalid 'max_output_tokens'") == true)
    }

    @Test func untrustedUsageIsKeptRaw() {
        let bad = #"{"input_tokens":10,"input_tokens_details":{"cached_tokens":20},"output_tokens":5,"output_tokens_details":{"reasoning_tokens":1},"total_tokens":15}"#
        let r = Fixtures.replay(OpenAIResponsesFormat.self, chunks: Array(Self.hidden.dropLast()) + [Self.textDone + Self.terminal("response.completed", status: "completed", usage: bad)])
        #expect(r.usage == nil)
        #expect(r.invalidUsageJSON?.contains("cached_tokens") == true)
    }

    @Test func requestEncoding() throws {
        var m = Fixtures.model(.openaiResponses, baseURL: "https://api.openai.com/v1/")
        m.reasoningSummary = .auto
        let r = OpenAIResponsesFormat.makeRequest(item: Fixtures.item, model: m, apiKey: "sk-secret")
        #expect(r.url == "https://api.openai.com/v1/responses")
        #expect(r.header("authorization") == "Bearer sk-secret")
        #expect(r.secrets == ["sk-secret"])
        let b = try #require(try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])
        #expect(b["model"] as? String == "model-x")
        #expect(b["input"] as? String == "Say \"hi\"\n")
        #expect(b["instructions"] as? String == "Be brief.")
        #expect(b["max_output_tokens"] as? Int == 64)
        #expect(b["stream"] as? Bool == true)
        #expect(b["store"] as? Bool == false)
        #expect(b["messages"] == nil && b["max_tokens"] == nil && b["temperature"] == nil)
        #expect((b["reasoning"] as? [String: Any])?["summary"] as? String == "auto")

        // Below the API's minimum of 16 the cap is raised to it; no summary asked, no `reasoning`.
        var small = Fixtures.model(.openaiResponses, stream: false)
        small.maxOutputTokens = 5
        let s = try #require(try JSONSerialization.jsonObject(with: Data(OpenAIResponsesFormat.makeRequest(item: Fixtures.item, model: small, apiKey: nil).body)) as? [String: Any])
        #expect(s["max_output_tokens"] as? Int == 16)
        #expect(s["reasoning"] == nil)
        #expect(s["stream"] as? Bool == false)

        // A reasoning model: `reasoning.effort` from `reasoning_effort`, room to think in the cap.
        var thinker = Fixtures.model(.openaiResponses)
        thinker.reasoning = ReasoningSettings(effort: .high)
        let t = try #require(try JSONSerialization.jsonObject(with: Data(OpenAIResponsesFormat.makeRequest(item: Fixtures.item, model: thinker, apiKey: nil).body)) as? [String: Any])
        #expect(t["reasoning"] as? [String: String] == ["effort": "high"])
        #expect(t["max_output_tokens"] as? Int == 64 + 16_384)
    }
}
