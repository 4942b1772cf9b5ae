import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A careless provider on 127.0.0.1: answers every request with 401 and an OpenAI-style error body
/// that quotes the credentials it received (`Incorrect API key provided: …`), as real APIs partly
/// do, so a test can check that echoed keys are scrubbed before anything is stored or printed.
/// Serves at most `maxRequests` connections, one request each, then stops.
final class EchoKeyServer: @unchecked Sendable {
    private let fd: Int32
    let port: UInt16
    private let done = DispatchSemaphore(value: 0)

    init(maxRequests: Int) throws {
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
                Self.answer(c)
                close(c)
            }
            done.signal()
        }
    }

    /// Reads one request (head and `content-length` body, bounded) and answers 401 quoting its
    /// `authorization`, `x-api-key`, `x-goog-api-key` and `x-canary` header values.
    private static func answer(_ c: Int32) {
        var data = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 16384)
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        for _ in 0..<64 {
            let n = recv(c, &buf, buf.count, 0)
            if n <= 0 { break }
            data += buf[0..<n]
            let text = String(decoding: data, as: UTF8.self)
            guard let end = text.range(of: "\r\n\r\n") else { continue }
            let head = text[..<end.lowerBound].lowercased()
            let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            if text.utf8.count - text[..<end.upperBound].utf8.count >= length { break }
        }
        let original = String(decoding: data, as: UTF8.self)
        var quoted: [String] = []
        for line in original.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            if ["authorization", "x-api-key", "x-goog-api-key", "x-canary"].contains(parts[0].lowercased()) {
                quoted.append(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        let body = "{\"error\":{\"message\":\"Incorrect API key provided: \(quoted.joined(separator: " / ")).\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"
        let response = "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\nx-echo-key: \(quoted.first ?? "")\r\ncontent-length: \(body.utf8.count)\r\nconnection: close\r\n\r\n\(body)"
        _ = response.withCString { send(c, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }

    /// Stops accepting (bounded wait for the accept thread).
    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        _ = done.wait(timeout: .now() + 5)
    }
}
