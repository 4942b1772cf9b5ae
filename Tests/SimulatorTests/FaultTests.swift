import Foundation
import Testing
@testable import Simulator

@Suite struct FaultTests {
    func forced(_ kind: String, _ auth: [String: String]) -> [String: String] {
        var h = auth
        h["x-llmbench-fault"] = kind
        return h
    }

    @Test func httpFaultsUseEachProvidersStatusAndBody() throws {
        try withServer { server, port in
            let c = try TestHTTPClient(port: port)
            let oa = try c.request("POST", "/v1/chat/completions", headers: forced("http_429", openAIAuth), body: openAIBody(stream: true))
            #expect(oa.status == 429 && oa.header("retry-after") == "1")
            #expect((oa.json?["error"] as? [String: Any])?["code"] as? String == "rate_limit_exceeded")
            let an = try c.request("POST", "/v1/messages", headers: forced("overloaded", anthropicAuth), body: anthropicBody(stream: true))
            #expect(an.status == 529)
            #expect((an.json?["error"] as? [String: Any])?["type"] as? String == "overloaded_error")
            let oo = try c.request("POST", "/v1/chat/completions", headers: forced("overloaded", openAIAuth), body: openAIBody(stream: false))
            #expect(oo.status == 503)
            let ge = try c.request("POST", "/v1beta/models/gemini-2.0-flash:generateContent", headers: forced("http_500", geminiAuth), body: geminiBody())
            #expect(ge.status == 500)
            #expect((ge.json?["error"] as? [String: Any])?["status"] as? String == "INTERNAL")
            let g429 = try c.request("POST", "/v1beta/models/gemini-2.0-flash:generateContent", headers: forced("http_429", geminiAuth), body: geminiBody())
            #expect((g429.json?["error"] as? [String: Any])?["status"] as? String == "RESOURCE_EXHAUSTED")
            let stats = server.stats
            #expect(stats.faultsInjected[.http429] == 2 && stats.faultsInjected[.overloaded] == 2 && stats.faultsInjected[.http500] == 1)
            let bad = try c.request("POST", "/v1/chat/completions", headers: forced("bogus", openAIAuth), body: openAIBody(stream: false))
            #expect(bad.status == 400)
        }
    }

    @Test func streamErrorSendsAnErrorEventInsideA200Stream() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            let o = try c.request("POST", "/v1/chat/completions", headers: forced("stream_error", openAIAuth), body: openAIBody(stream: true))
            #expect(o.status == 200 && o.complete)
            let oe = parseSSE(o.body)
            #expect(oe.last?.json?["error"] != nil)
            #expect(!oe.contains { $0.data == "[DONE]" })
            let a = try c.request("POST", "/v1/messages", headers: forced("stream_error", anthropicAuth), body: anthropicBody(stream: true))
            let ae = parseSSE(a.body)
            #expect(ae.last?.event == "error")
            #expect((ae.last?.json?["error"] as? [String: Any])?["type"] as? String == "overloaded_error")
            #expect(!ae.contains { $0.event == "message_stop" })
            let g = try c.request("POST", "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse", headers: forced("stream_error", geminiAuth), body: geminiBody())
            #expect(parseSSE(g.body).last?.json?["error"] != nil)
        }
    }

    @Test func truncateEndsWithoutTheTerminatorAndCloses() throws {
        try withServer { _, port in
            let o = try TestHTTPClient(port: port)
            let r = try o.request("POST", "/v1/chat/completions", headers: forced("truncate", openAIAuth), body: openAIBody(stream: true, usage: true))
            #expect(r.status == 200)
            #expect(!parseSSE(r.body).contains { $0.data == "[DONE]" })
            #expect(o.serverClosed())
            let a = try TestHTTPClient(port: port).request("POST", "/v1/messages", headers: forced("truncate", anthropicAuth), body: anthropicBody(stream: true))
            #expect(!parseSSE(a.body).contains { $0.event == "message_stop" })
            let g = try TestHTTPClient(port: port).request("POST", "/v1beta/models/gemini-1.5-flash:streamGenerateContent?alt=sse", headers: forced("truncate", geminiAuth), body: geminiBody())
            #expect(!parseSSE(g.body).contains { (($0.json?["candidates"] as? [[String: Any]])?.first?["finishReason"]) != nil })
        }
    }

    @Test func stallAndSlowFirstBytePauseAtLeastTheConfiguredTime() throws {
        try withServer { _, port in
            let c = try TestHTTPClient(port: port)
            let stall = try c.request("POST", "/v1/chat/completions", headers: forced("stall", openAIAuth), body: openAIBody(stream: true))
            #expect(parseSSE(stall.body).last?.data == "[DONE]")
            // The server pauses 0.15 s mid-stream, so the last chunk cannot arrive sooner after the
            // request (a gap between two reads can: the read before the pause may itself be late).
            #expect((stall.chunkTimes.last ?? 0) >= 0.15)
            #expect(stall.chunkTimes.count >= 2)
            let slow = try c.request("POST", "/v1/chat/completions", headers: forced("slow_first_byte", openAIAuth), body: openAIBody(stream: true))
            #expect((slow.chunkTimes.first ?? 0) >= 0.15)
            #expect(parseSSE(slow.body).last?.data == "[DONE]")
        }
    }

    @Test func configuredRatesAreSeededAndCounted() throws {
        let config = SimulatorConfig(faults: try FaultConfig.parse("http_500=0.3,http_429=0.2"), seed: 7, timeScale: 0)
        func statuses() throws -> ([Int], SimulatorStats) {
            try withServer(config) { server, port in
                let c = try TestHTTPClient(port: port)
                let s = try (0..<60).map { _ in try c.request("POST", "/v1/chat/completions", headers: openAIAuth, body: openAIBody(model: "instant", stream: false)).status }
                return (s, server.stats)
            }
        }
        let (a, stats) = try statuses()
        let (b, _) = try statuses()
        #expect(a == b)
        #expect(a.filter { $0 == 500 }.count == stats.faultsInjected[.http500] ?? 0)
        #expect(a.filter { $0 == 429 }.count == stats.faultsInjected[.http429] ?? 0)
        #expect(a.contains(500) && a.contains(429) && a.contains(200))
        #expect(stats.responsesByStatus[200] == a.filter { $0 == 200 }.count)
    }
}
