import Foundation
import LLMBenchCore

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
        var segments: [PromptSegment] = []
        var lastUser = ""
        var system = ""
        var cacheControl = false
        if let s = o["system"], !(s is NSNull) {
            guard let text = RequestJSON.text(s) else { return .failure(.invalidRequest("system: Input should be a valid string or list of text blocks")) }
            system = text
            switch Self.segments(s, path: "system") {
            case .success(let segs): segments += segs
            case .failure(let f): return .failure(f)
            }
            cacheControl = segments.contains { $0.breakpoint != nil }
        }
        for (i, m) in messages.enumerated() {
            guard let msg = m as? [String: Any], let role = msg["role"] as? String, role == "user" || role == "assistant" else {
                return .failure(.invalidRequest("messages.\(i).role: Input should be 'user' or 'assistant'"))
            }
            guard let text = RequestJSON.text(msg["content"]) else {
                return .failure(.invalidRequest("messages.\(i).content: Input should be a valid string or list of content blocks"))
            }
            switch Self.segments(msg["content"] as Any, path: "messages.\(i).content") {
            case .success(let segs): segments += segs
            case .failure(let f): return .failure(f)
            }
            texts.append(text)
            if role == "user" { lastUser = text }
        }
        var temperature: Double?
        if let t = o["temperature"], !(t is NSNull) {
            guard let n = t as? NSNumber, !RequestJSON.isJSONBool(t), n.doubleValue >= 0, n.doubleValue <= 1 else {
                return .failure(.invalidRequest("temperature: Input should be less than or equal to 1"))
            }
            temperature = n.doubleValue
        }
        var reasoning: ReasoningAsk?
        if let th = o["thinking"], !(th is NSNull) {
            guard let t = th as? [String: Any], let type = t["type"] as? String, type == "enabled" || type == "disabled" else {
                return .failure(.invalidRequest("thinking: Input tag found using 'type' does not match any of the expected tags: 'enabled', 'disabled'"))
            }
            if type == "enabled" {
                guard t["budget_tokens"] != nil else { return .failure(.invalidRequest("thinking.enabled.budget_tokens: Field required")) }
                guard let budget = RequestJSON.int(t["budget_tokens"]) else {
                    return .failure(.invalidRequest("thinking.enabled.budget_tokens: Input should be a valid integer"))
                }
                guard budget >= ReasoningSettings.anthropicMinBudget else {
                    return .failure(.invalidRequest("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024"))
                }
                guard maxTokens > budget else { return .failure(.invalidRequest(Self.budgetMessage)) }
                if let temp = temperature, temp != 1 { return .failure(.invalidRequest(Self.temperatureMessage)) }
                // Anthropic's documented test string makes the thinking come back redacted.
                let redacted = texts.contains { $0.contains(Self.redactedThinkingTrigger) }
                reasoning = ReasoningAsk(budgetTokens: budget, visible: !redacted)
            }
        }
        return .success(ChatPrompt(model: model, system: system, messages: texts, lastUser: lastUser,
                                   maxTokens: maxTokens, stream: RequestJSON.bool(o["stream"]) ?? false,
                                   includeUsage: false, systemCacheControl: cacheControl, segments: segments,
                                   reasoning: reasoning, temperature: temperature, maxTokensField: "max_tokens"))
    }

    static let budgetMessage = "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size"
    static let temperatureMessage = "`temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility"
    /// The prompt text that makes Anthropic return a `redacted_thinking` block (extended-thinking guide).
    static let redactedThinkingTrigger = "ANTHROPIC_MAGIC_STRING_TRIGGER_REDACTED_THINKING_46C9A13E193C177646C7398A98432ECCCE4C1253D5E2D82641AC0E52CC2876CB"

    /// A `system` or message `content` as segments: a string is one; each text block of a list is
    /// one, with the lifetime of its `cache_control` (`{"type": "ephemeral", "ttl": "5m"|"1h"}`).
    static func segments(_ value: Any, path: String) -> Result<[PromptSegment], SimFailure> {
        if let s = value as? String { return .success([PromptSegment(text: s)]) }
        guard let blocks = value as? [Any] else { return .success([]) }
        var out: [PromptSegment] = []
        for (i, b) in blocks.enumerated() {
            guard let block = b as? [String: Any], let text = block["text"] as? String else { continue }
            var ttl: CacheTTL?
            if let cc = block["cache_control"], !(cc is NSNull) {
                guard let c = cc as? [String: Any], c["type"] as? String == "ephemeral" else {
                    return .failure(.invalidRequest("\(path).\(i).cache_control.type: Input should be 'ephemeral'"))
                }
                if let t = c["ttl"], !(t is NSNull) {
                    guard let ts = t as? String, let v = CacheTTL(rawValue: ts) else {
                        return .failure(.invalidRequest("\(path).\(i).cache_control.ephemeral.ttl: Input should be '5m' or '1h'"))
                    }
                    ttl = v
                } else {
                    ttl = .fiveMinutes
                }
            }
            out.append(PromptSegment(text: text, breakpoint: ttl))
        }
        return .success(out)
    }

    /// A model that does not think rejects `thinking`.
    func check(_ prompt: ChatPrompt, profile: LatencyProfile) -> SimFailure? {
        guard prompt.reasoning != nil, profile.reasoning == nil else { return nil }
        return .invalidRequest("thinking: extended thinking is not supported by \(prompt.model.prefix(80))")
    }

    func errorResponse(_ failure: SimFailure, requestId: String) -> (status: Int, body: String) {
        let (status, type, message): (Int, String, String)
        switch failure {
        case .unauthorized: (status, type, message) = (401, "authentication_error", "x-api-key header is required")
        case .invalidRequest(let m), .invalidParameter(let m, _, _): (status, type, message) = (400, "invalid_request_error", m)
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

    /// `input_tokens` excludes the cache reads and writes, which are reported apart; `cache_creation`
    /// splits the writes by lifetime (`ephemeral_5m_input_tokens`, `ephemeral_1h_input_tokens`).
    private func usage(_ g: Generation, output: Int) -> String {
        let w5 = g.cacheWriteTTL == .fiveMinutes ? g.cacheWriteTokens : 0
        let w1 = g.cacheWriteTTL == .oneHour ? g.cacheWriteTokens : 0
        return "{\"input_tokens\":\(g.promptTokens - g.cachedTokens - g.cacheWriteTokens),\"cache_creation_input_tokens\":\(g.cacheWriteTokens),\"cache_read_input_tokens\":\(g.cachedTokens),\"cache_creation\":{\"ephemeral_5m_input_tokens\":\(w5),\"ephemeral_1h_input_tokens\":\(w1)},\"output_tokens\":\(output),\"service_tier\":\"standard\"}"
    }

    /// The opaque `signature` of a thinking block (base64, derived from the response id).
    private func signature(_ ctx: RenderContext) -> String {
        var rng = SplitMix64(seed: FNV1a.hash(ctx.id))
        var bytes: [UInt8] = []
        for _ in 0..<6 { withUnsafeBytes(of: rng.next().littleEndian) { bytes += $0 } }
        return "Er" + Data(bytes).base64EncodedString()
    }

    private var thinkingStart: String { "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}" }

    private func redactedBlock(_ ctx: RenderContext) -> String {
        "{\"type\":\"redacted_thinking\",\"data\":\(JSON.quote("EmwKAhgBEgy" + signature(ctx)))}"
    }

    /// The thinking block's closing events: its signature (or, redacted, the whole block) and its stop.
    private func closeThinking(_ ctx: RenderContext) -> [String] {
        if ctx.prompt.reasoning?.visible == false {
            return [event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":\(redactedBlock(ctx))}"),
                    event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")]
        }
        return [event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\(JSON.quote(signature(ctx)))}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")]
    }

    private func thinks(_ ctx: RenderContext) -> Bool { ctx.generation.reasoningTokens > 0 }

    /// `message_start`, then the first block's start: thinking (streamed thinking), text (no
    /// thinking), or none yet (redacted thinking arrives whole once the model has thought).
    func streamPreamble(_ ctx: RenderContext) -> [String] {
        var out = [event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\(JSON.quote(ctx.id)),\"type\":\"message\",\"role\":\"assistant\",\"model\":\(JSON.quote(ctx.model)),\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":\(usage(ctx.generation, output: 1))}}")]
        if !thinks(ctx) {
            out.append(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"))
        } else if ctx.prompt.reasoning?.visible != false {
            out.append(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":\(thinkingStart)}"))
        }
        out.append(event("ping", "{\"type\":\"ping\"}"))
        return out
    }

    /// A reasoning chunk is a `thinking_delta` of block 0; the first answer chunk after thinking
    /// closes the thinking block (`signature_delta`, `content_block_stop`) and opens text block 1.
    func streamContent(_ ctx: RenderContext, chunk: TimedChunk, index: Int, tokensSoFar: Int, isLast: Bool) -> String {
        if chunk.reasoning {
            return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\(JSON.quote(chunk.text))}}")
        }
        let textIndex = thinks(ctx) ? 1 : 0
        var out = ""
        if thinks(ctx), index == 0 || ctx.generation.chunks[index - 1].reasoning {
            out = closeThinking(ctx).joined()
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
        }
        return out + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":\(textIndex),\"delta\":{\"type\":\"text_delta\",\"text\":\(JSON.quote(chunk.text))}}")
    }

    func streamFinish(_ ctx: RenderContext) -> [String] {
        let g = ctx.generation
        // Thinking that filled `max_tokens` leaves no text block: the thinking block is closed here.
        let answered = g.chunks.contains { !$0.reasoning }
        let close = thinks(ctx) && !answered ? closeThinking(ctx)
            : [event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":\(thinks(ctx) ? 1 : 0)}")]
        return close + [
            event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"\(stopReason(g))\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":\(g.completionTokens)}}"),
            event("message_stop", "{\"type\":\"message_stop\"}")]
    }

    func streamErrorEvent(_ ctx: RenderContext, afterChunks: Int) -> String {
        event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},\"request_id\":\(JSON.quote(ctx.requestId))}")
    }

    func body(_ ctx: RenderContext) -> String {
        let g = ctx.generation
        var blocks: [String] = []
        if thinks(ctx) {
            blocks.append(ctx.prompt.reasoning?.visible == false ? redactedBlock(ctx)
                : "{\"type\":\"thinking\",\"thinking\":\(JSON.quote(g.reasoningText)),\"signature\":\(JSON.quote(signature(ctx)))}")
        }
        if !g.text.isEmpty || !thinks(ctx) { blocks.append("{\"type\":\"text\",\"text\":\(JSON.quote(g.text))}") }
        return "{\"id\":\(JSON.quote(ctx.id)),\"type\":\"message\",\"role\":\"assistant\",\"model\":\(JSON.quote(ctx.model)),\"content\":[\(blocks.joined(separator: ","))],\"stop_reason\":\"\(stopReason(g))\",\"stop_sequence\":null,\"usage\":\(usage(g, output: g.completionTokens))}"
    }
}
