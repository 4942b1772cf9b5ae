/// A table of text cells: the numbers beneath a chart, or any table of a page. Cells are plain text
/// (escaped when rendered); columns after the first whose every cell reads as a number (or is empty or
/// `—`, no value) are right-aligned.
public struct DataTable: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[String]]
    /// A short line above the table (e.g. "Whiskers: p5 and p95").
    public var caption: String?

    public init(columns: [String], rows: [[String]], caption: String? = nil) {
        self.columns = columns; self.rows = rows; self.caption = caption
    }

    /// Whether `s` reads as a number for alignment: an optional sign or `$`, a digit, then digits,
    /// separators, a decimal point, `%`, a `k`/`M`/`G` or `×` suffix, spaces.
    static func numeric(_ s: String) -> Bool {
        let t = s.drop { $0 == "-" || $0 == "+" || $0 == "$" || $0 == "≈" }
        guard let f = t.first, f.isNumber else { return false }
        return t.allSatisfy { $0.isNumber || ",.%kMG× ".contains($0) }
    }

    /// `<table>` with a header row; numeric columns get `class="num"`.
    public var node: Node {
        let numeric = columns.indices.map { i in i > 0 && rows.contains { i < $0.count && !$0[i].isEmpty && $0[i] != "—" }
            && rows.allSatisfy { i >= $0.count || $0[i].isEmpty || $0[i] == "—" || DataTable.numeric($0[i]) } }
        let head = Node.el("thead", [:], [.element("tr", [], columns.enumerated().map { i, c in
            .element("th", numeric[i] ? [.init("class", "num")] : [], [.text(c)]) })])
        let body = Node.el("tbody", [:], rows.map { r in
            .element("tr", [], columns.indices.map { i in
                .element("td", numeric[i] ? [.init("class", "num")] : [], [.text(i < r.count ? r[i] : "")]) })
        })
        var children: [Node] = []
        if let caption { children.append(.el("caption", text: caption)) }
        return .el("table", [:], children + [head, body])
    }
}

/// One legend line: a swatch in the key's colour and the text.
public struct LegendEntry: Sendable, Equatable {
    /// `reference`: the dashed warning-coloured line of a reference (an SLO).
    public enum Swatch: String, Sendable { case line, dashed, dot, area, box, bar, reference }
    public var text: String
    public var key: String?
    public var swatch: Swatch
    public init(_ text: String, key: String?, swatch: Swatch) { self.text = text; self.key = key; self.swatch = swatch }
}

extension Array where Element == LegendEntry {
    /// `<ul class="legend">` with each entry once (by text and swatch), in order.
    func node(palette: Palette) -> Node {
        var seen = Set<String>(), items: [Node] = []
        for e in self where seen.insert(e.text + "\u{1}" + e.swatch.rawValue).inserted {
            let color = palette.color(e.key)
            let sw = Node.el("svg", ["xmlns": "http://www.w3.org/2000/svg", "width": "18", "height": "10", "viewBox": "0 0 18 10",
                                     "aria-hidden": "true"], [e.swatch.node(color: color)])
            items.append(.el("li", [:], [sw, .text(" " + e.text)]))
        }
        return .el("ul", ["class": "legend"], items)
    }
}

extension LegendEntry.Swatch {
    func node(color: String) -> Node {
        switch self {
        case .line: return .el("line", ["x1": "0", "y1": "5", "x2": "18", "y2": "5", "stroke": color, "stroke-width": "2.5"])
        case .dashed: return .el("line", ["x1": "0", "y1": "5", "x2": "18", "y2": "5", "stroke": color, "stroke-width": "2", "stroke-dasharray": "4 3"])
        case .dot: return .el("circle", ["cx": "9", "cy": "5", "r": "4", "fill": color])
        case .area: return .el("rect", ["x": "0", "y": "1", "width": "18", "height": "8", "fill": color, "fill-opacity": "0.25"])
        case .box: return .el("rect", ["x": "2", "y": "1", "width": "14", "height": "8", "fill": color, "fill-opacity": "0.35", "stroke": color])
        case .bar: return .el("rect", ["x": "0", "y": "1", "width": "18", "height": "8", "fill": color])
        case .reference: return .el("g", ["class": "ref"], [.el("line", ["x1": "0", "y1": "5", "x2": "18", "y2": "5"])])
        }
    }
}
