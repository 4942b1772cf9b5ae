import LLMBenchCore
import Testing
@testable import Providers

@Suite struct DecodingTests {
    @Test func openAIStream() {
        let r = Fixtures.replay(OpenAIChatFormat.self,
                                headers: ["X-Request-ID: req_123", "x-ratelimit-remaining-requests: 99", "Retry-After: 2"],
                                chunks: Fixtures.openAIChunks)
        #expect(r.status == .ok)
        #expect(r.errorKind == nil)
        #expect(r.httpStatus == 200)
        #expect(r.responseText == "Hello wörld 😀")
        #expect(r.sentNs == 500)
        #expect(r.firstByteNs == 1000)
        // Chunk 0 (2000 ns) is role-only: not a token.
        #expect(r.firstTokenNs == 3000)
        #expect(r.firstOutputNs == 3000)
        #expect(r.lastTokenNs == 4000)
        #expect(r.chunkArrivalsNs == [3000, 4000])
        #expect(r.doneNs == 100_000)
        #expect(r.finishReason == "stop")
        #expect(r.usage == Usage(inputTokens: 20, outputTokens: 3, cachedInputTokens: 8, reasoningTokens: 1, source: .server))
        #expect(r.systemFingerprint == "fp_44709d6fcb")
        #expect(r.servedModel == "gpt-4o-mini-2024-07-18")
        #expect(r.providerRequestId == "req_123")
        #expect(r.rateLimitHeaders == ["x-ratelimit-remaining-requests": "99", "retry-after": "2"])
    }

    @Test func openAIReasoningComesBeforeOutput() {
        let r = Fixtures.replay(OpenAIChatFormat.self, chunks: Fixtures.splitEvents(Fixtures.openAIReasoningStream, separator: "\n\n"))
        #expect(r.status == .ok)
        #expect(r.firstTokenNs == 3000)
        #expect(r.firstOutputNs == 4000)
        #expect(r.responseText == "Answer")
        #expect(r.usage?.source == .estimated)
        #expect(r.usage?.inputTokens == 7)
        #expect(r.usage?.reasoningTokens == 2)
        #expect(r.usage?.outputTokens == 4)
    }

    @Test func openAIStreamWithoutDoneIsTruncated() {
        let r = Fixtures.replay(OpenAIChatFormat.self, chunks: Array(Fixtures.openAIChunks.dropLast()))
        #expect(r.status == .error)
        #expect(r.errorKind == .streamTruncated)
        #expect(r.responseText == "Hello wörld 😀")
        #expect(r.usage?.source == .server)
    }

    @Test func openAIErrorEventInsideA200Stream() {
        let chunks = Array(Fixtures.openAIChunks.prefix(2))
            + ["data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n"]
        let r = Fixtures.replay(OpenAIChatFormat.self, chunks: chunks)
        #expect(r.errorKind == .streamError)
        #expect(r.errorMessage == "server_error: The server had an error")
        #expect(r.httpStatus == 200)
    }

    @Test func httpErrorsAreClassifiedWithTheProviderMessage() {
        let body = #"{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"#
        let r = Fixtures.replay(OpenAIChatFormat.self, status: 429, headers: ["retry-after: 20"], chunks: [body])
        #expect(r.status == .error)
        #expect(r.errorKind == .http429)
        #expect(r.errorMessage == "HTTP 429: requests: Rate limit reached")
        #expect(r.rateLimitHeaders["retry-after"] == "20")
        #expect(r.usage == nil)
        #expect(r.firstTokenNs == nil)

        let auth = Fixtures.replay(AnthropicMessagesFormat.self, status: 401,
                                   chunks: [#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#])
        #expect(auth.errorKind == .auth)
        #expect(auth.errorMessage == "HTTP 401: authentication_error: invalid x-api-key")

        let overloaded = Fixtures.replay(AnthropicMessagesFormat.self, status: 529,
                                         chunks: [#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#])
        #expect(overloaded.errorKind == .overloaded)

        let gemini = Fixtures.replay(GeminiFormat.self, status: 503,
                                     chunks: [#"{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}"#])
        #expect(gemini.errorKind == .overloaded)
        #expect(gemini.errorMessage == "HTTP 503: UNAVAILABLE: The model is overloaded.")
    }

    @Test func nonJSONErrorBodyGivesASnippet() {
        let r = Fixtures.replay(OpenAIChatFormat.self, status: 502, chunks: ["<html>\n<h1>502 Bad Gateway</h1>\n</html>"])
        #expect(r.errorKind == .http5xx)
        #expect(r.errorMessage == "HTTP 502: body: <html> <h1>502 Bad Gateway</h1> </html>")
    }

    @Test func secretsAreScrubbedFromErrorMessages() {
        let body = #"{"error":{"message":"Incorrect API key provided: sk-canary-123","type":"invalid_request_error"}}"#
        let r = Fixtures.replay(OpenAIChatFormat.self, status: 401, chunks: [body], secrets: ["sk-canary-123"])
        #expect(r.errorKind == .auth)
        #expect(r.errorMessage?.contains("sk-canary-123") == false)
        #expect(r.errorMessage?.contains("[redacted]") == true)
    }

    @Test func openAINonStreamed() {
        let body = #"{"id":"chatcmpl-9","object":"chat.completion","model":"gpt-4o","system_fingerprint":"fp_9","choices":[{"index":0,"message":{"role":"assistant","content":"Paris."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14}}"#
        let r = Fixtures.replay(OpenAIChatFormat.self, stream: false, chunks: [String(body.prefix(40)), String(body.dropFirst(40))])
        #expect(r.status == .ok)
        #expect(r.responseText == "Paris.")
        #expect(r.firstTokenNs == nil)
        #expect(r.chunkArrivalsNs.isEmpty)
        #expect(r.usage == Usage(inputTokens: 12, outputTokens: 2, source: .server))
        #expect(r.providerRequestId == "chatcmpl-9")
    }

    @Test func anthropicStreamNormalisesUsage() {
        let r = Fixtures.replay(AnthropicMessagesFormat.self, headers: ["request-id: req_ant", "anthropic-ratelimit-tokens-remaining: 5000"],
                                chunks: Fixtures.anthropicChunks)
        #expect(r.status == .ok)
        #expect(r.responseText == "Hello there")
        // Chunks: 0 message_start, 1 block start, 2 ping, 3 thinking delta, 4 stop, 5 start, 6 "Hello".
        #expect(r.firstTokenNs == 5000)
        #expect(r.firstOutputNs == 8000)
        #expect(r.lastTokenNs == 9000)
        #expect(r.chunkArrivalsNs == [5000, 8000, 9000])
        #expect(r.finishReason == "end_turn")
        // input = 10 + 100 read + 5 written. Thinking is inside output_tokens (12): the answer "Hello
        // there" (11 bytes) counts 3 tokens, so reasoning is 12 − 3 = 9, an estimate.
        #expect(r.usage == Usage(inputTokens: 115, outputTokens: 12, cachedInputTokens: 100, cacheWriteTokens: 5,
                                 reasoningTokens: 9, source: .server, reasoningSource: .estimated))
        #expect(r.usage?.answerTokens == 3)
        #expect(r.usage?.answerTokensEstimated == true)
        #expect(r.servedModel == "claude-3-5-haiku-20241022")
        #expect(r.providerRequestId == "req_ant")
        #expect(r.rateLimitHeaders == ["anthropic-ratelimit-tokens-remaining": "5000"])
    }

    @Test func anthropicOverloadedEventAndTruncation() {
        let overloaded = Array(Fixtures.anthropicChunks.prefix(7))
            + ["event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"]
        let r = Fixtures.replay(AnthropicMessagesFormat.self, chunks: overloaded)
        #expect(r.errorKind == .overloaded)
        #expect(r.errorMessage == "overloaded_error: Overloaded")
        let other = Array(Fixtures.anthropicChunks.prefix(2))
            + ["event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}\n\n"]
        #expect(Fixtures.replay(AnthropicMessagesFormat.self, chunks: other).errorKind == .streamError)
        let truncated = Fixtures.replay(AnthropicMessagesFormat.self, chunks: Array(Fixtures.anthropicChunks.dropLast()))
        #expect(truncated.errorKind == .streamTruncated)
    }

    @Test func anthropicWithoutEventLinesUsesTheDataType() {
        let chunks = Fixtures.anthropicChunks.map { chunk in
            chunk.split(separator: "\n").filter { !$0.hasPrefix("event:") }.joined(separator: "\n") + "\n\n"
        }
        let r = Fixtures.replay(AnthropicMessagesFormat.self, chunks: chunks)
        #expect(r.status == .ok)
        #expect(r.responseText == "Hello there")
    }

    @Test func anthropicNonStreamed() {
        let body = #"{"id":"msg_1","type":"message","role":"assistant","model":"claude-3-haiku-20240307","content":[{"type":"thinking","thinking":"hmm","signature":"x"},{"type":"text","text":"Hi!"}],"stop_reason":"max_tokens","usage":{"input_tokens":3,"output_tokens":9,"cache_read_input_tokens":0}}"#
        let r = Fixtures.replay(AnthropicMessagesFormat.self, stream: false, chunks: [body])
        #expect(r.status == .ok)
        #expect(r.responseText == "Hi!")
        #expect(r.finishReason == "max_tokens")
        // "Hi!" is 1 answer token; the other 8 of output_tokens are thinking (estimated).
        #expect(r.usage == Usage(inputTokens: 3, outputTokens: 9, reasoningTokens: 8, source: .server, reasoningSource: .estimated))
    }

    @Test func anthropicWithoutThinkingHasNoReasoningByTheServersCount() {
        let chunks = Fixtures.anthropicChunks.enumerated().filter { ![1, 2, 3, 4].contains($0.offset) }.map(\.element)
        let r = Fixtures.replay(AnthropicMessagesFormat.self, chunks: chunks)
        #expect(r.status == .ok && r.responseText == "Hello there")
        #expect(r.usage == Usage(inputTokens: 115, outputTokens: 12, cachedInputTokens: 100, cacheWriteTokens: 5,
                                 reasoningTokens: 0, source: .server, reasoningSource: .server))
        #expect(r.usage?.answerTokensEstimated == false)
    }

    @Test func anthropicRedactedThinkingIsReasoningWithoutText() {
        let body = #"{"id":"msg_2","type":"message","model":"claude-sonnet-4","content":[{"type": "redacted_thinking", "data": "EmwKAhgBEgy3va"},{"type":"text","text":"Paris is the capital."}],"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":40}}"#
        let r = Fixtures.replay(AnthropicMessagesFormat.self, stream: false, chunks: [body])
        #expect(r.responseText == "Paris is the capital.")
        // 21 bytes of answer: 6 tokens; 34 of the 40 were (hidden) thinking. (Spaced like a pretty-printed body.)
        #expect(r.usage == Usage(inputTokens: 5, outputTokens: 40, reasoningTokens: 34, source: .server, reasoningSource: .estimated))
    }

    @Test func anthropicReasoningEstimateIsClampedToTheOutput() {
        // The answer text counts more tokens (⌈40/4⌉ = 10) than output_tokens says (4): reasoning 0, not negative.
        let answer = String(repeating: "word ", count: 8)
        let body = #"{"id":"m","type":"message","content":[{"type":"thinking","thinking":"short","signature":"s"},{"type":"text","text":""# + answer + #""}],"usage":{"input_tokens":1,"output_tokens":4}}"#
        let r = Fixtures.replay(AnthropicMessagesFormat.self, stream: false, chunks: [body])
        #expect(r.usage?.reasoningTokens == 0)
        #expect(r.usage?.reasoningSource == .estimated)
        #expect(r.usage?.answerTokens == 4)
        // And never more than the output: no answer text at all leaves every output token reasoning.
        let empty = #"{"id":"m","type":"message","content":[{"type":"thinking","thinking":"long thought"}],"usage":{"input_tokens":1,"output_tokens":7}}"#
        let e = Fixtures.replay(AnthropicMessagesFormat.self, stream: false, chunks: [empty])
        #expect(e.usage?.reasoningTokens == 7 && e.usage?.answerTokens == 0)
    }

    @Test func openAIHiddenReasoningIsTheServersCount() {
        // o-series / gpt-5: only the answer streams; usage counts the hidden reasoning apart.
        let stream = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":1010,\"completion_tokens_details\":{\"reasoning_tokens\":1000}}}\n\n"
            + "data: [DONE]\n\n"
        let r = Fixtures.replay(OpenAIChatFormat.self, chunks: Fixtures.splitEvents(stream, separator: "\n\n"))
        #expect(r.usage == Usage(inputTokens: 4, outputTokens: 1010, reasoningTokens: 1000, source: .server, reasoningSource: .server))
        #expect(r.usage?.answerTokens == 10)
        #expect(r.usage?.answerTokensEstimated == false)
    }

    @Test func openAICompatibleReasoningTextWithoutACountIsEstimated() {
        // A server that streams `reasoning_content` but reports only completion_tokens (9): the answer
        // "Answer" counts 2 tokens, so 7 were reasoning, an estimate.
        let stream = Fixtures.openAIReasoningStream.replacingOccurrences(
            of: "data: [DONE]", with: "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":9}}\n\ndata: [DONE]")
        let r = Fixtures.replay(OpenAIChatFormat.self, chunks: Fixtures.splitEvents(stream, separator: "\n\n"))
        #expect(r.usage == Usage(inputTokens: 3, outputTokens: 9, reasoningTokens: 7, source: .server, reasoningSource: .estimated))
    }

    @Test func geminiStreamNormalisesUsage() {
        let r = Fixtures.replay(GeminiFormat.self, chunks: Fixtures.geminiChunks)
        #expect(r.status == .ok)
        #expect(r.responseText == "Hi all")
        #expect(r.firstTokenNs == 2000)
        #expect(r.firstOutputNs == 3000)
        #expect(r.chunkArrivalsNs == [2000, 3000, 4000])
        #expect(r.finishReason == "STOP")
        // candidatesTokenCount (2) excludes thoughtsTokenCount (5): output is their sum, as for OpenAI.
        #expect(r.usage == Usage(inputTokens: 9, outputTokens: 7, cachedInputTokens: 4, reasoningTokens: 5, source: .server,
                                 reasoningSource: .server))
        #expect(r.usage?.answerTokens == 2)
        #expect(r.servedModel == "gemini-2.5-flash")
        #expect(r.providerRequestId == "resp-abc")
    }

    @Test func geminiWithoutFinishReasonIsTruncated() {
        let r = Fixtures.replay(GeminiFormat.self, chunks: Array(Fixtures.geminiChunks.prefix(2)))
        #expect(r.errorKind == .streamTruncated)
        #expect(r.responseText == "Hi")
    }

    @Test func geminiNonStreamed() {
        let body = #"{"candidates":[{"content":{"parts":[{"text":"A"},{"thought":true,"text":"t"},{"text":"B"}],"role":"model"},"finishReason":"MAX_TOKENS"}],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":2},"modelVersion":"gemini-1.5-flash"}"#
        let r = Fixtures.replay(GeminiFormat.self, stream: false, chunks: [body])
        #expect(r.status == .ok)
        #expect(r.responseText == "AB")
        #expect(r.usage == Usage(inputTokens: 4, outputTokens: 2, source: .server))
    }

    @Test func malformedEventIsAProtocolError() {
        let r = Fixtures.replay(OpenAIChatFormat.self, chunks: ["data: {\"choices\":[{\"delta\":{\"content\":\"x\"}\n\n"])
        #expect(r.errorKind == .protocol)
    }

    @Test func cancelledKeepsTimings() {
        let r = Fixtures.replay(OpenAIChatFormat.self, chunks: Array(Fixtures.openAIChunks.prefix(3)), outcome: .cancelled)
        #expect(r.status == .cancelled)
        #expect(r.errorKind == .cancelled)
        #expect(r.firstTokenNs == 3000)
    }

    @Test func everySplitOfTheBodyGivesTheSameRecord() {
        for (format, stream) in [(OpenAIChatFormat.self as any WireFormat.Type, Fixtures.openAIStream),
                                 (AnthropicMessagesFormat.self, Fixtures.anthropicStream),
                                 (GeminiFormat.self, Fixtures.geminiStream)] {
            let whole = Fixtures.replay(format, chunks: [stream])
            #expect(whole.status == .ok)
            let bytes = Array(stream.utf8)
            for split in stride(from: 0, through: bytes.count, by: 1) {
                let a = String(decoding: bytes[0..<split], as: UTF8.self)
                let b = String(decoding: bytes[split...], as: UTF8.self)
                guard Array(a.utf8).count == split else { continue }  // split inside a UTF-8 sequence
                let r = Fixtures.replay(format, chunks: [a, b])
                #expect(r.status == .ok && r.responseText == whole.responseText && r.usage == whole.usage
                        && r.finishReason == whole.finishReason, "split at \(split)")
            }
        }
    }

    @Test func retryAfterParsesSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 1_000_000_000)
        #expect(RetryAfter.parse("120", now: now) == 120_000_000_000)
        #expect(RetryAfter.parse(" 0 ", now: now) == 0)
        #expect(RetryAfter.parse("1.5", now: now) == 1_500_000_000)
        // 2001-09-09T01:46:40Z is 1e9; 30 s later:
        #expect(RetryAfter.parse("Sun, 09 Sep 2001 01:47:10 GMT", now: now) == 30_000_000_000)
        #expect(RetryAfter.parse("Sunday, 09-Sep-01 01:47:10 GMT", now: now) == 30_000_000_000)
        #expect(RetryAfter.parse("Sun Sep  9 01:47:10 2001", now: now) == 30_000_000_000)
        #expect(RetryAfter.parse("Sun, 09 Sep 2001 01:40:00 GMT", now: now) == 0)
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse("-5", now: now) == nil)
    }

    @Test func curlVersionIsReported() {
        #expect(CurlInfo.version.hasPrefix("libcurl/"))
    }
}

import Foundation
