import LLMBenchCore

/// The OpenAI Responses API (`POST {base}/responses`, base like `https://api.openai.com/v1`).
///
/// Contract (OpenAI API reference, "Create a model response" and "Streaming events"; the field
/// names are those of openai-python's `types/responses`): `Authorization: Bearer <key>`; the body
/// has `model`, `input` (the user text), `instructions` (the system prompt), `max_output_tokens`
/// (at least 16: the API rejects less with `integer_below_min_value`), `reasoning: {effort,
/// summary}` and `stream`. A stream is named SSE events, each `data:` an object whose `type` is the
/// event's name and which carries a `sequence_number`: `response.created` and
/// `response.in_progress` (the `response` object, no usage yet), `response.output_item.added`
/// (a `reasoning` or `message` item), `response.reasoning_summary_text.delta` (reasoning summary
/// text, sent only when `reasoning.summary` is set), `response.output_text.delta` (`delta`: answer
/// text), then one terminal event in place of `[DONE]`: `response.completed`, `response.incomplete`
/// (`incomplete_details.reason`, `max_output_tokens` or `content_filter`) or `response.failed`
/// (`response.error: {code, message}`). An `error` event carries `code`, `message`, `param` at its
/// top level as documented, or (as the API sends it in practice) nested in an `error` object.
/// `usage.input_tokens` includes `input_tokens_details.cached_tokens` (and `cache_write_tokens`,
/// which newer SDKs declare; priced as cache writes); `output_tokens` includes
/// `output_tokens_details.reasoning_tokens`. A non-streamed answer is the `response` object itself,
/// its text in `output[].content[]` (`output_text`) and its summary in `output[].summary[]`.
public enum OpenAIResponsesFormat: WireFormat {
    /// The smallest `max_output_tokens` the API accepts.
    public static let minimumOutputTokens = 16

    public static func makeRequest(item: WorkItem, model: ModelSpec, apiKey: String?) -> HTTPRequest {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        var secrets: [String] = []
        if let key = apiKey { headers.append(("Authorization", "Bearer \(key)")); secrets.append(key) }
        if model.stream { headers.append(("Accept", "text/event-stream")) }
        var b = JSONBody()
        b.beginObject()
        b.field("model", model.modelId)
        if item.history.isEmpty {
            b.field("input", item.user)
        } else {
            // A conversation: `input` is a list of input messages (role `user` or `assistant`, content
            // text), the earlier turns then the current user message; the system prompt stays in `instructions`.
            b.key("input"); b.beginArray()
            for m in item.history where m.role != .system {
                b.beginObject(); b.field("role", m.role.rawValue); b.field("content", m.content); b.endObject()
            }
            b.beginObject(); b.field("role", "user"); b.field("content", item.user); b.endObject()
            b.endArray()
        }
        if !item.system.isEmpty { b.field("instructions", item.system) }
        b.field("max_output_tokens", max(minimumOutputTokens, effectiveMaxTokens(item, model)))
        if let t = model.temperature { b.field("temperature", t) }
        let effort = model.reasoningControls?.effort
        if effort != nil || model.reasoningSummary != nil {
            b.key("reasoning"); b.beginObject()
            if let e = effort { b.field("effort", e.rawValue) }
            if let s = model.reasoningSummary { b.field("summary", s.rawValue) }
            b.endObject()
        }
        // llmbench never reads a response back, so it asks the API not to keep one.
        b.field("store", false)
        b.field("stream", model.stream)
        b.endObject()
        return HTTPRequest(url: trimmedBase(model.baseURL) + "/responses", headers: headers,
                           body: b.bytes, secrets: secrets)
    }

    public static func decodeEvent(name: UnsafeRawBufferPointer, data: UnsafeRawBufferPointer,
                                   into acc: inout ResponseAccumulator) throws {
        var kind = Event(JSONScanner.Key(raw: name))
        if kind == .unknown, name.isEmpty { kind = Event(typeIn: data) }
        var s = JSONScanner(data)
        switch kind {
        case .unknown:
            return
        case .outputTextDelta, .refusalDelta:
            try s.forEachMember { s, key in
                if key.equals("delta") { acc.noteOutput(try s.appendString(to: &acc.output)) }
            }
        case .reasoningDelta:
            acc.reasoningSeen = true
            try s.forEachMember { s, key in
                if key.equals("delta") { acc.noteReasoning(try s.appendString(to: &acc.reasoning)) }
            }
        case .outputItemAdded:
            try s.forEachMember { s, key in
                if key.equals("item") {
                    try s.forEachMember { s, key in
                        if key.equals("type"), try s.string() == "reasoning" { acc.reasoningSeen = true }
                    }
                }
            }
        case .lifecycle, .completed, .incomplete, .failed:
            try s.forEachMember { s, key in
                if key.equals("response") { try readResponse(&s, withOutput: false, into: &acc) }
            }
            if kind != .lifecycle { acc.terminated = true }
        case .error:
            var e = StreamFailure()
            try e.readEvent(&s)
            acc.fail(e.kind, e.summary)
        }
    }

    public static func decodeBody(_ body: UnsafeRawBufferPointer, into acc: inout ResponseAccumulator) throws {
        var s = JSONScanner(body)
        try readResponse(&s, withOutput: true, into: &acc)
        acc.terminated = true
    }

    public static func serverUsage(_ acc: ResponseAccumulator) -> Usage? {
        guard let input = acc.rawInputTokens, let output = acc.rawOutputTokens else { return nil }
        if let reasoning = acc.rawReasoningTokens {
            return Usage(inputTokens: input, outputTokens: output, cachedInputTokens: acc.rawCachedTokens ?? 0,
                         reasoningTokens: reasoning, source: .server)
        }
        // A compatible server that does not count reasoning apart (see `ReasoningSplit`).
        let split = ReasoningSplit.fromAnswerText(outputTokens: output, answer: acc.output,
                                                  reasoningSeen: acc.reasoningSeen || !acc.reasoning.isEmpty)
        return Usage(inputTokens: input, outputTokens: output, cachedInputTokens: acc.rawCachedTokens ?? 0,
                     reasoningTokens: split.tokens, source: .server, reasoningSource: split.source)
    }

    /// A `response` object: `id`, `model`, `status`, `incomplete_details`, `error`, `usage`, and
    /// (`withOutput`, a non-streamed body only: a stream already sent the text as deltas) `output`.
    static func readResponse(_ s: inout JSONScanner, withOutput: Bool, into acc: inout ResponseAccumulator) throws {
        var status: String?
        var incompleteReason: String?
        try s.forEachMember { s, key in
            if key.equals("id") { if acc.responseId == nil { acc.responseId = try s.string() } }
            else if key.equals("model") { if acc.servedModel == nil { acc.servedModel = try s.string() } }
            else if key.equals("status") { status = try s.string() }
            else if key.equals("incomplete_details") {
                try s.forEachMember { s, key in
                    if key.equals("reason") { incompleteReason = try s.string() }
                }
            } else if key.equals("error") {
                guard s.peekKind() == .object else { try s.skipValue(); return }
                var e = StreamFailure()
                try e.readError(&s)
                acc.fail(e.kind, e.summary)
            } else if key.equals("usage") {
                try readUsage(&s, into: &acc)
            } else if key.equals("output"), withOutput {
                try s.forEachElement { s in try readOutputItem(&s, into: &acc) }
            }
        }
        switch status {
        case "completed": acc.finishReason = "stop"
        case "incomplete": acc.finishReason = incompleteReason.map { $0 == "max_output_tokens" ? "length" : $0 } ?? "incomplete"
        case "failed": acc.fail(.streamError, "the response failed with no error object")
        case "cancelled": acc.fail(.streamError, "the response was cancelled by the server")
        default: break
        }
    }

    /// One `output` item of a whole response: a `message` (its `output_text` and `refusal` parts are
    /// the answer) or a `reasoning` item (its `summary` texts are reasoning).
    static func readOutputItem(_ s: inout JSONScanner, into acc: inout ResponseAccumulator) throws {
        try s.forEachMember { s, key in
            if key.equals("content") {
                try s.forEachElement { s in
                    try s.forEachMember { s, key in
                        if key.equals("text") || key.equals("refusal") { try s.appendString(to: &acc.output) }
                    }
                }
            } else if key.equals("summary") {
                acc.reasoningSeen = true
                try s.forEachElement { s in
                    try s.forEachMember { s, key in
                        if key.equals("text") { try s.appendString(to: &acc.reasoning) }
                    }
                }
            } else if key.equals("type"), try s.string() == "reasoning" {
                acc.reasoningSeen = true
            }
        }
    }

    static func readUsage(_ s: inout JSONScanner, into acc: inout ResponseAccumulator) throws {
        try acc.readUsageObject(&s) { s, acc in
            try s.forEachMember { s, key in
                if key.equals("input_tokens") { acc.take(try s.tokenCount(), \.rawInputTokens) }
                else if key.equals("output_tokens") { acc.take(try s.tokenCount(), \.rawOutputTokens) }
                else if key.equals("input_tokens_details") {
                    try s.forEachMember { s, key in
                        if key.equals("cached_tokens") { acc.take(try s.tokenCount(), \.rawCachedTokens) }
                        else if key.equals("cache_write_tokens") { acc.take(try s.tokenCount(), \.rawCacheWriteTokens) }
                    }
                } else if key.equals("output_tokens_details") {
                    try s.forEachMember { s, key in
                        if key.equals("reasoning_tokens") { acc.take(try s.tokenCount(), \.rawReasoningTokens) }
                    }
                }
            }
        }
    }

    /// The events llmbench reads; every other event (item and part boundaries, `*.done` texts that
    /// repeat the deltas, tool calls) carries nothing it measures.
    enum Event {
        case lifecycle, outputItemAdded, outputTextDelta, refusalDelta, reasoningDelta
        case completed, incomplete, failed, error, unknown

        init(_ k: JSONScanner.Key) {
            if k.equals("response.output_text.delta") { self = .outputTextDelta }
            else if k.equals("response.reasoning_summary_text.delta") || k.equals("response.reasoning_text.delta") { self = .reasoningDelta }
            else if k.equals("response.refusal.delta") { self = .refusalDelta }
            else if k.equals("response.output_item.added") { self = .outputItemAdded }
            else if k.equals("response.created") || k.equals("response.in_progress") || k.equals("response.queued") { self = .lifecycle }
            else if k.equals("response.completed") { self = .completed }
            else if k.equals("response.incomplete") { self = .incomplete }
            else if k.equals("response.failed") { self = .failed }
            else if k.equals("error") { self = .error }
            else { self = .unknown }
        }

        /// The event named by the data's top-level `type`, for a server that sends no `event:` lines.
        init(typeIn data: UnsafeRawBufferPointer) {
            var s = JSONScanner(data)
            var found = Event.unknown
            try? s.forEachMember { s, key in
                if key.equals("type"), s.peekKind() == .string {
                    let start = s.position
                    try s.skipValue()
                    found = Event(JSONScanner.Key(raw: UnsafeRawBufferPointer(rebasing: data[(start + 1)..<(s.position - 1)])))
                }
            }
            self = found
        }
    }

    /// A failure the stream reports: a `response.failed` event's `response.error` (`code`, `message`)
    /// or an `error` event (`code`, `message` at its top level, or an `error` object with `type`,
    /// `code`, `message`).
    struct StreamFailure {
        var code: String?
        var type: String?
        var message: String?

        /// `http_429` for a rate limit met after the stream began (`rate_limit_exceeded`, or the
        /// `requests`/`tokens` types of a rate-limit error), `stream_error` otherwise.
        var kind: ErrorKind {
            code == "rate_limit_exceeded" || type == "requests" || type == "tokens" ? .http429 : .streamError
        }

        var summary: String {
            let label = code ?? type
            switch (label, message) {
            case let (l?, m?): return "\(l): \(m)"
            case let (nil, m?): return m
            case let (l?, nil): return l
            default: return "the stream reported an error with no message"
            }
        }

        mutating func readEvent(_ s: inout JSONScanner) throws {
            try s.forEachMember { s, key in
                if key.equals("error"), s.peekKind() == .object { try readError(&s) }
                else if key.equals("code"), code == nil { code = try Self.text(&s) }
                else if key.equals("message"), message == nil { message = try Self.text(&s) }
            }
        }

        mutating func readError(_ s: inout JSONScanner) throws {
            try s.forEachMember { s, key in
                if key.equals("code") { code = try Self.text(&s) }
                else if key.equals("type") { type = try Self.text(&s) }
                else if key.equals("message") { message = try Self.text(&s) }
            }
        }

        /// A string member, or nil for any other value (a numeric `code` from a proxy).
        static func text(_ s: inout JSONScanner) throws -> String? {
            guard s.peekKind() == .string else { try s.skipValue(); return nil }
            return try s.string()
        }
    }
}
