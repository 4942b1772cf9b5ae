import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import Analysis
import LLMBenchCore
@testable import Report

@Suite struct FormatTests {
    @Test func csvQuotingFollowsRFC4180() {
        #expect(CSVReport.field("plain") == "plain")
        #expect(CSVReport.field("") == "")
        #expect(CSVReport.field("a,b") == "\"a,b\"")
        #expect(CSVReport.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVReport.field("line\nbreak") == "\"line\nbreak\"")
        #expect(CSVReport.field("cr\rhere") == "\"cr\rhere\"")
        #expect(CSVReport.field("crlf\r\nhere") == "\"crlf\r\nhere\"")
        #expect(CSVReport.field("ünï ✓") == "ünï ✓")
    }

    @Test func csvQuotesModelNames() {
        var a = ReportFixture.analysis
        a.groups[0].key.model = "org/model,v\"2\""
        let second = CSVReport.render(a).components(separatedBy: "\r\n")[1]
        #expect(second == "run-1,true,\"org/model,v\"\"2\"\"\",qa,20,0.05,123.456,,")
    }

    @Test func displayRoundingByUnit() {
        #expect(NumberFormatting.display(123.456, unit: .ms) == "123.5")
        #expect(NumberFormatting.display(0.00049, unit: .ratio) == "0.0005")
        #expect(NumberFormatting.display(12, unit: .count) == "12")
        #expect(NumberFormatting.display(3.14159, unit: .requestsPerSecond) == "3.14")
        #expect(NumberFormatting.display(-0.00001, unit: .ms) == "0.0")
        #expect(NumberFormatting.display(nil, unit: .ms) == "—")
        #expect(NumberFormatting.display(0.5, unit: MetricUnit(rawValue: "widgets")) == "0.5000")
    }

    @Test func machineNumbers() {
        #expect(NumberFormatting.machine(20) == "20")
        #expect(NumberFormatting.machine(-3) == "-3")
        #expect(NumberFormatting.machine(0.1) == "0.1")
        #expect(NumberFormatting.machine(1e-7) == "1e-07")
        #expect(NumberFormatting.machine(nil) == nil)
        #expect(NumberFormatting.machine(.nan) == nil)
        #expect(NumberFormatting.machine(.infinity) == nil)
    }

    @Test func jsonEscapesStrings() throws {
        let v = JSONValue.object(["k": .string("q\"b\\n\nt\t\u{1}é"), "n": .number(.nan)])
        let text = v.serialized()
        #expect(text == "{\n  \"k\": \"q\\\"b\\\\n\\nt\\t\\u0001é\",\n  \"n\": null\n}\n")
        let back = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(back["k"] as? String == "q\"b\\n\nt\t\u{1}é")
    }

    @Test func formatParsing() throws {
        #expect(try ReportFormat.parse("CSV") == .csv)
        do {
            _ = try ReportFormat.parse("pdf")
            Issue.record("expected an error")
        } catch let e as LLMBenchError {
            #expect(e.exitCode == .usage)
            #expect(e.message.contains("markdown, csv, json, junit, html"))
        }
        #expect(try ReportFormat.junit.render(ReportFixture.analysis) == RunJUnit.render(ReportFixture.analysis))
        #expect(try ReportFormat.markdown.render(ReportFixture.analysis) == MarkdownReport.render(ReportFixture.analysis))
    }

    @Test func markdownEscapesCells() {
        #expect(MarkdownReport.escape("a|b\nc") == "a\\|b c")
    }

    @Test func junitSnapshot() {
        let xml = JUnitReport.render(suiteName: "llmbench compare", cases: [
            (name: "gpt-4o/qa ttft_ms_p95", passed: true, message: ""),
            (name: "gpt-4o/qa error_rate", passed: false, message: "change +0.05 > +0.01 (CI 0.03…0.07) & <worse>"),
        ])
        let expected = """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites name="llmbench compare" tests="2" failures="1" errors="0" time="0">
          <testsuite name="llmbench compare" tests="2" failures="1" errors="0" skipped="0" time="0">
            <testcase name="gpt-4o/qa ttft_ms_p95" classname="llmbench compare" time="0"/>
            <testcase name="gpt-4o/qa error_rate" classname="llmbench compare" time="0">
              <failure message="change +0.05 &gt; +0.01 (CI 0.03…0.07) &amp; &lt;worse&gt;" type="regression">\
        change +0.05 &gt; +0.01 (CI 0.03…0.07) &amp; &lt;worse&gt;</failure>
            </testcase>
          </testsuite>
        </testsuites>

        """
        #expect(xml == expected)
    }

    #if canImport(FoundationXML)
    @Test func junitIsWellFormedXML() throws {
        let xml = JUnitReport.render(suiteName: "s\"<&>", cases: [
            JUnitTestCase(name: "a\nb", passed: false, message: "x\"y\u{7}z", className: "m.d"),
            JUnitTestCase(name: "ok", passed: true, message: "note"),
        ])
        let doc = try XMLDocument(xmlString: xml)
        let root = try #require(doc.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "name")?.stringValue == "s\"<&>")
        let cases = try doc.nodes(forXPath: "//testcase")
        #expect(cases.count == 2)
        let failure = try #require(try doc.nodes(forXPath: "//failure").first as? XMLElement)
        #expect(failure.attribute(forName: "message")?.stringValue == "x\"y?z")
        #expect((cases[0] as? XMLElement)?.attribute(forName: "name")?.stringValue == "a\nb")
    }
    #endif
}
