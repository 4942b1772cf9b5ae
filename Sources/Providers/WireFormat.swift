import Foundation
import LLMBenchCore

/// One HTTP request a wire format builds: everything the transport sends.
/// `headers` may hold a key: never log, store or print this value.
public struct HTTPRequest: Sendable {
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Values that must never appear in any record field (keys); error messages are scrubbed of them.
    public var secrets: [String]

    public init(url: String, headers: [(name: String, value: String)], body: [UInt8], secrets: [String] = []) {
        self.url = url; self.headers = headers; self.body = body; self.secrets = secrets
    }

    /// The value of the first header called `name` (ASCII case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A provider's wire format: how a request is written and how its response is read.
/// Each conforming type is one provider's published API contract; decoding fills a
/// `ResponseAccumulator` and never allocates per chunk beyond the text it appends.
public protocol WireFormat {
    /// Builds the request for `item`; `apiKey` is nil when the model names no key variable.
    static func makeRequest(item: WorkItem, model: ModelSpec, apiKey: String?) -> HTTPRequest
    /// Decodes one server-sent event of a streamed response (`name` empty means `message`).
    static func decodeEvent(name: UnsafeRawBufferPointer, data: UnsafeRawBufferPointer,
                            into acc: inout ResponseAccumulator) throws
    /// Decodes a whole non-streamed response body.
    static func decodeBody(_ body: UnsafeRawBufferPointer, into acc: inout ResponseAccumulator) throws
    /// The provider's raw counts in `acc`, normalised to `Usage`'s meaning; nil when incomplete.
    static func serverUsage(_ acc: ResponseAccumulator) -> Usage?
}

extension ProviderKind {
    /// The wire format this kind of model is spoken to in.
    public var wireFormat: any WireFormat.Type {
        switch self {
        case .openai, .simulated: return OpenAIChatFormat.self
        case .openaiResponses: return OpenAIResponsesFormat.self
        case .anthropic: return AnthropicMessagesFormat.self
        case .gemini: return GeminiFormat.self
        }
    }
}

/// The output-token limit sent: the answer cap (the task's maximum, lowered by the model's) plus the
/// reasoning budget of a reasoning model (`ModelSpec.outputLimit`, "room to think").
func effectiveMaxTokens(_ item: WorkItem, _ model: ModelSpec) -> Int {
    model.outputLimit(taskMax: item.maxOutputTokens)
}

/// `baseURL` without trailing slashes, so paths join with exactly one.
func trimmedBase(_ baseURL: String) -> String {
    var s = Substring(baseURL)
    while s.hasSuffix("/") { s = s.dropLast() }
    return String(s)
}

/// Everything decoding learns about one response, filled as bytes arrive. Timestamps are
/// nanoseconds relative to the run's start; token timings are only kept for streamed responses
/// (a non-streamed request has no TTFT).
public struct ResponseAccumulator: Sendable {
    public var streaming: Bool
    /// Arrival time of the body chunk being decoded.
    public var chunkNs: Int64 = 0
    private var chunkHadToken = false
    private var eventHadToken = false
    private var eventHadReasoning = false
    /// Server-sent events that carried output text of any kind (reasoning included), and those that
    /// carried reasoning text: a server that streams one token per event sent this many tokens
    /// (`count_tokens: chunks`). Body chunks (`chunkArrivalsNs`) can hold several events.
    public private(set) var tokenEventCount = 0
    public private(set) var reasoningEventCount = 0

    public private(set) var firstTokenNs: Int64?
    public private(set) var firstOutputNs: Int64?
    public private(set) var lastTokenNs: Int64?
    public private(set) var chunkArrivalsNs: [Int64] = []

    /// Non-reasoning output text, UTF-8.
    public var output: [UInt8] = []
    /// Reasoning ("thinking") text, UTF-8, where the provider sends it.
    public var reasoning: [UInt8] = []
    /// A reasoning block arrived, with or without text (Anthropic `thinking`, `redacted_thinking`).
    public var reasoningSeen = false

    /// Provider-reported counts in the provider's own meaning; `WireFormat.serverUsage` normalises.
    public var rawInputTokens: Int?
    public var rawOutputTokens: Int?
    public var rawCachedTokens: Int?
    public var rawCacheWriteTokens: Int?
    /// Anthropic `usage.cache_creation.ephemeral_1h_input_tokens`.
    public var rawCacheWrite1hTokens: Int?
    public var rawReasoningTokens: Int?
    /// A count was negative, fractional, not a number or past `ResponseLimits.maxTokensPerRequest`.
    public var usageInvalid = false
    /// The raw usage object (see `readUsageObject`), for `raw_usage` when usage is untrusted.
    public var rawUsageJSON: [UInt8] = []

    /// Text bytes dropped past the kept prefix (`bound(keep:)`), so full lengths stay known.
    public private(set) var outputDropped = 0
    public private(set) var reasoningDropped = 0
    /// The answer's full length in UTF-8 bytes, kept or not.
    public var outputByteCount: Int { output.count + outputDropped }
    public var reasoningByteCount: Int { reasoning.count + reasoningDropped }

    public var finishReason: String?
    /// The response's own id (`chatcmpl-…`, `msg_…`, Gemini `responseId`).
    public var responseId: String?
    public var servedModel: String?
    public var systemFingerprint: String?
    /// The stream's terminator arrived (`[DONE]`, `message_stop`, a Gemini `finishReason`).
    public var terminated = false
    /// A failure the server reported inside the body (an `error` event or object).
    public var streamError: (kind: ErrorKind, message: String)?
    /// The last plain text event, for the next ones' fast path (`EventTemplate`).
    public var eventTemplate = EventTemplate()

    public init(streaming: Bool) {
        self.streaming = streaming
        if streaming { chunkArrivalsNs.reserveCapacity(64) }
        output.reserveCapacity(streaming ? 1024 : 0)
    }

    /// Starts a new body chunk that arrived at `ns`.
    @inline(__always)
    public mutating func beginChunk(atNs ns: Int64) {
        chunkNs = ns
        chunkHadToken = false
    }

    /// Starts a new server-sent event (inside the current body chunk).
    @inline(__always)
    public mutating func beginEvent() {
        eventHadToken = false
        eventHadReasoning = false
    }

    /// Notes that `byteCount` bytes of output text were just appended to `output`.
    @inline(__always)
    public mutating func noteOutput(_ byteCount: Int) {
        guard byteCount > 0, streaming else { return }
        if firstOutputNs == nil { firstOutputNs = chunkNs }
        noteToken()
    }

    /// Notes that `byteCount` bytes of reasoning text were just appended to `reasoning`.
    @inline(__always)
    public mutating func noteReasoning(_ byteCount: Int) {
        guard byteCount > 0, streaming else { return }
        if !eventHadReasoning { eventHadReasoning = true; reasoningEventCount += 1 }
        noteToken()
    }

    @inline(__always)
    private mutating func noteToken() {
        if firstTokenNs == nil { firstTokenNs = chunkNs }
        lastTokenNs = chunkNs
        if !eventHadToken { eventHadToken = true; tokenEventCount += 1 }
        if !chunkHadToken {
            chunkHadToken = true
            chunkArrivalsNs.append(chunkNs)
        }
    }

    /// Keeps at most `keep` bytes of answer and of reasoning text, counting what is dropped, so a
    /// long answer costs bounded memory.
    public mutating func bound(keep: Int) {
        if output.count > keep { outputDropped += output.count - keep; output.removeLast(output.count - keep) }
        if reasoning.count > keep { reasoningDropped += reasoning.count - keep; reasoning.removeLast(reasoning.count - keep) }
    }

    /// Records a failure sent inside the body; the first one wins.
    public mutating func fail(_ kind: ErrorKind, _ message: String) {
        if streamError == nil { streamError = (kind, message) }
    }
}

/// A provider's JSON error object, read leniently: OpenAI's `{"error": {"message", "type", "param",
/// "code"}}`, Anthropic's `{"type": "error", "error": {"type", "message"}, "request_id"}`, Google's
/// `google.rpc.Status` `{"error": {"code": 500, "message", "status": "INTERNAL", "details": [...]}}`
/// (pretty-printed as Google sends it), or a one-element array of any of them.
struct ProviderErrorBody {
    var type: String?
    var message: String?
    /// The body's first bytes as text, for a body that is not a JSON error (a proxy's HTML page).
    var snippet: String?

    /// Reads an error body; fields it cannot find stay nil (never throws).
    static func parse(_ bytes: UnsafeRawBufferPointer) -> ProviderErrorBody {
        var result = ProviderErrorBody()
        var s = JSONScanner(bytes)
        do {
            if s.peekKind() == .array {
                var done = false
                try s.forEachElement { e in
                    if !done { done = true; try result.readTop(&e) } else { try e.skipValue() }
                }
            } else if s.peekKind() == .object {
                try result.readTop(&s)
            }
        } catch {}
        if result.type == nil && result.message == nil && !bytes.isEmpty {
            // Cut after redaction (in the recorder), so keep more than is shown.
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes.prefix(200 + ResponseLimits.redactionSlack)), as: UTF8.self)
            let flat = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }).trimmingCharacters(in: .whitespaces)
            if !flat.isEmpty { result.snippet = flat }
        }
        return result
    }

    mutating func readTop(_ s: inout JSONScanner) throws {
        try s.forEachMember { s, key in
            if key.equals("error") {
                if s.peekKind() == .object { try readError(&s) } else if s.peekKind() == .string { message = try s.string() }
            } else if key.equals("message"), message == nil, s.peekKind() == .string {
                message = try s.string()
            }
        }
    }

    mutating func readError(_ s: inout JSONScanner) throws {
        try s.forEachMember { s, key in
            if key.equals("message"), s.peekKind() == .string { message = try s.string() }
            else if key.equals("type"), s.peekKind() == .string { type = try s.string() }
            else if key.equals("status"), type == nil, s.peekKind() == .string { type = try s.string() }
            else if key.equals("code"), type == nil, s.peekKind() == .string { type = try s.string() }
        }
    }

    /// `overloaded` for Anthropic's `overloaded_error` and Gemini's `UNAVAILABLE` (its 503 status,
    /// documented as "temporarily overloaded or down"), else `fallback`.
    func kind(fallback: ErrorKind) -> ErrorKind {
        type == "overloaded_error" || type == "UNAVAILABLE" ? .overloaded : fallback
    }

    /// A human summary: `type: message` (not cut: the recorder redacts it, then cuts it).
    var summary: String {
        let text: String
        switch (type, message) {
        case let (t?, m?): text = "\(t): \(m)"
        case let (nil, m?): text = m
        case let (t?, nil): text = t
        default: text = snippet.map { "body: \($0)" } ?? "no error message"
        }
        return text
    }
}
