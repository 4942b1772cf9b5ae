import Testing
@testable import Providers

/// Issue 11, findings 1 and 9: nesting is bounded, and a member that is only peeked at is skipped
/// even when white space stands before its value (pretty-printed JSON, as Google sends errors).
@Suite struct JSONScannerLimitsTests {
    func withScanner<T>(_ json: String, _ body: (inout JSONScanner) throws -> T) rethrows -> T {
        let bytes = Array(json.utf8)
        return try bytes.withUnsafeBytes { buf in
            var s = JSONScanner(buf)
            return try body(&s)
        }
    }

    @Test(arguments: [10_000, 100_000])
    func deepNestingIsAnErrorNotACrash(levels: Int) {
        let arrays = String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
        let objects = String(repeating: "{\"a\":", count: levels) + "1" + String(repeating: "}", count: levels)
        for json in [arrays, objects, "{\"x\":" + arrays + "}"] {
            #expect(throws: JSONScanError.self) { try withScanner(json) { try $0.skipValue() } }
        }
    }

    @Test func nestingUpToTheLimitIsRead() throws {
        let n = JSONScanner.maxDepth
        let json = String(repeating: "[", count: n) + "7" + String(repeating: "]", count: n)
        try withScanner(json) { try $0.skipValue() }
        let over = String(repeating: "[", count: n + 1) + String(repeating: "]", count: n + 1)
        #expect(throws: JSONScanError.self) { try withScanner(over) { try $0.skipValue() } }
    }

    /// Google's error body as it arrives: pretty-printed, `"code": 500` with a space.
    @Test func aPeekedMemberAfterWhiteSpaceIsSkipped() throws {
        let google = """
        {
          "error": {
            "code": 500,
            "message": "Internal error encountered.",
            "status": "INTERNAL",
            "details": [ { "@type": "x" } ]
          }
        }
        """
        var message: String?
        var status: String?
        try withScanner(google) { s in
            try s.forEachMember { s, key in
                guard key.equals("error") else { return }
                try s.forEachMember { s, key in
                    if key.equals("code") { _ = s.peekKind() }        // looked at, left unread
                    else if key.equals("message") { message = try s.string() }
                    else if key.equals("status") { status = try s.string() }
                }
            }
        }
        #expect(message == "Internal error encountered.")
        #expect(status == "INTERNAL")
        let list = "[ 1 ,  2 ,\n 3 ]"
        var seen = 0
        try withScanner(list) { s in try s.forEachElement { s in _ = s.peekKind(); seen += 1 } }
        #expect(seen == 3)
    }
}
