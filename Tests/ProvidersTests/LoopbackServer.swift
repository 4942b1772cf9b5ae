import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A request the loopback server received.
struct ReceivedRequest: Sendable {
    var method: String
    var target: String
    /// Header names lowercased.
    var headers: [String: String]
    var body: String
}

/// What the loopback server answers to one request.
struct CannedResponse: Sendable {
    enum Behavior: Sendable {
        /// Send every chunk, then end the chunked body.
        case normal
        /// Read the request and never answer (until the server stops, at most 60 s).
        case neverAnswer
        /// Send the chunks, then close the connection without ending the chunked body.
        case dropAfterChunks
    }
    var status = 200
    var headers: [(String, String)] = [("Content-Type", "text/event-stream")]
    /// Each one is written as its own HTTP/1.1 chunk, `delayMs` apart.
    var chunks: [String] = []
    var delayMs = 0
    var behavior = Behavior.normal
}

/// A tiny HTTP/1.1 server on 127.0.0.1, port chosen by the OS, that answers every request with
/// the handler's canned response using chunked transfer encoding, keeping connections alive.
/// One thread accepts; one thread serves each connection. Test support only.
final class LoopbackServer: @unchecked Sendable {
    let port: UInt16
    private let listenFD: Int32
    private let handler: @Sendable (ReceivedRequest) -> CannedResponse
    private let lock = NSLock()
    private var connectionFDs: [Int32] = []
    private var stopping = false
    private var _accepted = 0
    private var _requests: [ReceivedRequest] = []
    private let stopSignal = DispatchSemaphore(value: 0)
    private let group = DispatchGroup()

    /// Connections accepted so far.
    var acceptedConnections: Int { lock.withLock { _accepted } }
    var requests: [ReceivedRequest] { lock.withLock { _requests } }

    init(handler: @escaping @Sendable (ReceivedRequest) -> CannedResponse) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 512) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = UInt16(bigEndian: addr.sin_port)
        listenFD = fd
        let t = Thread { [self] in acceptLoop() }
        t.start()
    }

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    func stop() {
        lock.withLock {
            stopping = true
            for c in connectionFDs { Glibc.shutdown(c, Int32(SHUT_RDWR)) }
        }
        Glibc.shutdown(listenFD, Int32(SHUT_RDWR))
        close(listenFD)
        for _ in 0..<64 { stopSignal.signal() }
        _ = group.wait(timeout: .now() + 5)
    }

    private func acceptLoop() {
        while true {
            let c = accept(listenFD, nil, nil)
            if c < 0 {
                if errno == EINTR { continue }
                return
            }
            var one: Int32 = 1
            setsockopt(c, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let ok = lock.withLock { () -> Bool in
                if stopping { return false }
                connectionFDs.append(c); _accepted += 1; return true
            }
            if !ok { close(c); return }
            group.enter()
            let t = Thread { [self] in serve(c); group.leave() }
            t.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer {
            close(fd)
            lock.withLock { connectionFDs.removeAll { $0 == fd } }
        }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            // Read one request: the head, then Content-Length bytes of body.
            var headEnd: Int?
            while headEnd == nil {
                if let r = Self.find(buffer, [13, 10, 13, 10]) { headEnd = r; break }
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
            }
            let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let requestLine = lines.removeFirst().split(separator: " ")
            var headers: [String: String] = [:]
            for l in lines {
                guard let colon = l.firstIndex(of: ":") else { continue }
                headers[l[..<colon].lowercased()] = l[l.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            let bodyStart = headEnd! + 4
            while buffer.count < bodyStart + length {
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
            }
            let body = String(decoding: buffer[bodyStart..<(bodyStart + length)], as: UTF8.self)
            buffer.removeFirst(bodyStart + length)
            let request = ReceivedRequest(method: requestLine.first.map(String.init) ?? "",
                                          target: requestLine.count > 1 ? String(requestLine[1]) : "",
                                          headers: headers, body: body)
            lock.withLock { _requests.append(request) }
            let response = handler(request)
            if case .neverAnswer = response.behavior {
                // Held until `stop()`, bounded by a minute. It used to give up after 5 s, and a test that
                // waited longer than that (a stalled cooperative pool on a loaded machine) then saw the
                // server close the connection instead of its own cancellation or timeout.
                _ = stopSignal.wait(timeout: .now() + 60)
                return
            }
            var out = "HTTP/1.1 \(response.status) Canned\r\n"
            for (k, v) in response.headers { out += "\(k): \(v)\r\n" }
            out += "Transfer-Encoding: chunked\r\n\r\n"
            guard send(out) else { return }
            for (i, c) in response.chunks.enumerated() {
                if response.delayMs > 0 && i > 0 { usleep(UInt32(response.delayMs * 1000)) }
                guard send(String(c.utf8.count, radix: 16) + "\r\n" + c + "\r\n") else { return }
            }
            if case .dropAfterChunks = response.behavior { return }
            guard send("0\r\n\r\n") else { return }
        }

        func send(_ s: String) -> Bool {
            var bytes = Array(s.utf8)
            var sent = 0
            while sent < bytes.count {
                let n = bytes.withUnsafeMutableBytes { Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { return false }
                sent += n
            }
            return true
        }
    }

    private static func find(_ hay: [UInt8], _ needle: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] {
            if Array(hay[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}
