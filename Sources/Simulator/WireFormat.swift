import Foundation

/// A reason to answer with an API error instead of an answer; each format renders it in its own shape.
enum SimFailure: Error, Sendable, Equatable {
    /// No key was sent.
    case unauthorized
    /// The body is not a valid request of this format (the message says which field).
    case invalidRequest(String)
    /// No profile serves this model id.
    case modelNotFound(String)
    /// Injected `http_429`.
    case rateLimited
    /// Injected `overloaded`.
    case overloaded
    /// Injected `http_500` (or `stream_error` on a non-streamed request).
    case internalError
    /// A parameter the real API rejects for this model (400), naming the parameter and the API's
    /// error code where the format has them (OpenAI `param`, `code`).
    case invalidParameter(String, param: String, code: String)
}

/// What a format needs to render one answer.
struct RenderContext: Sendable {
    /// The response object's id (`chatcmpl-…`, `msg_…`, Gemini `responseId`).
    var id: String
    var requestId: String
    /// The model id as the client sent it, echoed back.
    var model: String
    /// Unix seconds.
    var created: Int
    var prompt: ChatPrompt
    var generation: Generation
    /// The profile that answered (what kind of reasoning it shows).
    var profile: LatencyProfile
    /// Remaining quota in the current minute, for the rate-limit headers.
    var remainingRequests: Int
    var remainingTokens: Int
}

/// One provider's wire format: request parsing, error bodies, headers, and the events of a stream.
/// Stream events are returned as the exact text to send (SSE `data:`/`event:` lines with their
/// blank line, or for Gemini's non-SSE stream the pieces of a JSON array).
protocol WireFormat: Sendable {
    /// Reads the request; `pathModel` is the model named in the URL (Gemini), if any.
    func parse(_ request: HTTPRequest, pathModel: String?) -> Result<ChatPrompt, SimFailure>
    /// The key the request carries, if any (only its presence matters).
    func apiKey(_ request: HTTPRequest) -> String?
    /// Extra requirements after auth (Anthropic's `anthropic-version`); nil when satisfied.
    func precondition(_ request: HTTPRequest) -> SimFailure?
    func errorResponse(_ failure: SimFailure, requestId: String) -> (status: Int, body: String)
    func headers(_ ctx: RenderContext, processingMs: Int64) -> [(String, String)]
    func errorHeaders(requestId: String) -> [(String, String)]
    func streamPreamble(_ ctx: RenderContext) -> [String]
    func streamContent(_ ctx: RenderContext, chunk: TimedChunk, index: Int, tokensSoFar: Int, isLast: Bool) -> String
    func streamFinish(_ ctx: RenderContext) -> [String]
    func streamErrorEvent(_ ctx: RenderContext, afterChunks: Int) -> String
    func body(_ ctx: RenderContext) -> String
    /// Parameters the real API rejects for this model (a non-default temperature with thinking, …),
    /// checked once the model's profile is known; nil when acceptable.
    func check(_ prompt: ChatPrompt, profile: LatencyProfile) -> SimFailure?
}

extension WireFormat {
    func check(_ prompt: ChatPrompt, profile: LatencyProfile) -> SimFailure? { nil }
}

/// Helpers for reading request JSON parsed by `JSONSerialization`.
enum RequestJSON {
    static func object(_ body: [UInt8]) -> [String: Any]? {
        guard !body.isEmpty, let v = try? JSONSerialization.jsonObject(with: Data(body)) else { return nil }
        return v as? [String: Any]
    }

    /// True when a `JSONSerialization` value came from JSON `true`/`false` (an NSNumber whose
    /// Objective-C type code is `c`; `is Bool` also holds for the numbers 0 and 1).
    static func isJSONBool(_ v: Any) -> Bool {
        guard let n = v as? NSNumber else { return false }
        return String(cString: n.objCType) == "c"
    }

    /// A JSON integer: a number with no fractional part (not a bool, not a string).
    static func int(_ v: Any?) -> Int? {
        guard let v, !isJSONBool(v), let n = v as? NSNumber else { return nil }
        let d = n.doubleValue
        guard d == d.rounded(), abs(d) < 1e15 else { return nil }
        return Int(d)
    }

    /// A JSON `true` or `false` (not the numbers 0 and 1).
    static func bool(_ v: Any?) -> Bool? {
        guard let v, isJSONBool(v) else { return nil }
        return (v as? NSNumber)?.boolValue
    }

    /// Text of a message `content`: a string, or an array of `{"type":"text","text":…}` blocks
    /// (other block types are ignored). Nil when it is neither.
    static func text(_ content: Any?) -> String? {
        if let s = content as? String { return s }
        if let blocks = content as? [Any] {
            var parts: [String] = []
            for b in blocks {
                guard let o = b as? [String: Any] else { return nil }
                if let t = o["text"] as? String { parts.append(t) }
            }
            return parts.joined(separator: "\n")
        }
        return nil
    }
}
