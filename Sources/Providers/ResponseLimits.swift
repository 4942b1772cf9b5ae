/// The documented limits on what one response may make llmbench hold or store. Untrusted bytes
/// past a limit end the attempt with a bounded error kind (or are cut, for stored text), never a
/// crash and never unbounded memory. JSON nesting is limited apart, by `JSONScanner.maxDepth`.
///
/// Memory per request is bounded by these: at most `maxHeaderBytes` of headers, one event of at
/// most `maxEventBytes` in the SSE parser, a non-streamed body of at most `maxBodyBytes`, and the
/// kept text (`maxStoredTextBytes` plus a little, for redaction at the cut). An endless stream of
/// small events is bounded in time by the request timeouts (`--timeout`, `--idle-timeout`), not here.
public enum ResponseLimits {
    /// Stored answer text (`RequestRecord.responseText`): 1 MiB of UTF-8. A longer answer is cut at
    /// a character boundary and its full length kept in `RequestRecord.responseBytes`.
    /// `llmbench run --max-response-text BYTES` sets another limit for one run.
    public static let maxStoredTextBytes = 1 << 20
    /// One server-sent event (its current line plus its data): 8 MiB, else `response_too_large`.
    public static let maxEventBytes = 8 << 20
    /// A non-streamed success body: 8 MiB, else `response_too_large`.
    public static let maxBodyBytes = 8 << 20
    /// The part of an HTTP error body that is read for the provider's message (64 KiB); the rest
    /// is not read, and the status decides the kind.
    public static let maxErrorBodyBytes = 64 << 10
    /// Every response header line together (status lines included): 128 KiB, else
    /// `headers_too_large`. libcurl refuses one line over 100 KB itself (`CURL_MAX_HTTP_HEADER`),
    /// which is recorded as `headers_too_large` too.
    public static let maxHeaderBytes = 128 << 10
    /// Stored short fields a server names (`provider_request_id`, `served_model`,
    /// `system_fingerprint`, `finish_reason`, each rate-limit header value): 256 bytes each.
    public static let maxShortFieldBytes = 256
    /// Rate-limit headers kept per response (the first ones seen).
    public static let maxRateLimitHeaders = 32
    /// A stored error message: 500 bytes.
    public static let maxErrorMessageBytes = 500
    /// The raw usage object kept when its counts cannot be trusted (`raw_usage`): 2 KB.
    public static let maxRawUsageBytes = 2048
    /// The most tokens one request may report for any count (10⁹); more is not trusted.
    public static let maxTokensPerRequest = 1_000_000_000
    /// Bytes of text kept past a cut, so a key straddling the cut is still found whole by redaction.
    static let redactionSlack = 512

    /// `bytes` cut to at most `max` bytes at a UTF-8 character boundary.
    static func truncateUTF8(_ bytes: [UInt8], max: Int) -> [UInt8] {
        guard bytes.count > max else { return bytes }
        var end = Swift.max(0, max)
        // Back off continuation bytes (10xxxxxx) so the cut never splits a character.
        while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return Array(bytes[0..<end])
    }

    /// `text` cut to at most `max` UTF-8 bytes at a character boundary.
    static func truncate(_ text: String, max: Int) -> String {
        if text.utf8.count <= max { return text }
        return String(decoding: truncateUTF8(Array(text.utf8), max: max), as: UTF8.self)
    }
}
