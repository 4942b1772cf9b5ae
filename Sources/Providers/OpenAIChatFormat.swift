import LLMBenchCore

/// OpenAI chat completions (`POST {base}/chat/completions`), also spoken by compatible servers
/// (vLLM, routers) and the built-in simulator.
///
/// Contract (OpenAI API reference, "Create chat completion" and "The chat completion chunk
/// object"): `Authorization: Bearer <key>`; a streamed response is SSE `data:` events each holding
/// a `chat.completion.chunk` (`choices[].delta.content`, `finish_reason`), then, when
/// `stream_options.include_usage` is true, one chunk with empty `choices` and the `usage` object,
/// then `data: [DONE]`. `usage.prompt_tokens` includes `prompt_tokens_details.cached_tokens`;
/// `completion_tokens` includes `completion_tokens_details.reasoning_tokens`. Compatible servers
/// may stream reasoning as `delta.reasoning_content` (or `delta.reasoning`).
public enum OpenAIChatFormat: WireFormat {
    /// The bearer token sent to the simulator when its model names no key variable.
    public static let simulatorPlaceholderKey = "sim-no-key"

    public static func makeRequest(item: WorkItem, model: ModelSpec, apiKey: String?) -> HTTPRequest {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        var secrets: [String] = []
        if let key = apiKey {
            headers.append(("Authorization", "Bearer \(key)")); secrets.append(key)
        } else if model.kind == .simulated {
            headers.append(("Authorization", "Bearer \(simulatorPlaceholderKey)"))
        }
        if model.stream { headers.append(("Accept", "text/event-stream")) }
        var b = JSONBody()
        b.beginObject()
        b.field("model", model.modelId)
        b.key("messages"); b.beginArray()
        if !item.system.isEmpty {
            b.beginObject(); b.field("role", "system"); b.field("content", item.system); b.endObject()
        }
        // A conversation's earlier turns, then its current user message (API reference: `messages`
        // lists the conversation so far; assistant messages carry role `assistant`).
        for m in item.history {
            b.beginObject(); b.field("role", m.role.rawValue); b.field("content", m.content); b.endObject()
        }
        b.beginObject(); b.field("role", "user"); b.field("content", item.user); b.endObject()
        b.endArray()
        b.field(model.useMaxCompletionTokens ? "max_completion_tokens" : "max_tokens", effectiveMaxTokens(item, model))
        if let effort = model.reasoningControls?.effort { b.field("reasoning_effort", effort.rawValue) }
        if let t = model.temperature { b.field("temperature", t) }
        b.field("stream", model.stream)
        if model.stream {
            b.key("stream_options"); b.beginObject(); b.field("include_usage", true); b.endObject()
        }
        b.endObject()
        return HTTPRequest(url: trimmedBase(model.baseURL) + "/chat/completions", headers: headers,
                           body: b.bytes, secrets: secrets)
    }

    public static func decodeEvent(name: UnsafeRawBufferPointer, data: UnsafeRawBufferPointer,
                                   into acc: inout ResponseAccumulator) throws {
        if JSONScanner.Key(raw: data).equals("[DONE]") {
            acc.terminated = true
            return
        }
        // The same chunk as the last plain text one but for its text: only the text is read.
        if let span = acc.eventTemplate.textSpan(in: data) {
            acc.noteOutput(try JSONScanner.appendContents(of: data, span, to: &acc.output))
            return
        }
        var probe = TextProbe()
        try decodeObject(data, delta: true, into: &acc, probe: &probe)
        if let span = probe.span { acc.eventTemplate.set(data, value: span) }
    }

    public static func decodeBody(_ body: UnsafeRawBufferPointer, into acc: inout ResponseAccumulator) throws {
        try decodeObject(body, delta: false, into: &acc)
        if acc.streamError == nil { acc.terminated = true }
    }

    public static func serverUsage(_ acc: ResponseAccumulator) -> Usage? {
        guard let prompt = acc.rawInputTokens, let completion = acc.rawOutputTokens else { return nil }
        // Not clamped: `checkedUsage` rejects negative or inconsistent counts instead.
        let completionTokens = completion
        if let reasoning = acc.rawReasoningTokens {
            return Usage(inputTokens: prompt, outputTokens: completionTokens, cachedInputTokens: acc.rawCachedTokens ?? 0,
                         reasoningTokens: reasoning, source: .server)
        }
        // A compatible server that streamed reasoning text but did not count it apart: the answer is
        // counted from its text, the rest is reasoning (an estimate; see `ReasoningSplit`).
        let split = ReasoningSplit.fromAnswerText(outputTokens: completionTokens, answer: acc.output,
                                                  reasoningSeen: !acc.reasoning.isEmpty)
        return Usage(inputTokens: prompt, outputTokens: completionTokens, cachedInputTokens: acc.rawCachedTokens ?? 0,
                     reasoningTokens: split.tokens, source: .server, reasoningSource: split.source)
    }

    /// Reads a `chat.completion.chunk` (`delta: true`) or a `chat.completion` (`message`).
    static func decodeObject(_ bytes: UnsafeRawBufferPointer, delta: Bool, into acc: inout ResponseAccumulator) throws {
        var probe = TextProbe()
        try decodeObject(bytes, delta: delta, into: &acc, probe: &probe)
    }

    /// The same, noting in `probe` the text string appended (for an `EventTemplate`).
    static func decodeObject(_ bytes: UnsafeRawBufferPointer, delta: Bool, into acc: inout ResponseAccumulator,
                             probe: inout TextProbe) throws {
        var s = JSONScanner(bytes)
        try s.forEachMember { s, key in
            if key.equals("choices") {
                try s.forEachElement { s in
                    try s.forEachMember { s, key in
                        if key.equals(delta ? "delta" : "message") {
                            try s.forEachMember { s, key in
                                if key.equals("content") {
                                    s.skipWhitespace()
                                    let start = s.position
                                    acc.noteOutput(try s.appendString(to: &acc.output))
                                    probe.text(start, s.position)
                                } else if key.equals("reasoning_content") || key.equals("reasoning") {
                                    probe.disqualify()
                                    if s.peekKind() == .string { acc.noteReasoning(try s.appendString(to: &acc.reasoning)) }
                                }
                            }
                        } else if key.equals("finish_reason") {
                            if let r = try s.string() { acc.finishReason = r }
                        }
                    }
                }
            } else if key.equals("usage") {
                try acc.readUsageObject(&s) { s, acc in
                    probe.disqualify()
                    try s.forEachMember { s, key in
                        if key.equals("prompt_tokens") { acc.take(try s.tokenCount(), \.rawInputTokens) }
                        else if key.equals("completion_tokens") { acc.take(try s.tokenCount(), \.rawOutputTokens) }
                        else if key.equals("prompt_tokens_details") {
                            try s.forEachMember { s, key in
                                if key.equals("cached_tokens") { acc.take(try s.tokenCount(), \.rawCachedTokens) }
                            }
                        } else if key.equals("completion_tokens_details") {
                            try s.forEachMember { s, key in
                                if key.equals("reasoning_tokens") { acc.take(try s.tokenCount(), \.rawReasoningTokens) }
                            }
                        }
                    }
                }
            } else if key.equals("model") {
                if acc.servedModel == nil { acc.servedModel = try s.string() }
            } else if key.equals("id") {
                if acc.responseId == nil { acc.responseId = try s.string() }
            } else if key.equals("system_fingerprint") {
                if acc.systemFingerprint == nil { acc.systemFingerprint = try s.string() }
            } else if key.equals("error") {
                if s.peekKind() == .null { try s.skipValue(); return }
                probe.disqualify()
                var e = ProviderErrorBody()
                try e.readError(&s)
                acc.fail(e.kind(fallback: .streamError), e.summary)
            }
        }
    }
}
