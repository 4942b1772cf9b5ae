import Foundation

/// Anthropic Messages (`POST /v1/messages`), per the API reference: `x-api-key` and
/// `anthropic-version` headers, `max_tokens` required, a `message` object, and the streamed events
/// `message_start`, `content_block_start`, `ping`, `content_block_delta` (`text_delta`),
/// `content_block_stop`, `message_delta` (stop reason, output tokens), `message_stop`, each sent as
/// `event: NAME` + `data: JSON`. Usage counts `input_tokens` apart from cache reads and writes.
struct AnthropicWire: WireFormat {
    static let requestLimit = 4_000
    static let tokenLimit = 400_000

    /// The key from `x-api-key`, or from `Authorization: Bearer` (which recent official SDKs send).
    func apiKey(_ request: HTTPRequest) -> String? {
        if let k = request.header("x-api-key"), !k.isEmpty { return k }
        return OpenAIWire().apiKey(request)
    }

    func precondition(_ request: HTTPRequest) -> SimFailure? {
        request.header("anthropic-version") == nil ? .invalidRequest("anthropic-version: header is required") : nil
    }

    func parse(_ request: HTTPRequest, pathModel: String?) -> Result<ChatPrompt, SimFailure> {
        guard let o = RequestJSON.object(request.body) else {
            return .failure(.invalidRequest("The request body is not valid JSON."))
        }
        guard let model = o["model"] as? String, !model.isEmpty else { return .failure(.invalidRequest("model: Field required")) }
        guard o["max_tokens"] != nil else { return .failure(.invalidRequest("max_tokens: Field required")) }
        guard let maxTokens = RequestJSON.int(o["max_tokens"]), maxTokens >= 1 else {
            return .failure(.invalidRequest("max_tokens: Input should be a valid integer of at least 1"))
        }
        guard let messages = o["messages"] as? [Any] else { return .failure(.invalidRequest("messages: Field required")) }
        guard !messages.isEmpty else { return .failure(.invalidRequest("messages: at least one message is required")) }
        var texts: [String] = []
        var lastUser = ""
        for (i, m) in messages.enumerated() {
            guard let msg = m as? [String: Any], let role = msg["role"] as? String, role == "user" || role == "assistant" else {
                return .failure(.invalidRequest("messages.\(i).role: Input should be 'user' or 'assistant'"))
            }
            guard let text = RequestJSON.text(msg["content"]) else {
                return .failure(.invalidRequest("messages.\(i).content: Input should be a valid string or list of content blocks"))
            }
            texts.append(text)
            if role == "user" { lastUser = text }
        }
        var system = ""
        var cacheControl = false
        if let s = o["system"], !(s is NSNull) {
            guard let text = RequestJSON.text(s) else { return .failure(.invalidRequest("system: Input should be a valid string or list of text blocks")) }
            system = text
            if let blocks = s as? [Any] {
                cacheControl = blocks.contains { ($0 as? [String: Any])?["cache_control"] is [String: Any] }
            }
        }
        return .success(ChatPrompt(model: model, system: system, messages: texts, lastUser: lastUser,
                                   maxTokens: maxTokens, stream: RequestJSON.bool(o["stream"]) ?? false,
                                   includeUsage: false, systemCacheControl: cacheControl))
    }

    func errorResponse(_ failure: SimFailure, requestId: String) -> (status: Int, body: String) {
        let (status, type, message): (Int, String, String)
        switch failure {
        case .unauthorized: (status, type, message) = (401, "authentication_error", "x-api-key header is required")
        case .invalidRequest(let m): (status, type, message) = (400, "invalid_request_error", m)
        case .modelNotFound(let model): (status, type, message) = (404, "not_found_error", "model: \(model)")
        case .rateLimited: (status, type, message) = (429, "rate_limit_error", "Number of requests has exceeded your rate limit (simulated).")
        case .overloaded: (status, type, message) = (529, "overloaded_error", "Overloaded")
        case .internalError: (status, type, message) = (500, "api_error", "Internal server error (simulated)")
        }
        return (status, "{\"type\":\"error\",\"error\":{\"type\":\"\(type)\",\"message\":\(JSON.quote(message))},\"request_id\":\(JSON.quote(requestId))}")
    }

    func errorHeaders(requestId: String) -> [(String, String)] {
        [("request-id", requestId), ("content-type", "application/json"), ("x-should-retry", "true")]
    }

    /// The start of the next minute, RFC 3339 UTC: when the simulated per-minute quota resets.
    private func resetTime() -> String {
        let now = Int(Date().timeIntervalSince1970)
        let next = Date(timeIntervalSince1970: TimeInterval((now / 60 + 1) * 60))
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: next)
    }

    func headers(_ ctx: RenderContext, processingMs: Int64) -> [(String, String)] {
        let reset = resetTime()
        return [("request-id", ctx.requestId),
                ("anthropic-organization-id", "00000000-0000-0000-0000-000000000000"),
                ("anthropic-ratelimit-requests-limit", String(Self.requestLimit)),
                ("anthropic-ratelimit-requests-remaining", String(ctx.remainingRequests)),
                ("anthropic-ratelimit-requests-reset", reset),
                ("anthropic-ratelimit-tokens-limit", String(Self.tokenLimit)),
                ("anthropic-ratelimit-tokens-remaining", String(ctx.remainingTokens)),
                ("anthropic-ratelimit-tokens-reset", reset)]
    }

    private func event(_ name: String, _ json: String) -> String { "event: \(name)\ndata: \(json)\n\n" }

    private func stopReason(_ g: Generation) -> String { g.cutByLength ? "max_tokens" : "end_turn" }

    /// `input_tokens` excludes the cache reads and writes, which are reported apart.
    private func usage(_ g: Generation, output: Int) -> String {
        "{\"input_tokens\":\(g.promptTokens - g.cachedTokens - g.cacheWriteTokens),\"cache_creation_input_tokens\":\(g.cacheWriteTokens),\"cache_read_input_tokens\":\(g.cachedTokens),\"output_tokens\":\(output)}"
    }

    func streamPreamble(_ ctx: RenderContext) -> [String] {
        [event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\(JSON.quote(ctx.id)),\"type\":\"message\",\"role\":\"assistant\",\"model\":\(JSON.quote(ctx.model)),\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":\(usage(ctx.generation, output: 1))}}"),
         event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
         event("ping", "{\"type\":\"ping\"}")]
    }

    func streamContent(_ ctx: RenderContext, chunk: TimedChunk, index: Int, tokensSoFar: Int, isLast: Bool) -> String {
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\(JSON.quote(chunk.text))}}")
    }

    func streamFinish(_ ctx: RenderContext) -> [String] {
        let g = ctx.generation
        return [event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"\(stopReason(g))\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":\(g.completionTokens)}}"),
                event("message_stop", "{\"type\":\"message_stop\"}")]
    }

    func streamErrorEvent(_ ctx: RenderContext, afterChunks: Int) -> String {
        event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},\"request_id\":\(JSON.quote(ctx.requestId))}")
    }

    func body(_ ctx: RenderContext) -> String {
        let g = ctx.generation
        return "{\"id\":\(JSON.quote(ctx.id)),\"type\":\"message\",\"role\":\"assistant\",\"model\":\(JSON.quote(ctx.model)),\"content\":[{\"type\":\"text\",\"text\":\(JSON.quote(g.text))}],\"stop_reason\":\"\(stopReason(g))\",\"stop_sequence\":null,\"usage\":\(usage(g, output: g.completionTokens))}"
    }
}
