/// Drawing an empirical distribution function: F(x) = (number of values ≤ x) / n, as a step series.
public enum CDF {
    /// The most points a CDF curve is drawn with: larger samples are thinned to this many, keeping the
    /// smallest and largest value (so a page stays small: about 3 kB of SVG per curve however many requests).
    public static let maxPoints = 200

    /// The fractions a CDF chart's default table reads off each curve.
    public static let tableFractions = [0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0]

    /// Points (x = value, y = fraction ≤ value) of `sorted` (ascending): every value when there are at most
    /// `maxPoints`, else the values at `maxPoints` evenly spaced ranks i = round(k·(n−1)/(maxPoints−1)), each with
    /// y = (i+1)/n, after a first point (smallest value, 0) where the staircase starts. Equal values keep the
    /// last rank (the step's top).
    public static func points(sorted: [Double], maxPoints: Int = CDF.maxPoints) -> [XYChart.Point] {
        let n = sorted.count
        guard n > 0 else { return [] }
        let ranks: [Int]
        if n <= maxPoints { ranks = Array(0..<n) }
        else {
            let m = max(2, maxPoints)
            ranks = (0..<m).map { k in Int((Double(k) * Double(n - 1) / Double(m - 1)).rounded()) }
        }
        var out: [XYChart.Point] = [XYChart.Point(x: sorted[0], y: 0)]
        for i in ranks {
            var j = i
            while j + 1 < n && sorted[j + 1] == sorted[i] { j += 1 }
            let p = XYChart.Point(x: sorted[j], y: Double(j + 1) / Double(n))
            if out.count > 1, let last = out.last, last.x == p.x { out[out.count - 1] = p } else { out.append(p) }
        }
        return out
    }
}
