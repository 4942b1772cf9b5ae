/// One self-contained XHTML page: headings, paragraphs, tables and figures (a chart, its legend, a note and
/// the table of its numbers), with inline CSS (light and dark, printable) and an optional hover script.
public struct HTMLPage: Sendable {
    public var title: String
    /// A line under the title (run id, date).
    public var subtitle: String?
    /// When set, shown as a banner at the top and as a badge on every figure (a screenshot of one chart
    /// still says it): pass the report's simulated notice for simulated runs.
    public var simulated: String?
    /// The series keys (models) in page order: each gets its palette colour in every chart.
    public var palette: Palette
    /// Include the hover-details script (charts read without it).
    public var hoverScript = true
    /// Shown at the bottom (the tool and version that wrote the page).
    public var footer: String?
    private var blocks: [Node] = []
    private var figures = 0

    public init(title: String, subtitle: String? = nil, keys: [String], simulated: String? = nil) {
        self.title = title; self.subtitle = subtitle; self.palette = Palette(keys: keys); self.simulated = simulated
    }

    public mutating func heading(_ text: String, level: Int = 2, id: String? = nil) {
        let l = min(6, max(2, level))
        blocks.append(id.map { .el("h\(l)", ["id": $0], text: text) } ?? .el("h\(l)", text: text))
    }

    public mutating func paragraph(_ text: String, note: Bool = false) {
        blocks.append(note ? .el("p", ["class": "note"], text: text) : .el("p", text: text))
    }

    /// A bulleted list (notes, warnings).
    public mutating func list(_ items: [String]) {
        guard !items.isEmpty else { return }
        blocks.append(.el("ul", [:], items.map { .el("li", text: $0) }))
    }

    public mutating func table(_ t: DataTable) {
        blocks.append(.el("div", ["class": "scroll"], [t.node]))
    }

    /// Any node built by the caller (escaped like the rest).
    public mutating func add(_ node: Node) { blocks.append(node) }

    /// A figure: title, legend, the chart, `note` (what it shows, what is left out), then the table of its
    /// numbers (`table`, or the chart's `defaultTable`).
    public mutating func figure(_ chart: any Chart, note: String? = nil, table: DataTable? = nil) {
        figures += 1
        var caption: [Node] = [.text(chart.title)]
        if simulated != nil { caption.append(.el("span", ["class": "badge"], text: "simulated")) }
        var children: [Node] = [.el("figcaption", [:], caption)]
        let legend = chart.legend
        if !legend.isEmpty { children.append(legend.node(palette: palette)) }
        children.append(chart.svg(palette: palette, frame: chart.frame))
        if let note { children.append(.el("p", ["class": "note"], text: note)) }
        children.append(.el("div", ["class": "scroll"], [(table ?? chart.defaultTable).node]))
        blocks.append(.el("figure", ["id": "figure-\(figures)"], children))
    }

    /// The whole document: `<!DOCTYPE html>` and an `<html>` in the XHTML namespace.
    public func render() -> String {
        let head: [Node] = [
            .el("meta", ["charset": "utf-8"]),
            .el("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"]),
            .el("meta", ["name": "color-scheme", "content": "light dark"]),
            .el("title", text: title),
            .el("style", [:], [.raw("/*<![CDATA[*/\n" + PageStyle.css + "\n/*]]>*/")]),
        ]
        var top: [Node] = [.el("h1", text: title)]
        if let subtitle { top.append(.el("p", ["class": "sub"], text: subtitle)) }
        if let simulated { top.append(.el("p", ["class": "simulated"], text: simulated)) }
        var body: [Node] = [.el("header", [:], top)] + blocks
        if let footer { body.append(.el("footer", [:], [.el("p", text: footer)])) }
        if hoverScript { body.append(.el("script", [:], [.raw("//<![CDATA[\n" + PageStyle.script + "\n//]]>")])) }
        let html = Node.el("html", ["xmlns": "http://www.w3.org/1999/xhtml", "lang": "en"], [.el("head", [:], head), .el("body", [:], body)])
        return "<!DOCTYPE html>\n" + html.render() + "\n"
    }
}
