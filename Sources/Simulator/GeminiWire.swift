import Foundation
import LLMBenchCore

/// Gemini `models/{model}:generateContent` and `:streamGenerateContent` (served under `/v1beta/` and
/// `/v1/`), per the API reference: the key in `x-goog-api-key` (or `?key=`), a
/// `GenerateContentResponse` with `candidates[0].content` (`role: "model"`, `parts[].text`),
/// `finishReason` on the last candidate, `usageMetadata`, `modelVersion`, `responseId`. With
/// `alt=sse` each response is a `data:` event; without it the stream is one JSON array.
/// Errors are `{"error":{"code","message","status","details"}}` (google.rpc.Status; `details` holds
/// typed objects such as `google.rpc.ErrorInfo` with `reason`, `domain` and `metadata`).
struct GeminiWire: WireFormat {
    /// `alt=sse` was requested.
    var sse: Bool
    /// The API version in the path (`v1beta` or `v1`), quoted in the not-found message.
    var version: String

    func apiKey(_ request: HTTPRequest) -> String? {
        if let k = request.header("x-goog-api-key"), !k.isEmpty { return k }
        if let k = request.query["key"], !k.isEmpty { return k }
        return nil
    }

    func precondition(_ request: HTTPRequest) -> SimFailure? { nil }

    func parse(_ request: HTTPRequest, pathModel: String?) -> Result<ChatPrompt, SimFailure> {
        guard let o = RequestJSON.object(request.body) else {
            return .failure(.invalidRequest("Invalid JSON payload received. The body must be a JSON object."))
        }
        guard let contents = o["contents"] as? [Any], !contents.isEmpty else {
            return .failure(.invalidRequest("* GenerateContentRequest.contents: contents is not specified"))
        }
        var texts: [String] = []
        var lastUser = ""
        for (i, c) in contents.enumerated() {
            guard let content = c as? [String: Any], let parts = content["parts"] as? [Any] else {
                return .failure(.invalidRequest("* GenerateContentRequest.contents[\(i)].parts: contents.parts must not be empty"))
            }
            let text = parts.compactMap { ($0 as? [String: Any])?["text"] as? String }.joined(separator: "\n")
            // `Content.role`: "user" or "model" (unset means user); anything else is refused as Google does.
            let role = content["role"] as? String ?? "user"
            guard role == "user" || role == "model" else {
                return .failure(.invalidRequest("Please use a valid role: user, model."))
            }
            texts.append(text)
            if role == "user" { lastUser = text }
        }
        var system = ""
        if let si = (o["systemInstruction"] ?? o["system_instruction"]) as? [String: Any], let parts = si["parts"] as? [Any] {
            system = parts.compactMap { ($0 as? [String: Any])?["text"] as? String }.joined(separator: "\n")
        }
        var maxTokens: Int?
        var reasoning: ReasoningAsk?
        var temperature: Double?
        if let gc = (o["generationConfig"] ?? o["generation_config"]) as? [String: Any] {
            if let v = gc["maxOutputTokens"] ?? gc["max_output_tokens"] {
                guard let n = RequestJSON.int(v), n >= 1 else {
                    return .failure(.invalidRequest("* GenerateContentRequest.generation_config.max_output_tokens: must be a positive integer"))
                }
                maxTokens = n
            }
            temperature = (gc["temperature"] as? NSNumber)?.doubleValue
            if let tc = gc["thinkingConfig"] ?? gc["thinking_config"], !(tc is NSNull) {
                switch Self.thinking(tc) {
                case .success(let ask): reasoning = ask
                case .failure(let f): return .failure(f)
                }
            }
        }
        return .success(ChatPrompt(model: pathModel ?? "", system: system, messages: texts, lastUser: lastUser,
                                   maxTokens: maxTokens, stream: false, includeUsage: false, systemCacheControl: false,
                                   reasoning: reasoning, temperature: temperature, maxTokensField: "maxOutputTokens"))
    }

    /// `generationConfig.thinkingConfig` (Gemini API "Thinking"): `thinkingBudget` (-1 dynamic, 0 off,
    /// else a token budget up to 32,768) or `thinkingLevel` (`minimal`, `low`, `medium`, `high`, in any
    /// case), never both; `includeThoughts` streams thought summaries as parts with `thought: true`.
    static func thinking(_ value: Any) -> Result<ReasoningAsk, SimFailure> {
        guard let tc = value as? [String: Any] else {
            return .failure(.invalidRequest("Invalid JSON payload received. Unknown name \"thinkingConfig\": expected an object."))
        }
        let budget = tc["thinkingBudget"] ?? tc["thinking_budget"]
        let level = tc["thinkingLevel"] ?? tc["thinking_level"]
        let visible = RequestJSON.bool(tc["includeThoughts"] ?? tc["include_thoughts"]) ?? false
        if budget != nil, level != nil {
            // The API answers 400 INVALID_ARGUMENT; the wording here is ours.
            return .failure(.invalidRequest("thinking_budget and thinking_level are not supported together. Set one of them."))
        }
        if let b = budget {
            guard let n = RequestJSON.int(b), n >= -1, n <= maxThinkingBudget else {
                return .failure(.invalidRequest("* GenerateContentRequest.generation_config.thinking_config.thinking_budget: must be -1 (dynamic), 0 (off) or at most \(maxThinkingBudget)"))
            }
            if n == 0 { return .success(ReasoningAsk(disabled: true, visible: visible)) }
            return .success(ReasoningAsk(budgetTokens: n == -1 ? nil : n, visible: visible))
        }
        if let l = level {
            guard let name = (l as? String)?.lowercased(), let parsed = GeminiThinkingLevel(rawValue: name) else {
                return .failure(.invalidRequest("Invalid value at 'generation_config.thinking_config.thinking_level', expected one of MINIMAL, LOW, MEDIUM, HIGH"))
            }
            switch parsed {
            case .minimal: return .success(ReasoningAsk(effort: .low, budgetTokens: 64, visible: visible, level: true))
            case .low: return .success(ReasoningAsk(effort: .low, visible: visible, level: true))
            case .medium: return .success(ReasoningAsk(effort: .medium, visible: visible, level: true))
            case .high: return .success(ReasoningAsk(effort: .high, visible: visible, level: true))
            }
        }
        return .success(ReasoningAsk(visible: visible))
    }

    /// The largest `thinkingBudget` accepted: 32,768 (Gemini 2.5 Pro's maximum).
    static let maxThinkingBudget = 32_768

    /// A model before Gemini 3 rejects `thinkingLevel` ("Thinking level is not supported for this model.").
    func check(_ prompt: ChatPrompt, profile: LatencyProfile) -> SimFailure? {
        if prompt.reasoning?.level == true, !ReasoningControls.geminiUsesLevel(modelId: profile.name) {
            return .invalidRequest("Thinking level is not supported for this model.")
        }
        return nil
    }

    static func errorJSON(code: Int, message: String, status: String) -> String {
        "{\"error\":{\"code\":\(code),\"message\":\(JSON.quote(message)),\"status\":\"\(status)\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"\(status)\",\"domain\":\"generativelanguage.googleapis.com\",\"metadata\":{\"service\":\"generativelanguage.googleapis.com\"}}]}}"
    }

    func errorResponse(_ failure: SimFailure, requestId: String) -> (status: Int, body: String) {
        let (code, message, status): (Int, String, String)
        switch failure {
        case .unauthorized:
            (code, message, status) = (403, "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.", "PERMISSION_DENIED")
        case .invalidRequest(let m), .invalidParameter(let m, _, _): (code, message, status) = (400, m, "INVALID_ARGUMENT")
        case .modelNotFound(let model):
            (code, message, status) = (404, "models/\(model) is not found for API version \(version), or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.", "NOT_FOUND")
        case .rateLimited: (code, message, status) = (429, "Resource has been exhausted (e.g. check quota). (simulated)", "RESOURCE_EXHAUSTED")
        case .overloaded: (code, message, status) = (503, "The model is overloaded. Please try again later. (simulated)", "UNAVAILABLE")
        case .internalError: (code, message, status) = (500, "An internal error has occurred. (simulated)", "INTERNAL")
        }
        return (code, Self.errorJSON(code: code, message: message, status: status))
    }

    func errorHeaders(requestId: String) -> [(String, String)] {
        [("content-type", "application/json; charset=UTF-8")]
    }

    func headers(_ ctx: RenderContext, processingMs: Int64) -> [(String, String)] {
        [("server-timing", "gfet4t7; dur=\(processingMs)"), ("vary", "Origin, X-Origin, Referer")]
    }

    /// `usageMetadata`: `candidatesTokenCount` counts the answer, `thoughtsTokenCount` the thinking
    /// (reported whether or not thoughts are included), `cachedContentTokenCount` the implicit-cache hit.
    private func usage(_ g: Generation, candidates: Int, thoughts: Int) -> String {
        let cached = g.cachedTokens > 0 ? ",\"cachedContentTokenCount\":\(g.cachedTokens)" : ""
        let thought = thoughts > 0 ? ",\"thoughtsTokenCount\":\(thoughts)" : ""
        return "{\"promptTokenCount\":\(g.promptTokens),\"candidatesTokenCount\":\(candidates),\"totalTokenCount\":\(g.promptTokens + candidates + thoughts)\(cached),\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":\(g.promptTokens)}]\(thought)}"
    }

    private func response(_ ctx: RenderContext, parts: [String], finish: Bool, candidates: Int, thoughts: Int) -> String {
        let reason = finish ? ",\"finishReason\":\"\(ctx.generation.cutByLength ? "MAX_TOKENS" : "STOP")\"" : ""
        return "{\"candidates\":[{\"content\":{\"parts\":[\(parts.joined(separator: ","))],\"role\":\"model\"}\(reason),\"index\":0}],\"usageMetadata\":\(usage(ctx.generation, candidates: candidates, thoughts: thoughts)),\"modelVersion\":\(JSON.quote(ctx.model)),\"responseId\":\(JSON.quote(ctx.id))}"
    }

    private func part(_ text: String, thought: Bool) -> String {
        "{\"text\":\(JSON.quote(text))\(thought ? ",\"thought\":true" : "")}"
    }

    func streamPreamble(_ ctx: RenderContext) -> [String] { [] }

    /// Each chunk is a whole response: a thought part (`thought: true`) or an answer part, with the
    /// counts so far; hidden thinking is counted in full from the first answer chunk on.
    func streamContent(_ ctx: RenderContext, chunk: TimedChunk, index: Int, tokensSoFar: Int, isLast: Bool) -> String {
        let sofar = ctx.generation.chunks[...index]
        let answer = sofar.filter { !$0.reasoning }.reduce(0) { $0 + $1.tokens }
        let streamedThoughts = sofar.filter(\.reasoning).reduce(0) { $0 + $1.tokens }
        let thoughts = chunk.reasoning || ctx.generation.chunks.contains(where: \.reasoning) ? streamedThoughts : ctx.generation.reasoningTokens
        let json = response(ctx, parts: [part(chunk.text, thought: chunk.reasoning)], finish: isLast, candidates: answer, thoughts: thoughts)
        if sse { return "data: \(json)\r\n\r\n" }
        return (index == 0 ? "[" : ",\r\n") + json
    }

    func streamFinish(_ ctx: RenderContext) -> [String] { sse ? [] : ["]"] }

    func streamErrorEvent(_ ctx: RenderContext, afterChunks: Int) -> String {
        let json = Self.errorJSON(code: 503, message: "The model is overloaded. Please try again later. (simulated)", status: "UNAVAILABLE")
        return sse ? "data: \(json)\r\n\r\n" : (afterChunks == 0 ? "[" : ",\r\n") + json + "]"
    }

    func body(_ ctx: RenderContext) -> String {
        let g = ctx.generation
        var parts: [String] = []
        if !g.reasoningText.isEmpty { parts.append(part(g.reasoningText, thought: true)) }
        parts.append(part(g.text, thought: false))
        return response(ctx, parts: parts, finish: true, candidates: g.answerTokens, thoughts: g.reasoningTokens)
    }
}
