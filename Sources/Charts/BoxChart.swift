/// Box plots grouped by category (a dataset), one box per series (a model) in each group, on a vertical
/// value axis (log when the values span two decades, as `Axis.kind == .auto` decides).
public struct BoxChart: Chart, Equatable {
    /// One box: whiskers `low`/`high`, box `q1`…`q3`, a bar at the median; `count` values behind it.
    public struct Box: Sendable, Equatable {
        public var name: String
        public var key: String?
        public var low: Double, q1: Double, median: Double, q3: Double, high: Double
        public var count: Int
        public init(_ name: String, key: String?, low: Double, q1: Double, median: Double, q3: Double, high: Double, count: Int) {
            self.name = name; self.key = key; self.low = low; self.q1 = q1; self.median = median; self.q3 = q3; self.high = high; self.count = count
        }
    }

    public struct Group: Sendable, Equatable {
        public var label: String
        public var boxes: [Box]
        public init(_ label: String, boxes: [Box]) { self.label = label; self.boxes = boxes }
    }

    public var title: String
    public var value: Axis
    public var groups: [Group]
    /// What the whiskers and box mean, for the table caption ("whiskers p5 and p95, box p25–p75").
    public var whiskers: String

    public init(title: String, value: Axis, groups: [Group], whiskers: String) {
        self.title = title; self.value = value; self.groups = groups; self.whiskers = whiskers
    }

    /// Pixel geometry of one box as drawn.
    public struct DrawnBox: Sendable, Equatable {
        public var center: Double, halfWidth: Double
        public var low: Double, q1: Double, median: Double, q3: Double, high: Double
    }

    /// The value scale and every box's pixels, group by group; groups share the width equally and boxes
    /// share 80 % of their group's width.
    public func plot(frame f: Frame = Frame()) -> (scale: Scale, groupCenters: [Double], boxes: [[DrawnBox]]) {
        let values = groups.flatMap { $0.boxes.flatMap { [$0.low, $0.q1, $0.median, $0.q3, $0.high] } }
        let s = value.scale(for: values, from: f.plotBottom, to: f.plotTop)
        let gw = (f.plotRight - f.plotLeft) / Double(max(1, groups.count))
        var centers: [Double] = [], out: [[DrawnBox]] = []
        for (gi, g) in groups.enumerated() {
            let g0 = f.plotLeft + Double(gi) * gw
            centers.append(Frame.round(g0 + gw / 2))
            let bw = gw * 0.8 / Double(max(1, g.boxes.count))
            out.append(g.boxes.enumerated().map { bi, b in
                let cx = g0 + gw * 0.1 + bw * (Double(bi) + 0.5)
                return DrawnBox(center: Frame.round(cx), halfWidth: Frame.round(min(bw * 0.35, 22)),
                                low: Frame.round(s.map(b.low)), q1: Frame.round(s.map(b.q1)), median: Frame.round(s.map(b.median)),
                                q3: Frame.round(s.map(b.q3)), high: Frame.round(s.map(b.high)))
            })
        }
        return (s, centers, out)
    }

    public func svg(palette: Palette, frame f: Frame) -> Node {
        let p = plot(frame: f)
        let c = NumberText.coordinate
        var body = f.axes(x: nil, y: p.scale, xTitle: "", yTitle: value.title)
        for (gi, g) in groups.enumerated() {
            body.append(.el("text", ["class": "cat", "x": c(p.groupCenters[gi]), "y": c(f.plotBottom + 18), "text-anchor": "middle"], text: g.label))
            for (bi, b) in g.boxes.enumerated() {
                let d = p.boxes[gi][bi], color = palette.color(b.key)
                let tip = "\(g.label), \(b.name): median \(NumberText.significant(b.median)), box \(NumberText.significant(b.q1))–\(NumberText.significant(b.q3)), "
                    + "whiskers \(NumberText.significant(b.low))–\(NumberText.significant(b.high)), n = \(b.count)"
                body.append(.el("g", ["class": "box", "data-series": b.name], [
                    .el("title", text: tip),
                    .el("line", ["class": "whisker", "x1": c(d.center), "y1": c(d.low), "x2": c(d.center), "y2": c(d.high), "stroke": color]),
                    .el("line", ["class": "whisker", "x1": c(d.center - d.halfWidth / 2), "y1": c(d.low), "x2": c(d.center + d.halfWidth / 2), "y2": c(d.low), "stroke": color]),
                    .el("line", ["class": "whisker", "x1": c(d.center - d.halfWidth / 2), "y1": c(d.high), "x2": c(d.center + d.halfWidth / 2), "y2": c(d.high), "stroke": color]),
                    .el("rect", ["x": c(d.center - d.halfWidth), "y": c(min(d.q1, d.q3)), "width": c(2 * d.halfWidth),
                                 "height": c(max(0.5, abs(d.q1 - d.q3))), "fill": color, "fill-opacity": "0.3", "stroke": color]),
                    .el("line", ["class": "median", "x1": c(d.center - d.halfWidth), "y1": c(d.median), "x2": c(d.center + d.halfWidth), "y2": c(d.median), "stroke": color]),
                ]))
            }
        }
        return f.svg(label: title, body)
    }

    public var legend: [LegendEntry] { groups.flatMap { $0.boxes.map { LegendEntry($0.name, key: $0.key, swatch: .box) } } }

    public var defaultTable: DataTable {
        let n: (Double) -> String = { NumberText.significant($0) }
        let rows = groups.flatMap { g in g.boxes.map { b in [g.label, b.name, n(b.low), n(b.q1), n(b.median), n(b.q3), n(b.high), String(b.count)] } }
        return DataTable(columns: ["Group", "Series", "Low", "Q1", "Median", "Q3", "High", "n"], rows: rows,
                         caption: "\(value.title): \(whiskers)")
    }
}
