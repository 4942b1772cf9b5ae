import Foundation
import LLMBenchCore

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
        var maxTokensField: String?
        for key in ["max_completion_tokens", "max_tokens"] where o[key] != nil && !(o[key] is NSNull) {
            guard let n = RequestJSON.int(o[key]), n >= 1 else {
                return .failure(.invalidRequest("'\(key)' must be an integer of at least 1"))
            }
            maxTokens = min(maxTokens ?? n, n)
            if key == "max_tokens" || maxTokensField == nil { maxTokensField = key }
        }
        var temperature: Double?
        if let t = o["temperature"], !(t is NSNull) {
            guard let n = t as? NSNumber, !RequestJSON.isJSONBool(t), n.doubleValue >= 0, n.doubleValue <= 2 else {
                return .failure(.invalidParameter("Invalid 'temperature': expected a number from 0 to 2.", param: "temperature", code: "invalid_value"))
            }
            temperature = n.doubleValue
        }
        var reasoning: ReasoningAsk?
        if let e = o["reasoning_effort"], !(e is NSNull) {
            switch Self.reasoningAsk(e) {
            case .success(let ask): reasoning = ask
            case .failure(let f): return .failure(f)
            }
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
                                   includeUsage: includeUsage, systemCacheControl: false,
                                   reasoning: reasoning, temperature: temperature, maxTokensField: maxTokensField))
    }

    /// The values OpenAI's `reasoning_effort` takes (API reference, "Create chat completion").
    static let efforts = ["none", "minimal", "low", "medium", "high", "xhigh"]

    /// `reasoning_effort` (also the Responses API's `reasoning.effort`) as a `ReasoningAsk`: `none`
    /// switches thinking off, `minimal` is low capped at 64 tokens, `xhigh` is high.
    static func reasoningAsk(_ value: Any) -> Result<ReasoningAsk, SimFailure> {
        guard let s = value as? String, efforts.contains(s) else {
            let shown = (value as? String).map { "'\($0.prefix(40))'" } ?? "a non-string value"
            let list = efforts.dropLast().map { "'\($0)'" }.joined(separator: ", ") + ", and '\(efforts.last!)'"
            return .failure(.invalidParameter("Invalid value: \(shown). Supported values are: \(list).",
                                              param: "reasoning_effort", code: "invalid_value"))
        }
        switch s {
        case "none": return .success(ReasoningAsk(disabled: true))
        case "minimal": return .success(ReasoningAsk(effort: .low, budgetTokens: 64))
        case "xhigh": return .success(ReasoningAsk(effort: .high))
        default: return .success(ReasoningAsk(effort: ReasoningEffort(rawValue: s)))
        }
    }

    /// What OpenAI rejects once the model is known: a reasoning model (o-series, gpt-5) takes
    /// `max_completion_tokens` and only the default temperature; a model that does not reason takes
    /// no `reasoning_effort` (messages and codes as the API sends them).
    func check(_ prompt: ChatPrompt, profile: LatencyProfile) -> SimFailure? {
        guard let r = profile.reasoning else {
            if prompt.reasoning != nil {
                return .invalidParameter("Unsupported parameter: 'reasoning_effort' is not supported with this model.",
                                         param: "reasoning_effort", code: "unsupported_parameter")
            }
            return nil
        }
        guard r.strictParameters else { return nil }
        if prompt.maxTokensField == "max_tokens" {
            return .invalidParameter("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
                                     param: "max_tokens", code: "unsupported_parameter")
        }
        if let t = prompt.temperature, t != 1 {
            return .invalidParameter("Unsupported value: 'temperature' does not support \(JSONValues.plain(t)) with this model. Only the default (1) value is supported.",
                                     param: "temperature", code: "unsupported_value")
        }
        return nil
    }

    func errorResponse(_ failure: SimFailure, requestId: String) -> (status: Int, body: String) {
        let (status, message, type, code): (Int, String, String, String?)
        var param: String?
        switch failure {
        case .invalidParameter(let m, let p, let c):
            (status, message, type, code) = (400, m, "invalid_request_error", c)
            param = p
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
        return (status, Self.errorJSON(message: message, type: type, code: code, param: param))
    }

    static func errorJSON(message: String, type: String, code: String?, param: String? = nil) -> String {
        "{\"error\":{\"message\":\(JSON.quote(message)),\"type\":\(JSON.quote(type)),\"param\":\(param.map(JSON.quote) ?? "null"),\"code\":\(code.map(JSON.quote) ?? "null")}}"
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

    /// OpenAI's usage; a server that streams reasoning (vLLM) counts it inside `completion_tokens`
    /// only, without `completion_tokens_details` (vLLM's `UsageInfo`).
    private func usageJSON(_ ctx: RenderContext) -> String {
        let g = ctx.generation
        let head = "{\"prompt_tokens\":\(g.promptTokens),\"completion_tokens\":\(g.completionTokens),\"total_tokens\":\(g.promptTokens + g.completionTokens)"
        if ctx.profile.reasoning?.streamed == true {
            return head + ",\"prompt_tokens_details\":null}"
        }
        return head + ",\"prompt_tokens_details\":{\"cached_tokens\":\(g.cachedTokens),\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":\(g.reasoningTokens),\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}"
    }

    private func event(_ ctx: RenderContext, delta: String, finish: String?) -> String {
        let usage = ctx.prompt.includeUsage ? ",\"usage\":null" : ""
        return "data: " + chunkPrefix(ctx) + "[{\"index\":0,\"delta\":\(delta),\"logprobs\":null,\"finish_reason\":\(finish.map(JSON.quote) ?? "null")}]\(usage)}\n\n"
    }

    private func finishReason(_ g: Generation) -> String { g.cutByLength ? "length" : "stop" }

    func streamPreamble(_ ctx: RenderContext) -> [String] {
        [event(ctx, delta: "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", finish: nil)]
    }

    /// An answer chunk is `delta.content`; a reasoning chunk `delta.reasoning_content` (vLLM).
    func streamContent(_ ctx: RenderContext, chunk: TimedChunk, index: Int, tokensSoFar: Int, isLast: Bool) -> String {
        event(ctx, delta: "{\"\(chunk.reasoning ? "reasoning_content" : "content")\":\(JSON.quote(chunk.text))}", finish: nil)
    }

    func streamFinish(_ ctx: RenderContext) -> [String] {
        var out = [event(ctx, delta: "{}", finish: finishReason(ctx.generation))]
        if ctx.prompt.includeUsage {
            out.append("data: " + chunkPrefix(ctx) + "[],\"usage\":\(usageJSON(ctx))}\n\n")
        }
        out.append("data: [DONE]\n\n")
        return out
    }

    func streamErrorEvent(_ ctx: RenderContext, afterChunks: Int) -> String {
        "data: " + Self.errorJSON(message: "The server had an error while processing your request (simulated).", type: "server_error", code: nil) + "\n\n"
    }

    func body(_ ctx: RenderContext) -> String {
        let g = ctx.generation
        let reasoningField = g.reasoningText.isEmpty ? "" : ",\"reasoning_content\":\(JSON.quote(g.reasoningText))"
        return "{\"id\":\(JSON.quote(ctx.id)),\"object\":\"chat.completion\",\"created\":\(ctx.created),\"model\":\(JSON.quote(ctx.model)),\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\(JSON.quote(g.text)),\"refusal\":null\(reasoningField)},\"logprobs\":null,\"finish_reason\":\"\(finishReason(g))\"}],\"usage\":\(usageJSON(ctx)),\"system_fingerprint\":\"\(fingerprint(ctx))\"}"
    }
}
