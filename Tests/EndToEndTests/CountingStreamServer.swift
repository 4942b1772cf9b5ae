import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An OpenAI-compatible server of the test's own on 127.0.0.1 for token counting (issue 14), in one of
/// two shapes seen in the field:
///
/// - `.noUsage`: streams one token per SSE event and never a usage chunk, whatever
///   `stream_options.include_usage` asks (llama-cpp-python 0.3's server). Events are written
///   `eventsPerWrite` to an HTTP chunk, so body reads (`chunk_arrivals`) are fewer than tokens: a count
///   of chunks must count events.
/// - `.usage(promptTokens:completionTokens:litellmHeaders:)`: a usage chunk with the given counts; with
///   `litellmHeaders`, what a LiteLLM proxy answers: `x-litellm-call-id`, `x-litellm-model-id`,
///   `x-litellm-version`, `x-litellm-response-cost` headers (docs.litellm.ai "Response Headers") and,
///   as LiteLLM does for a backend that sent none, usage it made up.
///
/// `pieces` are the answer's tokens, one per event, in order. Bounded: at most `maxConnections`
/// connections of at most 16 requests, reads time out after 10 s; test support only.
final class CountingStreamServer: @unchecked Sendable {
    enum Shape: Sendable {
        case noUsage
        case usage(promptTokens: Int, completionTokens: Int, litellmHeaders: Bool)
    }

    let port: UInt16
    let pieces: [String]
    let shape: Shape
    let eventsPerWrite: Int
    private let listenFD: Int32
    private let maxConnections: Int
    private let lock = NSLock()
    private var connectionFDs: [Int32] = []
    private var stopping = false
    private var _responses = 0
    private let group = DispatchGroup()

    /// Streams answered to the end.
    var responses: Int { lock.withLock { _responses } }
    var baseURL: String { "http://127.0.0.1:\(port)/v1" }
    /// The answer as the client must store it.
    var answer: String { pieces.joined() }

    init(pieces: [String], shape: Shape, eventsPerWrite: Int = 2, maxConnections: Int = 16) throws {
        precondition(!pieces.isEmpty && pieces.count <= 1000 && eventsPerWrite >= 1)
        self.pieces = pieces; self.shape = shape; self.eventsPerWrite = eventsPerWrite; self.maxConnections = maxConnections
        let listening = try LoopbackSocket.listen()
        listenFD = listening.fd
        port = listening.port
        group.enter()
        Thread.detachNewThread { [self] in acceptLoop(); group.leave() }
    }

    /// Stops accepting, ends open connections, and waits (bounded) for the serving threads.
    func stop() {
        lock.withLock {
            stopping = true
            for c in connectionFDs { Glibc.shutdown(c, Int32(SHUT_RDWR)) }
        }
        Glibc.shutdown(listenFD, Int32(SHUT_RDWR))
        close(listenFD)
        _ = group.wait(timeout: .now() + 10)
    }

    private func acceptLoop() {
        for _ in 0..<maxConnections {
            let c = accept(listenFD, nil, nil)
            if c < 0 {
                if errno == EINTR { continue }
                return
            }
            var tv = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            let ok = lock.withLock { () -> Bool in
                if stopping { return false }
                connectionFDs.append(c)
                return true
            }
            if !ok { close(c); return }
            group.enter()
            Thread.detachNewThread { [self] in serve(c); group.leave() }
        }
    }

    private func serve(_ fd: Int32) {
        defer {
            close(fd)
            lock.withLock { connectionFDs.removeAll { $0 == fd } }
        }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        for _ in 0..<16 {
            var headEnd: Int?
            while headEnd == nil {
                if let r = LoopbackSocket.find(buffer, [13, 10, 13, 10]) { headEnd = r; break }
                guard buffer.count < 1 << 20 else { return }
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
            }
            let lines = String(decoding: buffer[0..<headEnd!], as: UTF8.self).components(separatedBy: "\r\n")
            let target = lines.first.map { $0.split(separator: " ").dropFirst().first.map(String.init) ?? "" } ?? ""
            let length = lines.dropFirst().compactMap { line -> Int? in
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                return Int(parts[1].trimmingCharacters(in: .whitespaces))
            }.first ?? 0
            let bodyStart = headEnd! + 4
            guard length >= 0, length < 1 << 20 else { return }
            while buffer.count < bodyStart + length {
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
            }
            buffer.removeFirst(bodyStart + length)
            guard target.hasSuffix("/chat/completions") else {
                let body = "{\"error\":{\"message\":\"no such route\",\"type\":\"invalid_request_error\"}}"
                guard send(fd, "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: \(body.utf8.count)\r\n\r\n\(body)")
                else { return }
                continue
            }
            guard stream(fd) else { return }
            lock.withLock { _responses += 1 }
        }
    }

    /// One chat completions stream: a role event, one event per piece (`eventsPerWrite` to a write), the
    /// finish event, the usage event (`.usage` only), `[DONE]`.
    private func stream(_ fd: Int32) -> Bool {
        let id = "chatcmpl-counting"
        func event(_ json: String) -> String { "data: " + json + "\n\n" }
        func delta(_ d: String, finish: String = "null") -> String {
            event("{\"id\":\"\(id)\",\"object\":\"chat.completion.chunk\",\"created\":1764590000,\"model\":\"counting\",\"choices\":[{\"index\":0,\"delta\":\(d),\"finish_reason\":\(finish)}]}")
        }
        var head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\ntransfer-encoding: chunked\r\n"
        if case .usage(_, _, true) = shape {
            head += "x-litellm-call-id: 5f0c7d0e-3a51-4c1e-9d55-8b1f5f6a1c2d\r\nx-litellm-model-id: 0a1b2c3d\r\n"
                + "x-litellm-version: 1.74.0\r\nx-litellm-response-cost: 0.0\r\n"
        }
        guard send(fd, head + "\r\n"), chunk(fd, delta("{\"role\":\"assistant\",\"content\":\"\"}")) else { return false }
        var pending = ""
        for (i, piece) in pieces.enumerated() {
            pending += delta("{\"content\":\(JSONText.quote(piece))}")
            if (i + 1) % eventsPerWrite == 0 || i == pieces.count - 1 {
                guard chunk(fd, pending) else { return false }
                pending = ""
                usleep(2_000)
            }
        }
        guard chunk(fd, delta("{}", finish: "\"stop\"")) else { return false }
        if case let .usage(prompt, completion, _) = shape {
            let usage = "{\"id\":\"\(id)\",\"object\":\"chat.completion.chunk\",\"created\":1764590000,\"model\":\"counting\",\"choices\":[],\"usage\":{\"prompt_tokens\":\(prompt),\"completion_tokens\":\(completion),\"total_tokens\":\(prompt + completion)}}"
            guard chunk(fd, event(usage)) else { return false }
        }
        return chunk(fd, event("[DONE]")) && send(fd, "0\r\n\r\n")
    }

    /// One HTTP/1.1 chunk.
    private func chunk(_ fd: Int32, _ s: String) -> Bool { send(fd, String(s.utf8.count, radix: 16) + "\r\n" + s + "\r\n") }

    private func send(_ fd: Int32, _ s: String) -> Bool { LoopbackSocket.send(fd, s) }
}
