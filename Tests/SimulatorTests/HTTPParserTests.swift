import Testing
@testable import Simulator

@Suite struct HTTPParserTests {
    static let sample = "POST /v1/messages?x=1&key=a%20b HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nX-Api-Key: k\r\n\r\nhello"

    @Test func parsesARequestFedOneByteAtATime() {
        let bytes = Array(Self.sample.utf8)
        var parser = HTTPRequestParser()
        var buffer: [UInt8] = []
        var result: HTTPRequest?
        for (i, b) in bytes.enumerated() {
            buffer.append(b)
            switch parser.parse(buffer, from: 0) {
            case .needMore: #expect(i < bytes.count - 1)
            case .request(let r, let consumed): result = r; #expect(consumed == bytes.count)
            case .sendContinue: Issue.record("unexpected 100-continue")
            case .reject(let s, let m): Issue.record("rejected \(s) \(m) at byte \(i)")
            }
        }
        #expect(result?.method == "POST")
        #expect(result?.path == "/v1/messages")
        #expect(result?.query["key"] == "a b")
        #expect(result?.header("x-api-key") == "k")
        #expect(result.map { String(decoding: $0.body, as: UTF8.self) } == "hello")
        #expect(result?.keepAlive == true)
    }

    @Test func rejectsMalformedInput() {
        func outcome(_ s: String) -> Int? {
            var p = HTTPRequestParser()
            if case .reject(let status, _) = p.parse(Array(s.utf8), from: 0) { return status }
            return nil
        }
        #expect(outcome("GARBAGE\r\n\r\n") == 400)
        #expect(outcome("GET / HTTP/2.0\r\n\r\n") == 400)
        #expect(outcome("GET / HTTP/1.1\r\nNoColon\r\n\r\n") == 400)
        #expect(outcome("POST / HTTP/1.1\r\nContent-Length: -3\r\n\r\n") == 400)
        #expect(outcome("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") == 400)
        #expect(outcome("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n") == 411)
        #expect(outcome("POST / HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n") == 413)
        #expect(outcome("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 40_000)) == 431)
        #expect(outcome("GET / HTTP/1.1\r\nConnection: close\r\n\r\n") == nil)
    }

    @Test func connectionHeaderDecidesKeepAlive() {
        var p = HTTPRequestParser()
        if case .request(let r, _) = p.parse(Array("GET / HTTP/1.1\r\nConnection: close\r\n\r\n".utf8), from: 0) {
            #expect(!r.keepAlive)
        } else { Issue.record("no request") }
        if case .request(let r, _) = p.parse(Array("GET / HTTP/1.0\r\n\r\n".utf8), from: 0) {
            #expect(!r.keepAlive)
        } else { Issue.record("no request") }
    }

    @Test func expectContinueIsAnsweredOnce() {
        var p = HTTPRequestParser()
        let head = Array("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8)
        guard case .sendContinue = p.parse(head, from: 0) else { Issue.record("expected 100-continue"); return }
        guard case .needMore = p.parse(head, from: 0) else { Issue.record("expected needMore"); return }
        guard case .request = p.parse(head + [1, 2], from: 0) else { Issue.record("expected request"); return }
    }
}
