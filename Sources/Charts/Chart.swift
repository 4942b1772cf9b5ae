/// What every chart kind gives a page: a title, its SVG in a page's colours, a legend, and its numbers.
public protocol Chart: Sendable {
    var title: String { get }
    func svg(palette: Palette, frame: Frame) -> Node
    var legend: [LegendEntry] { get }
    var defaultTable: DataTable { get }
    /// The frame this chart is drawn in by default (bar charts grow with their rows).
    var frame: Frame { get }
}

extension Chart {
    public var frame: Frame { Frame() }
}

extension XYChart: Chart {}
