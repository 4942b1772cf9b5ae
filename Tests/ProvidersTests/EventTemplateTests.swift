import LLMBenchCore
import Testing
@testable import Providers

/// The OpenAI chat fast path (`EventTemplate`) against the full JSON walk: every event sequence
/// must leave the accumulator exactly as decoding each event in full does.
@Suite struct EventTemplateTests {
    static let prefix = #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp","choices":[{"index":0,"delta":{"content":"#
    static let suffix = #"},"logprobs":null,"finish_reason":null}],"usage":null}"#
    static func token(_ json: String) -> String { prefix + json + suffix }

    enum Outcome { case ok(ResponseAccumulator), failed(String) }

    /// Decodes `events` through `decodeEvent` (fast path on) and through `decodeObject` alone (off).
    func both(_ events: [String]) -> (fast: Outcome, full: Outcome) {
        func run(_ fast: Bool) -> Outcome {
            var acc = ResponseAccumulator(streaming: true)
            do {
                for (i, e) in events.enumerated() {
                    acc.beginChunk(atNs: Int64(1000 * (i + 1)))
                    acc.beginEvent()
                    try Array(e.utf8).withUnsafeBytes { d in
                        if fast {
                            try OpenAIChatFormat.decodeEvent(name: UnsafeRawBufferPointer(start: nil, count: 0), data: d, into: &acc)
                        } else if JSONScanner.Key(raw: d).equals("[DONE]") {
                            acc.terminated = true
                        } else {
                            try OpenAIChatFormat.decodeObject(d, delta: true, into: &acc)
                        }
                    }
                }
            } catch { return .failed("\(error)") }
            return .ok(acc)
        }
        return (run(true), run(false))
    }

    func expectSame(_ events: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let (fast, full) = both(events)
        switch (fast, full) {
        case let (.ok(a), .ok(b)):
            #expect(a.output == b.output, sourceLocation: sourceLocation)
            #expect(a.reasoning == b.reasoning, sourceLocation: sourceLocation)
            #expect(a.tokenEventCount == b.tokenEventCount, sourceLocation: sourceLocation)
            #expect(a.reasoningEventCount == b.reasoningEventCount, sourceLocation: sourceLocation)
            #expect(a.chunkArrivalsNs == b.chunkArrivalsNs, sourceLocation: sourceLocation)
            #expect(a.firstTokenNs == b.firstTokenNs && a.lastTokenNs == b.lastTokenNs, sourceLocation: sourceLocation)
            #expect(a.finishReason == b.finishReason && a.responseId == b.responseId, sourceLocation: sourceLocation)
            #expect(a.servedModel == b.servedModel && a.systemFingerprint == b.systemFingerprint, sourceLocation: sourceLocation)
            #expect(a.rawInputTokens == b.rawInputTokens && a.rawOutputTokens == b.rawOutputTokens, sourceLocation: sourceLocation)
            #expect(a.rawUsageJSON == b.rawUsageJSON && a.usageInvalid == b.usageInvalid, sourceLocation: sourceLocation)
            #expect(a.streamError?.message == b.streamError?.message, sourceLocation: sourceLocation)
            #expect(a.terminated == b.terminated, sourceLocation: sourceLocation)
        case let (.failed(a), .failed(b)):
            #expect(a == b, sourceLocation: sourceLocation)
        default:
            Issue.record("fast \(fast) but full \(full)", sourceLocation: sourceLocation)
        }
    }

    @Test func plainTokensDecodeAsInFull() {
        expectSame([Self.token(#""""#), Self.token(#""Hel""#), Self.token(#""lo""#), Self.token(#"" wörld""#),
                    #"{"id":"chatcmpl-1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
                    #"{"id":"chatcmpl-1","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3}}"#, "[DONE]"])
    }

    @Test func escapesAndEmptyAndNullTexts() {
        expectSame([Self.token(#""a""#), Self.token(#""q\"b\\s\/ \n \u00e9 \ud83d\ude00""#), Self.token(#""""#),
                    Self.token("null"), Self.token(#""\\""#), Self.token(#""x\"""#), Self.token(#""\"""#)])
    }

    @Test func anotherShapeOrTrailingBytesFallBack() {
        expectSame([Self.token(#""a""#),
                    // A string running past the template's end, bytes after the object, another id, another key order.
                    Self.token(#""b"},"x":1,"y":"#) + "2", Self.token(#""c""#) + " ", Self.token(#""d""#) + "{}",
                    Self.token(#""e""#).replacingOccurrences(of: "chatcmpl-1", with: "chatcmpl-2"),
                    #"{"choices":[{"delta":{"content":"f"}}],"id":"z"}"#, Self.token(#""g""#),
                    // Two choices: two texts, never a template.
                    #"{"choices":[{"index":0,"delta":{"content":"h"}},{"index":1,"delta":{"content":"i"}}]}"#,
                    #"{"choices":[{"index":0,"delta":{"content":"j"}},{"index":1,"delta":{"content":"k"}}]}"#])
    }

    @Test func reasoningUsageAndErrorsAreNeverTemplates() {
        let reasoning = #"{"id":"r","choices":[{"index":0,"delta":{"reasoning_content":"think","content":"#
        let usage = #"{"id":"u","usage":{"prompt_tokens":1,"completion_tokens":1},"choices":[{"delta":{"content":"#
        let error = #"{"id":"e","error":{"message":"boom","type":"server_error"},"choices":[{"delta":{"content":"#
        expectSame([reasoning + #""a"}}]}"#, reasoning + #""b"}}]}"#, usage + #""c"}}]}"#, usage + #""d"}}]}"#,
                    error + #""e"}}]}"#, error + #""f"}}]}"#])
        expectSame([usage + #""c"}}]}"#, usage.replacingOccurrences(of: "\"completion_tokens\":1", with: "\"completion_tokens\":-1") + #""d"}}]}"#])
    }

    @Test func malformedTextsFailAsInFull() {
        expectSame([Self.token(#""a""#), Self.token(#""bad \x escape""#)])
        expectSame([Self.token(#""a""#), Self.token(#""unterminated"#)])
        expectSame([Self.token(#""a""#), Self.token(#""\u12""#)])
        expectSame([Self.token(#""a""#), Self.token("7")])
    }

    @Test func theFastPathIsTaken() throws {
        var acc = ResponseAccumulator(streaming: true)
        let first = Array(Self.token(#""a""#).utf8), second = Array(Self.token(#""bc""#).utf8)
        try first.withUnsafeBytes { try OpenAIChatFormat.decodeEvent(name: UnsafeRawBufferPointer(start: nil, count: 0), data: $0, into: &acc) }
        let span = second.withUnsafeBytes { acc.eventTemplate.textSpan(in: $0) }
        #expect(span == Self.prefix.utf8.count + 1 ..< Self.prefix.utf8.count + 3)
        let other = Array(Self.token(#""bc""#).replacingOccurrences(of: "\"m\"", with: "\"n\"").utf8)
        #expect(other.withUnsafeBytes { acc.eventTemplate.textSpan(in: $0) } == nil)
    }
}
