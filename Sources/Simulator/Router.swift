import Foundation
import Synchronization
import LLMBenchCore

/// Turns one parsed request into a `ResponsePlan`: routing, auth, parsing, fault choice,
/// generation and rendering. Pure apart from the shared counters, cache and sequence number.
final class Router: Sendable {
    let config: SimulatorConfig
    let table: ProfileTable
    let stats = StatsRecorder()
    let cache: SimulatedPromptCache
    private let sequence = Atomic<UInt64>(0)

    init(config: SimulatorConfig) {
        self.config = config
        self.table = ProfileTable(config.profiles)
        self.cache = SimulatedPromptCache(clock: config.clock)
    }

    /// A plan for bytes that are not an acceptable HTTP request: a JSON error, then close.
    func reject(status: Int, message: String) -> ResponsePlan {
        stats.response(status: status)
        let body = OpenAIWire.errorJSON(message: message, type: "invalid_request_error", code: nil)
        return ResponsePlan(steps: [PlanStep(offsetNs: 0, bytes: HTTPWire.full(status: status, headers: [("content-type", "application/json")], body: body, close: true))], closeAfter: true)
    }

    func handle(_ request: HTTPRequest) -> ResponsePlan {
        let seq = sequence.add(1, ordering: .relaxed).newValue
        var ids = SplitMix64(seed: FNV1a.mix(seq, into: FNV1a.mix(config.seed, into: FNV1a.offsetBasis)))
        let requestId = "req_" + Self.hex(ids.next()) + Self.hex(ids.next()).prefix(8)
        let close = !request.keepAlive
        let known = request.path == "/health" || request.path == "/v1/models" || route(request) != nil
        stats.request(path: known ? request.path : "(unknown)")

        if request.path == "/health" {
            return simple(200, [("content-type", "application/json")], "{\"status\":\"ok\"}", close: close)
        }
        if request.path == "/v1/models", request.method == "GET" {
            let wire = OpenAIWire()
            guard wire.apiKey(request) != nil else { return error(wire, .unauthorized, requestId, close: close) }
            let data = table.names.map { "{\"id\":\(JSON.quote($0)),\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"llmbench-simulator\"}" }
            return simple(200, [("content-type", "application/json"), ("x-request-id", requestId)],
                          "{\"object\":\"list\",\"data\":[\(data.joined(separator: ","))]}", close: close)
        }
        guard request.method == "POST", let (wire, pathModel, streamPath) = route(request) else {
            return simple(404, [("content-type", "application/json")],
                          OpenAIWire.errorJSON(message: "Invalid URL (\(request.method.prefix(16)) \(request.path.prefix(200)))", type: "invalid_request_error", code: nil),
                          close: close)
        }
        guard wire.apiKey(request) != nil else { return error(wire, .unauthorized, requestId, close: close) }
        if let failure = wire.precondition(request) { return error(wire, failure, requestId, close: close) }
        var prompt: ChatPrompt
        switch wire.parse(request, pathModel: pathModel) {
        case .failure(let f): return error(wire, f, requestId, close: close)
        case .success(let p): prompt = p
        }
        if streamPath { prompt.stream = true }
        stats.model(prompt.model)
        guard let profile = table.resolve(prompt.model) else {
            return error(wire, .modelNotFound(prompt.model), requestId, close: close)
        }

        var fault: FaultKind?
        if let forced = request.header("x-llmbench-fault") {
            if forced != "none" {
                guard let kind = FaultKind(rawValue: forced) else {
                    let valid = (["none"] + FaultKind.allCases.map(\.rawValue)).joined(separator: ", ")
                    return error(wire, .invalidRequest("x-llmbench-fault: unknown fault \"\(forced.prefix(40))\"; valid: \(valid)"), requestId, close: close)
                }
                fault = kind
            }
        } else {
            var draw = SplitMix64(seed: FNV1a.mix(seq, into: FNV1a.mix(config.seed ^ 0xFA017, into: FNV1a.offsetBasis)))
            fault = config.faults.pick(unit: draw.nextUnitDouble())
        }
        if let fault { stats.fault(fault) }
        switch fault {
        case .http429: return error(wire, .rateLimited, requestId, close: close, extra: [("retry-after", String(config.faults.retryAfterSeconds))])
        case .overloaded: return error(wire, .overloaded, requestId, close: close)
        case .http500: return error(wire, .internalError, requestId, close: close)
        case .streamError where !prompt.stream: return error(wire, .internalError, requestId, close: close)
        default: break
        }

        if let failure = wire.check(prompt, profile: profile) { return error(wire, failure, requestId, close: close) }
        let generation = Generator.generate(prompt, profile: profile, seed: config.seed, timeScale: config.timeScale,
                                            cache: cache.use(prompt: prompt, profile: profile, automatic: !(wire is AnthropicWire)))
        let quota = stats.useQuota(tokens: generation.promptTokens + generation.completionTokens)
        let (reqLimit, tokLimit) = wire is AnthropicWire ? (AnthropicWire.requestLimit, AnthropicWire.tokenLimit) : (OpenAIWire.requestLimit, OpenAIWire.tokenLimit)
        let idPrefix = wire is OpenAIWire ? "chatcmpl-" : (wire is AnthropicWire ? "msg_" : (wire is OpenAIResponsesWire ? "resp_" : ""))
        let ctx = RenderContext(id: idPrefix + Self.hex(ids.next()) + Self.hex(ids.next()).prefix(8), requestId: requestId,
                                model: prompt.model, created: Int(Date().timeIntervalSince1970), prompt: prompt,
                                generation: generation, profile: profile, remainingRequests: max(0, reqLimit - quota.requests),
                                remainingTokens: max(0, tokLimit - quota.tokens))
        stats.response(status: 200)
        let plan = prompt.stream ? streamPlan(wire, ctx, fault: fault, close: close) : bodyPlan(wire, ctx, fault: fault, close: close)
        return plan
    }

    /// Path → format: `/v1/chat/completions`, `/v1/responses`, `/v1/messages`, and
    /// `/{v1beta|v1}/models/{model}:{generateContent|streamGenerateContent}`.
    private func route(_ request: HTTPRequest) -> (any WireFormat, String?, Bool)? {
        switch request.path {
        case "/v1/chat/completions": return (OpenAIWire(), nil, false)
        case "/v1/messages": return (AnthropicWire(), nil, false)
        case "/v1/responses": return (OpenAIResponsesWire(), nil, false)
        default: break
        }
        for version in ["v1beta", "v1"] {
            let prefix = "/\(version)/models/"
            guard request.path.hasPrefix(prefix) else { continue }
            let rest = request.path.dropFirst(prefix.count)
            guard let colon = rest.lastIndex(of: ":") else { return nil }
            let model = String(rest[..<colon]).removingPercentEncoding ?? String(rest[..<colon])
            let method = rest[rest.index(after: colon)...]
            let sse = request.query["alt"] == "sse"
            switch method {
            case "generateContent": return (GeminiWire(sse: sse, version: version), model, false)
            case "streamGenerateContent": return (GeminiWire(sse: sse, version: version), model, true)
            default: return nil
            }
        }
        return nil
    }

    private func streamPlan(_ wire: any WireFormat, _ ctx: RenderContext, fault: FaultKind?, close: Bool) -> ResponsePlan {
        let gen = ctx.generation
        var shift: Int64 = fault == .slowFirstByte ? config.faults.slowFirstByteNs : 0
        let closeAfter = close || fault == .truncate
        let gemini = wire as? GeminiWire
        let contentType = gemini.map { $0.sse ? "text/event-stream" : "application/json; charset=UTF-8" } ?? "text/event-stream; charset=utf-8"
        var headers = wire.headers(ctx, processingMs: gen.chunks.first.map { $0.offsetNs / 1_000_000 } ?? 0)
        headers.append(("content-type", contentType))
        headers.append(("cache-control", "no-cache"))
        var first = HTTPWire.head(status: 200, headers: headers, contentLength: nil, close: closeAfter)
        first += HTTPWire.chunk(wire.streamPreamble(ctx).joined())
        var steps = [PlanStep(offsetNs: shift, bytes: first)]
        let cut = min(config.faults.chunksBeforeFault, max(0, gen.chunks.count - 1))
        var sent = 0
        var tokens = 0
        var lastOffset = shift
        for (i, c) in gen.chunks.enumerated() {
            if i == cut, fault == .stall { shift += config.faults.stallNs }
            if i == cut, fault == .streamError || fault == .truncate { break }
            tokens += c.tokens
            lastOffset = max(lastOffset, c.offsetNs + shift)
            steps.append(PlanStep(offsetNs: lastOffset, bytes: HTTPWire.chunk(wire.streamContent(ctx, chunk: c, index: i, tokensSoFar: tokens, isLast: i == gen.chunks.count - 1))))
            sent += 1
        }
        switch fault {
        case .streamError:
            steps.append(PlanStep(offsetNs: lastOffset, bytes: HTTPWire.chunk(config.prettyErrors ? PrettyJSON.indentEvent(wire.streamErrorEvent(ctx, afterChunks: sent)) : wire.streamErrorEvent(ctx, afterChunks: sent)) + HTTPWire.lastChunk))
        case .truncate:
            steps.append(PlanStep(offsetNs: lastOffset, bytes: HTTPWire.lastChunk))
        default:
            steps.append(PlanStep(offsetNs: lastOffset, bytes: HTTPWire.chunk(wire.streamFinish(ctx).joined()) + HTTPWire.lastChunk))
        }
        return ResponsePlan(steps: steps, closeAfter: closeAfter)
    }

    private func bodyPlan(_ wire: any WireFormat, _ ctx: RenderContext, fault: FaultKind?, close: Bool) -> ResponsePlan {
        var offset = ctx.generation.totalNs
        if fault == .slowFirstByte { offset += config.faults.slowFirstByteNs }
        if fault == .stall { offset += config.faults.stallNs }
        var headers = wire.headers(ctx, processingMs: ctx.generation.totalNs / 1_000_000)
        headers.append(("content-type", "application/json"))
        var bytes = HTTPWire.full(status: 200, headers: headers, body: wire.body(ctx), close: close || fault == .truncate)
        if fault == .truncate {
            let body = Array(wire.body(ctx).utf8)
            bytes.removeLast(body.count - body.count / 2)
            return ResponsePlan(steps: [PlanStep(offsetNs: offset, bytes: bytes)], closeAfter: true)
        }
        return ResponsePlan(steps: [PlanStep(offsetNs: offset, bytes: bytes)], closeAfter: close)
    }

    private func simple(_ status: Int, _ headers: [(String, String)], _ body: String, close: Bool) -> ResponsePlan {
        stats.response(status: status)
        return ResponsePlan(steps: [PlanStep(offsetNs: 0, bytes: HTTPWire.full(status: status, headers: headers, body: body, close: close))], closeAfter: close)
    }

    private func error(_ wire: any WireFormat, _ failure: SimFailure, _ requestId: String, close: Bool,
                       extra: [(String, String)] = []) -> ResponsePlan {
        let (status, compact) = wire.errorResponse(failure, requestId: requestId)
        let body = config.prettyErrors ? PrettyJSON.indent(compact) + "\n" : compact
        var headers = wire.errorHeaders(requestId: requestId) + extra
        if failure == .rateLimited {
            if Self.isOpenAI(wire) { headers.append(("x-ratelimit-remaining-requests", "0")) }
            if wire is AnthropicWire { headers.append(("anthropic-ratelimit-requests-remaining", "0")) }
        }
        return simple(status, headers, body, close: close)
    }

    /// OpenAI's own formats (Chat Completions and Responses): its headers, quotas and caching.
    static func isOpenAI(_ wire: any WireFormat) -> Bool { wire is OpenAIWire || wire is OpenAIResponsesWire }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
