import Foundation
import Glibc

/// A tiny blocking HTTP/1.1 client over one TCP connection to 127.0.0.1, for tests only: it sends
/// raw requests and reads responses (Content-Length, chunked, or until close), keeping the chunk
/// arrival times of a chunked body.
final class TestHTTPClient {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
        /// Whether a chunked body ended with its last (zero) chunk.
        var complete: Bool
        /// The server closed the connection after this response.
        var closed: Bool
        /// Seconds from the request's send to each body chunk's arrival.
        var chunkTimes: [Double]

        func header(_ name: String) -> String? { headers[name.lowercased()] }
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }
    }

    struct ClientError: Error, CustomStringConvertible { var description: String }

    private let fd: Int32
    var fileDescriptor: Int32 { fd }
    private var buffer: [UInt8] = []
    private var eof = false
    private var sentAt = Date()

    init(port: UInt16, ipv6: Bool = false, timeoutSeconds: Int = 15) throws {
        fd = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError(description: "socket failed") }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let rc: Int32
        if ipv6 {
            var addr = sockaddr_in6()
            addr.sin6_family = sa_family_t(AF_INET6)
            addr.sin6_port = port.bigEndian
            inet_pton(AF_INET6, "::1", &addr.sin6_addr)
            rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        } else {
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = port.bigEndian
            inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
            rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        guard rc == 0 else { Glibc.close(fd); throw ClientError(description: "connect failed: errno \(errno)") }
    }

    deinit { Glibc.close(fd) }

    func sendRaw(_ bytes: [UInt8]) throws {
        sentAt = Date()
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + off, bytes.count - off, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw ClientError(description: "send failed: errno \(errno)") }
            off += n
        }
    }

    func sendRaw(_ text: String) throws { try sendRaw(Array(text.utf8)) }

    /// Sends a request with a JSON body and `Content-Length`.
    func send(_ method: String, _ path: String, headers: [String: String] = [:], body: String? = nil) throws {
        var head = "\(method) \(path) HTTP/1.1\r\nhost: 127.0.0.1\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        if let body { head += "content-type: application/json\r\ncontent-length: \(body.utf8.count)\r\n" }
        head += "\r\n"
        try sendRaw(Array(head.utf8) + Array((body ?? "").utf8))
    }

    func request(_ method: String, _ path: String, headers: [String: String] = [:], body: String? = nil) throws -> Response {
        try send(method, path, headers: headers, body: body)
        return try readResponse()
    }

    private func fill() throws {
        var tmp = [UInt8](repeating: 0, count: 65536)
        let n = tmp.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 { buffer += tmp[0..<n]; return }
        if n == 0 { eof = true; return }
        throw ClientError(description: "recv failed or timed out: errno \(errno)")
    }

    private func readLine() throws -> String? {
        while true {
            if let i = buffer.firstIndex(of: 10) {
                var line = Array(buffer[0..<i])
                buffer.removeFirst(i + 1)
                if line.last == 13 { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            if eof { return nil }
            try fill()
        }
    }

    private func readExactly(_ n: Int) throws -> [UInt8]? {
        while buffer.count < n {
            if eof { return nil }
            try fill()
        }
        let out = Array(buffer[0..<n])
        buffer.removeFirst(n)
        return out
    }

    /// Whether the server has closed the connection (reads until EOF or `seconds` pass).
    func serverClosed(within seconds: Int = 5) -> Bool {
        var tv = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        for _ in 0..<1000 where !eof {
            do { try fill() } catch { return errno == ECONNRESET }   // a reset is closed too; a timeout is not
        }
        return eof
    }

    func readResponse() throws -> Response {
        var statusLine: String?
        repeat {
            guard let l = try readLine() else { throw ClientError(description: "connection closed before a response") }
            statusLine = l
            if l.hasPrefix("HTTP/1.1 100") { _ = try readLine(); statusLine = nil }
        } while statusLine == nil || statusLine!.isEmpty
        let parts = statusLine!.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { throw ClientError(description: "bad status line \(statusLine!)") }
        var headers: [String: String] = [:]
        while let line = try readLine(), !line.isEmpty {
            if let c = line.firstIndex(of: ":") {
                headers[line[..<c].lowercased()] = line[line.index(after: c)...].trimmingCharacters(in: .whitespaces)
            }
        }
        var body: [UInt8] = []
        var complete = true
        var times: [Double] = []
        if headers["transfer-encoding"] == "chunked" {
            complete = false
            while let sizeLine = try readLine() {
                guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else { throw ClientError(description: "bad chunk size \(sizeLine)") }
                if size == 0 { _ = try readLine(); complete = true; break }
                guard let data = try readExactly(size) else { break }
                times.append(Date().timeIntervalSince(sentAt))
                body += data
                _ = try readLine()
            }
        } else if let n = headers["content-length"].flatMap(Int.init) {
            if let data = try readExactly(n) { body = data } else { body = buffer; buffer = []; complete = false }
        } else {
            while !eof { try fill() }
            body = buffer
            buffer = []
        }
        let closing = headers["connection"] == "close"
        return Response(status: status, headers: headers, body: String(decoding: body, as: UTF8.self), complete: complete,
                        closed: closing, chunkTimes: times)
    }
}

/// One server-sent event: its `event:` name (if any) and its `data:` text.
struct SSEEvent {
    var event: String?
    var data: String
    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] }
}

/// Splits an SSE body into events (blank-line separated; `\r\n` or `\n`).
func parseSSE(_ body: String) -> [SSEEvent] {
    var events: [SSEEvent] = []
    var name: String?
    var data: [String] = []
    for raw in body.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
        let line = String(raw)
        if line.isEmpty {
            if !data.isEmpty || name != nil { events.append(SSEEvent(event: name, data: data.joined(separator: "\n"))) }
            name = nil; data = []
        } else if line.hasPrefix("event:") {
            name = line.dropFirst(6).trimmingCharacters(in: .whitespaces)
        } else if line.hasPrefix("data:") {
            data.append(String(line.dropFirst(5)).trimmingCharacters(in: .whitespaces))
        }
    }
    if !data.isEmpty { events.append(SSEEvent(event: name, data: data.joined(separator: "\n"))) }
    return events
}
