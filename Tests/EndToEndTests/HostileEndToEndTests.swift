import Foundation
import Testing
import LLMBenchCore
import Store

/// A hostile server, through the built binary: whatever it sends, `run` exits 0 (failures are
/// data), the attempt gets a bounded `error_kind` (or `tokens_source = invalid`), the run is
/// `completed`, and `report` renders afterwards. One request per scenario, on 127.0.0.1 only.
@Suite(.serialized) struct HostileEndToEndTests {
    typealias Kind = Hostile.Kind

    struct Outcome {
        var record: RequestRecord
        var db: String
        var dir: URL
    }

    /// The key variable every scenario's model names.
    static let keyVariable = "HOSTILE_KEY"

    /// One model of `kind` at the hostile server (priced as gpt-4o-mini, so a row with absurd usage
    /// meets the cost arithmetic), one request, no retries; then `report` in two formats.
    static func scenario(_ kind: Kind, stream: Bool = true, key: String = "sk-hostile-test-key-0001",
                         extraArgs: [String] = [], _ what: String, _ answer: @escaping @Sendable (HostileServer.Request) -> HostileServer.Answer,
                         sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome? {
        let dir = try makeTempDir()
        let server = try HostileServer(maxRequests: 4, answer: answer)
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)/" + (kind == .gemini ? "v1beta" : "v1")
        let model: [String: Any] = ["name": "m", "kind": kind.rawValue, "base_url": base, "model": "m", "stream": stream,
                                    "api_key_env": keyVariable, "price": "gpt-4o-mini"]
        let config = dir.appendingPathComponent("config.json")
        try JSONSerialization.data(withJSONObject: ["models": [model]]).write(to: config)
        let db = dir.appendingPathComponent("hostile.sqlite").path
        let env = [keyVariable: key]
        let r = try Binary.run(["run", "--config", config.path, "--db", db, "--datasets", "qa", "--requests", "1",
                                "--retries", "0", "--format", "none", "--timeout", "60s"] + extraArgs, env: env, timeout: 90)
        #expect(r.status == 0, "\(kind) \(what): run exited \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        guard r.status == 0 else { return nil }
        let (run, rows) = try storedRequests(db)
        #expect(run.status == .completed, "\(kind) \(what): run is \(run.status)", sourceLocation: sourceLocation)
        #expect(rows.count == 1, "\(kind) \(what)", sourceLocation: sourceLocation)
        for format in ["markdown", "json"] {
            let rep = try Binary.run(["report", "--db", db, "--format", format], env: env)
            #expect(rep.status == 0, "\(kind) \(what): report --format \(format) exited \(rep.status): \(rep.stderr)",
                    sourceLocation: sourceLocation)
        }
        guard let record = rows.first else { return nil }
        return Outcome(record: record, db: db, dir: dir)
    }

    static func expectKind(_ o: Outcome?, _ kind: ErrorKind, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let o else { return }
        #expect(o.record.status == .error && o.record.errorKind == kind,
                "\(what): \(o.record.status) \(o.record.errorKind?.rawValue ?? "-") \(o.record.errorMessage ?? "")",
                sourceLocation: sourceLocation)
        try? FileManager.default.removeItem(at: o.dir)
    }

    static func ok(_ body: String, headers: [(String, String)] = Hostile.sse) -> @Sendable (HostileServer.Request) -> HostileServer.Answer {
        { _ in .http(headers: headers, body: body) }
    }

    // MARK: - Finding 1: deep nesting

    @Test(arguments: Kind.allCases) func tenThousandLevelsDeepIsProtocolNotACrash(_ kind: Kind) throws {
        let deepEvent = Hostile.firstEvent(kind, Hostile.deepObject(10_000)) + Hostile.stream(kind)
        Self.expectKind(try Self.scenario(kind, "deep event", Self.ok(deepEvent)), .protocol, "\(kind) deep event")
        let deepField = Hostile.stream(kind, textField: "\"x\":" + Hostile.deepArray(10_000))
        Self.expectKind(try Self.scenario(kind, "deep field", Self.ok(deepField)), .protocol, "\(kind) deep field")
        let deepError: @Sendable (HostileServer.Request) -> HostileServer.Answer = { _ in
            .http(status: "500 Internal Server Error", headers: [("content-type", "application/json")],
                  body: "{\"error\":" + Hostile.deepObject(10_000) + "}")
        }
        Self.expectKind(try Self.scenario(kind, "deep error body", deepError), .http5xx, "\(kind) deep error body")
        // Non-streamed too: the whole body is the deep value.
        Self.expectKind(try Self.scenario(kind, stream: false, "deep body",
                                          Self.ok(Hostile.deepObject(10_000), headers: [("content-type", "application/json")])),
                        .protocol, "\(kind) deep body")
    }

    // MARK: - Finding 2 (usage part): untrusted counts

    @Test(arguments: Kind.allCases) func untrustedUsageIsKeptRawAndTheAnswerStaysOK(_ kind: Kind) throws {
        for (what, input) in [("huge", "1000000000000000"), ("negative", "-7"), ("fractional", "10.5"), ("string", "\"12\"")] {
            guard let o = try Self.scenario(kind, "\(what) usage", Self.ok(Hostile.stream(kind, input: input))) else { continue }
            let r = o.record
            #expect(r.status == .ok, "\(kind) \(what): \(r.errorKind?.rawValue ?? "") \(r.errorMessage ?? "")")
            #expect(r.usage == nil, "\(kind) \(what): \(String(describing: r.usage))")
            #expect(r.invalidUsageJSON?.contains(input) == true, "\(kind) \(what): \(r.invalidUsageJSON ?? "nil")")
            #expect(r.responseText == "hello")
            try? FileManager.default.removeItem(at: o.dir)
        }
        // A good count written as 12.0 is still a good count.
        if let o = try Self.scenario(kind, "integral float", Self.ok(Hostile.stream(kind, input: "12.0"))) {
            #expect(o.record.status == .ok && o.record.usage?.source == .server && o.record.invalidUsageJSON == nil)
            try? FileManager.default.removeItem(at: o.dir)
        }
    }

    // MARK: - Finding 10: misclassified outcomes

    @Test func redirectsGzipGarbageAndHugeHeadersHaveTheirOwnKinds() throws {
        for status in ["302 Found", "307 Temporary Redirect"] {
            let o = try Self.scenario(.openai, status) { _ in
                .http(status: status, headers: [("location", "http://127.0.0.1:9/elsewhere")], body: "")
            }
            #expect(o?.record.httpStatus == Int(status.prefix(3)))
            Self.expectKind(o, .redirect, status)
        }
        // Gzip nobody asked for (the bytes start like gzip; they are never decoded).
        let gz: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03] + Array(repeating: 0x5A, count: 40)
        Self.expectKind(try Self.scenario(.openai, "gzip") { _ in
            .http(headers: Hostile.sse + [("content-encoding", "gzip")], body: gz)
        }, .badEncoding, "gzip")
        Self.expectKind(try Self.scenario(.gemini, stream: false, "gzip, not streamed") { _ in
            .http(headers: [("content-type", "application/json"), ("content-encoding", "gzip")], body: gz)
        }, .badEncoding, "gzip, not streamed")
        Self.expectKind(try Self.scenario(.openai, "garbage") { _ in
            HostileServer.Answer(Array("\u{0}\u{1}this is not HTTP at all\r\n\r\nnor is this".utf8))
        }, .protocol, "garbage instead of HTTP")
        Self.expectKind(try Self.scenario(.anthropic, "garbage body") { _ in
            .http(headers: Hostile.sse, body: Array(repeating: 0xFE, count: 3000))
        }, .protocol, "a 200 event stream of garbage")
        let many = (0..<60).map { ("x-junk-\($0)", String(repeating: "a", count: 8000)) }
        Self.expectKind(try Self.scenario(.anthropic, "480 KB of headers") { _ in
            .http(headers: Hostile.sse + many, body: Hostile.stream(.anthropic))
        }, .headersTooLarge, "480 KB of headers")
        Self.expectKind(try Self.scenario(.gemini, "one 200 KB header") { _ in
            .http(headers: Hostile.sse + [("x-junk", String(repeating: "b", count: 200_000))], body: Hostile.stream(.gemini))
        }, .headersTooLarge, "one 200 KB header line")
    }

    // MARK: - Finding 5: unbounded responses

    @Test func aHugeTokenIsCutOrRefusedNeverHeld() throws {
        // 3 MiB in one token: above the stored-text limit, below the event limit: kept as 1 MiB.
        let three = 3 << 20
        if let o = try Self.scenario(.openai, "3 MiB token", Self.ok(Hostile.stream(.openai, text: String(repeating: "a", count: three)))) {
            #expect(o.record.status == .ok)
            #expect(o.record.responseText.utf8.count == 1 << 20)
            #expect(o.record.responseBytes == Int64(three))
            try? FileManager.default.removeItem(at: o.dir)
        }
        // --max-response-text sets another stored limit.
        if let o = try Self.scenario(.gemini, extraArgs: ["--max-response-text", "4096"], "3 MiB token, 4 KiB stored",
                                     Self.ok(Hostile.stream(.gemini, text: String(repeating: "é", count: three / 2)))) {
            #expect(o.record.status == .ok)
            #expect(o.record.responseText.utf8.count == 4096 && o.record.responseText.allSatisfy { $0 == "é" })
            #expect(o.record.responseBytes == Int64(three))
            try? FileManager.default.removeItem(at: o.dir)
        }
        let refused = try Binary.run(["run", "--dry-run", "--max-response-text", "100"])
        #expect(refused.status == 64 && refused.stderr.contains("max-response-text"), "\(refused.stderr)")
        // 100 MB in one token, streamed: the event passes 8 MiB and the attempt ends there.
        let head = Array("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"".utf8)
        let tail = Array("\"},\"finish_reason\":null}]}\n\ndata: [DONE]\n\n".utf8)
        let chunk = [UInt8](repeating: 0x61, count: 1 << 20)
        let total = head.count + 100 * chunk.count + tail.count
        let headers = Array("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: \(total)\r\nconnection: close\r\n\r\n".utf8)
        Self.expectKind(try Self.scenario(.openai, "100 MB token") { _ in
            HostileServer.Answer(headers + head, repeated: chunk, repeatCount: 100, tail: tail)
        }, .responseTooLarge, "100 MB token")
        // 100 MB non-streamed body: refused past 8 MiB.
        let bodyHead = Array("{\"content\":[{\"type\":\"text\",\"text\":\"".utf8)
        let bodyTail = Array("\"}],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}".utf8)
        let bodyTotal = bodyHead.count + 100 * chunk.count + bodyTail.count
        let jsonHeaders = Array("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: \(bodyTotal)\r\nconnection: close\r\n\r\n".utf8)
        Self.expectKind(try Self.scenario(.anthropic, stream: false, "100 MB body") { _ in
            HostileServer.Answer(jsonHeaders + bodyHead, repeated: chunk, repeatCount: 100, tail: bodyTail)
        }, .responseTooLarge, "100 MB body")
    }

    // MARK: - Finding 9: real error shapes

    @Test(arguments: Kind.allCases) func prettyPrintedProviderErrorsAreRead(_ kind: Kind) throws {
        let e = Hostile.errorBody(kind)
        let http = try Self.scenario(kind, "HTTP error") { _ in
            .http(status: e.status, headers: [("content-type", "application/json; charset=UTF-8")], body: e.body)
        }
        #expect(http?.record.errorMessage == "HTTP \(e.status.prefix(3)): \(e.message)", "\(http?.record.errorMessage ?? "")")
        Self.expectKind(http, kind == .anthropic ? .overloaded : .http5xx, "\(kind) HTTP error")
        let mid = try Self.scenario(kind, "mid-stream error", Self.ok(Hostile.midStreamError(kind)))
        #expect(mid?.record.errorMessage?.contains("{") == false, "\(mid?.record.errorMessage ?? "")")
        Self.expectKind(mid, kind == .anthropic ? .overloaded : .streamError, "\(kind) mid-stream error")
    }

    // MARK: - Finding 4: echoed keys

    /// Every 12-byte slice of `key`: none may be stored.
    static func slices(_ key: String) -> [Data] {
        let b = Array(key.utf8)
        return (0...(b.count - 12)).map { Data(b[$0..<($0 + 12)]) }
    }

    /// The key the request carried, from whichever header its format uses.
    static func sentKey(_ r: HostileServer.Request) -> String {
        if let a = r.headers["authorization"], a.hasPrefix("Bearer ") { return String(a.dropFirst(7)) }
        return r.headers["x-api-key"] ?? r.headers["x-goog-api-key"] ?? "no-key"
    }

    @Test(arguments: Kind.allCases) func anEchoedKeyIsStoredNowhere(_ kind: Kind) throws {
        let key = "sk-hostile-" + UUID().uuidString.lowercased()
        var dbs: [Outcome] = []
        // A good answer that quotes the key in every field a server can fill.
        let good = try Self.scenario(kind, key: key, "echo in a good answer") { r in
            let k = Self.sentKey(r)
            let cut = String(k.prefix(14))
            let headers = Hostile.sse + [("x-request-id", k), ("x-ratelimit-limit-requests", "\(k) per minute"),
                                         ("anthropic-ratelimit-tokens-remaining", cut), ("retry-after", "0 \(k)"),
                                         ("x-ratelimit-\(k)", "1")]
            let extra = kind == .openai ? "\"system_fingerprint\":\(JSONText.quote("fp_" + k))" : ""
            let body = Hostile.stream(kind, text: "your key is \(k), its start \(cut)… ok", input: "-1, \"note\": \(JSONText.quote(k))",
                                      extra: extra, id: "id-\(k)", model: "model-\(k)", finish: "stop-\(k)")
            return .http(headers: headers, body: body)
        }
        if let g = good {
            #expect(g.record.status == .ok, "\(g.record.errorMessage ?? "")")
            #expect(g.record.responseText.contains("[redacted]"))
            #expect(g.record.servedModel?.contains("[redacted]") == true)
            #expect(g.record.invalidUsageJSON?.contains("[redacted]") == true, "\(g.record.invalidUsageJSON ?? "nil")")
            dbs.append(g)
        }
        // An HTTP error and a mid-stream error that quote it in their messages.
        if let o = try Self.scenario(kind, key: key, "echo in a 401") { r in
            .http(status: "401 Unauthorized", headers: [("content-type", "application/json"), ("x-request-id", Self.sentKey(r))],
                  body: "{\"error\":{\"message\":\(JSONText.quote("Incorrect API key provided: " + Self.sentKey(r))),\"type\":\"invalid_request_error\"}}")
        } {
            #expect(o.record.errorKind == .auth && o.record.errorMessage?.contains("[redacted]") == true, "\(o.record.errorMessage ?? "")")
            dbs.append(o)
        }
        if let o = try Self.scenario(kind, key: key, "echo mid-stream") { r in
            let msg = JSONText.quote("upstream said: key \(Self.sentKey(r)) is revoked")
            let data = kind == .anthropic ? "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\(msg)}}"
                : "{\"error\":{\"code\":500,\"message\":\(msg),\"status\":\"INTERNAL\",\"type\":\"server_error\"}}"
            return .http(headers: Hostile.sse, body: Hostile.event(kind == .anthropic ? "error" : nil, data))
        } {
            #expect(o.record.errorKind == .streamError && o.record.errorMessage?.contains("[redacted]") == true, "\(o.record.errorMessage ?? "")")
            dbs.append(o)
        }
        #expect(dbs.count == 3)
        let needles = Self.slices(key)
        for o in dbs {
            for f in [o.db, o.db + "-wal", o.db + "-journal"] where FileManager.default.fileExists(atPath: f) {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: f))
                for n in needles { #expect(bytes.range(of: n) == nil, "\(kind): \(String(decoding: n, as: UTF8.self)) is in \(f)") }
            }
            try? FileManager.default.removeItem(at: o.dir)
        }
    }
}
