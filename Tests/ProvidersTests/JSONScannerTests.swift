import Testing
@testable import Providers

@Suite struct JSONScannerTests {
    func withScanner<T>(_ json: String, _ body: (inout JSONScanner) throws -> T) rethrows -> T {
        let bytes = Array(json.utf8)
        return try bytes.withUnsafeBytes { buf in
            var s = JSONScanner(buf)
            return try body(&s)
        }
    }

    @Test func unescapesEverything() throws {
        let s = try withScanner(#""q\"b\\s\/ \b\f\n\r\t é \u00e9 \u4e2d \ud83d\ude00""#) { try $0.string() }
        #expect(s == "q\"b\\s/ \u{8}\u{C}\n\r\t é é 中 😀")
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try withScanner(#""a\ud83db""#) { try $0.string() } == "a\u{FFFD}b")
        #expect(try withScanner(#""\ude00""#) { try $0.string() } == "\u{FFFD}")
        #expect(try withScanner(#""\ud83d\u0041""#) { try $0.string() } == "\u{FFFD}A")
    }

    @Test func appendStringAppendsUnescapedBytes() throws {
        var out = Array("x".utf8)
        let n = try withScanner(#""\u00e9\n""#) { try $0.appendString(to: &out) }
        #expect(n == 3)
        #expect(String(decoding: out, as: UTF8.self) == "xé\n")
        #expect(try withScanner("null") { try $0.appendString(to: &out) } == 0)
    }

    @Test func walksNestedObjectsAndSkipsWhatItDoesNotRead() throws {
        let json = #"{"skip":{"a":[1,2,{"b":"}]"}],"c":-1.5e3,"d":true,"e":null},"want":{"n":-42,"s":"ok"},"arr":[ 1 , 2 ]}"#
        var n: Int?, str: String?, sum = 0
        try withScanner(json) { s in
            try s.forEachMember { s, key in
                if key.equals("want") {
                    try s.forEachMember { s, key in
                        if key.equals("n") { n = try s.int() } else if key.equals("s") { str = try s.string() }
                    }
                } else if key.equals("arr") {
                    try s.forEachElement { s in sum += try s.int() ?? 0 }
                }
            }
        }
        #expect(n == -42)
        #expect(str == "ok")
        #expect(sum == 3)
    }

    @Test func nullObjectsAndArraysAreEmpty() throws {
        var calls = 0
        try withScanner("null") { s in try s.forEachMember { _, _ in calls += 1 } }
        try withScanner("null") { s in try s.forEachElement { _ in calls += 1 } }
        try withScanner("{}") { s in try s.forEachMember { _, _ in calls += 1 } }
        #expect(calls == 0)
    }

    @Test func malformedInputThrowsWithAnOffset() {
        #expect(throws: JSONScanError.self) { try withScanner(#"{"a":"unterminated"#) { try $0.skipValue() } }
        #expect(throws: JSONScanError.self) { try withScanner(#"{"a" 1}"#) { try $0.skipValue() } }
        #expect(throws: JSONScanError.self) { try withScanner(#""\x""#) { try $0.string() } }
        #expect(throws: JSONScanError.self) { try withScanner("1.5") { try $0.int() } }
        #expect(throws: JSONScanError.self) { try withScanner("99999999999999999999") { try $0.int() } }
    }
}
