import Testing
import TestFixtures
@testable import Charts

@Suite struct PageTests {
    func page(simulated: Bool = true) -> HTMLPage {
        var p = HTMLPage(title: "Run <a&b> \"q\" 'x'", subtitle: "2026-12-01", keys: ["m1", "m2"],
                         simulated: simulated ? "Simulated: results come from llmbench's built-in simulator." : nil)
        p.heading("Latency & <speed>")
        p.paragraph("]]> and </script> in text are escaped")
        p.table(DataTable(columns: ["Model", "p50"], rows: [["m1", "12.5"], ["m2 <b>", "—"]]))
        p.figure(XYChart(title: "CDF", x: Axis("TTFT", unit: "ms"), y: Axis("Fraction", domain: 0...1),
                         series: [.init("m1", key: "m1", points: CDF.points(sorted: [1, 2, 3]), mark: .step),
                                  .init("m2 \u{1}", key: "m2", points: CDF.points(sorted: [5, 500]), mark: .step)]), note: "note")
        p.figure(BarChart(title: "Bars", value: Axis("Cost", unit: "USD"), bars: [.init("m1", key: "m1", value: 1)]))
        return p
    }

    @Test func pageIsWellFormedAndSelfContained() {
        let html = page().render()
        #expect(PageChecks.problems(html) == [])
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\""))
        #expect(html.contains("Run &lt;a&amp;b&gt; &quot;q&quot; &#39;x&#39;"))
        #expect(html.contains("class=\"simulated\""))
        #expect(html.contains("<span class=\"badge\">simulated</span>"))
        #expect(html.contains("prefers-color-scheme:dark"))
        #expect(html.contains("@media print"))
        #expect(html.contains("<td class=\"num\">12.5</td>"))
        #expect(!page(simulated: false).render().contains("badge\">simulated"))
        var quiet = page(); quiet.hoverScript = false
        #expect(!quiet.render().contains("<script"))
        #expect(PageChecks.problems(quiet.render()) == [])
    }

    @Test func colourPerModelIsStableAcrossCharts() {
        let html = page().render()
        // m1 is the first key: its CDF curve and its bar both use the first colour.
        #expect(html.components(separatedBy: "#4e79a7").count >= 3)
        #expect(Palette(keys: ["b", "a", "b"]).keys == ["b", "a"])
        #expect(Palette(keys: ["b", "a"]).color("a") == Palette.colors[1])
    }

    @Test func checksCatchReferencesAndBadMarkup() {
        let base = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head></head><body>BODY</body></html>"
        func check(_ body: String) -> [String] { PageChecks.problems(base.replacingOccurrences(of: "BODY", with: body)) }
        #expect(check("<p>ok <a href=\"#figure-1\">x</a></p>") == [])
        #expect(check("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>") == [])
        #expect(check("<img src=\"https://example.com/a.png\"/>").count == 1)
        #expect(check("<a href=\"other.html\">x</a>").count == 1)
        #expect(check("<style>body{background:url(a.png)}</style>").count == 1)
        #expect(check("<style>@import 'x.css';</style>").count == 1)
        #expect(check("<p style=\"background:url( 'http://x' )\">x</p>").count == 1)
        #expect(check("<p>unclosed").first?.hasPrefix("not well-formed") == true)
        #expect(check("<p>&nbsp;</p>").first?.hasPrefix("not well-formed") == true)
    }
}
