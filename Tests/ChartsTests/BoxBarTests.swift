import Testing
@testable import Charts

@Suite struct BoxBarTests {
    @Test func boxGeometry() {
        let c = BoxChart(title: "TTFT by dataset", value: Axis("TTFT", unit: "ms"), groups: [
            .init("qa", boxes: [.init("a", key: "a", low: 10, q1: 20, median: 30, q3: 40, high: 50, count: 9),
                                .init("b", key: "b", low: 20, q1: 40, median: 60, q3: 80, high: 100, count: 9)]),
            .init("sum", boxes: [.init("a", key: "a", low: 0, q1: 10, median: 20, q3: 30, high: 40, count: 3)]),
        ], whiskers: "whiskers p5 and p95, box p25 to p75")
        let p = c.plot()
        #expect(p.scale.domain == 0...100)
        // Two groups of 313 each; group 0's boxes share 250.4 of it, centred at 70 + 31.3 + 62.6 and + 187.8.
        #expect(p.groupCenters == [226.5, 539.5])
        #expect(p.boxes[0].map(\.center) == [163.9, 289.1])
        #expect(p.boxes[0][1].median == Frame.round(290 - 0.6 * 274))
        #expect(p.boxes[0][0].halfWidth == 22)
        let svg = c.svg(palette: Palette(keys: ["a", "b"]), frame: Frame()).render()
        #expect(svg.contains(">qa</text>") && svg.contains(">sum</text>"))
        #expect(c.defaultTable.rows[1] == ["qa", "b", "20", "40", "60", "80", "100", "9"])
        #expect(c.legend.count == 3) // the page's legend drops repeats
    }

    @Test func barsAreOrderedByValue() {
        let c = BarChart(title: "Monthly cost", value: Axis("Cost", unit: "USD/month", kind: .linear), bars: [
            .init("pricey", key: "pricey", value: 300, tag: "measured"),
            .init("cheap", key: nil, value: 100, tag: "projected", faded: true),
            .init("mid", key: nil, value: 200),
        ])
        #expect(c.ordered.map(\.label) == ["cheap", "mid", "pricey"])
        let f = c.frame
        #expect(f.height == 16 + 3 * 24 + 44)
        let p = c.plot(frame: f)
        #expect(p.scale.domain == 0...300)
        #expect(p.ends == [Frame.round(f.plotLeft + (f.plotRight - f.plotLeft) / 3), Frame.round(f.plotLeft + 2 * (f.plotRight - f.plotLeft) / 3), f.plotRight])
        #expect(c.defaultTable.rows.map(\.[0]) == ["cheap", "mid", "pricey"])
        let svg = c.svg(palette: Palette(keys: ["pricey"]), frame: f).render()
        #expect(svg.contains("fill-opacity=\"0.45\""))
        #expect(svg.contains(">100 · projected</text>"))
    }
}
