import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A reasoning model of the test's own on 127.0.0.1 that streams only a short answer and reports
/// far more output tokens than it streamed, as OpenAI's o-series and gpt-5 do (hidden reasoning), or
/// streams a thinking summary before the answer, as Claude does (thinking inside `output_tokens`).
///
/// It answers `POST …/chat/completions` in the OpenAI streaming format (a role chunk, then
/// `answerTokens` content chunks `gapMs` apart, the finish chunk, one usage chunk with
/// `completion_tokens = answerTokens + reasoningTokens` and
/// `completion_tokens_details.reasoning_tokens = reasoningTokens`, then `[DONE]`), and
/// `POST …/messages` in the Anthropic format (`message_start`, a `thinking` block of
/// `thinkingDeltas` deltas, a `text` block of `answerTokens` deltas `gapMs` apart, then
/// `message_delta` with `usage.output_tokens = answerTokens + reasoningTokens`), and
/// `POST …:streamGenerateContent?alt=sse` as Gemini does without `includeThoughts` (answer parts
/// only; `thoughtsTokenCount = reasoningTokens` apart from `candidatesTokenCount`), and
/// `POST …/responses` as the OpenAI Responses API streams a reasoning model asked for no summary.
///
/// Every answer token is one 4-byte piece of text in its own SSE event and HTTP chunk, so the local
/// estimate (⌈bytes/4⌉) of the answer is exactly `answerTokens`. The server records, on the
/// system's monotonic clock, when it handed each answer chunk to the kernel: `streams` holds one
/// list of those send times per finished response, the truth a test compares the client's figures
/// against. Bounded: at most `maxConnections` connections, `maxRequestsPerConnection` requests
/// each, reads time out after 10 s; test support only.
final class ReasoningStreamServer: @unchecked Sendable {
    let port: UInt16
    let answerTokens: Int
    let reasoningTokens: Int
    let gapMs: Int
    let thinkingDeltas: Int
    private let listenFD: Int32
    private let maxConnections: Int
    private let maxRequestsPerConnection = 16
    private let lock = NSLock()
    private var connectionFDs: [Int32] = []
    private var stopping = false
    private var _streams: [[Int64]] = []
    private var _targets: [String] = []
    private let group = DispatchGroup()

    /// The answer chunks' send times (monotonic ns), one list per finished response.
    var streams: [[Int64]] { lock.withLock { _streams } }
    /// The request targets received, in order.
    var targets: [String] { lock.withLock { _targets } }
    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    init(answerTokens: Int = 10, reasoningTokens: Int = 1000, gapMs: Int = 50, thinkingDeltas: Int = 4,
         maxConnections: Int = 32) throws {
        precondition(answerTokens > 0 && answerTokens <= 100 && gapMs >= 0 && gapMs <= 1000)
        self.answerTokens = answerTokens; self.reasoningTokens = reasoningTokens; self.gapMs = gapMs
        self.thinkingDeltas = thinkingDeltas; self.maxConnections = maxConnections
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

    /// The system's monotonic clock in nanoseconds (the clock llmbench's run clock also reads).
    static func nowNs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Answer token `i`: four bytes of text (" w00", " w01", …), one estimated token each.
    static func answerPiece(_ i: Int) -> String { " w" + (i < 10 ? "0" : "") + String(i % 100) }

    private func acceptLoop() {
        for _ in 0..<maxConnections {
            let c = accept(listenFD, nil, nil)
            if c < 0 {
                if errno == EINTR { continue }
                return
            }
            var one: Int32 = 1
            setsockopt(c, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
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
        for _ in 0..<maxRequestsPerConnection {
            // One request: the head, then Content-Length bytes of body (bounded to 1 MiB).
            var headEnd: Int?
            while headEnd == nil {
                if let r = LoopbackSocket.find(buffer, [13, 10, 13, 10]) { headEnd = r; break }
                guard buffer.count < 1 << 20 else { return }
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
            }
            let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
            let lines = head.components(separatedBy: "\r\n")
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
            lock.withLock { _targets.append(target) }

            let sends: [Int64]?
            if target.hasSuffix("/chat/completions") { sends = streamOpenAI(fd) }
            else if target.hasSuffix("/responses") { sends = streamResponses(fd) }
            else if target.hasSuffix("/messages") { sends = streamAnthropic(fd) }
            else if target.hasSuffix(":streamGenerateContent?alt=sse") { sends = streamGemini(fd) }
            else {
                let body = "{\"error\":{\"message\":\"no such route\",\"type\":\"invalid_request_error\"}}"
                guard send(fd, "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: \(body.utf8.count)\r\n\r\n\(body)")
                else { return }
                continue
            }
            guard let sends else { return }
            lock.withLock { _streams.append(sends) }
        }
    }

    /// The OpenAI chat completions stream; returns the answer chunks' send times (nil if the client left).
    private func streamOpenAI(_ fd: Int32) -> [Int64]? {
        let id = "chatcmpl-reasoning"
        func event(_ json: String) -> String { "data: " + json + "\n\n" }
        guard begin(fd),
              chunk(fd, event("{\"id\":\"\(id)\",\"object\":\"chat.completion.chunk\",\"model\":\"o-test\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}"))
        else { return nil }
        var sends: [Int64] = []
        for i in 0..<answerTokens {
            if i > 0 { usleep(UInt32(gapMs * 1000)) }
            let e = event("{\"id\":\"\(id)\",\"object\":\"chat.completion.chunk\",\"model\":\"o-test\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\(Self.answerPiece(i))\"},\"finish_reason\":null}]}")
            sends.append(Self.nowNs())
            guard chunk(fd, e) else { return nil }
        }
        let completion = answerTokens + reasoningTokens
        guard chunk(fd, event("{\"id\":\"\(id)\",\"object\":\"chat.completion.chunk\",\"model\":\"o-test\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")),
              chunk(fd, event("{\"id\":\"\(id)\",\"object\":\"chat.completion.chunk\",\"model\":\"o-test\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":\(completion),\"total_tokens\":\(12 + completion),\"completion_tokens_details\":{\"reasoning_tokens\":\(reasoningTokens)}}}")),
              chunk(fd, event("[DONE]")), end(fd)
        else { return nil }
        return sends
    }

    /// The OpenAI Responses stream of a reasoning model asked for no summary: a `reasoning` item with
    /// no text, then the message's `answerTokens` deltas, then `response.completed` with
    /// `output_tokens = answerTokens + reasoningTokens` and `reasoning_tokens = reasoningTokens`.
    private func streamResponses(_ fd: Int32) -> [Int64]? {
        var seq = 0
        func event(_ type: String, _ fields: String) -> String {
            defer { seq += 1 }
            return "event: \(type)\ndata: {\"type\":\"\(type)\",\"sequence_number\":\(seq),\(fields)}\n\n"
        }
        let response = "\"id\":\"resp_reasoning\",\"object\":\"response\",\"created_at\":1764590000,\"model\":\"o-test\",\"parallel_tool_calls\":true,\"tool_choice\":\"auto\",\"tools\":[]"
        guard begin(fd),
              chunk(fd, event("response.created", "\"response\":{\(response),\"status\":\"in_progress\",\"output\":[],\"usage\":null}")
                  + event("response.output_item.added", "\"output_index\":0,\"item\":{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[]}")),
              chunk(fd, event("response.output_item.done", "\"output_index\":0,\"item\":{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[]}")
                  + event("response.output_item.added", "\"output_index\":1,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],\"role\":\"assistant\"}"))
        else { return nil }
        var sends: [Int64] = []
        for i in 0..<answerTokens {
            if i > 0 { usleep(UInt32(gapMs * 1000)) }
            let e = event("response.output_text.delta", "\"item_id\":\"msg_1\",\"output_index\":1,\"content_index\":0,\"delta\":\"\(Self.answerPiece(i))\",\"logprobs\":[]")
            sends.append(Self.nowNs())
            guard chunk(fd, e) else { return nil }
        }
        let output = answerTokens + reasoningTokens
        let usage = "{\"input_tokens\":12,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":\(output),\"output_tokens_details\":{\"reasoning_tokens\":\(reasoningTokens)},\"total_tokens\":\(12 + output)}"
        guard chunk(fd, event("response.completed", "\"response\":{\(response),\"status\":\"completed\",\"output\":[],\"usage\":\(usage)}")), end(fd)
        else { return nil }
        return sends
    }

    /// The Anthropic Messages stream, thinking first; returns the text deltas' send times.
    private func streamAnthropic(_ fd: Int32) -> [Int64]? {
        func event(_ name: String, _ json: String) -> String { "event: \(name)\ndata: \(json)\n\n" }
        guard begin(fd),
              chunk(fd, event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_reasoning\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}")),
              chunk(fd, event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}"))
        else { return nil }
        for i in 0..<thinkingDeltas {
            if i > 0 { usleep(UInt32(gapMs * 1000)) }
            guard chunk(fd, event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Considering step \(i) of the problem. \"}}"))
            else { return nil }
        }
        guard chunk(fd, event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAhIM\"}}")),
              chunk(fd, event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")),
              chunk(fd, event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"))
        else { return nil }
        var sends: [Int64] = []
        for i in 0..<answerTokens {
            usleep(UInt32(gapMs * 1000))
            let e = event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"\(Self.answerPiece(i))\"}}")
            sends.append(Self.nowNs())
            guard chunk(fd, e) else { return nil }
        }
        guard chunk(fd, event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}")),
              chunk(fd, event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":\(answerTokens + reasoningTokens)}}")),
              chunk(fd, event("message_stop", "{\"type\":\"message_stop\"}")), end(fd)
        else { return nil }
        return sends
    }

    /// The Gemini `streamGenerateContent?alt=sse` stream without `includeThoughts`: only answer parts
    /// stream; the last carries `finishReason` and `usageMetadata` with `candidatesTokenCount =
    /// answerTokens` and `thoughtsTokenCount = reasoningTokens` (candidates exclude thoughts).
    private func streamGemini(_ fd: Int32) -> [Int64]? {
        guard begin(fd) else { return nil }
        var sends: [Int64] = []
        for i in 0..<answerTokens {
            if i > 0 { usleep(UInt32(gapMs * 1000)) }
            let last = i == answerTokens - 1
            let usage = last
                ? "{\"promptTokenCount\":12,\"candidatesTokenCount\":\(answerTokens),\"thoughtsTokenCount\":\(reasoningTokens),\"totalTokenCount\":\(12 + answerTokens + reasoningTokens)}"
                : "{\"promptTokenCount\":12,\"totalTokenCount\":12}"
            let finish = last ? ",\"finishReason\":\"STOP\"" : ""
            let e = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\(Self.answerPiece(i))\"}],\"role\":\"model\"}\(finish),\"index\":0}],\"usageMetadata\":\(usage),\"modelVersion\":\"gemini-test\",\"responseId\":\"resp-reasoning\"}\r\n\r\n"
            sends.append(Self.nowNs())
            guard chunk(fd, e) else { return nil }
        }
        guard end(fd) else { return nil }
        return sends
    }

    private func begin(_ fd: Int32) -> Bool {
        send(fd, "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\nx-request-id: req-reasoning\r\ntransfer-encoding: chunked\r\n\r\n")
    }

    /// One SSE event as one HTTP/1.1 chunk.
    private func chunk(_ fd: Int32, _ s: String) -> Bool {
        send(fd, String(s.utf8.count, radix: 16) + "\r\n" + s + "\r\n")
    }

    private func end(_ fd: Int32) -> Bool { send(fd, "0\r\n\r\n") }

    private func send(_ fd: Int32, _ s: String) -> Bool { LoopbackSocket.send(fd, s) }
}
