import Testing
@testable import Providers

@Suite struct SSEParserTests {
    /// A stream using every line ending, comments, names, multi-line data and a trailing partial event.
    static let mixed = ": comment first\r\n"
        + "event: alpha\r\ndata: one\r\n\r\n"
        + "data: two\ndata:  three\n\n"
        + "event:beta\rdata:four\r\r"
        + "data\n\n"
        + "id: 7\nretry: 10\n\n"
        + "event: ignored-without-data\n\n"
        + "data: five\r\n: a comment inside\r\ndata: six\r\n\r\n"
        + "data: partial"

    static let expected = [
        SSEEvent(name: "alpha", data: "one"),
        SSEEvent(data: "two\n three"),
        SSEEvent(name: "beta", data: "four"),
        SSEEvent(data: ""),
        SSEEvent(data: "five\nsix"),
    ]

    static func parse(_ parts: [[UInt8]]) -> ([SSEEvent], SSEParser) {
        var p = SSEParser()
        var events: [SSEEvent] = []
        for part in parts { events += part.withUnsafeBytes { p.feed($0) } }
        return (events, p)
    }

    @Test func wholeStream() {
        let (events, parser) = Self.parse([Array(Self.mixed.utf8)])
        #expect(events == Self.expected)
        #expect(parser.hasPartialEvent)
    }

    @Test func everySplitPointGivesTheSameEvents() {
        for stream in [Self.mixed, Fixtures.openAIStream, Fixtures.anthropicStream, Fixtures.geminiStream] {
            let bytes = Array(stream.utf8)
            let whole = Self.parse([bytes]).0
            #expect(!whole.isEmpty)
            for split in 0...bytes.count {
                let (events, _) = Self.parse([Array(bytes[0..<split]), Array(bytes[split...])])
                #expect(events == whole, "split at byte \(split)")
            }
            // And one byte at a time.
            #expect(Self.parse(bytes.map { [$0] }).0 == whole)
        }
    }

    @Test func crAtChunkEndThenLFIsOneLineEnding() {
        let (events, _) = Self.parse([Array("data: a\r".utf8), Array("\ndata: b\r".utf8), Array("\n\r\n".utf8)])
        #expect(events == [SSEEvent(data: "a\nb")])
    }

    @Test func blankLinesWithoutDataDispatchNothing() {
        let (events, parser) = Self.parse([Array("\n\n\r\n: hi\n\n".utf8)])
        #expect(events.isEmpty)
        #expect(!parser.hasPartialEvent)
    }

    @Test func eventNameDoesNotLeakIntoTheNextEvent() {
        let (events, _) = Self.parse([Array("event: x\ndata: 1\n\ndata: 2\n\n".utf8)])
        #expect(events == [SSEEvent(name: "x", data: "1"), SSEEvent(data: "2")])
    }

    @Test func pullFormReportsOneEventAtATime() {
        var p = SSEParser()
        let bytes = Array("data: a\n\ndata: b\n\n".utf8)
        bytes.withUnsafeBytes { buf in
            var offset = 0
            #expect(p.next(buf, from: &offset))
            #expect(String(decoding: p.data, as: UTF8.self) == "a")
            #expect(p.next(buf, from: &offset))
            #expect(String(decoding: p.data, as: UTF8.self) == "b")
            #expect(!p.next(buf, from: &offset))
            #expect(offset == buf.count)
        }
    }
}
