import Testing
@testable import Charts

@Suite struct XYChartTests {
    // Default frame: plot x 70…696 (626 wide), y 290…16 (274 high).
    let chart = XYChart(title: "Known", x: Axis("Load", unit: "req/s"), y: Axis("Latency", unit: "ms"),
                        series: [.init("m1", key: "m1", points: [.init(x: 0, y: 0), .init(x: 5, y: 50), .init(x: 10, y: 100)])])

    @Test func plottedCoordinatesAreExact() {
        let p = chart.plot()
        #expect(p.x.domain == 0...10 && p.y.domain == 0...100)
        #expect(p.points[0].map(\.x) == [70, 383, 696])
        #expect(p.points[0].map(\.y) == [290, 153, 16])
        #expect(p.x.drawnTicks.map(\.pixel) == [70, 195.2, 320.4, 445.6, 570.8, 696])
        #expect(p.x.drawnTicks.map(\.label) == ["0", "2", "4", "6", "8", "10"])
        #expect(p.y.drawnTicks.map(\.label) == ["0", "20", "40", "60", "80", "100"])
        let svg = chart.svg(palette: Palette(keys: ["m1"])).render()
        #expect(svg.contains("points=\"70,290 383,153 696,16\""))
        #expect(svg.contains("stroke=\"#4e79a7\""))
        #expect(svg.contains(">Load (req/s)</text>"))
        #expect(svg.contains(">Latency (ms)</text>"))
    }

    @Test func stepRunsHorizontalThenVertical() {
        var c = chart
        c.series[0].mark = .step
        let svg = c.svg(palette: Palette(keys: [])).render()
        #expect(svg.contains("points=\"70,290 383,290 383,153 696,153 696,16\""))
        #expect(svg.contains("stroke=\"currentColor\"")) // a key the page did not list: ink
    }

    @Test func referenceBandAndFlags() {
        var c = chart
        c.series[0].points[1].flagged = true
        c.series[0].mark = .linePoints
        c.references = [.init(y: 120, label: "SLO 120 ms")]
        c.bands = [.init("m1 band", key: "m1", points: [(x: 0, low: 0, high: 10), (x: 10, low: 90, high: 100)])]
        let p = c.plot()
        #expect(p.y.domain == 0...120) // the reference line is inside the domain
        let svg = c.svg(palette: Palette(keys: ["m1"])).render()
        #expect(svg.contains("class=\"flag\" cx=\"383\""))
        #expect(svg.contains(">SLO 120 ms</text>"))
        #expect(svg.contains("<polygon class=\"band\""))
        #expect(c.legend.map(\.text) == ["m1", "m1 band", "SLO 120 ms"])
        #expect(c.defaultTable.rows.count == 6)
        #expect(c.defaultTable.rows[1][3] == "flagged ")
    }

    @Test func logAxisPixels() {
        let c = XYChart(title: "Log", x: Axis("TTFT", unit: "ms"), y: Axis("Fraction", domain: 0...1),
                        series: [.init("a", key: "a", points: [.init(x: 1, y: 0), .init(x: 10, y: 0.5), .init(x: 1000, y: 1)])])
        let p = c.plot()
        #expect(p.x.log && p.x.domain == 1...1000)
        #expect(p.points[0].map(\.x) == [70, 278.7, 696])
        #expect(p.y.drawnTicks.map(\.label) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(p.x.drawnTicks.map(\.label) == ["1", "2", "5", "10", "20", "50", "100", "200", "500", "1000"])
    }

    @Test func cdfPointsAreBounded() {
        let xs = (1...1000).map(Double.init)
        let pts = CDF.points(sorted: xs)
        #expect(pts.count == CDF.maxPoints + 1)
        #expect(pts.first == .init(x: 1, y: 0))
        #expect(pts[1] == .init(x: 1, y: 0.001))
        #expect(pts.last == .init(x: 1000, y: 1))
        let ties = CDF.points(sorted: [1, 2, 2, 3])
        #expect(ties.map(\.y) == [0, 0.25, 0.75, 1])
    }
}

@Suite struct CDFTableTests {
    @Test func stepChartsTableReadsFractions() {
        let c = XYChart(title: "CDF", x: Axis("TTFT", unit: "ms"), y: Axis("Fraction", domain: 0...1),
                        series: [.init("a", key: "a", points: CDF.points(sorted: (1...100).map(Double.init)), mark: .step)])
        let t = c.defaultTable
        #expect(t.columns == ["Series", "10 %", "25 %", "50 %", "75 %", "90 %", "95 %", "99 %", "100 %"])
        #expect(t.rows == [["a", "10", "25", "50", "75", "90", "95", "99", "100"]])
    }
}
