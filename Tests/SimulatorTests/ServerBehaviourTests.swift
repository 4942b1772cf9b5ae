import Foundation
import Testing
@testable import Simulator

@Suite struct ServerBehaviourTests {
    @Test func keepAliveServesTwoRequestsOnOneConnectionAndCloseIsHonoured() throws {
        try withServer { server, port in
            let c = try TestHTTPClient(port: port)
            let a = try c.request("POST", "/v1/chat/completions", headers: openAIAuth, body: openAIBody(stream: true))
            let b = try c.request("POST", "/v1/chat/completions", headers: openAIAuth, body: openAIBody(stream: false))
            #expect(a.status == 200 && b.status == 200)
            #expect(b.header("connection") == "keep-alive")
            var h = openAIAuth
            h["connection"] = "close"
            let last = try c.request("POST", "/v1/chat/completions", headers: h, body: openAIBody(stream: false))
            #expect(last.status == 200 && last.header("connection") == "close")
            #expect(c.serverClosed())
            #expect(server.stats.requestsByPath["/v1/chat/completions"] == 3)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            try c.send("POST", "/v1/chat/completions", headers: openAIAuth, body: openAIBody(stream: false, maxTokens: 1))
            try c.send("GET", "/nowhere")
            let first = try c.readResponse()
            let second = try c.readResponse()
            #expect(first.status == 200 && second.status == 404)
        }
    }

    @Test func malformedHTTPGets4xxAndTheServerKeepsServing() throws {
        try withServer { _, port in
            let cases: [(String, Int)] = [
                ("BLAH\r\n\r\n", 400),
                ("POST /v1/chat/completions HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 411),
                ("POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 100000000000\r\n\r\n", 413),
                ("GET / HTTP/1.1\r\nX: " + String(repeating: "x", count: 50_000) + "\r\n\r\n", 431),
            ]
            for (raw, status) in cases {
                let c = try TestHTTPClient(port: port)
                try c.sendRaw(raw)
                let r = try c.readResponse()
                #expect(r.status == status, "for \(raw.prefix(40))")
                #expect(r.json?["error"] != nil)
                #expect(c.serverClosed())
            }
            let ok = try TestHTTPClient(port: port).request("GET", "/health")
            #expect(ok.status == 200)
        }
    }

    @Test func sameRequestGivesSameTextAndTimingsAcrossServers() throws {
        func run() throws -> (String, [String]) {
            try withServer { _, port in
                let r = try TestHTTPClient(port: port).request("POST", "/v1/messages", headers: anthropicAuth, body: anthropicBody(user: "Tell me about rivers and towns and spring floods.", stream: false))
                let text = ((r.json?["content"] as? [[String: Any]])?.first?["text"] as? String) ?? ""
                let g = Generator.generate(ChatPrompt(model: "claude-3-haiku", system: "", messages: ["x"], lastUser: "x", maxTokens: 50, stream: true, includeUsage: false, systemCacheControl: false),
                                           profile: LatencyProfile.builtIn[3], seed: SimulatorConfig.default.seed, timeScale: 1, cache: .none)
                return (text, g.chunks.map { "\($0.offsetNs)" })
            }
        }
        let a = try run(), b = try run()
        #expect(!a.0.isEmpty)
        #expect(a.0 == b.0)
        #expect(a.1 == b.1)
    }

    @Test func firstContentArrivesNoEarlierThanTheScaledMinimumTTFT() throws {
        let config = SimulatorConfig(timeScale: 0.2)
        try withServer(config) { _, port in
            let r = try TestHTTPClient(port: port).request("POST", "/v1/chat/completions", headers: openAIAuth, body: openAIBody(model: "gpt-4o", stream: true))
            let profile = try #require(LatencyProfile.builtIn.first { $0.name == "gpt-4o" })
            // chunk 0 is the head + role-only delta; chunk 1 the first content
            let firstContent = try #require(r.chunkTimes.dropFirst().first)
            #expect(firstContent >= Double(profile.minTTFTNs) * 0.2 / 1e9)
        }
    }

    @Test func stopClosesConnectionsMidStreamAndFreesThePort() throws {
        let server = SimulatorServer(config: SimulatorConfig(timeScale: 1))
        let port = try server.start()
        let c = try TestHTTPClient(port: port)
        try c.send("POST", "/v1/chat/completions", headers: openAIAuth, body: openAIBody(model: "gpt-4o", stream: true))
        server.stop()
        #expect(c.serverClosed())
        #expect(server.port == 0)
        #expect(throws: (any Error).self) { _ = try TestHTTPClient(port: port).request("GET", "/health") }
        server.stop()   // idempotent
        let again = try server.start()
        #expect(try TestHTTPClient(port: again).request("GET", "/health").status == 200)
        server.stop()
    }

    @Test func servesIPv6LoopbackWhenTheHostHasIt() throws {
        let server = SimulatorServer(config: testConfig)
        guard let port = try? server.start(host: "::1") else { return }   // no IPv6 on this host
        defer { server.stop() }
        #expect(try TestHTTPClient(port: port, ipv6: true).request("GET", "/health").status == 200)
        #expect(throws: SimulatorError.self) { try SimulatorServer().start(host: "localhost") }
    }

    @Test func anthropicRequiresItsVersionHeader() throws {
        try withServer { _, port in
            let r = try TestHTTPClient(port: port).request("POST", "/v1/messages", headers: ["x-api-key": "k"], body: anthropicBody(stream: false))
            #expect(r.status == 400)
            #expect(((r.json?["error"] as? [String: Any])?["message"] as? String)?.contains("anthropic-version") == true)
        }
    }

    @Test func manyConcurrentKeepAliveConnections() throws {
        let config = SimulatorConfig(timeScale: 0, eventLoopThreads: 2)
        try withServer(config) { server, port in
            let connections = 64, perConnection = 5
            let failures = Counter()
            DispatchQueue.concurrentPerform(iterations: connections) { _ in
                do {
                    let c = try TestHTTPClient(port: port)
                    for _ in 0..<perConnection {
                        let r = try c.request("POST", "/v1/chat/completions", headers: openAIAuth, body: openAIBody(model: "instant", stream: true, usage: true))
                        if r.status != 200 || parseSSE(r.body).last?.data != "[DONE]" { failures.add() }
                    }
                } catch { failures.add() }
            }
            #expect(failures.value == 0)
            #expect(server.stats.requests == connections * perConnection)
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.withLock { n += 1 } }
    var value: Int { lock.withLock { n } }
}
