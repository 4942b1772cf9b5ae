import Foundation
import Testing
import LLMBenchCore
@testable import Providers

/// Limits, untrusted usage, redaction and error kinds, on recorded bytes (no I/O).
@Suite struct HostileResponseTests {
    // MARK: Redaction

    @Test func redactsWholeKeysSlicesAndShortKeys() {
        let key = "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
        let r = SecretRedactor(secrets: [key, "short1", "abc"])
        #expect(r.redact("key \(key) end") == "key [redacted] end")
        // A cut key (its first 12 characters, or a middle run) is a key too.
        #expect(r.redact("Incorrect key: \(key.prefix(12))…") == "Incorrect key: [redacted]…")
        #expect(r.redact("x" + String(key.dropFirst(5).prefix(20)) + "y") == "x[redacted]y")
        // 11 characters are not enough to be sure.
        #expect(r.redact(String(key.prefix(11))) == String(key.prefix(11)))
        // Short keys (4…11) only whole; under 4 never.
        #expect(r.redact("a short1 b abc") == "a [redacted] b abc")
        // Overlapping and adjacent matches merge.
        #expect(r.redact(key + key) == "[redacted]")
        #expect(r.redact("no secret here") == "no secret here")
        // Redaction comes before the cut: a key straddling the cut is gone, not half-kept.
        let text = String(repeating: "a", count: 20) + key
        #expect(r.redact(text, max: 30) == String(repeating: "a", count: 20) + "[redacted]")
    }

    @Test func everyStoredFieldIsRedacted() {
        let key = "sk-canary-0123456789abcdef"
        let stream = "data: {\"id\":\"id-\(key)\",\"model\":\"m-\(key)\",\"system_fingerprint\":\"fp-\(key)\",\"choices\":[{\"delta\":{\"content\":\"echo \(key)\"},\"finish_reason\":\"x-\(key)\"}]}\n\n"
            + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":-1,\"completion_tokens\":1,\"note\":\"\(key)\"}}\n\ndata: [DONE]\n\n"
        let r = Fixtures.replay(OpenAIChatFormat.self, headers: ["x-ratelimit-remaining-requests: \(key)", "retry-after: \(key.prefix(13))"],
                                chunks: [stream], secrets: [key])
        let fields = [r.responseText, r.providerRequestId, r.servedModel, r.systemFingerprint, r.finishReason,
                      r.invalidUsageJSON] + r.rateLimitHeaders.values.map(Optional.some)
        for f in fields { #expect(f?.contains("[redacted]") == true && f?.contains(key.prefix(12)) == false, "\(f ?? "nil")") }
        #expect(r.status == .ok)
    }

    // MARK: Untrusted usage

    @Test(arguments: ["-3", "2.5", "1000000000000000", "\"7\"", "{}", "1e400", "99999999999999999999"])
    func untrustedCountsKeepTheAnswerOK(_ count: String) {
        let stream = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: {\"choices\":[],\"usage\":{\"prompt_tokens\":\(count),\"completion_tokens\":1}}\n\ndata: [DONE]\n\n"
        let r = Fixtures.replay(OpenAIChatFormat.self, chunks: [stream])
        #expect(r.status == .ok && r.errorKind == nil)
        #expect(r.usage == nil)
        #expect(r.invalidUsageJSON == "{\"prompt_tokens\":\(count),\"completion_tokens\":1}")
        #expect(r.responseText == "Hi")
    }

    @Test func inconsistentCountsAreUntrusted() {
        // OpenAI: cached more than the prompt; reasoning more than the completion.
        for usage in ["{\"prompt_tokens\":5,\"completion_tokens\":1,\"prompt_tokens_details\":{\"cached_tokens\":9}}",
                      "{\"prompt_tokens\":5,\"completion_tokens\":1,\"completion_tokens_details\":{\"reasoning_tokens\":2}}"] {
            let r = Fixtures.replay(OpenAIChatFormat.self, stream: false,
                                    chunks: ["{\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}],\"usage\":\(usage)}"])
            #expect(r.status == .ok && r.usage == nil && r.invalidUsageJSON == usage)
        }
        // Gemini: cached more than the prompt.
        let g = Fixtures.replay(GeminiFormat.self, chunks: ["data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":2,\"candidatesTokenCount\":1,\"cachedContentTokenCount\":3}}\n\n"])
        #expect(g.status == .ok && g.usage == nil && g.invalidUsageJSON != nil)
        // Anthropic: huge counts that would overflow the input sum.
        let big = String(Int.max)
        let a = Fixtures.replay(AnthropicMessagesFormat.self, stream: false,
                                chunks: ["{\"content\":[{\"type\":\"text\",\"text\":\"x\"}],\"usage\":{\"input_tokens\":\(big),\"cache_read_input_tokens\":\(big),\"output_tokens\":1}}"])
        #expect(a.status == .ok && a.usage == nil && a.invalidUsageJSON != nil)
    }

    @Test func integralNumbersWrittenAsFloatsAreCounts() {
        let r = Fixtures.replay(OpenAIChatFormat.self, stream: false,
                                chunks: ["{\"choices\":[{\"message\":{\"content\":\"x\"}}],\"usage\":{\"prompt_tokens\":12.0,\"completion_tokens\":1e1}}"])
        #expect(r.usage == Usage(inputTokens: 12, outputTokens: 10, source: .server))
        #expect(r.invalidUsageJSON == nil)
    }

    // MARK: Sizes

    @Test func theSSEParserStopsAtItsEventLimit() {
        var p = SSEParser(maxEventBytes: 100)
        let small = Array("data: \(String(repeating: "a", count: 50))\n\n".utf8).withUnsafeBytes { p.feed($0) }
        #expect(small.count == 1 && !p.overflowed)
        var q = SSEParser(maxEventBytes: 100)
        let bytes = Array(("data: " + String(repeating: "a", count: 60) + "\ndata: " + String(repeating: "b", count: 60) + "\n\n").utf8)
        let events = bytes.withUnsafeBytes { q.feed($0) }
        #expect(events.isEmpty && q.overflowed)
        // One line longer than the limit, fed a byte at a time, is refused too.
        var r = SSEParser(maxEventBytes: 100)
        for _ in 0..<200 { _ = [UInt8(ascii: "x")].withUnsafeBytes { r.feed($0) } }
        #expect(r.overflowed)
    }

    @Test func longAnswersAreCutWithTheirFullLengthKept() {
        let piece = String(repeating: "é", count: 1000)  // 2,000 bytes each
        var chunks: [String] = []
        for _ in 0..<600 { chunks.append("data: {\"choices\":[{\"delta\":{\"content\":\"\(piece)\"}}]}\n\n") }
        chunks.append("data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
        let r = Fixtures.replay(OpenAIChatFormat.self, chunks: chunks)
        #expect(r.status == .ok)
        #expect(r.responseBytes == 1_200_000)
        #expect(r.responseText.utf8.count <= ResponseLimits.maxStoredTextBytes)
        #expect(r.responseText.utf8.count >= ResponseLimits.maxStoredTextBytes - 1)
        #expect(r.responseText.allSatisfy { $0 == "é" })
        // The estimate counts the whole answer, not the stored part.
        #expect(r.usage?.source == .estimated && (r.usage?.outputTokens ?? 0) > 0)
        // A short answer: no length kept.
        #expect(Fixtures.replay(OpenAIChatFormat.self, chunks: Fixtures.openAIChunks).responseBytes == nil)
    }

    @Test func aHugeEventIsResponseTooLarge() {
        let big = "data: {\"choices\":[{\"delta\":{\"content\":\"" + String(repeating: "a", count: ResponseLimits.maxEventBytes) + "\"}}]}\n\n"
        let r = Fixtures.replay(OpenAIChatFormat.self, chunks: [big, "data: [DONE]\n\n"])
        #expect(r.errorKind == .responseTooLarge)
        let body = Fixtures.replay(OpenAIChatFormat.self, stream: false, chunks: [String(repeating: " ", count: ResponseLimits.maxBodyBytes), "{}"])
        #expect(body.errorKind == .responseTooLarge)
    }

    // MARK: Error kinds

    @Test func redirectsEncodingsAndHeaderSizesHaveTheirKinds() {
        for status in [301, 302, 303, 307, 308] {
            let r = Fixtures.replay(OpenAIChatFormat.self, status: status, headers: ["Location: https://elsewhere.example/x"], chunks: [])
            #expect(r.errorKind == .redirect && r.httpStatus == status)
            #expect(r.errorMessage?.contains("not followed") == true)
        }
        let gz = Fixtures.replay(OpenAIChatFormat.self, headers: ["Content-Encoding: gzip"], chunks: ["\u{1F}\u{8B}junk"])
        #expect(gz.errorKind == .badEncoding)
        let gzError = Fixtures.replay(OpenAIChatFormat.self, status: 503, headers: ["Content-Encoding: gzip"], chunks: ["\u{1F}\u{8B}junk"])
        #expect(gzError.errorKind == .overloaded && gzError.errorMessage == "HTTP 503: (a gzip-encoded body, not read)")
        let identity = Fixtures.replay(OpenAIChatFormat.self, headers: ["Content-Encoding: identity"], chunks: Fixtures.openAIChunks)
        #expect(identity.status == .ok)
        let many = (0..<40).map { "x-junk-\($0): " + String(repeating: "z", count: 4000) }
        let h = Fixtures.replay(AnthropicMessagesFormat.self, headers: many, chunks: Fixtures.anthropicChunks)
        #expect(h.errorKind == .headersTooLarge)
        let garbage = Fixtures.replay(OpenAIChatFormat.self, chunks: [String(repeating: "\u{7F}", count: 500)])
        #expect(garbage.errorKind == .protocol)
        #expect(ErrorKind.forHTTPStatus(304) == .redirect && ErrorKind.forHTTPStatus(204) == nil)
    }

    @Test func prettyPrintedGoogleErrorsAreRead() {
        let body = "{\n  \"error\": {\n    \"code\": 500,\n    \"message\": \"An internal error has occurred.\",\n    \"status\": \"INTERNAL\",\n    \"details\": [\n      {\n        \"@type\": \"type.googleapis.com/google.rpc.ErrorInfo\",\n        \"reason\": \"x\"\n      }\n    ]\n  }\n}\n"
        let http = Fixtures.replay(GeminiFormat.self, status: 500, chunks: [body])
        #expect(http.errorKind == .http5xx && http.errorMessage == "HTTP 500: INTERNAL: An internal error has occurred.")
        let sse = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}\n\n"
            + body.split(separator: "\n").map { "data: \($0)\n" }.joined() + "\n"
        let mid = Fixtures.replay(GeminiFormat.self, chunks: [sse])
        #expect(mid.errorKind == .streamError && mid.errorMessage == "INTERNAL: An internal error has occurred.")
    }

    @Test func errorBodiesArePartlyReadAndStillClassified() {
        let huge = "{\"error\":{\"message\":\"" + String(repeating: "m", count: 200_000) + "\",\"type\":\"server_error\"}}"
        let r = Fixtures.replay(OpenAIChatFormat.self, status: 500, chunks: [huge])
        #expect(r.errorKind == .http5xx)
        #expect((r.errorMessage?.utf8.count ?? 0) <= ResponseLimits.maxErrorMessageBytes)
    }
}
