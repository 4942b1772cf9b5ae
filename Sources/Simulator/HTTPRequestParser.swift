/// One parsed HTTP/1.1 request. Header names are lowercased; the body is the Content-Length bytes.
struct HTTPRequest: Sendable {
    var method: String
    /// The request target as sent (`/v1/models/x:generateContent?alt=sse`).
    var target: String
    /// The target without its query, percent-decoding not applied.
    var path: String
    /// Query parameters, percent-decoded (`+` is left as is).
    var query: [String: String]
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// HTTP/1.1 default, unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    var keepAlive: Bool

    /// The first value of a header, by lowercased name.
    func header(_ name: String) -> String? {
        for h in headers where h.name == name { return h.value }
        return nil
    }
}

/// An incremental HTTP/1.1 request parser (RFC 9112): a value-type state machine fed the
/// connection's buffered bytes, which returns what the owner should do next. Bodies are framed by
/// `Content-Length` only; a chunked request body is refused with 411 (this server never needs one).
struct HTTPRequestParser: Sendable {
    enum Outcome: Sendable {
        /// Not a whole request yet; read more.
        case needMore
        /// The client sent `Expect: 100-continue`; answer `100 Continue` once, then read more.
        case sendContinue
        /// A whole request, which used `consumed` bytes of the buffer.
        case request(HTTPRequest, consumed: Int)
        /// The bytes are not an acceptable request: answer `status` and close the connection.
        case reject(status: Int, message: String)
    }

    /// Largest request line plus headers accepted, bytes (431 beyond it).
    var maxHeaderBytes = 32 * 1024
    /// Largest body accepted, bytes (413 beyond it).
    var maxBodyBytes = 8 * 1024 * 1024

    private var pending: (request: HTTPRequest, bodyStart: Int, length: Int)?
    private var continueSent = false

    /// Parses `buffer[start...]`; call again with the same start after more bytes arrive.
    mutating func parse(_ buffer: [UInt8], from start: Int) -> Outcome {
        if pending == nil {
            guard let headEnd = Self.findHeadEnd(buffer, from: start) else {
                if buffer.count - start > maxHeaderBytes { return .reject(status: 431, message: "request header fields are larger than \(maxHeaderBytes) bytes") }
                return .needMore
            }
            if headEnd.end - start > maxHeaderBytes { return .reject(status: 431, message: "request header fields are larger than \(maxHeaderBytes) bytes") }
            switch Self.parseHead(buffer[start..<headEnd.headerEnd]) {
            case .failure(let e): return .reject(status: e.status, message: e.message)
            case .success(let (request, length)):
                if length > maxBodyBytes { return .reject(status: 413, message: "request body of \(length) bytes is larger than \(maxBodyBytes) bytes") }
                pending = (request, headEnd.end, length)
                continueSent = false
            }
        }
        guard let p = pending else { return .needMore }
        let available = buffer.count - p.bodyStart
        if available < p.length {
            if !continueSent, p.request.header("expect")?.lowercased() == "100-continue" {
                continueSent = true
                return .sendContinue
            }
            return .needMore
        }
        var request = p.request
        request.body = Array(buffer[p.bodyStart..<(p.bodyStart + p.length)])
        pending = nil
        return .request(request, consumed: p.bodyStart + p.length - start)
    }

    /// Finds the blank line ending the head: `\r\n\r\n`, or a bare `\n\n` (RFC 9112 §2.2 lets a
    /// recipient accept a bare LF as a line terminator).
    static func findHeadEnd(_ b: [UInt8], from start: Int) -> (headerEnd: Int, end: Int)? {
        var i = start
        while i < b.count {
            if b[i] == 10 {
                if i + 1 < b.count, b[i + 1] == 10 { return (i, i + 2) }
                if i + 2 < b.count, b[i + 1] == 13, b[i + 2] == 10 { return (i, i + 3) }
            }
            i += 1
        }
        return nil
    }

    struct HeadError: Error { var status: Int; var message: String }

    /// Parses the request line and header fields; returns the request (empty body) and its body length.
    static func parseHead(_ head: ArraySlice<UInt8>) -> Result<(HTTPRequest, Int), HeadError> {
        // Split at LF bytes (a String would treat CRLF as one Character), dropping a trailing CR.
        var lines: [Substring] = []
        for raw in head.split(separator: 10, omittingEmptySubsequences: false) {
            let bytes = raw.last == 13 ? raw.dropLast() : raw
            guard let line = String(validating: bytes, as: UTF8.self) else {
                return .failure(HeadError(status: 400, message: "request head is not valid UTF-8"))
            }
            lines.append(Substring(line))
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let requestLine = lines.first else { return .failure(HeadError(status: 400, message: "empty request line")) }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[1].hasPrefix("/") || parts[1] == "*",
              parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0",
              parts[0].allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return .failure(HeadError(status: 400, message: "malformed request line"))
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                return .failure(HeadError(status: 400, message: "malformed header field"))
            }
            let name = line[..<colon]
            if name.contains(where: { $0 == " " || $0 == "\t" }) {
                return .failure(HeadError(status: 400, message: "whitespace in a header field name"))
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((name.lowercased(), value))
        }
        let http10 = parts[2] == "HTTP/1.0"
        var request = HTTPRequest(method: String(parts[0]), target: String(parts[1]), path: "", query: [:],
                                  headers: headers, body: [], keepAlive: !http10)
        if let conn = request.header("connection")?.lowercased() {
            if conn.contains("close") { request.keepAlive = false } else if conn.contains("keep-alive") { request.keepAlive = true }
        }
        if let te = request.header("transfer-encoding") {
            return .failure(HeadError(status: 411, message: "Transfer-Encoding \"\(te.prefix(32))\" request bodies are not accepted; send Content-Length"))
        }
        var length = 0
        let lengths = headers.filter { $0.name == "content-length" }.map(\.value)
        if let first = lengths.first {
            guard lengths.allSatisfy({ $0 == first }), let n = Int(first), n >= 0, first.allSatisfy(\.isASCII) else {
                return .failure(HeadError(status: 400, message: "invalid Content-Length"))
            }
            length = n
        }
        let (path, query) = splitTarget(request.target)
        request.path = path
        request.query = query
        return .success((request, length))
    }

    static func splitTarget(_ target: String) -> (String, [String: String]) {
        guard let q = target.firstIndex(of: "?") else { return (target, [:]) }
        var query: [String: String] = [:]
        for pair in target[target.index(after: q)...].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(kv[0]).removingPercentEncoding ?? String(kv[0])
            let value = kv.count > 1 ? (String(kv[1]).removingPercentEncoding ?? String(kv[1])) : ""
            if query[key] == nil { query[key] = value }
        }
        return (String(target[..<q]), query)
    }
}
