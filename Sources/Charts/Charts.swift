/// Charts: a small SVG chart layer and a self-contained XHTML page (pure; no Foundation, no network).
///
/// Build a page, add figures, render one string:
/// ```swift
/// var page = HTMLPage(title: "Run 3f2a…", subtitle: "2026-12-01", keys: analysis.models,   // colour per model, page order
///                     simulated: run.simulated ? MarkdownReport.simulatedNotice : nil)      // banner + badge on every figure
/// page.heading("Latency")
/// page.figure(XYChart(title: "TTFT distribution",
///                     x: Axis("TTFT", unit: "ms"),                                  // .auto: log when data span ≥ 2 decades
///                     y: Axis("Fraction of requests", domain: 0...1),
///                     series: models.map { .init($0, key: $0, points: CDF.points(sorted: ttft[$0]!), mark: .step) }),
///             note: "Curves drawn with at most 200 points each.",
///             table: DataTable(columns: ["Model", "p50", "p95"], rows: ...))        // nil: the chart's own `defaultTable`
/// let html = page.render()
/// ```
/// Chart kinds (each a `Chart`: `svg(palette:frame:)`, `legend`, `defaultTable`, and a `plot(frame:)` giving exact pixels):
/// - `XYChart`: series with `Mark` `.line`, `.step` (a CDF: use `CDF.points(sorted:)`, bounded to `CDF.maxPoints`),
///   `.points` (a scatter), `.linePoints` (a time series, a sweep curve); `dashed` series (a Pareto frontier with
///   `key: nil` is drawn in the text colour); `bands` (a rolling median's low…high range); `references` (a
///   horizontal line such as an SLO); `Point.flagged` rings a point (outside its band); `Point.note` shows on hover.
/// - `BoxChart`: groups (datasets) × boxes (models), whiskers/box/median supplied by the caller, `whiskers` says which.
/// - `BarChart`: horizontal bars sorted by value (cheapest first), `tag` per bar ("measured"/"projected"), `faded` bars.
/// - `IntervalChart`: one row per item, an estimate with its interval, a `tag` (verdict), vertical reference lines (0, a threshold).
///
/// Axes (`Axis`): label + unit ("TTFT (ms)"), `.linear`/`.log`/`.auto`, optional fixed domain; ticks at 1-2-5 multiples
/// (`Ticks.linear`) or powers of ten (`Ticks.log`, with 2 and 5 added over at most two decades); tick labels from
/// `NumberText` (deterministic, no locale). Colours (`Palette`): Tableau 10 by the page's key order, `nil` key = ink.
///
/// Markup (`Node`) escapes all text and attributes; the page has inline CSS (light/dark via `prefers-color-scheme`,
/// print rules) and a tiny optional script moving SVG `<title>` tooltips into a hover box. It refers to nothing
/// outside itself: no `src`, `href` or CSS `url()`. It parses as XML (`XMLParser`) and as HTML alike.
/// Tests check a page with `PageChecks.problems(html)` (Tests/TestFixtures): well-formed and self-contained.
public enum Charts {}
