import Foundation

/// The OpenAI Responses API (`POST /v1/responses`), per the API reference and openai-python's
/// `types/responses` (the models the SDK validates events against). A stream is `event: TYPE` +
/// `data: JSON` pairs whose `sequence_number` counts from 0:
///
/// `response.created`, `response.in_progress`; for a reasoning model a `reasoning` item
/// (`response.output_item.added` at `output_index` 0, then, only when `reasoning.summary` was asked,
/// `response.reasoning_summary_part.added`, `response.reasoning_summary_text.delta`s,
/// `response.reasoning_summary_text.done`, `response.reasoning_summary_part.done`; then
/// `response.output_item.done`); then the `message` item (`response.output_item.added`,
/// `response.content_part.added`, `response.output_text.delta`s with `obfuscation` unless
/// `stream_options.include_obfuscation` is false, `response.output_text.done`,
/// `response.content_part.done`, `response.output_item.done`); and last `response.completed`, or
/// `response.incomplete` (`incomplete_details.reason: "max_output_tokens"`) when the answer was cut
/// at `max_output_tokens`, or `response.failed` (`response.error: {code, message}`) for an injected
/// mid-stream failure. There is no `[DONE]`. Usage: `input_tokens` includes
/// `input_tokens_details.cached_tokens`, `output_tokens` includes
/// `output_tokens_details.reasoning_tokens`. HTTP errors have OpenAI's error shape (`OpenAIWire`).
struct OpenAIResponsesWire: WireFormat {
    /// The smallest `max_output_tokens` the API accepts.
    static let minimumOutputTokens = 16
    /// `reasoning.summary` values (openai-python `types/shared/reasoning.py`).
    static let summaries = ["auto", "concise", "detailed"]

    func apiKey(_ request: HTTPRequest) -> String? { OpenAIWire().apiKey(request) }
    func precondition(_ request: HTTPRequest) -> SimFailure? { nil }
    func errorResponse(_ failure: SimFailure, requestId: String) -> (status: Int, body: String) {
        OpenAIWire().errorResponse(failure, requestId: requestId)
    }
    func errorHeaders(requestId: String) -> [(String, String)] { OpenAIWire().errorHeaders(requestId: requestId) }
    func headers(_ ctx: RenderContext, processingMs: Int64) -> [(String, String)] {
        OpenAIWire().headers(ctx, processingMs: processingMs)
    }

    func parse(_ request: HTTPRequest, pathModel: String?) -> Result<ChatPrompt, SimFailure> {
        guard let o = RequestJSON.object(request.body) else {
            return .failure(.invalidRequest("We could not parse the JSON body of your request. The API expects a JSON object."))
        }
        guard let model = o["model"] as? String, !model.isEmpty else {
            return .failure(.invalidRequest("Missing required parameter: 'model'."))
        }
        var system: [String] = []
        if let i = o["instructions"], !(i is NSNull) {
            guard let text = i as? String else { return .failure(.invalidRequest("Invalid type for 'instructions': expected a string.")) }
            system.append(text)
        }
        var texts: [String] = []
        var lastUser = ""
        switch o["input"] {
        case let s as String:
            texts.append(s); lastUser = s
        case let items as [Any]:
            for (i, any) in items.enumerated() {
                guard let item = any as? [String: Any], let role = item["role"] as? String else {
                    return .failure(.invalidRequest("Invalid 'input[\(i)]': expected a message with a 'role'."))
                }
                guard let text = RequestJSON.text(item["content"]) else {
                    return .failure(.invalidRequest("Invalid 'input[\(i)].content': expected a string or an array of content parts."))
                }
                switch role {
                case "system", "developer": system.append(text)
                case "user": texts.append(text); lastUser = text
                case "assistant": texts.append(text)
                default: return .failure(.invalidRequest("Invalid value: '\(role.prefix(40))'. Supported values are: 'user', 'assistant', 'system', and 'developer'."))
                }
            }
        case nil, is NSNull:
            return .failure(.invalidRequest("Missing required parameter: 'input'."))
        default:
            return .failure(.invalidRequest("Invalid type for 'input': expected a string or an array of input items."))
        }
        var maxTokens: Int?
        if let v = o["max_output_tokens"], !(v is NSNull) {
            guard let n = RequestJSON.int(v) else {
                return .failure(.invalidRequest("Invalid type for 'max_output_tokens': expected an integer."))
            }
            guard n >= Self.minimumOutputTokens else {
                return .failure(.invalidParameter("Invalid 'max_output_tokens': integer below minimum value. Expected a value >= \(Self.minimumOutputTokens), but got \(n) instead.",
                                                  param: "max_output_tokens", code: "integer_below_min_value"))
            }
            maxTokens = n
        }
        var echo = ResponsesRequest()
        // The thinking asked: `reasoning.effort` as Chat's `reasoning_effort`; text streams only as a summary.
        var ask = ReasoningAsk(visible: false)
        if let r = o["reasoning"], !(r is NSNull) {
            guard let reasoning = r as? [String: Any] else { return .failure(.invalidRequest("Invalid type for 'reasoning': expected an object.")) }
            if let e = reasoning["effort"], !(e is NSNull) {
                switch OpenAIWire.reasoningAsk(e) {
                case .success(let a): ask = a; ask.visible = false; echo.effort = e as? String
                case .failure(.invalidParameter(let m, _, let code)): return .failure(.invalidParameter(m, param: "reasoning.effort", code: code))
                case .failure(let f): return .failure(f)
                }
            }
            if let v = reasoning["summary"], !(v is NSNull) {
                guard let s = v as? String, Self.summaries.contains(s) else {
                    let list = Self.summaries.map { "'\($0)'" }
                    let shown = (v as? String).map { "'\($0.prefix(40))'" } ?? "a non-string value"
                    return .failure(.invalidParameter("Invalid value: \(shown). Supported values are: \(list.dropLast().joined(separator: ", ")), and \(list.last!).",
                                                      param: "reasoning.summary", code: "invalid_value"))
                }
                echo.summary = s
                ask.summarized = true
            }
        }
        if let t = o["temperature"], !(t is NSNull) {
            guard let n = t as? NSNumber, !RequestJSON.isJSONBool(t), n.doubleValue >= 0, n.doubleValue <= 2 else {
                return .failure(.invalidRequest("Invalid 'temperature': expected a number between 0 and 2."))
            }
            echo.temperature = n.doubleValue
        }
        echo.store = RequestJSON.bool(o["store"]) ?? true
        echo.instructions = (o["instructions"] as? String)
        echo.maxOutputTokens = maxTokens
        let stream = RequestJSON.bool(o["stream"]) ?? false
        if let opts = o["stream_options"], !(opts is NSNull) {
            guard stream else {
                return .failure(.invalidRequest("Invalid 'stream_options': only allowed when 'stream' is true."))
            }
            echo.obfuscation = RequestJSON.bool((opts as? [String: Any])?["include_obfuscation"]) ?? true
        }
        var prompt = ChatPrompt(model: model, system: system.joined(separator: "\n"), messages: texts, lastUser: lastUser,
                                maxTokens: maxTokens, stream: stream, includeUsage: true, systemCacheControl: false)
        prompt.responses = echo
        prompt.reasoning = ask
        prompt.temperature = echo.temperature
        prompt.maxTokensField = maxTokens == nil ? nil : "max_output_tokens"
        return .success(prompt)
    }

    /// What the API rejects once the model is known (messages and codes as it sends them): a reasoning
    /// model (o-series, gpt-5) takes no `temperature`; a model that does not reason takes no
    /// `reasoning.effort`.
    func check(_ prompt: ChatPrompt, profile: LatencyProfile) -> SimFailure? {
        guard let r = profile.reasoning else {
            if prompt.responses?.effort != nil {
                return .invalidParameter("Unsupported parameter: 'reasoning.effort' is not supported with this model.",
                                         param: "reasoning.effort", code: "unsupported_parameter")
            }
            return nil
        }
        if r.strictParameters, prompt.temperature != nil {
            return .invalidParameter("Unsupported parameter: 'temperature' is not supported with this model.",
                                     param: "temperature", code: "unsupported_parameter")
        }
        return nil
    }

    // MARK: - Streamed events

    func streamPreamble(_ ctx: RenderContext) -> [String] {
        let l = Layout(ctx)
        var out = [event("response.created", seq: 0, "\"response\":\(response(ctx, status: "in_progress"))"),
                   event("response.in_progress", seq: 1, "\"response\":\(response(ctx, status: "in_progress"))")]
        if l.reasoningItem {
            out.append(event("response.output_item.added", seq: 2, "\"output_index\":0,\"item\":\(reasoningItem(ctx, summary: nil, done: false))"))
            if l.summaryChunks > 0 {
                out.append(event("response.reasoning_summary_part.added", seq: 3, "\"item_id\":\"\(reasoningId(ctx))\",\"output_index\":0,\"summary_index\":0,\"part\":{\"type\":\"summary_text\",\"text\":\"\"}"))
            }
        }
        return out
    }

    func streamContent(_ ctx: RenderContext, chunk: TimedChunk, index: Int, tokensSoFar: Int, isLast: Bool) -> String {
        let l = Layout(ctx)
        if index < l.summaryChunks {
            return event("response.reasoning_summary_text.delta", seq: l.sequence(ofChunk: index),
                         "\"item_id\":\"\(reasoningId(ctx))\",\"output_index\":0,\"summary_index\":0,\"delta\":\(JSON.quote(chunk.text))\(obfuscation(ctx, chunk))")
        }
        var out = index == l.summaryChunks ? transition(ctx, l) : ""
        out += event("response.output_text.delta", seq: l.sequence(ofChunk: index),
                     "\(messageAt(ctx, l)),\"delta\":\(JSON.quote(chunk.text)),\"logprobs\":[]\(obfuscation(ctx, chunk))")
        return out
    }

    func streamFinish(_ ctx: RenderContext) -> [String] {
        let l = Layout(ctx)
        let g = ctx.generation
        let text = l.answerText(ctx)
        var seq = l.finishSequence
        let status = g.cutByLength ? "incomplete" : "completed"
        // Thinking that filled the cap leaves no answer chunk to open the message before.
        let opening = l.chunkCount == l.summaryChunks ? transition(ctx, l) : ""
        var out = [opening + event("response.output_text.done", seq: seq, "\(messageAt(ctx, l)),\"text\":\(JSON.quote(text)),\"logprobs\":[]")]
        seq += 1
        out.append(event("response.content_part.done", seq: seq, "\(messageAt(ctx, l)),\"part\":\(textPart(text))")); seq += 1
        out.append(event("response.output_item.done", seq: seq, "\"output_index\":\(l.messageIndex),\"item\":\(messageItem(ctx, text: text, status: status))")); seq += 1
        out.append(event(g.cutByLength ? "response.incomplete" : "response.completed", seq: seq,
                         "\"response\":\(response(ctx, status: status, output: output(ctx, l, text: text, status: status), usage: true))"))
        return out
    }

    /// An injected failure after `afterChunks` chunks: `response.failed` with a `server_error`.
    func streamErrorEvent(_ ctx: RenderContext, afterChunks: Int) -> String {
        let l = Layout(ctx)
        let seq = l.preambleEvents + afterChunks + (afterChunks > l.summaryChunks ? l.transitionEvents : 0)
        let error = "{\"code\":\"server_error\",\"message\":\"The server had an error while processing your request (simulated).\"}"
        return event("response.failed", seq: seq, "\"response\":\(response(ctx, status: "failed", error: error))")
    }

    func body(_ ctx: RenderContext) -> String {
        let l = Layout(ctx)
        let text = l.answerText(ctx)
        let status = ctx.generation.cutByLength ? "incomplete" : "completed"
        return response(ctx, status: status, output: output(ctx, l, text: text, status: status), usage: true)
    }

    /// From the reasoning item to the message: the summary's `done`s and the reasoning item's, then
    /// the message item and its content part (`Layout.transitionEvents` events).
    private func transition(_ ctx: RenderContext, _ l: Layout) -> String {
        var seq = l.preambleEvents + l.summaryChunks
        var out = ""
        if l.reasoningItem {
            let summary = l.summaryText(ctx)
            if l.summaryChunks > 0 {
                let at = "\"item_id\":\"\(reasoningId(ctx))\",\"output_index\":0,\"summary_index\":0"
                out += event("response.reasoning_summary_text.done", seq: seq, "\(at),\"text\":\(JSON.quote(summary))"); seq += 1
                out += event("response.reasoning_summary_part.done", seq: seq, "\(at),\"part\":{\"type\":\"summary_text\",\"text\":\(JSON.quote(summary))}"); seq += 1
            }
            out += event("response.output_item.done", seq: seq, "\"output_index\":0,\"item\":\(reasoningItem(ctx, summary: l.summaryChunks > 0 ? summary : nil, done: true))"); seq += 1
        }
        out += event("response.output_item.added", seq: seq, "\"output_index\":\(l.messageIndex),\"item\":\(messageItem(ctx, text: nil, status: "in_progress"))"); seq += 1
        out += event("response.content_part.added", seq: seq, "\(messageAt(ctx, l)),\"part\":\(textPart(""))")
        return out
    }

    // MARK: - Pieces

    /// Where each event of a stream falls: how many events come before the first chunk, how many
    /// the switch from reasoning to the message adds, and so each event's `sequence_number`.
    struct Layout {
        /// The answer has a `reasoning` item before its message (a reasoning model).
        var reasoningItem: Bool
        /// The first chunks of the generation that are reasoning summary text (the rest is the answer).
        var summaryChunks: Int
        var chunkCount: Int

        init(_ ctx: RenderContext) {
            reasoningItem = ctx.generation.reasoningTokens > 0
            summaryChunks = ctx.generation.chunks.prefix { $0.reasoning }.count
            chunkCount = ctx.generation.chunks.count
        }

        var messageIndex: Int { reasoningItem ? 1 : 0 }
        /// `response.created`, `response.in_progress`, the reasoning item's `added` and its summary part's.
        var preambleEvents: Int { 2 + (reasoningItem ? 1 : 0) + (reasoningItem && summaryChunks > 0 ? 1 : 0) }
        /// Before the first answer delta: the summary's two `done`s, the reasoning item's `done`, the
        /// message's `added` and its content part's.
        var transitionEvents: Int { (reasoningItem && summaryChunks > 0 ? 2 : 0) + (reasoningItem ? 1 : 0) + 2 }
        func sequence(ofChunk i: Int) -> Int { preambleEvents + i + (i >= summaryChunks ? transitionEvents : 0) }
        var finishSequence: Int { preambleEvents + chunkCount + transitionEvents }

        func summaryText(_ ctx: RenderContext) -> String { ctx.generation.chunks.prefix(summaryChunks).map(\.text).joined() }
        func answerText(_ ctx: RenderContext) -> String { ctx.generation.chunks.dropFirst(summaryChunks).map(\.text).joined() }
    }

    private func event(_ type: String, seq: Int, _ fields: String) -> String {
        "event: \(type)\ndata: {\"type\":\"\(type)\",\"sequence_number\":\(seq),\(fields)}\n\n"
    }

    private func suffix(_ ctx: RenderContext) -> String { String(ctx.id.dropFirst("resp_".count)) }
    private func reasoningId(_ ctx: RenderContext) -> String { "rs_" + suffix(ctx) }
    private func messageId(_ ctx: RenderContext) -> String { "msg_" + suffix(ctx) }
    private func messageAt(_ ctx: RenderContext, _ l: Layout) -> String {
        "\"item_id\":\"\(messageId(ctx))\",\"output_index\":\(l.messageIndex),\"content_index\":0"
    }
    private func textPart(_ text: String) -> String {
        "{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":\(JSON.quote(text))}"
    }

    /// Filler that evens out delta sizes (the API's stream obfuscation), deterministic per chunk.
    private func obfuscation(_ ctx: RenderContext, _ chunk: TimedChunk) -> String {
        guard ctx.prompt.responses?.obfuscation ?? true else { return "" }
        let n = max(1, 16 - chunk.text.utf8.count % 16)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var h = FNV1a.hash(chunk.text, into: FNV1a.hash(ctx.id))
        var s = ""
        for _ in 0..<n { s.append(alphabet[Int(h % UInt64(alphabet.count))]); h = FNV1a.mix(h, into: h) }
        return ",\"obfuscation\":\"\(s)\""
    }

    private func reasoningItem(_ ctx: RenderContext, summary: String?, done: Bool) -> String {
        let parts = summary.map { "[{\"type\":\"summary_text\",\"text\":\(JSON.quote($0))}]" } ?? "[]"
        return "{\"id\":\"\(reasoningId(ctx))\",\"type\":\"reasoning\",\"summary\":\(done ? parts : "[]")}"
    }

    private func messageItem(_ ctx: RenderContext, text: String?, status: String) -> String {
        let content = text.map { "[\(textPart($0))]" } ?? "[]"
        return "{\"id\":\"\(messageId(ctx))\",\"type\":\"message\",\"status\":\"\(status)\",\"content\":\(content),\"role\":\"assistant\"}"
    }

    private func output(_ ctx: RenderContext, _ l: Layout, text: String, status: String) -> String {
        var items: [String] = []
        if l.reasoningItem { items.append(reasoningItem(ctx, summary: l.summaryChunks > 0 ? l.summaryText(ctx) : nil, done: true)) }
        items.append(messageItem(ctx, text: text, status: status))
        return "[" + items.joined(separator: ",") + "]"
    }

    private func usage(_ ctx: RenderContext) -> String {
        let g = ctx.generation
        let reasoning = g.reasoningTokens
        let output = g.completionTokens
        return "{\"input_tokens\":\(g.promptTokens),\"input_tokens_details\":{\"cached_tokens\":\(g.cachedTokens),\"cache_write_tokens\":0},\"output_tokens\":\(output),\"output_tokens_details\":{\"reasoning_tokens\":\(reasoning)},\"total_tokens\":\(g.promptTokens + output)}"
    }

    /// The `response` object with every field the SDK's `Response` model requires (`id`,
    /// `created_at`, `model`, `object`, `output`, `parallel_tool_calls`, `tool_choice`, `tools`) and the
    /// request's settings echoed as the API echoes them.
    private func response(_ ctx: RenderContext, status: String, output: String = "[]", usage withUsage: Bool = false,
                          error: String? = nil) -> String {
        let r = ctx.prompt.responses ?? ResponsesRequest()
        let incomplete = status == "incomplete" ? "{\"reason\":\"max_output_tokens\"}" : "null"
        let completedAt = status == "completed" ? String(ctx.created) : "null"
        let reasoning = "{\"effort\":\(r.effort.map(JSON.quote) ?? "null"),\"summary\":\(r.summary.map(JSON.quote) ?? "null")}"
        return "{\"id\":\(JSON.quote(ctx.id)),\"object\":\"response\",\"created_at\":\(ctx.created),\"status\":\"\(status)\","
            + "\"background\":false,\"completed_at\":\(completedAt),\"error\":\(error ?? "null"),\"incomplete_details\":\(incomplete),"
            + "\"instructions\":\(r.instructions.map(JSON.quote) ?? "null"),\"max_output_tokens\":\(r.maxOutputTokens.map(String.init) ?? "null"),"
            + "\"max_tool_calls\":null,\"model\":\(JSON.quote(ctx.model)),\"output\":\(output),\"parallel_tool_calls\":true,"
            + "\"previous_response_id\":null,\"prompt_cache_key\":null,\"reasoning\":\(reasoning),\"safety_identifier\":null,"
            + "\"service_tier\":\"default\",\"store\":\(r.store),\"temperature\":\(r.temperature.map { String($0) } ?? "1.0"),"
            + "\"text\":{\"format\":{\"type\":\"text\"},\"verbosity\":\"medium\"},\"tool_choice\":\"auto\",\"tools\":[],"
            + "\"top_logprobs\":0,\"top_p\":1.0,\"truncation\":\"disabled\",\"usage\":\(withUsage ? usage(ctx) : "null"),"
            + "\"user\":null,\"metadata\":{}}"
    }
}

/// What a Responses request set that its `response` object echoes, and what changes the stream.
struct ResponsesRequest: Sendable {
    var effort: String?
    var summary: String?
    var temperature: Double?
    var instructions: String?
    var maxOutputTokens: Int?
    var store = true
    /// `stream_options.include_obfuscation` (the API's default: true).
    var obfuscation = true
}

