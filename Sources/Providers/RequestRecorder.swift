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
    private let secrets: [String]
    private let estimatedInputTokens: Int
    private let streamRequested: Bool

    public private(set) var acc: ResponseAccumulator
    private var sse = SSEParser()
    public private(set) var httpStatus: Int?
    private var contentType: String?
    private var requestIdHeader: String?
    private var rateLimitHeaders: [String: String] = [:]
    /// nil until the first body byte decides it: SSE-decoded, or buffered and decoded at the end.
    private var bodyIsSSE: Bool?
    private var buffered: [UInt8] = []
    private var decodeError: String?
    public private(set) var sawFirstByte = false

    /// Largest error or non-streamed body kept, in bytes.
    static let maxBufferedBytes = 32 << 20

    public init(skeleton: RequestRecord, format: any WireFormat.Type, stream: Bool, runStartNs: Int64,
                secrets: [String], estimatedInputTokens: Int) {
        self.record = skeleton
        self.format = format
        self.streamRequested = stream
        self.runStartNs = runStartNs
        self.secrets = secrets
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

    /// One response header line as libcurl delivers it (CRLF included).
    public mutating func headerLine(_ raw: UnsafeRawBufferPointer, atNs ns: Int64) {
        noteByte(ns)
        var n = raw.count
        while n > 0, raw[n - 1] == 0x0A || raw[n - 1] == 0x0D { n -= 1 }
        if n == 0 { return }
        let line = UnsafeRawBufferPointer(rebasing: raw[0..<n])
        if n >= 5, JSONScanner.Key(raw: UnsafeRawBufferPointer(rebasing: line[0..<5])).equals("HTTP/") {
            // A new status line starts a new header block (after 1xx or a redirect).
            httpStatus = Self.parseStatus(line)
            contentType = nil; requestIdHeader = nil; rateLimitHeaders = [:]
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon <= 64 else { return }
        let first = line[0] | 0x20
        guard first == UInt8(ascii: "x") || first == UInt8(ascii: "a") || first == UInt8(ascii: "r")
              || first == UInt8(ascii: "c") else { return }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<colon]), as: UTF8.self).lowercased()
        var v = colon + 1
        while v < n, line[v] == 0x20 || line[v] == 0x09 { v += 1 }
        func value() -> String { String(decoding: UnsafeRawBufferPointer(rebasing: line[v..<n]), as: UTF8.self) }
        if name.hasPrefix("x-ratelimit-") || name.hasPrefix("anthropic-ratelimit-") || name.hasPrefix("retry-after")
            || name == "x-llmbench-simulator" {
            rateLimitHeaders[name] = value()
        } else if name == "x-request-id" || name == "request-id" || name == "x-goog-request-id" {
            if requestIdHeader == nil { requestIdHeader = value() }
        } else if name == "content-type" {
            contentType = value().lowercased()
        }
    }

    static func parseStatus(_ line: UnsafeRawBufferPointer) -> Int? {
        guard let sp = line.firstIndex(of: 0x20) else { return nil }
        var i = sp + 1, code = 0, digits = 0
        while i < line.count, digits < 3, line[i] >= 0x30, line[i] <= 0x39 {
            code = code * 10 + Int(line[i] - 0x30); digits += 1; i += 1
        }
        return digits == 3 ? code : nil
    }

    private var isSuccessStatus: Bool { httpStatus.map { (200..<300).contains($0) } ?? true }

    /// One body chunk that arrived at `ns`. Returns false when the body cannot be decoded and the
    /// transfer should be stopped (the record will say `protocol`).
    public mutating func body(_ bytes: UnsafeRawBufferPointer, atNs ns: Int64) -> Bool {
        noteByte(ns)
        if bodyIsSSE == nil {
            bodyIsSSE = streamRequested && isSuccessStatus && (contentType.map { $0.contains("event-stream") } ?? true)
        }
        guard bodyIsSSE == true else {
            if buffered.count + bytes.count <= Self.maxBufferedBytes { buffered.append(contentsOf: bytes) }
            return true
        }
        acc.beginChunk(atNs: ns - runStartNs)
        do {
            try Self.drain(&sse, &acc, bytes, format)
            return true
        } catch {
            decodeError = "\(error)"
            return false
        }
    }

    /// Runs every event completed by `bytes` through the wire format.
    private static func drain(_ sse: inout SSEParser, _ acc: inout ResponseAccumulator,
                              _ bytes: UnsafeRawBufferPointer, _ format: any WireFormat.Type) throws {
        var offset = 0
        while sse.next(bytes, from: &offset) {
            try sse.eventName.withUnsafeBytes { name in
                try sse.data.withUnsafeBytes { data in
                    try format.decodeEvent(name: name, data: data, into: &acc)
                }
            }
        }
    }

    /// Ends the attempt at `ns` and returns its record.
    public mutating func finish(_ outcome: TransportOutcome, atNs ns: Int64, phases: TransferPhases) -> RequestRecord {
        var r = record
        r.doneNs = ns - runStartNs
        r.phases = phases
        r.httpStatus = httpStatus

        if bodyIsSSE == false, isSuccessStatus, outcome == .completed, decodeError == nil {
            let body = buffered
            do {
                try body.withUnsafeBytes { try format.decodeBody($0, into: &acc) }
            } catch {
                decodeError = "\(error)"
            }
        }

        var kind: ErrorKind?
        var message: String?
        if outcome == .cancelled {
            kind = .cancelled; message = "cancelled before the response finished"
        } else if let status = httpStatus, let k = ErrorKind.forHTTPStatus(status) {
            let e = buffered.withUnsafeBytes { ProviderErrorBody.parse($0) }
            // 503 is how OpenAI ("engine overloaded", "Slow Down") and Gemini (`UNAVAILABLE`: "temporarily
            // overloaded or down") say what Anthropic says with 529, so it counts as `overloaded`.
            kind = e.kind(fallback: status == 503 ? .overloaded : k)
            message = "HTTP \(status): \(e.summary)"
        } else if let d = decodeError {
            kind = .protocol; message = "could not decode the response: \(d)"
        } else if let e = acc.streamError {
            kind = e.kind; message = e.message
        } else if case let .failed(k, m) = outcome {
            kind = k; message = m
        } else if bodyIsSSE == true || (bodyIsSSE == nil && streamRequested) {
            if !acc.terminated {
                kind = .streamTruncated; message = "the stream ended without its terminator"
            }
        } else if bodyIsSSE == nil {
            kind = .protocol; message = "the response had no body"
        }

        r.status = kind == nil ? .ok : (kind == .cancelled ? .cancelled : .error)
        r.errorKind = kind
        r.errorMessage = message.map(redact)

        r.firstTokenNs = acc.firstTokenNs
        r.firstOutputNs = acc.firstOutputNs
        r.lastTokenNs = acc.lastTokenNs
        r.chunkArrivalsNs = acc.chunkArrivalsNs
        r.responseText = String(decoding: acc.output, as: UTF8.self)
        r.finishReason = acc.finishReason
        r.providerRequestId = requestIdHeader ?? acc.responseId
        r.systemFingerprint = acc.systemFingerprint
        r.servedModel = acc.servedModel
        r.rateLimitHeaders = rateLimitHeaders

        if let u = format.serverUsage(acc) {
            r.usage = u
        } else if httpStatus.map({ (200..<300).contains($0) }) == true {
            let reasoning = acc.reasoning.isEmpty ? 0 : TokenEstimate.tokens(in: String(decoding: acc.reasoning, as: UTF8.self))
            r.usage = Usage(inputTokens: estimatedInputTokens,
                            outputTokens: TokenEstimate.tokens(in: r.responseText) + reasoning,
                            reasoningTokens: reasoning, source: .estimated)
        }
        return r
    }

    /// `text` with every secret replaced, so no key can leak through a provider's echo.
    private func redact(_ text: String) -> String {
        var t = text
        for s in secrets where s.count >= 4 { t = t.replacingOccurrences(of: s, with: "[redacted]") }
        return t
    }
}
