import Foundation

/// OpenAI chat completions (`POST /v1/chat/completions`), per the API reference: `chat.completion`
/// objects, streamed `chat.completion.chunk` SSE events whose first delta carries only the role,
/// `data: [DONE]` at the end, and with `stream_options.include_usage` a last chunk with empty
/// `choices` and the `usage` (other chunks then carry `"usage": null`).
struct OpenAIWire: WireFormat {
    /// Rate-limit figures advertised in the `x-ratelimit-limit-*` headers (simulated quota).
    static let requestLimit = 10_000
    static let tokenLimit = 30_000_000

    func apiKey(_ request: HTTPRequest) -> String? {
        guard let auth = request.header("authorization"), auth.lowercased().hasPrefix("bearer ") else { return nil }
        let key = auth.dropFirst(7).trimmingCharacters(in: .whitespaces)
        return key.isEmpty ? nil : key
    }

    func precondition(_ request: HTTPRequest) -> SimFailure? { nil }

    func parse(_ request: HTTPRequest, pathModel: String?) -> Result<ChatPrompt, SimFailure> {
        guard let o = RequestJSON.object(request.body) else {
            return .failure(.invalidRequest("We could not parse the JSON body of your request. The API expects a JSON object."))
        }
        guard let model = o["model"] as? String, !model.isEmpty else {
            return .failure(.invalidRequest("you must provide a model parameter"))
        }
        guard let messages = o["messages"] as? [Any], !messages.isEmpty else {
            return .failure(.invalidRequest("'messages' is a required property and must be a non-empty array"))
        }
        var system: [String] = []
        var texts: [String] = []
        var lastUser = ""
        for (i, m) in messages.enumerated() {
            guard let msg = m as? [String: Any], let role = msg["role"] as? String else {
                return .failure(.invalidRequest("messages[\(i)]: 'role' is required"))
            }
            guard let text = RequestJSON.text(msg["content"]) else {
                return .failure(.invalidRequest("messages[\(i)].content: expected a string or an array of content parts"))
            }
            switch role {
            case "system", "developer": system.append(text)
            case "user": texts.append(text); lastUser = text
            case "assistant", "tool": texts.append(text)
            default: return .failure(.invalidRequest("messages[\(i)].role: '\(role.prefix(40))' is not one of system, developer, user, assistant, tool"))
            }
        }
        var maxTokens: Int?
        for key in ["max_completion_tokens", "max_tokens"] where o[key] != nil && !(o[key] is NSNull) {
            guard let n = RequestJSON.int(o[key]), n >= 1 else {
                return .failure(.invalidRequest("'\(key)' must be an integer of at least 1"))
            }
            maxTokens = min(maxTokens ?? n, n)
        }
        let stream = RequestJSON.bool(o["stream"]) ?? false
        var includeUsage = false
        if let opts = o["stream_options"], !(opts is NSNull) {
            guard stream else {
                return .failure(.invalidRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled."))
            }
            includeUsage = RequestJSON.bool((opts as? [String: Any])?["include_usage"]) ?? false
        }
        return .success(ChatPrompt(model: model, system: system.joined(separator: "\n"), messages: texts,
                                   lastUser: lastUser, maxTokens: maxTokens, stream: stream,
                                   includeUsage: includeUsage, systemCacheControl: false))
    }

    func errorResponse(_ failure: SimFailure, requestId: String) -> (status: Int, body: String) {
        let (status, message, type, code): (Int, String, String, String?)
        switch failure {
        case .unauthorized:
            (status, message, type, code) = (401, "You didn't provide an API key. Send it in an Authorization header using Bearer auth (Authorization: Bearer YOUR_KEY).", "invalid_request_error", nil)
        case .invalidRequest(let m):
            (status, message, type, code) = (400, m, "invalid_request_error", nil)
        case .modelNotFound(let model):
            (status, message, type, code) = (404, "The model `\(model)` does not exist or you do not have access to it.", "invalid_request_error", "model_not_found")
        case .rateLimited:
            (status, message, type, code) = (429, "Rate limit reached for requests (simulated). Please try again in 1s.", "requests", "rate_limit_exceeded")
        case .overloaded:
            (status, message, type, code) = (503, "The engine is currently overloaded, please try again later (simulated).", "server_error", nil)
        case .internalError:
            (status, message, type, code) = (500, "The server had an error while processing your request (simulated).", "server_error", nil)
        }
        return (status, Self.errorJSON(message: message, type: type, code: code))
    }

    static func errorJSON(message: String, type: String, code: String?) -> String {
        "{\"error\":{\"message\":\(JSON.quote(message)),\"type\":\(JSON.quote(type)),\"param\":null,\"code\":\(code.map(JSON.quote) ?? "null")}}"
    }

    func errorHeaders(requestId: String) -> [(String, String)] {
        [("x-request-id", requestId), ("content-type", "application/json")]
    }

    func headers(_ ctx: RenderContext, processingMs: Int64) -> [(String, String)] {
        [("x-request-id", ctx.requestId),
         ("openai-processing-ms", String(processingMs)),
         ("openai-version", "2020-10-01"),
         ("x-ratelimit-limit-requests", String(Self.requestLimit)),
         ("x-ratelimit-limit-tokens", String(Self.tokenLimit)),
         ("x-ratelimit-remaining-requests", String(ctx.remainingRequests)),
         ("x-ratelimit-remaining-tokens", String(ctx.remainingTokens)),
         ("x-ratelimit-reset-requests", "6ms"),
         ("x-ratelimit-reset-tokens", "0s")]
    }

    private func fingerprint(_ ctx: RenderContext) -> String {
        "fp_" + String(FNV1a.hash(ctx.model) & 0xFF_FFFF_FFFF, radix: 16)
    }

    private func chunkPrefix(_ ctx: RenderContext) -> String {
        "{\"id\":\(JSON.quote(ctx.id)),\"object\":\"chat.completion.chunk\",\"created\":\(ctx.created),\"model\":\(JSON.quote(ctx.model)),\"system_fingerprint\":\"\(fingerprint(ctx))\",\"choices\":"
    }

    private func usageJSON(_ g: Generation) -> String {
        "{\"prompt_tokens\":\(g.promptTokens),\"completion_tokens\":\(g.completionTokens),\"total_tokens\":\(g.promptTokens + g.completionTokens),\"prompt_tokens_details\":{\"cached_tokens\":\(g.cachedTokens),\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}"
    }

    private func event(_ ctx: RenderContext, delta: String, finish: String?) -> String {
        let usage = ctx.prompt.includeUsage ? ",\"usage\":null" : ""
        return "data: " + chunkPrefix(ctx) + "[{\"index\":0,\"delta\":\(delta),\"logprobs\":null,\"finish_reason\":\(finish.map(JSON.quote) ?? "null")}]\(usage)}\n\n"
    }

    private func finishReason(_ g: Generation) -> String { g.cutByLength ? "length" : "stop" }

    func streamPreamble(_ ctx: RenderContext) -> [String] {
        [event(ctx, delta: "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", finish: nil)]
    }

    func streamContent(_ ctx: RenderContext, chunk: TimedChunk, index: Int, tokensSoFar: Int, isLast: Bool) -> String {
        event(ctx, delta: "{\"content\":\(JSON.quote(chunk.text))}", finish: nil)
    }

    func streamFinish(_ ctx: RenderContext) -> [String] {
        var out = [event(ctx, delta: "{}", finish: finishReason(ctx.generation))]
        if ctx.prompt.includeUsage {
            out.append("data: " + chunkPrefix(ctx) + "[],\"usage\":\(usageJSON(ctx.generation))}\n\n")
        }
        out.append("data: [DONE]\n\n")
        return out
    }

    func streamErrorEvent(_ ctx: RenderContext, afterChunks: Int) -> String {
        "data: " + Self.errorJSON(message: "The server had an error while processing your request (simulated).", type: "server_error", code: nil) + "\n\n"
    }

    func body(_ ctx: RenderContext) -> String {
        let g = ctx.generation
        return "{\"id\":\(JSON.quote(ctx.id)),\"object\":\"chat.completion\",\"created\":\(ctx.created),\"model\":\(JSON.quote(ctx.model)),\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\(JSON.quote(g.text)),\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"\(finishReason(g))\"}],\"usage\":\(usageJSON(g)),\"system_fingerprint\":\"\(fingerprint(ctx))\"}"
    }
}
