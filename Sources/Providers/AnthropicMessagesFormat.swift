import LLMBenchCore

/// Anthropic Messages (`POST {base}/messages`, base like `https://api.anthropic.com/v1`).
///
/// Contract (Anthropic API reference, "Messages" and "Streaming Messages"): headers `x-api-key`,
/// `anthropic-version: 2023-06-01`; `max_tokens` is required; `system` may be a list of text
/// blocks, one carrying `cache_control: {"type": "ephemeral"}` for prompt caching. A stream is
/// named SSE events: `message_start` (`message.usage.input_tokens`, `cache_read_input_tokens`,
/// `cache_creation_input_tokens`), `content_block_start`, `content_block_delta` (`text_delta`
/// carries `text`, `thinking_delta` carries `thinking`), `content_block_stop`, `message_delta`
/// (`delta.stop_reason`, cumulative `usage.output_tokens`), `message_stop`, `ping`, and `error`
/// (`error.type`, e.g. `overloaded_error`). `input_tokens` excludes cache reads and writes;
/// `output_tokens` includes thinking, which usage does not count apart (so reasoning is an estimate:
/// `ReasoningSplit`). A `redacted_thinking` block arrives whole in `content_block_start` with opaque
/// `data` and no text.
public enum AnthropicMessagesFormat: WireFormat {
    public static let apiVersion = "2023-06-01"

    public static func makeRequest(item: WorkItem, model: ModelSpec, apiKey: String?) -> HTTPRequest {
        var headers: [(name: String, value: String)] = [
            ("content-type", "application/json"), ("anthropic-version", apiVersion),
        ]
        var secrets: [String] = []
        if let key = apiKey { headers.append(("x-api-key", key)); secrets.append(key) }
        if model.stream { headers.append(("accept", "text/event-stream")) }
        var b = JSONBody()
        b.beginObject()
        b.field("model", model.modelId)
        b.field("max_tokens", effectiveMaxTokens(item, model))
        let placement = model.promptCaching ? (model.cachePlacement ?? .system) : nil
        if !item.system.isEmpty {
            b.key("system")
            if placement == .system {
                b.beginArray(); textBlock(&b, item.system, cacheTTL: model.cacheTTL ?? .fiveMinutes); b.endArray()
            } else {
                b.string(item.system)
            }
        }
        b.key("messages"); b.beginArray()
        // A conversation's earlier turns (the Messages API: alternating `user` and `assistant`
        // messages, the system prompt apart), then its current user message.
        for m in item.history where m.role != .system {
            b.beginObject(); b.field("role", m.role == .assistant ? "assistant" : "user"); b.field("content", m.content); b.endObject()
        }
        b.beginObject(); b.field("role", "user")
        if placement == .prefix {
            // The breakpoint after the shared prefix: everything before it is cached, the rest is not.
            b.key("content"); b.beginArray()
            if let split = item.userSplitAtSharedPrefix {
                textBlock(&b, split.prefix, cacheTTL: model.cacheTTL ?? .fiveMinutes)
                textBlock(&b, split.rest, cacheTTL: nil)
            } else {
                textBlock(&b, item.user, cacheTTL: model.cacheTTL ?? .fiveMinutes)
            }
            b.endArray()
        } else {
            b.field("content", item.user)
        }
        b.endObject()
        b.endArray()
        if let r = model.reasoningControls {
            b.key("thinking"); b.beginObject()
            b.field("type", "enabled"); b.field("budget_tokens", r.budgetTokens)
            b.endObject()
        }
        if let t = model.temperature { b.field("temperature", t) }
        b.field("stream", model.stream)
        b.endObject()
        return HTTPRequest(url: trimmedBase(model.baseURL) + "/messages", headers: headers, body: b.bytes, secrets: secrets)
    }

    /// `{"type": "text", "text": …}`, with `cache_control: {"type": "ephemeral"}` (plus `"ttl": "1h"`
    /// for the 1-hour cache; 5 minutes is the default and sends no `ttl`) when `cacheTTL` is set.
    static func textBlock(_ b: inout JSONBody, _ text: String, cacheTTL: CacheTTL?) {
        b.beginObject()
        b.field("type", "text"); b.field("text", text)
        if let ttl = cacheTTL {
            b.key("cache_control"); b.beginObject(); b.field("type", "ephemeral")
            if ttl == .oneHour { b.field("ttl", ttl.rawValue) }
            b.endObject()
        }
        b.endObject()
    }

    public static func decodeEvent(name: UnsafeRawBufferPointer, data: UnsafeRawBufferPointer,
                                   into acc: inout ResponseAccumulator) throws {
        var kind = Kind(name)
        if kind == .unknown, name.isEmpty { kind = Kind(typeIn: data) }
        switch kind {
        case .ping, .contentBlockStop, .unknown:
            return
        case .messageStop:
            acc.terminated = true
        case .messageStart:
            var s = JSONScanner(data)
            try s.forEachMember { s, key in
                if key.equals("message") { try readMessage(&s, into: &acc) }
            }
        case .contentBlockStart, .contentBlockDelta:
            var s = JSONScanner(data)
            try s.forEachMember { s, key in
                if key.equals("delta") || key.equals("content_block") { try readTextFields(&s, into: &acc) }
            }
        case .messageDelta:
            var s = JSONScanner(data)
            try s.forEachMember { s, key in
                if key.equals("delta") {
                    try s.forEachMember { s, key in
                        if key.equals("stop_reason") { if let r = try s.string() { acc.finishReason = r } }
                    }
                } else if key.equals("usage") {
                    try readUsage(&s, into: &acc)
                }
            }
        case .error:
            let e = ProviderErrorBody.parse(data)
            acc.fail(e.kind(fallback: .streamError), e.summary)
        }
    }

    public static func decodeBody(_ body: UnsafeRawBufferPointer, into acc: inout ResponseAccumulator) throws {
        var s = JSONScanner(body)
        try readMessage(&s, into: &acc)
        acc.terminated = true
    }

    public static func serverUsage(_ acc: ResponseAccumulator) -> Usage? {
        guard let input = acc.rawInputTokens, let output = acc.rawOutputTokens else { return nil }
        let read = acc.rawCachedTokens ?? 0
        let write = acc.rawCacheWriteTokens ?? 0
        // Anthropic counts thinking inside `output_tokens` and not apart: the answer is counted from
        // its text, and the rest of the output is reasoning, an estimate (see `ReasoningSplit`).
        let reasoning = ReasoningSplit.fromAnswerText(outputTokens: output, answer: acc.output,
                                                      reasoningSeen: acc.reasoningSeen || !acc.reasoning.isEmpty)
        // Each count is within 0…10⁹ here (`checkedUsage` looks first), so the sum cannot overflow.
        let (sum1, o1) = input.addingReportingOverflow(read)
        let (total, o2) = sum1.addingReportingOverflow(write)
        guard !o1, !o2 else { return nil }
        return Usage(inputTokens: total, outputTokens: output, cachedInputTokens: read,
                     cacheWriteTokens: write, reasoningTokens: reasoning.tokens, source: .server,
                     reasoningSource: reasoning.source, cacheWrite1hTokens: acc.rawCacheWrite1hTokens ?? 0)
    }

    /// A `message` object: `id`, `model`, `content` blocks, `stop_reason`, `usage`.
    static func readMessage(_ s: inout JSONScanner, into acc: inout ResponseAccumulator) throws {
        try s.forEachMember { s, key in
            if key.equals("id") { if acc.responseId == nil { acc.responseId = try s.string() } }
            else if key.equals("model") { if acc.servedModel == nil { acc.servedModel = try s.string() } }
            else if key.equals("usage") { try readUsage(&s, into: &acc) }
            else if key.equals("stop_reason") { if let r = try s.string() { acc.finishReason = r } }
            else if key.equals("content") {
                try s.forEachElement { s in try readTextFields(&s, into: &acc) }
            } else if key.equals("type") {
                if try s.string() == "error" { acc.fail(.streamError, "error object in message") }
            } else if key.equals("error") {
                var e = ProviderErrorBody()
                try e.readError(&s)
                acc.fail(e.kind(fallback: .streamError), e.summary)
            }
        }
    }

    /// A content block or delta: `text` is output, `thinking` is reasoning; a block of type
    /// `thinking` or `redacted_thinking` (whose `data` is opaque) marks reasoning even without text.
    static func readTextFields(_ s: inout JSONScanner, into acc: inout ResponseAccumulator) throws {
        try s.forEachMember { s, key in
            if key.equals("text") { acc.noteOutput(try s.appendString(to: &acc.output)) }
            else if key.equals("thinking") { acc.reasoningSeen = true; acc.noteReasoning(try s.appendString(to: &acc.reasoning)) }
            else if key.equals("type"), s.peekKind() == .string {
                let start = s.position
                try s.skipValue()
                let type = JSONScanner.Key(raw: UnsafeRawBufferPointer(rebasing: s.bytes[(start + 1)..<(s.position - 1)]))
                if type.equals("thinking") || type.equals("redacted_thinking") { acc.reasoningSeen = true }
            }
        }
    }

    static func readUsage(_ s: inout JSONScanner, into acc: inout ResponseAccumulator) throws {
        try acc.readUsageObject(&s) { s, acc in
            try s.forEachMember { s, key in
                if key.equals("input_tokens") { acc.take(try s.tokenCount(), \.rawInputTokens) }
                else if key.equals("output_tokens") { acc.take(try s.tokenCount(), \.rawOutputTokens) }
                else if key.equals("cache_read_input_tokens") { acc.take(try s.tokenCount(), \.rawCachedTokens) }
                else if key.equals("cache_creation_input_tokens") { acc.take(try s.tokenCount(), \.rawCacheWriteTokens) }
                else if key.equals("cache_creation"), s.peekKind() == .object {
                    try s.forEachMember { s, key in
                        if key.equals("ephemeral_1h_input_tokens") { acc.take(try s.tokenCount(), \.rawCacheWrite1hTokens) }
                    }
                }
            }
        }
    }

    enum Kind {
        case messageStart, contentBlockStart, contentBlockDelta, contentBlockStop, messageDelta, messageStop
        case ping, error, unknown

        init(_ raw: UnsafeRawBufferPointer) {
            let k = JSONScanner.Key(raw: raw)
            if k.equals("content_block_delta") { self = .contentBlockDelta }
            else if k.equals("message_start") { self = .messageStart }
            else if k.equals("content_block_start") { self = .contentBlockStart }
            else if k.equals("content_block_stop") { self = .contentBlockStop }
            else if k.equals("message_delta") { self = .messageDelta }
            else if k.equals("message_stop") { self = .messageStop }
            else if k.equals("ping") { self = .ping }
            else if k.equals("error") { self = .error }
            else { self = .unknown }
        }

        /// The kind named by the data's top-level `type`, for servers that omit `event:` lines.
        init(typeIn data: UnsafeRawBufferPointer) {
            var s = JSONScanner(data)
            var found = Kind.unknown
            try? s.forEachMember { s, key in
                if key.equals("type"), s.peekKind() == .string {
                    let start = s.position
                    _ = try s.skipValue()
                    let raw = UnsafeRawBufferPointer(rebasing: data[(start + 1)..<(s.position - 1)])
                    found = Kind(raw)
                }
            }
            self = found
        }
    }
}
