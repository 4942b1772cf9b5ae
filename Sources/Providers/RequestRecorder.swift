import Foundation
import LLMBenchCore

/// How the transport ended a transfer, before the response's content is judged.
public enum TransportOutcome: Sendable, Equatable {
    /// libcurl finished the transfer without a transport error.
    case completed
    /// A transport failure, already classified (connect, timeouts, connection lost).
    case failed(ErrorKind, String)
    /// Stopped by `cancelAll`.
    case cancelled
}

/// Turns one attempt's transport callbacks (header lines, body chunks, the end) into a
/// `RequestRecord`: a value-type state machine with no I/O, so recorded byte streams can be
/// replayed through it in tests. Times passed in are absolute monotonic nanoseconds; the record
/// holds them relative to `runStartNs`.
public struct RequestRecorder {
    public let format: any WireFormat.Type
    public let runStartNs: Int64
    /// Identity fields and `intendedStartNs`, filled by the caller.
    private var record: RequestRecord
    private let redactor: SecretRedactor
    private let estimatedInputTokens: Int
    private let streamRequested: Bool
    /// Stored answer text, bytes (`ResponseLimits.maxStoredTextBytes` unless `--max-response-text`).
    private let maxStoredTextBytes: Int
    /// Text kept while receiving: the stored limit plus room for redaction at the cut.
    private let keptTextBytes: Int
    /// How to count when the server sends no usage (the model's `count_tokens`).
    private let countTokens: CountTokens?
    /// The model is configured as reached through a router, or a response header said so (`x-litellm-*`).
    private let routerConfigured: Bool
    private var routerHeaderSeen = false

    public private(set) var acc: ResponseAccumulator
    private var sse = SSEParser()
    public private(set) var httpStatus: Int?
    private var contentType: String?
    private var contentEncoding: String?
    private var location: String?
    private var requestIdHeader: String?
    private var rateLimitHeaders: [String: String] = [:]
    /// nil until the first body byte decides it: SSE-decoded, or buffered and decoded at the end.
    private var bodyIsSSE: Bool?
    private var buffered: [UInt8] = []
    private var bodyByteCount = 0
    private var decodeError: String?
    /// Why the recorder stopped the transfer itself (a limit, an encoding): this decides the kind.
    private var abort: (kind: ErrorKind, message: String)?
    public private(set) var sawFirstByte = false
    /// Header bytes received so far, every block (1xx, final) counted.
    private var headerByteCount = 0
    /// The blank line ending the final header block arrived.
    public private(set) var headersComplete = false

    /// Largest non-streamed success body read, in bytes (`ResponseLimits.maxBodyBytes`).
    static let maxBufferedBytes = ResponseLimits.maxBodyBytes

    public init(skeleton: RequestRecord, format: any WireFormat.Type, stream: Bool, runStartNs: Int64,
                secrets: [String], estimatedInputTokens: Int,
                maxStoredTextBytes: Int = ResponseLimits.maxStoredTextBytes,
                countTokens: CountTokens? = nil, router: Bool = false) {
        self.init(skeleton: skeleton, format: format, stream: stream, runStartNs: runStartNs,
                  redactor: SecretRedactor(secrets: secrets), estimatedInputTokens: estimatedInputTokens,
                  maxStoredTextBytes: maxStoredTextBytes, countTokens: countTokens, router: router)
    }

    /// The same, with the redactor of the request's secrets already built (the client reuses one).
    public init(skeleton: RequestRecord, format: any WireFormat.Type, stream: Bool, runStartNs: Int64,
                redactor: SecretRedactor, estimatedInputTokens: Int,
                maxStoredTextBytes: Int = ResponseLimits.maxStoredTextBytes,
                countTokens: CountTokens? = nil, router: Bool = false) {
        self.countTokens = countTokens
        self.routerConfigured = router
        self.maxStoredTextBytes = max(1, maxStoredTextBytes)
        self.keptTextBytes = self.maxStoredTextBytes + ResponseLimits.redactionSlack
        self.record = skeleton
        self.format = format
        self.streamRequested = stream
        self.runStartNs = runStartNs
        self.redactor = redactor
        self.estimatedInputTokens = estimatedInputTokens
        self.acc = ResponseAccumulator(streaming: stream)
    }

    /// The request was handed to the transport at `ns`.
    public mutating func markSent(atNs ns: Int64) {
        record.sentNs = ns - runStartNs
    }

    private mutating func noteByte(_ ns: Int64) {
        if !sawFirstByte { sawFirstByte = true; record.firstByteNs = ns - runStartNs }
    }

    /// One response header line as libcurl delivers it (CRLF included). Returns false when the
    /// headers passed `ResponseLimits.maxHeaderBytes` and the transfer should be stopped.
    @discardableResult
    public mutating func headerLine(_ raw: UnsafeRawBufferPointer, atNs ns: Int64) -> Bool {
        noteByte(ns)
        headerByteCount += raw.count
        if headerByteCount > ResponseLimits.maxHeaderBytes {
            if abort == nil {
                abort = (.headersTooLarge, "the response headers passed \(ResponseLimits.maxHeaderBytes >> 10) KiB")
            }
            return false
        }
        var n = raw.count
        while n > 0, raw[n - 1] == 0x0A || raw[n - 1] == 0x0D { n -= 1 }
        if n == 0 {
            // The end of a block; a 1xx block is followed by another.
            if let s = httpStatus, s >= 200 { headersComplete = true }
            return true
        }
        let line = UnsafeRawBufferPointer(rebasing: raw[0..<n])
        if n >= 5, JSONScanner.Key(raw: UnsafeRawBufferPointer(rebasing: line[0..<5])).equals("HTTP/") {
            // A new status line starts a new header block (after 1xx).
            httpStatus = Self.parseStatus(line)
            contentType = nil; contentEncoding = nil; location = nil; requestIdHeader = nil; rateLimitHeaders = [:]
            routerHeaderSeen = false
            return true
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon <= 64 else { return true }
        let first = line[0] | 0x20
        guard first == UInt8(ascii: "x") || first == UInt8(ascii: "a") || first == UInt8(ascii: "r")
              || first == UInt8(ascii: "c") || first == UInt8(ascii: "l") else { return true }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<colon]), as: UTF8.self).lowercased()
        // LiteLLM's proxy sends x-litellm-call-id, -model-id, -response-cost, -version, … on every response
        // (docs.litellm.ai "Response Headers").
        if name.hasPrefix("x-litellm-") { routerHeaderSeen = true }
        var v = colon + 1
        while v < n, line[v] == 0x20 || line[v] == 0x09 { v += 1 }
        func value() -> String { String(decoding: UnsafeRawBufferPointer(rebasing: line[v..<n]), as: UTF8.self) }
        if name.hasPrefix("x-ratelimit-") || name.hasPrefix("anthropic-ratelimit-") || name.hasPrefix("retry-after")
            || name == RequestRecord.simulatorHeader {
            if rateLimitHeaders.count < ResponseLimits.maxRateLimitHeaders || rateLimitHeaders[name] != nil {
                rateLimitHeaders[name] = value()
            }
        } else if name == "x-request-id" || name == "request-id" || name == "x-goog-request-id" {
            if requestIdHeader == nil { requestIdHeader = value() }
        } else if name == "content-type" {
            contentType = value().lowercased()
        } else if name == "content-encoding" {
            let v = value().lowercased().trimmingCharacters(in: .whitespaces)
            if !v.isEmpty && v != "identity" { contentEncoding = v }
        } else if name == "location" {
            location = value()
        }
        return true
    }

    static func parseStatus(_ line: UnsafeRawBufferPointer) -> Int? {
        guard let sp = line.firstIndex(of: 0x20) else { return nil }
        var i = sp + 1, code = 0, digits = 0
        while i < line.count, digits < 3, line[i] >= 0x30, line[i] <= 0x39 {
            code = code * 10 + Int(line[i] - 0x30); digits += 1; i += 1
        }
        return digits == 3 ? code : nil
    }

    /// Whether `needle` occurs in `haystack`, byte for byte (Foundation's `contains` bridged to
    /// NSString and allocated twice per response).
    static func contains(_ haystack: String, _ needle: StaticString) -> Bool {
        var h = haystack
        return h.withUTF8 { h in
            let n = needle.utf8CodeUnitCount
            guard n > 0, n <= h.count, let base = h.baseAddress else { return n == 0 }
            for i in 0...(h.count - n) where memcmp(base + i, needle.utf8Start, n) == 0 { return true }
            return false
        }
    }

    private var isSuccessStatus: Bool { httpStatus.map { (200..<300).contains($0) } ?? true }

    /// One body chunk that arrived at `ns`. Returns false when the body cannot be decoded and the
    /// transfer should be stopped (the record will say `protocol`).
    public mutating func body(_ bytes: UnsafeRawBufferPointer, atNs ns: Int64) -> Bool {
        noteByte(ns)
        if abort != nil { return false }
        bodyByteCount += bytes.count
        if bodyIsSSE == nil {
            if let enc = contentEncoding, isSuccessStatus {
                // llmbench sends no Accept-Encoding, so libcurl hands over the encoded bytes as they are.
                abort = (.badEncoding, "the body is \(redactor.redact(enc, max: 64))-encoded, and no encoding was asked for")
                return false
            }
            bodyIsSSE = streamRequested && isSuccessStatus && (contentType.map { Self.contains($0, "event-stream") } ?? true)
        }
        guard bodyIsSSE == true else {
            // An encoded error body is not read: its bytes would only make a garbled message.
            if contentEncoding != nil { return true }
            let limit = isSuccessStatus ? ResponseLimits.maxBodyBytes : ResponseLimits.maxErrorBodyBytes
            if buffered.count + bytes.count > limit {
                if isSuccessStatus {
                    abort = (.responseTooLarge, "the response body passed \(limit >> 20) MiB")
                    return false
                }
                // An error body: its start holds the message; the status decides the kind.
                buffered.append(contentsOf: bytes.prefix(max(0, limit - buffered.count)))
                return false
            }
            buffered.append(contentsOf: bytes)
            return true
        }
        acc.beginChunk(atNs: ns - runStartNs)
        do {
            try Self.drain(&sse, &acc, bytes, format, keep: keptTextBytes)
        } catch {
            decodeError = "\(error)"
            return false
        }
        if sse.overflowed {
            abort = (.responseTooLarge, "a server-sent event passed \(sse.maxEventBytes >> 20) MiB")
            return false
        }
        return true
    }

    /// Runs every event completed by `bytes` through the wire format.
    private static func drain(_ sse: inout SSEParser, _ acc: inout ResponseAccumulator,
                              _ bytes: UnsafeRawBufferPointer, _ format: any WireFormat.Type, keep: Int) throws {
        var offset = 0
        while sse.next(bytes, from: &offset) {
            acc.beginEvent()
            try sse.withEvent { name, data in try format.decodeEvent(name: name, data: data, into: &acc) }
            acc.bound(keep: keep)
        }
    }

    /// Ends the attempt at `ns` and returns its record.
    public mutating func finish(_ outcome: TransportOutcome, atNs ns: Int64, phases: TransferPhases) -> RequestRecord {
        var r = record
        r.doneNs = ns - runStartNs
        r.phases = phases
        r.httpStatus = httpStatus

        if bodyIsSSE == false, isSuccessStatus, outcome == .completed, decodeError == nil, abort == nil {
            let body = buffered
            do {
                try body.withUnsafeBytes { try format.decodeBody($0, into: &acc) }
            } catch {
                decodeError = "\(error)"
            }
            acc.bound(keep: keptTextBytes)
        }

        var kind: ErrorKind?
        var message: String?
        if outcome == .cancelled {
            kind = .cancelled; message = "cancelled before the response finished"
        } else if let a = abort {
            kind = a.kind; message = a.message
        } else if let status = httpStatus, let k = ErrorKind.forHTTPStatus(status) {
            if k == .redirect {
                message = "HTTP \(status): redirects are not followed" + (location.map { " (Location: \($0))" } ?? "")
                kind = k
            } else {
                let e = buffered.withUnsafeBytes { ProviderErrorBody.parse($0) }
                // 503 is how OpenAI ("engine overloaded", "Slow Down") and Gemini (`UNAVAILABLE`: "temporarily
                // overloaded or down") say what Anthropic says with 529, so it counts as `overloaded`.
                kind = e.kind(fallback: status == 503 ? .overloaded : k)
                message = "HTTP \(status): " + (contentEncoding.map { "(a \($0)-encoded body, not read)" } ?? e.summary)
            }
        } else if let d = decodeError {
            kind = .protocol; message = "could not decode the response: \(d)"
        } else if let e = acc.streamError {
            kind = e.kind; message = e.message
        } else if case let .failed(k, m) = outcome {
            kind = k; message = m
        } else if bodyIsSSE == true || (bodyIsSSE == nil && streamRequested) {
            if !acc.terminated {
                if bodyIsSSE == true && sse.eventCount == 0 && bodyByteCount > 0 {
                    kind = .protocol; message = "the body (\(bodyByteCount) bytes) held no server-sent event"
                } else {
                    kind = .streamTruncated; message = "the stream ended without its terminator"
                }
            }
        } else if bodyIsSSE == nil {
            kind = .protocol; message = "the response had no body"
        }

        r.status = kind == nil ? .ok : (kind == .cancelled ? .cancelled : .error)
        r.errorKind = kind
        r.errorMessage = message.map { redactor.redact($0, max: ResponseLimits.maxErrorMessageBytes) }

        r.firstTokenNs = acc.firstTokenNs
        r.firstOutputNs = acc.firstOutputNs
        r.lastTokenNs = acc.lastTokenNs
        r.chunkArrivalsNs = acc.chunkArrivalsNs
        // Redacted before it is cut, so a key at the cut cannot survive in part.
        let redacted = redactor.redact(acc.output)
        let text = ResponseLimits.truncateUTF8(redacted, max: maxStoredTextBytes)
        r.responseText = String(decoding: text, as: UTF8.self)
        r.responseBytes = acc.outputDropped > 0 || text.count < redacted.count ? Int64(acc.outputByteCount) : nil
        func short(_ v: String?) -> String? { v.map { redactor.redact($0, max: ResponseLimits.maxShortFieldBytes) } }
        r.finishReason = short(acc.finishReason)
        r.providerRequestId = short(requestIdHeader ?? acc.responseId)
        r.systemFingerprint = short(acc.systemFingerprint)
        r.servedModel = short(acc.servedModel)
        var headers: [String: String] = [:]
        for (name, value) in rateLimitHeaders {
            headers[redactor.redact(name, max: 64)] = redactor.redact(value, max: ResponseLimits.maxShortFieldBytes)
        }
        r.rateLimitHeaders = headers

        switch format.checkedUsage(acc) {
        case .valid(var u):
            // A router's usage cannot be told from the backend's (LiteLLM makes one up when the backend sends none).
            if u.source == .server && (routerConfigured || routerHeaderSeen) { u.source = .router }
            r.usage = u
        case .invalid(let raw):
            r.usage = nil
            let kept = ResponseLimits.truncateUTF8(redactor.redact(raw), max: ResponseLimits.maxRawUsageBytes)
            r.invalidUsageJSON = String(decoding: kept, as: UTF8.self)
        case .absent:
            if httpStatus.map({ (200..<300).contains($0) }) == true {
                // Estimated from the text; a cut text is scaled up to its full length.
                func estimate(_ kept: [UInt8], full: Int) -> Int {
                    guard !kept.isEmpty else { return 0 }
                    let t = TokenEstimate.tokens(in: String(decoding: kept, as: UTF8.self))
                    return full > kept.count ? Int((Double(t) * Double(full) / Double(kept.count)).rounded()) : t
                }
                let reasoning = estimate(acc.reasoning, full: acc.reasoningByteCount)
                r.usage = Usage(inputTokens: estimatedInputTokens,
                                outputTokens: estimate(acc.output, full: acc.outputByteCount) + reasoning,
                                reasoningTokens: reasoning, source: countTokens == .o200k ? .o200k : .estimated)
                if countTokens == .chunks, bodyIsSSE == true {
                    // One token per streamed event that carried text: exact for servers that stream so.
                    r.usage = Usage(inputTokens: estimatedInputTokens, outputTokens: acc.tokenEventCount,
                                    reasoningTokens: min(acc.reasoningEventCount, acc.tokenEventCount), source: .chunks)
                }
            }
        }
        return r
    }
}
