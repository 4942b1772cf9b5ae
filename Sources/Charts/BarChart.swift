/// Horizontal bars ordered by value (smallest on top: the cheapest model first), one row per bar, the
/// value written at the bar's end; `faded` bars (e.g. projected, not measured) are drawn lighter and hatched-free.
public struct BarChart: Chart, Equatable {
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var key: String?
        public var value: Double
        /// Shown after the value and in the table (e.g. "measured", "projected").
        public var tag: String?
        public var faded: Bool
        public init(_ label: String, key: String?, value: Double, tag: String? = nil, faded: Bool = false) {
            self.label = label; self.key = key; self.value = value; self.tag = tag; self.faded = faded
        }
    }

    public var title: String
    public var value: Axis
    /// Bars in any order; drawn sorted by value ascending (ties by label).
    public var bars: [Bar]
    /// How a bar's value is written at its end (defaults to four significant digits).
    public var valueText: @Sendable (Double) -> String

    public init(title: String, value: Axis, bars: [Bar], valueText: @escaping @Sendable (Double) -> String = { NumberText.significant($0) }) {
        self.title = title; self.value = value; self.bars = bars; self.valueText = valueText
    }

    public static func == (l: BarChart, r: BarChart) -> Bool { l.title == r.title && l.value == r.value && l.bars == r.bars }

    /// Bars in drawing order.
    public var ordered: [Bar] { bars.sorted { ($0.value, $0.label) < ($1.value, $1.label) } }

    public static let rowHeight = 24.0

    /// Rows of 24 units; the left margin fits the longest label (7 units a character, 120…280).
    public var frame: Frame {
        let longest = bars.map(\.label.count).max() ?? 10
        return Frame(width: 720, height: 16 + Double(max(1, bars.count)) * BarChart.rowHeight + 44,
                     left: min(280, max(120, Double(longest) * 7 + 12)), right: 110, top: 16, bottom: 44)
    }

    /// The value scale (linear from 0 unless `value.kind` says otherwise) and each ordered bar's end pixel.
    public func plot(frame f: Frame) -> (scale: Scale, ends: [Double]) {
        let s = value.scale(for: bars.map(\.value), from: f.plotLeft, to: f.plotRight)
        return (s, ordered.map { Frame.round(s.map($0.value)) })
    }

    public func svg(palette: Palette, frame f: Frame) -> Node {
        let p = plot(frame: f)
        let c = NumberText.coordinate
        var body: [Node] = []
        var grid: [Node] = [], ticks: [Node] = []
        for t in p.scale.drawnTicks {
            grid.append(.el("line", ["x1": c(t.pixel), "y1": c(f.plotTop), "x2": c(t.pixel), "y2": c(f.plotBottom)]))
            ticks.append(.el("text", ["x": c(t.pixel), "y": c(f.plotBottom + 16), "text-anchor": "middle"], text: t.label))
        }
        body += [.el("g", ["class": "grid"], grid), .el("g", ["class": "ticks"], ticks)]
        let base = Frame.round(p.scale.map(p.scale.log ? p.scale.domain.lowerBound : 0))
        for (i, b) in ordered.enumerated() {
            let y = f.plotTop + Double(i) * BarChart.rowHeight
            let end = p.ends[i]
            let text = valueText(b.value) + (b.tag.map { " · \($0)" } ?? "")
            var rect: [Node.Attribute] = [.init("x", c(min(base, end))), .init("y", c(y + 4)), .init("width", c(max(1, abs(end - base)))),
                                          .init("height", c(BarChart.rowHeight - 8)), .init("fill", palette.color(b.key))]
            if b.faded { rect.append(.init("fill-opacity", "0.45")) }
            body.append(.el("g", ["class": "bar", "data-series": b.label], [
                .el("title", text: "\(b.label): \(text)"),
                .el("text", ["x": c(f.plotLeft - 6), "y": c(y + BarChart.rowHeight / 2 + 4), "text-anchor": "end"], text: b.label),
                .element("rect", rect, []),
                .el("text", ["class": "val", "x": c(max(base, end) + 4), "y": c(y + BarChart.rowHeight / 2 + 4)], text: text),
            ]))
        }
        body.append(.el("path", ["class": "axis", "d": "M\(c(base)) \(c(f.plotTop))V\(c(f.plotBottom))H\(c(f.plotRight))"]))
        body.append(.el("text", ["class": "title", "x": c((f.plotLeft + f.plotRight) / 2), "y": c(f.height - 8), "text-anchor": "middle"], text: value.title))
        return f.svg(label: title, body)
    }

    /// Bars carry their labels; no legend.
    public var legend: [LegendEntry] { [] }

    public var defaultTable: DataTable {
        DataTable(columns: ["", value.title, "Note"], rows: ordered.map { [$0.label, valueText($0.value), $0.tag ?? ""] })
    }
}
