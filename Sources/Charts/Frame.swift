/// The drawing area of a chart, in SVG user units (the SVG scales to the page width, keeping its aspect).
///
/// The plot area is `left…width−right` horizontally and `top…height−bottom` vertically; y pixels grow
/// downwards, so a value axis maps its domain onto `height−bottom` → `top`.
public struct Frame: Sendable, Equatable {
    public var width: Double = 720
    public var height: Double = 340
    public var left: Double = 70
    public var right: Double = 24
    public var top: Double = 16
    public var bottom: Double = 50

    public init() {}
    public init(width: Double, height: Double, left: Double = 70, right: Double = 24, top: Double = 16, bottom: Double = 50) {
        self.width = width; self.height = height; self.left = left; self.right = right; self.top = top; self.bottom = bottom
    }

    public var plotLeft: Double { left }
    public var plotRight: Double { width - right }
    public var plotTop: Double { top }
    public var plotBottom: Double { height - bottom }
}

/// One tick as drawn: its value, pixel position along its axis, and label.
public struct DrawnTick: Sendable, Equatable {
    public var value: Double
    public var pixel: Double
    public var label: String
    public init(value: Double, pixel: Double, label: String) { self.value = value; self.pixel = pixel; self.label = label }
}

extension Scale {
    /// The ticks as drawn, pixel positions rounded to 0.1 (as written into the SVG).
    public var drawnTicks: [DrawnTick] {
        ticks.map { DrawnTick(value: $0, pixel: Frame.round(map($0)), label: label($0)) }
    }
}

extension Frame {
    /// A pixel rounded to 0.1, as every coordinate is written.
    public static func round(_ v: Double) -> Double { (v * 10).rounded(.toNearestOrAwayFromZero) / 10 }

    /// Axes, grid and tick labels of a plot with scales `x` (horizontal) and `y` (vertical), with axis titles.
    func axes(x: Scale?, y: Scale, xTitle: String, yTitle: String) -> [Node] {
        var grid: [Node] = [], labels: [Node] = []
        let c = NumberText.coordinate
        for t in y.drawnTicks {
            grid.append(.el("line", ["x1": c(plotLeft), "y1": c(t.pixel), "x2": c(plotRight), "y2": c(t.pixel)]))
            labels.append(.el("text", ["x": c(plotLeft - 6), "y": c(t.pixel + 4), "text-anchor": "end"], text: t.label))
        }
        if let x {
            for t in x.drawnTicks {
                grid.append(.el("line", ["x1": c(t.pixel), "y1": c(plotTop), "x2": c(t.pixel), "y2": c(plotBottom)]))
                labels.append(.el("text", ["x": c(t.pixel), "y": c(plotBottom + 16), "text-anchor": "middle"], text: t.label))
            }
        }
        let axis = Node.el("path", ["class": "axis", "d": "M\(c(plotLeft)) \(c(plotTop))V\(c(plotBottom))H\(c(plotRight))"])
        let titles: [Node] = [
            .el("text", ["class": "title", "x": c((plotLeft + plotRight) / 2), "y": c(height - 8), "text-anchor": "middle"], text: xTitle),
            .el("text", ["class": "title", "x": "14", "y": c((plotTop + plotBottom) / 2), "text-anchor": "middle",
                         "transform": "rotate(-90 14 \(c((plotTop + plotBottom) / 2)))"], text: yTitle),
        ]
        return [.el("g", ["class": "grid"], grid), axis, .el("g", ["class": "ticks"], labels)] + titles
    }

    /// The `<svg>` element around `children`, sized by the frame, labelled for screen readers.
    func svg(label: String, _ children: [Node]) -> Node {
        .el("svg", ["xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 \(NumberText.coordinate(width)) \(NumberText.coordinate(height))",
                    "width": NumberText.coordinate(width), "height": NumberText.coordinate(height), "role": "img",
                    "aria-label": label, "class": "chart"], children)
    }
}
