import LLMBenchCore

/// Google Gemini `generateContent` (`POST {base}/models/{id}:generateContent`) and
/// `streamGenerateContent?alt=sse`, under `v1beta` or `v1`.
///
/// Contract (Gemini API reference, "Generating content"): the key goes in the `x-goog-api-key`
/// header, never in the URL; the body has `contents` (role `user`, `parts[].text`),
/// `systemInstruction` and `generationConfig` (`maxOutputTokens`, `temperature`, `thinkingConfig`
/// with `thinkingBudget` for 2.5 models or `thinkingLevel` for Gemini 3, and `includeThoughts`). Each SSE
/// `data:` event (and the non-streamed body) is a `GenerateContentResponse`:
/// `candidates[].content.parts[]` (`text`; `thought: true` marks a reasoning part),
/// `candidates[].finishReason` (present on the last chunk: the stream's terminator),
/// `usageMetadata` (`promptTokenCount` includes `cachedContentTokenCount`; `candidatesTokenCount`
/// excludes `thoughtsTokenCount`: the google-genai SDK documents `totalTokenCount` as the sum of
/// prompt, candidates, tool-use prompt and thoughts counts), `modelVersion`, `responseId`.
/// `thoughtsTokenCount` is the server's count even when thoughts are not streamed (no
/// `includeThoughts`), so `outputTokens` = candidates + thoughts, as OpenAI's `completion_tokens`.
public enum GeminiFormat: WireFormat {
    public static func makeRequest(item: WorkItem, model: ModelSpec, apiKey: String?) -> HTTPRequest {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        var secrets: [String] = []
        if let key = apiKey { headers.append(("x-goog-api-key", key)); secrets.append(key) }
        var id = Substring(model.modelId)
        if id.hasPrefix("models/") { id = id.dropFirst("models/".count) }
        let method = model.stream ? ":streamGenerateContent?alt=sse" : ":generateContent"
        var b = JSONBody()
        b.beginObject()
        b.key("contents"); b.beginArray()
        // A conversation's earlier turns (`Content.role` is "user" or "model"), then its current user message.
        for m in item.history where m.role != .system {
            b.beginObject(); b.field("role", m.role == .assistant ? "model" : "user")
            b.key("parts"); b.beginArray(); b.beginObject(); b.field("text", m.content); b.endObject(); b.endArray()
            b.endObject()
        }
        b.beginObject()
        b.field("role", "user")
        b.key("parts"); b.beginArray(); b.beginObject(); b.field("text", item.user); b.endObject(); b.endArray()
        b.endObject(); b.endArray()
        if !item.system.isEmpty {
            b.key("systemInstruction"); b.beginObject()
            b.key("parts"); b.beginArray(); b.beginObject(); b.field("text", item.system); b.endObject(); b.endArray()
            b.endObject()
        }
        b.key("generationConfig"); b.beginObject()
        b.field("maxOutputTokens", effectiveMaxTokens(item, model))
        if let t = model.temperature { b.field("temperature", t) }
        if let r = model.reasoningControls {
            // Never both a budget and a level: the API rejects a request with both.
            b.key("thinkingConfig"); b.beginObject()
            switch r.gemini {
            case .budget(let n): b.field("thinkingBudget", n)
            case .level(let l): b.field("thinkingLevel", l.rawValue)
            }
            if r.includeThoughts { b.field("includeThoughts", true) }
            b.endObject()
        }
        b.endObject()
        b.endObject()
        return HTTPRequest(url: trimmedBase(model.baseURL) + "/models/" + id + method, headers: headers,
                           body: b.bytes, secrets: secrets)
    }

    public static func decodeEvent(name: UnsafeRawBufferPointer, data: UnsafeRawBufferPointer,
                                   into acc: inout ResponseAccumulator) throws {
        try decodeResponse(data, into: &acc)
    }

    public static func decodeBody(_ body: UnsafeRawBufferPointer, into acc: inout ResponseAccumulator) throws {
        var s = JSONScanner(body)
        if s.peekKind() == .array {
            // Without `alt=sse` the REST stream is one JSON array of responses; accept it too.
            try s.forEachElement { e in
                let start = e.position
                try e.skipValue()
                try decodeResponse(UnsafeRawBufferPointer(rebasing: body[start..<e.position]), into: &acc)
            }
        } else {
            try decodeResponse(body, into: &acc)
        }
    }

    public static func serverUsage(_ acc: ResponseAccumulator) -> Usage? {
        guard let prompt = acc.rawInputTokens else { return nil }
        // Not clamped: `checkedUsage` rejects negative counts (each within 0…10⁹, so no overflow).
        let candidates = acc.rawOutputTokens ?? 0
        let thoughts = acc.rawReasoningTokens ?? 0
        let (output, overflow) = candidates.addingReportingOverflow(thoughts)
        guard !overflow else { return nil }
        return Usage(inputTokens: prompt, outputTokens: output, cachedInputTokens: acc.rawCachedTokens ?? 0,
                     reasoningTokens: thoughts, source: .server)
    }

    static func decodeResponse(_ bytes: UnsafeRawBufferPointer, into acc: inout ResponseAccumulator) throws {
        var s = JSONScanner(bytes)
        try s.forEachMember { s, key in
            if key.equals("candidates") {
                try s.forEachElement { s in
                    try s.forEachMember { s, key in
                        if key.equals("content") {
                            try s.forEachMember { s, key in
                                if key.equals("parts") { try s.forEachElement { s in try readPart(&s, into: &acc) } }
                            }
                        } else if key.equals("finishReason") {
                            if let r = try s.string() { acc.finishReason = r; acc.terminated = true }
                        }
                    }
                }
            } else if key.equals("usageMetadata") {
                try acc.readUsageObject(&s) { s, acc in
                    try s.forEachMember { s, key in
                        if key.equals("promptTokenCount") { acc.take(try s.tokenCount(), \.rawInputTokens) }
                        else if key.equals("candidatesTokenCount") { acc.take(try s.tokenCount(), \.rawOutputTokens) }
                        else if key.equals("thoughtsTokenCount") { acc.take(try s.tokenCount(), \.rawReasoningTokens) }
                        else if key.equals("cachedContentTokenCount") { acc.take(try s.tokenCount(), \.rawCachedTokens) }
                    }
                }
            } else if key.equals("modelVersion") {
                if acc.servedModel == nil { acc.servedModel = try s.string() }
            } else if key.equals("responseId") {
                if acc.responseId == nil { acc.responseId = try s.string() }
            } else if key.equals("error") {
                var e = ProviderErrorBody()
                try e.readError(&s)
                acc.fail(e.kind(fallback: .streamError), e.summary)
            }
        }
    }

    /// One part: its `text` goes to reasoning when the part says `thought: true` (in any key order).
    static func readPart(_ s: inout JSONScanner, into acc: inout ResponseAccumulator) throws {
        var textAt: Int?
        var thought = false
        try s.forEachMember { s, key in
            if key.equals("text") { s.skipWhitespace(); textAt = s.position; try s.skipValue() }
            else if key.equals("thought") { thought = try s.bool() ?? false }
        }
        guard let at = textAt else { return }
        var t = JSONScanner(s.bytes, position: at)
        if thought { acc.noteReasoning(try t.appendString(to: &acc.reasoning)) }
        else { acc.noteOutput(try t.appendString(to: &acc.output)) }
    }
}
