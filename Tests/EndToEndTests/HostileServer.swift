import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A hostile provider on 127.0.0.1: answers each request with whatever bytes its scenario says
/// (deep JSON, absurd usage, echoed keys, a 100 MB token, a redirect, gzip, garbage, huge headers),
/// so end-to-end tests can check that llmbench records a bounded error kind and never crashes.
/// Serves at most `maxRequests` connections, one request each, then stops; every socket wait is
/// bounded (5 s), so a stuck client cannot hang a test.
final class HostileServer: @unchecked Sendable {
    /// One answer: `head + body`, then `repeated` sent `repeatCount` times, then `tail`.
    struct Answer: Sendable {
        var bytes: [UInt8]
        var repeated: [UInt8] = []
        var repeatCount = 0
        var tail: [UInt8] = []

        init(_ bytes: [UInt8], repeated: [UInt8] = [], repeatCount: Int = 0, tail: [UInt8] = []) {
            self.bytes = bytes; self.repeated = repeated; self.repeatCount = repeatCount; self.tail = tail
        }
        /// An HTTP/1.1 response with `content-length` (unless `length` says otherwise) and `connection: close`.
        static func http(status: String = "200 OK", headers: [(String, String)] = [], body: String) -> Answer {
            http(status: status, headers: headers, body: Array(body.utf8))
        }
        static func http(status: String = "200 OK", headers: [(String, String)] = [], body: [UInt8]) -> Answer {
            var head = "HTTP/1.1 \(status)\r\n"
            for (n, v) in headers { head += "\(n): \(v)\r\n" }
            head += "content-length: \(body.count)\r\nconnection: close\r\n\r\n"
            return Answer(Array(head.utf8) + body)
        }
    }

    /// What the request looked like: its request line and its header lines, lower-cased names.
    struct Request: Sendable {
        var line: String
        var headers: [String: String]
    }

    private let fd: Int32
    let port: UInt16
    private let done = DispatchSemaphore(value: 0)

    init(maxRequests: Int, answer: @escaping @Sendable (Request) -> Answer) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw NSError(domain: "llmbench.tests", code: 5, userInfo: [NSLocalizedDescriptionKey: "cannot listen on 127.0.0.1"])
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        self.fd = fd
        port = UInt16(bigEndian: addr.sin_port)
        let listener = fd
        Thread.detachNewThread { [done] in
            for _ in 0..<maxRequests {
                let c = accept(listener, nil, nil)
                if c < 0 { break }
                if let request = Self.read(c) { Self.send(c, answer(request)) }
                close(c)
            }
            done.signal()
        }
    }

    /// Reads one request head and its `content-length` body (bounded in bytes and time).
    private static func read(_ c: Int32) -> Request? {
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var data = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 16384)
        for _ in 0..<256 {
            let n = recv(c, &buf, buf.count, 0)
            if n <= 0 { break }
            data += buf[0..<n]
            let text = String(decoding: data, as: UTF8.self)
            guard let end = text.range(of: "\r\n\r\n") else { continue }
            let lines = text[..<end.lowerBound].split(separator: "\r\n")
            var headers: [String: String] = [:]
            for l in lines.dropFirst() {
                let parts = l.split(separator: ":", maxSplits: 1)
                if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            if text.utf8.count - text[..<end.upperBound].utf8.count >= length {
                return Request(line: String(lines.first ?? ""), headers: headers)
            }
        }
        return nil
    }

    /// Sends an answer; stops at the first failed send (the client may hang up on purpose).
    private static func send(_ c: Int32, _ a: Answer) {
        func put(_ b: [UInt8]) -> Bool {
            var off = 0
            while off < b.count {
                let n = b.withUnsafeBytes { Glibc.send(c, $0.baseAddress! + off, b.count - off, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { return false }
                off += n
            }
            return true
        }
        guard put(a.bytes) else { return }
        for _ in 0..<a.repeatCount { guard put(a.repeated) else { return } }
        _ = put(a.tail)
    }

    /// Stops accepting (bounded wait for the accept thread).
    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        _ = done.wait(timeout: .now() + 10)
    }
}
