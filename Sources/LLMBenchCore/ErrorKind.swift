/// The bounded set of ways a request can fail. Each raw value is what the `requests.error_kind`
/// column holds and what reports count; the README lists them in one table.
public enum ErrorKind: String, Sendable, Codable, CaseIterable {
    /// Could not open a connection (refused, unreachable, DNS).
    case connect
    /// A timeout whose phase is unknown.
    case timeout
    /// No connection within the connect timeout.
    case timeoutConnect = "timeout_connect"
    /// Connected, but no response byte within the first-byte timeout.
    case timeoutFirstByte = "timeout_first_byte"
    /// Streaming, but no byte for longer than the idle timeout.
    case timeoutIdle = "timeout_idle"
    /// The whole request took longer than the total timeout.
    case timeoutTotal = "timeout_total"
    /// 401/403: missing or rejected credentials.
    case auth
    /// 429: rate limited.
    case http429 = "http_429"
    /// Any other 4xx.
    case http4xx = "http_4xx"
    /// 529, or an `overloaded_error` (HTTP or mid-stream event).
    case overloaded
    /// Any other 5xx.
    case http5xx = "http_5xx"
    /// A failure sent as an event inside a 200 stream (other than overload).
    case streamError = "stream_error"
    /// The stream ended without its terminator (`[DONE]`, `message_stop`, Gemini `finishReason`).
    case streamTruncated = "stream_truncated"
    /// The response could not be parsed as the wire format says (malformed or too deeply nested
    /// JSON, a body that is not an event stream, an answer that is not HTTP at all).
    case `protocol`
    /// A 3xx answer: llmbench never follows a redirect (the key would travel to another host).
    case redirect
    /// The body came with a `Content-Encoding` llmbench did not ask for (it sends no `Accept-Encoding`).
    case badEncoding = "bad_encoding"
    /// The response headers passed `ResponseLimits.maxHeaderBytes` (or libcurl's own line limit).
    case headersTooLarge = "headers_too_large"
    /// The body passed a size limit: one server-sent event over `ResponseLimits.maxEventBytes`, or a
    /// non-streamed body over `ResponseLimits.maxBodyBytes`.
    case responseTooLarge = "response_too_large"
    /// Stopped by the user (SIGINT) or a spending cap before it finished.
    case cancelled

    /// Classifies an HTTP error status.
    public static func forHTTPStatus(_ status: Int) -> ErrorKind? {
        switch status {
        case 200..<300: return nil
        case 300..<400: return .redirect
        case 401, 403: return .auth
        case 429: return .http429
        case 503, 529: return .overloaded
        case 400..<500: return .http4xx
        default: return .http5xx
        }
    }
}

/// Outcome of one attempt.
public enum RequestStatus: String, Sendable, Codable {
    case ok
    case error
    case cancelled
    /// Planned but never sent: the run stopped (duration, interrupt, spending cap) before this
    /// request's turn. Counted as planned and `not_sent`, never in latency, error-rate or cost figures.
    case notSent = "not_sent"
}

/// Where token counts came from.
public enum TokenSource: String, Sendable, Codable, CaseIterable {
    /// The provider's `usage` / `usageMetadata`.
    case server
    /// Counted locally: with the model's own tokenizer where llmbench has it (o200k_base for gpt-4o and
    /// later, cl100k_base for gpt-4 and gpt-3.5), o200k_base as the stated proxy otherwise (the prompt
    /// before the run, the answer after it, `RunTokenCounting`).
    case estimated
    /// The server sent no usage and the model's config says `"count_tokens": "chunks"`: output tokens
    /// are the streamed events that carried text (exact for a server that streams one token per event),
    /// input tokens the prompt counted as for `estimated`.
    case chunks
    /// The server sent no usage and the model's config says `"count_tokens": "o200k"`: input and output
    /// counted in o200k_base, the stated proxy, whatever the model's own tokenizer.
    case o200k
    /// Usage that came through a router (`"router": true` in config, or `x-litellm-*` response headers):
    /// LiteLLM makes up a usage object when the backend sends none, so these counts may be the router's
    /// estimate rather than the backend's. Priced like `server`.
    case router
    /// The server sent usage that cannot be trusted (negative, fractional, absurdly large or
    /// inconsistent counts): the token columns stay NULL, the raw usage is kept in `raw_usage`, and
    /// the row is not priced. Only ever a row's `tokens_source`, never a `Usage.source`.
    case invalid

    /// Whether the counts came from the other end of the connection (`server`, `router`): what is priced
    /// without `--price-estimates` and what the spending guard trusts.
    public var isReported: Bool { self == .server || self == .router }

    /// Whether llmbench counted the tokens itself (`estimated`, `chunks`, `o200k`).
    public var isLocalCount: Bool { self == .estimated || self == .chunks || self == .o200k }
}
