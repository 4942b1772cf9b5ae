import Foundation

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
            texts.append(text)
            if (content["role"] as? String ?? "user") == "user" { lastUser = text }
        }
        var system = ""
        if let si = (o["systemInstruction"] ?? o["system_instruction"]) as? [String: Any], let parts = si["parts"] as? [Any] {
            system = parts.compactMap { ($0 as? [String: Any])?["text"] as? String }.joined(separator: "\n")
        }
        var maxTokens: Int?
        if let gc = (o["generationConfig"] ?? o["generation_config"]) as? [String: Any],
           let v = gc["maxOutputTokens"] ?? gc["max_output_tokens"] {
            guard let n = RequestJSON.int(v), n >= 1 else {
                return .failure(.invalidRequest("* GenerateContentRequest.generation_config.max_output_tokens: must be a positive integer"))
            }
            maxTokens = n
        }
        return .success(ChatPrompt(model: pathModel ?? "", system: system, messages: texts, lastUser: lastUser,
                                   maxTokens: maxTokens, stream: false, includeUsage: false, systemCacheControl: false))
    }

    static func errorJSON(code: Int, message: String, status: String) -> String {
        "{\"error\":{\"code\":\(code),\"message\":\(JSON.quote(message)),\"status\":\"\(status)\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"\(status)\",\"domain\":\"generativelanguage.googleapis.com\",\"metadata\":{\"service\":\"generativelanguage.googleapis.com\"}}]}}"
    }

    func errorResponse(_ failure: SimFailure, requestId: String) -> (status: Int, body: String) {
        let (code, message, status): (Int, String, String)
        switch failure {
        case .unauthorized:
            (code, message, status) = (403, "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.", "PERMISSION_DENIED")
        case .invalidRequest(let m): (code, message, status) = (400, m, "INVALID_ARGUMENT")
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

    private func usage(_ g: Generation, candidates: Int) -> String {
        "{\"promptTokenCount\":\(g.promptTokens),\"candidatesTokenCount\":\(candidates),\"totalTokenCount\":\(g.promptTokens + candidates),\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":\(g.promptTokens)}]}"
    }

    private func response(_ ctx: RenderContext, text: String, finish: Bool, candidates: Int) -> String {
        let reason = finish ? ",\"finishReason\":\"\(ctx.generation.cutByLength ? "MAX_TOKENS" : "STOP")\"" : ""
        return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\(JSON.quote(text))}],\"role\":\"model\"}\(reason),\"index\":0}],\"usageMetadata\":\(usage(ctx.generation, candidates: candidates)),\"modelVersion\":\(JSON.quote(ctx.model)),\"responseId\":\(JSON.quote(ctx.id))}"
    }

    func streamPreamble(_ ctx: RenderContext) -> [String] { [] }

    func streamContent(_ ctx: RenderContext, chunk: TimedChunk, index: Int, tokensSoFar: Int, isLast: Bool) -> String {
        let json = response(ctx, text: chunk.text, finish: isLast, candidates: tokensSoFar)
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
        return response(ctx, text: g.text, finish: true, candidates: g.completionTokens)
    }
}
