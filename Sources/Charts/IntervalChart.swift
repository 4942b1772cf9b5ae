/// Estimates with intervals, one row per item (a model and dataset), on a horizontal value axis: a dot at
/// the estimate, a bar from `low` to `high`, the row's `tag` (a verdict) at the right, and vertical
/// reference lines (zero, a gate's threshold). Rows are drawn in the order given.
public struct IntervalChart: Chart, Equatable {
    public struct Row: Sendable, Equatable {
        public var label: String
        public var key: String?
        public var estimate: Double
        public var low: Double
        public var high: Double
        public var tag: String?
        /// Drawn in the warning colour (a regression).
        public var alert: Bool
        public init(_ label: String, key: String?, estimate: Double, low: Double, high: Double, tag: String? = nil, alert: Bool = false) {
            self.label = label; self.key = key; self.estimate = estimate; self.low = low; self.high = high; self.tag = tag; self.alert = alert
        }
    }

    /// A vertical line at `x`, labelled at its top.
    public struct Reference: Sendable, Equatable {
        public var x: Double
        public var label: String
        public var dashed: Bool
        public init(x: Double, label: String, dashed: Bool = true) { self.x = x; self.label = label; self.dashed = dashed }
    }

    public var title: String
    public var value: Axis
    public var rows: [Row]
    public var references: [Reference]

    public init(title: String, value: Axis, rows: [Row], references: [Reference] = []) {
        self.title = title; self.value = value; self.rows = rows; self.references = references
    }

    public static let rowHeight = 26.0

    public var frame: Frame {
        let longest = rows.map(\.label.count).max() ?? 10
        return Frame(width: 720, height: 34 + Double(max(1, rows.count)) * IntervalChart.rowHeight + 44,
                     left: min(280, max(120, Double(longest) * 7 + 12)), right: 110, top: 34, bottom: 44)
    }

    /// The value scale over every estimate, interval end and reference (linear unless `value.kind` says otherwise).
    public func plot(frame f: Frame) -> Scale {
        value.scale(for: rows.flatMap { [$0.low, $0.high, $0.estimate] } + references.map(\.x), from: f.plotLeft, to: f.plotRight)
    }

    public func svg(palette: Palette, frame f: Frame) -> Node {
        let s = plot(frame: f)
        let c = NumberText.coordinate
        var grid: [Node] = [], ticks: [Node] = []
        for t in s.drawnTicks {
            grid.append(.el("line", ["x1": c(t.pixel), "y1": c(f.plotTop), "x2": c(t.pixel), "y2": c(f.plotBottom)]))
            ticks.append(.el("text", ["x": c(t.pixel), "y": c(f.plotBottom + 16), "text-anchor": "middle"], text: t.label))
        }
        var body: [Node] = [.el("g", ["class": "grid"], grid), .el("g", ["class": "ticks"], ticks)]
        for r in references {
            let x = c(Frame.round(s.map(r.x)))
            var line: [Node.Attribute] = [.init("x1", x), .init("y1", c(f.plotTop - 4)), .init("x2", x), .init("y2", c(f.plotBottom))]
            if !r.dashed { line.append(.init("style", "stroke:currentColor;stroke-dasharray:none;stroke-width:1")) }
            body.append(.el("g", ["class": "ref"], [.element("line", line, []),
                                                    .el("text", ["x": x, "y": c(f.plotTop - 8), "text-anchor": "middle"], text: r.label)]))
        }
        for (i, r) in rows.enumerated() {
            let y = Frame.round(f.plotTop + (Double(i) + 0.5) * IntervalChart.rowHeight)
            let color = r.alert ? "#d62728" : palette.color(r.key)
            let lo = Frame.round(s.map(r.low)), hi = Frame.round(s.map(r.high)), e = Frame.round(s.map(r.estimate))
            body.append(.el("g", ["class": "interval", "data-series": r.label], [
                .el("title", text: "\(r.label): \(NumberText.significant(r.estimate)) [\(NumberText.significant(r.low)), \(NumberText.significant(r.high))]"
                    + (r.tag.map { " — \($0)" } ?? "")),
                .el("text", ["x": c(f.plotLeft - 6), "y": c(y + 4), "text-anchor": "end"], text: r.label),
                .el("line", ["x1": c(lo), "y1": c(y), "x2": c(hi), "y2": c(y), "stroke": color, "stroke-width": "3"]),
                .el("line", ["x1": c(lo), "y1": c(y - 5), "x2": c(lo), "y2": c(y + 5), "stroke": color, "stroke-width": "1.5"]),
                .el("line", ["x1": c(hi), "y1": c(y - 5), "x2": c(hi), "y2": c(y + 5), "stroke": color, "stroke-width": "1.5"]),
                .el("circle", ["cx": c(e), "cy": c(y), "r": "4.5", "fill": color]),
                .el("text", ["class": "val", "x": c(f.plotRight + 8), "y": c(y + 4)], text: r.tag ?? ""),
            ]))
        }
        body.append(.el("path", ["class": "axis", "d": "M\(c(f.plotLeft)) \(c(f.plotBottom))H\(c(f.plotRight))"]))
        body.append(.el("text", ["class": "title", "x": c((f.plotLeft + f.plotRight) / 2), "y": c(f.height - 8), "text-anchor": "middle"], text: value.title))
        return f.svg(label: title, body)
    }

    /// Rows carry their labels; no legend.
    public var legend: [LegendEntry] { [] }

    public var defaultTable: DataTable {
        let n: (Double) -> String = { NumberText.significant($0) }
        return DataTable(columns: ["", value.title, "Low", "High", "Note"], rows: rows.map { [$0.label, n($0.estimate), n($0.low), n($0.high), $0.tag ?? ""] })
    }
}
