/// A chart of series over two numeric axes: lines, steps (a CDF), points (a scatter), bands (a rolling
/// median's range), horizontal reference lines (an SLO) and flagged points. Pure: `plot(frame:)` gives the
/// exact pixels, `svg(palette:frame:)` draws them, `defaultTable` lists the numbers.
public struct XYChart: Sendable, Equatable {
    /// How a series is drawn.
    public enum Mark: Sendable, Equatable {
        /// Straight segments through the points in order.
        case line
        /// A staircase: horizontal to each next x, then vertical to its y (an empirical CDF).
        case step
        /// Unconnected points (a scatter).
        case points
        /// Segments with a point at each value (a time series, a sweep's curve).
        case linePoints
    }

    /// One plotted value; `note` is shown on hover and in the table, `flagged` rings the point (outside a band).
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var note: String?
        public var flagged: Bool
        public init(x: Double, y: Double, note: String? = nil, flagged: Bool = false) {
            self.x = x; self.y = y; self.note = note; self.flagged = flagged
        }
    }

    public struct Series: Sendable, Equatable {
        /// The legend text.
        public var name: String
        /// The palette key (a model name); `nil` draws in the text colour (a frontier).
        public var key: String?
        public var points: [Point]
        public var mark: Mark
        public var dashed: Bool
        public init(_ name: String, key: String?, points: [Point], mark: Mark = .line, dashed: Bool = false) {
            self.name = name; self.key = key; self.points = points; self.mark = mark; self.dashed = dashed
        }
    }

    /// A filled range between `low` and `high` along x, in the colour of `key`, drawn under the series.
    public struct Band: Sendable, Equatable {
        public var name: String
        public var key: String?
        public var points: [(x: Double, low: Double, high: Double)]
        public init(_ name: String, key: String?, points: [(x: Double, low: Double, high: Double)]) {
            self.name = name; self.key = key; self.points = points
        }
        public static func == (l: Band, r: Band) -> Bool {
            l.name == r.name && l.key == r.key && l.points.count == r.points.count
                && zip(l.points, r.points).allSatisfy { $0.x == $1.x && $0.low == $1.low && $0.high == $1.high }
        }
    }

    /// A horizontal line at `y` across the plot, labelled at its right end (an SLO).
    public struct Reference: Sendable, Equatable {
        public var y: Double
        public var label: String
        public init(y: Double, label: String) { self.y = y; self.label = label }
    }

    public var title: String
    public var x: Axis
    public var y: Axis
    public var series: [Series]
    public var bands: [Band]
    public var references: [Reference]

    public init(title: String, x: Axis, y: Axis, series: [Series], bands: [Band] = [], references: [Reference] = []) {
        self.title = title; self.x = x; self.y = y; self.series = series; self.bands = bands; self.references = references
    }

    /// The chart as pixels: both scales and each series' points (rounded to 0.1 as written).
    public struct Plot: Sendable, Equatable {
        public var x: Scale
        public var y: Scale
        /// Per series, the pixel of each point, in order.
        public var points: [[(x: Double, y: Double)]]
        public static func == (l: Plot, r: Plot) -> Bool {
            l.x == r.x && l.y == r.y && l.points.count == r.points.count
                && zip(l.points, r.points).allSatisfy { a, b in a.count == b.count && zip(a, b).allSatisfy { $0 == $1 } }
        }
    }

    /// Fits both scales to every value (series, bands and reference lines) and maps the points.
    public func plot(frame f: Frame = Frame()) -> Plot {
        let xs = series.flatMap { $0.points.map(\.x) } + bands.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { $0.points.map(\.y) } + bands.flatMap { $0.points.flatMap { [$0.low, $0.high] } } + references.map(\.y)
        let sx = x.scale(for: xs, from: f.plotLeft, to: f.plotRight)
        let sy = y.scale(for: ys, from: f.plotBottom, to: f.plotTop)
        let pts = series.map { s in s.points.map { (Frame.round(sx.map($0.x)), Frame.round(sy.map($0.y))) } }
        return Plot(x: sx, y: sy, points: pts)
    }

    /// The SVG of the chart, colours from `palette`.
    public func svg(palette: Palette, frame f: Frame = Frame()) -> Node {
        let p = plot(frame: f)
        let c = NumberText.coordinate
        var body: [Node] = f.axes(x: p.x, y: p.y, xTitle: x.title, yTitle: y.title)
        for b in bands where !b.points.isEmpty {
            let upper = b.points.map { "\(c(p.x.map($0.x))),\(c(p.y.map($0.high)))" }
            let lower = b.points.reversed().map { "\(c(p.x.map($0.x))),\(c(p.y.map($0.low)))" }
            body.append(.el("polygon", ["class": "band", "fill": palette.color(b.key), "points": (upper + lower).joined(separator: " ")],
                            [.el("title", text: b.name)]))
        }
        for r in references {
            let py = c(Frame.round(p.y.map(r.y)))
            body.append(.el("g", ["class": "ref"], [
                .el("line", ["x1": c(f.plotLeft), "y1": py, "x2": c(f.plotRight), "y2": py]),
                .el("text", ["x": c(f.plotRight - 4), "y": c(Frame.round(p.y.map(r.y)) - 5), "text-anchor": "end"], text: r.label),
            ]))
        }
        for (i, s) in series.enumerated() {
            let color = palette.color(s.key)
            let pts = p.points[i]
            var g: [Node] = []
            if s.mark != .points && pts.count > 1 {
                var coords: [String] = []
                for (j, q) in pts.enumerated() {
                    if s.mark == .step && j > 0 { coords.append("\(c(q.x)),\(c(pts[j - 1].y))") }
                    coords.append("\(c(q.x)),\(c(q.y))")
                }
                var attrs: [Node.Attribute] = [.init("class", "line"), .init("stroke", color), .init("points", coords.joined(separator: " "))]
                if s.dashed { attrs.append(.init("stroke-dasharray", "6 4")) }
                g.append(.element("polyline", attrs, []))
            }
            if s.mark == .points || s.mark == .linePoints || pts.count == 1 {
                for (j, q) in pts.enumerated() {
                    let v = s.points[j]
                    let tip = "\(s.name): \(x.label) \(NumberText.significant(v.x)), \(y.label) \(NumberText.significant(v.y))"
                        + (v.note.map { " — \($0)" } ?? "")
                    g.append(.el("circle", ["class": "pt", "cx": c(q.x), "cy": c(q.y), "r": s.mark == .points ? "5" : "3.5",
                                            "fill": color], [.el("title", text: tip)]))
                }
            }
            for (j, q) in pts.enumerated() where s.points[j].flagged {
                g.append(.el("circle", ["class": "flag", "cx": c(q.x), "cy": c(q.y), "r": "8"]))
            }
            body.append(.el("g", ["class": "series", "data-series": s.name], g))
        }
        return f.svg(label: title, body)
    }

    /// The legend: each series (and band) with its colour and mark.
    public var legend: [LegendEntry] {
        series.map { LegendEntry($0.name, key: $0.key, swatch: $0.mark == .points ? .dot : ($0.dashed ? .dashed : .line)) }
            + bands.map { LegendEntry($0.name, key: $0.key, swatch: .area) }
            + references.map { LegendEntry($0.label, key: nil, swatch: .reference) }
    }

    /// The numbers behind the chart: one row per point (series, x, y, note), one per band point and per
    /// reference line; a chart whose series are all steps (CDFs) instead gets one row per series with
    /// the x where the curve reaches each of `CDF.tableFractions` (so the table stays short).
    public var defaultTable: DataTable {
        if !series.isEmpty && series.allSatisfy({ $0.mark == .step }) {
            let rows = series.map { s in
                [s.name] + CDF.tableFractions.map { q in s.points.first { $0.y >= q - 1e-12 }.map { NumberText.significant($0.x) } ?? "—" }
            }
            return DataTable(columns: ["Series"] + CDF.tableFractions.map { "\(NumberText.trimmed($0 * 100, 1)) %" }, rows: rows,
                             caption: "\(x.title) at which each curve reaches the fraction shown")
        }
        var rows: [[String]] = series.flatMap { s in
            s.points.map { [s.name, NumberText.significant($0.x), NumberText.significant($0.y), ($0.flagged ? "flagged " : "") + ($0.note ?? "")] }
        }
        for b in bands {
            rows += b.points.map { [b.name, NumberText.significant($0.x), "\(NumberText.significant($0.low)) – \(NumberText.significant($0.high))", "range"] }
        }
        for r in references { rows.append([r.label, "", NumberText.significant(r.y), "reference line"]) }
        return DataTable(columns: ["Series", x.title, y.title, "Note"], rows: rows)
    }
}
