import Charts

/// The bench's results as one self-contained HTML page (`--html FILE`): every scenario's table, and for
/// `transport` the client CPU per request and the peak RSS against the number of open streams, each with
/// the target drawn as a reference line. Reads only the tables' raw numbers (`ResultTable.json`).
enum BenchPage {
    /// Issue 17's targets, drawn on the transport charts.
    static let cpuTargetMs = 0.07
    static let rssTargets: [(streams: Double, mb: Double)] = [(256, 40), (4096, 120)]

    static func render(_ tables: [ResultTable], machine: String) -> String {
        var page = HTMLPage(title: "llmbench-bench", subtitle: machine, keys: ["client", "transport thread", "stub"])
        page.footer = "Measurements of llmbench itself (Benchmarks/README.md); each chart is followed by its numbers."
        for table in tables {
            page.heading(table.title, id: table.scenario)
            if table.scenario == "transport" {
                for chart in transportCharts(table.json) { page.figure(chart) }
            }
            page.table(DataTable(columns: table.columns, rows: table.rows))
            for note in table.notes { page.paragraph(note, note: true) }
        }
        return page.render()
    }

    /// CPU per request (client and transport thread) and peak RSS, each against open streams (log axis).
    static func transportCharts(_ rows: [[String: Double]]) -> [XYChart] {
        func series(_ name: String, key: String, _ column: String) -> XYChart.Series? {
            let points = rows.compactMap { r -> XYChart.Point? in
                guard let x = r["open_streams"], let y = r[column] else { return nil }
                return XYChart.Point(x: x, y: y)
            }
            return points.isEmpty ? nil : XYChart.Series(name, key: key, points: points, mark: .linePoints)
        }
        let streams = Axis("open streams", kind: .log, includeZero: false, wholeNumbers: true)
        let cpu = XYChart(
            title: "Client CPU per streamed request against open streams",
            x: streams, y: Axis("CPU per request", unit: "ms"),
            series: [series("client (whole process)", key: "client", "client_cpu_ms_per_request"),
                     series("transport thread", key: "transport thread", "transport_cpu_ms_per_request"),
                     series("stub", key: "stub", "stub_cpu_ms_per_request")].compactMap { $0 },
            references: [.init(y: cpuTargetMs, label: "target \(cpuTargetMs) ms")])
        let rss = XYChart(
            title: "Peak RSS against open streams",
            x: streams, y: Axis("peak RSS", unit: "MB"),
            series: [series("client (whole process)", key: "client", "peak_rss_mb")].compactMap { $0 },
            references: rssTargets.map { .init(y: $0.mb, label: "target \(Int($0.mb)) MB at \(Int($0.streams))") })
        return [cpu, rss].filter { !$0.series.isEmpty }
    }
}
