import Testing
@testable import Datasets

/// RFC 4180 cases, malformed input and the parser's bounds.
@Suite("CSV parser")
struct CSVParserTests {
    func parse(_ text: String, limits: CSVParser.Limits = CSVParser.Limits()) throws(CSVParser.Failure) -> CSVParser.Table {
        try CSVParser.parse(Array(text.utf8), limits: limits)
    }

    func failure(_ text: String, limits: CSVParser.Limits = CSVParser.Limits()) -> CSVParser.Failure? {
        do { _ = try parse(text, limits: limits); return nil } catch { return error }
    }

    @Test func headerAndRecordsWithCRLFAndLF() throws {
        let t = try parse("id,prompt\r\n1,hello\n2,world\r\n")
        #expect(t.header == ["id", "prompt"])
        #expect(t.records == [.init(line: 2, fields: ["1", "hello"]), .init(line: 3, fields: ["2", "world"])])
    }

    @Test func lastRecordWithoutLineBreakAndEmptyFields() throws {
        let t = try parse("a,b,c\n,,\nx,,z")
        #expect(t.records.map(\.fields) == [["", "", ""], ["x", "", "z"]])
    }

    @Test func quotedFieldsHoldCommasDoubledQuotesAndLineBreaks() throws {
        let t = try parse("id,text\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\r\nlines\nthree\"\n4,\"\"\n")
        #expect(t.records.map(\.fields) == [["1", "a, b"], ["2", "say \"hi\""], ["3", "two\r\nlines\nthree"], ["4", ""]])
        // The record after the embedded line breaks starts on its physical line.
        #expect(t.records.map(\.line) == [2, 3, 4, 7])
    }

    @Test func byteOrderMarkIsSkippedAndHeaderNamesTrimmed() throws {
        let t = try parse("\u{FEFF} id , prompt\n1,x\n")
        #expect(t.header == ["id", "prompt"])
    }

    @Test func blankLinesAreSkippedButCountInLineNumbers() throws {
        let t = try parse("id,prompt\n\n1,x\r\n\r\n2,y\n")
        #expect(t.records.map(\.line) == [3, 5])
    }

    @Test func loneCarriageReturnEndsARecord() throws {
        let t = try parse("a,b\r1,2\r")
        #expect(t.records.map(\.fields) == [["1", "2"]])
    }

    @Test func unicodeFieldsRoundTrip() throws {
        let t = try parse("id,text\n1,\"Grüße, 世界 🚀\"\n")
        #expect(t.records[0].fields[1] == "Grüße, 世界 🚀")
    }

    @Test func recordsWithOtherFieldCountsAreReturnedForTheCallerToReport() throws {
        let t = try parse("a,b\n1,2,3\n4\n")
        #expect(t.records.map(\.fields.count) == [3, 1])
    }

    @Test func quoteInsideAnUnquotedFieldIsAnError() {
        let f = failure("id,text\n1,say \"hi\"\n")
        #expect(f?.line == 2 && f?.column == 1)
        #expect(f?.message.contains("inside an unquoted field") == true)
    }

    @Test func textAfterAClosingQuoteIsAnError() {
        let f = failure("id,text\n1,\"ab\"c\n")
        #expect(f?.line == 2 && f?.column == 1)
        #expect(f?.message.contains("after the closing quote") == true)
    }

    @Test func unclosedQuoteNamesTheLineItOpenedOn() {
        let f = failure("id,text\n1,x\n2,\"never\nclosed\n3,y\n")
        #expect(f?.line == 3 && f?.column == 1)
        #expect(f?.message.contains("never closed") == true)
    }

    @Test func invalidUTF8IsAnError() {
        var bytes = Array("id,text\n1,".utf8)
        bytes += [0xC3, 0x28, 0x0A]
        #expect(throws: CSVParser.Failure.self) { try CSVParser.parse(bytes) }
        do { _ = try CSVParser.parse(bytes) } catch {
            #expect(error.line == 2 && error.column == 1 && error.message.contains("UTF-8"))
        }
    }

    @Test func headerProblems() {
        #expect(failure("")?.message.contains("no header row") == true)
        #expect(failure("id,,prompt\n")?.message.contains("column 2 of the header row has no name") == true)
        #expect(failure("id,prompt,id\n")?.message.contains("names column \"id\" twice") == true)
    }

    @Test func boundsEndInAFailureNotACrash() {
        var small = CSVParser.Limits()
        small.maxFieldBytes = 8
        #expect(failure("a\n123456789\n", limits: small)?.message.contains("longer than 8 bytes") == true)
        #expect(failure("a\n\"123456789\"\n", limits: small)?.line == 2)
        small = CSVParser.Limits()
        small.maxColumns = 3
        #expect(failure("a,b,c,d\n", limits: small)?.message.contains("more than 3 fields") == true)
        small = CSVParser.Limits()
        small.maxRecords = 2
        #expect(failure("a\n1\n2\n", limits: small)?.message.contains("more than 2 records") == true)
    }

    /// Every prefix of a tricky file either parses or fails with a line inside the file: no crash, no hang.
    @Test func everyPrefixOfATrickyFileEndsCleanly() {
        let text = Array("\u{FEFF}id,\"te\"\"xt\",n\r\n1,\"a,\nb\",2\n\n\"3\",,\"\"\r".utf8)
        for end in 0...text.count {
            do { _ = try CSVParser.parse(Array(text[..<end])) } catch {
                #expect(error.line >= 1 && error.line <= 6)
            }
        }
    }
}
