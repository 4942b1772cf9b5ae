import Analysis
import Charts
import LLMBenchCore
import Pricing

/// `llmbench price --catalog` as one self-contained HTML page: the token profile, a bar chart of
/// every catalog model's monthly cost (cheapest on top; colour per provider, measured bars solid,
/// projected ones faded) with the full cost table beneath it, then the notes.
public enum CatalogPriceReportHTML {
    public static func render(_ p: CatalogProjection) -> String {
        let providers = Array(Set(p.rows.map(\.provider))).sorted()
        var page = HTMLPage(title: "llmbench price --catalog: run \(p.runId)", subtitle: CatalogPriceReport.volumeLine(p),
                            keys: providers, simulated: p.simulated ? MarkdownReport.simulatedNotice : nil)
        page.heading("Measured token profile")
        let profile = CatalogPriceReport.profileTable(p)
        page.table(DataTable(columns: profile.head, rows: profile.rows))
        page.paragraph("Counts from: \(p.profiledModels.joined(separator: ", ")) (every priced attempt, pooled).", note: true)

        page.heading("Monthly cost on every catalog model")
        let bars: [BarChart.Bar] = p.rows.compactMap { r in
            guard let m = r.monthly else { return nil }
            let label = r.model + (r.measuredAs.map { $0 == r.model ? "" : " (\($0))" } ?? "")
            return BarChart.Bar(label, key: r.provider, value: MoneyMath.dollars(m),
                                tag: r.isMeasured ? "measured" : "projected", faded: !r.isMeasured)
        }
        let chart = BarChart(title: "Cost per month at \(HumanNumbers.grouped(String(p.volume.perMonth))) requests, every catalog model",
                             value: Axis("Cost per month", unit: "USD"), bars: bars,
                             valueText: { MoneyFormat.dollars(MoneyMath.roundedInt64($0 * 1e12) ?? 0) })
        let t = CatalogPriceReport.table(p)
        page.figure(chart, note: "Colour: provider (\(providers.joined(separator: ", "))). Solid bars: measured (the model ran); "
                    + "faded: projected from the pooled profile. " + CatalogPriceReport.tokenizerCaveat(p),
                    table: DataTable(columns: t.head, rows: t.rows))
        page.heading("Notes")
        page.list(CatalogPriceReport.notes(p) + p.warnings.map { "Warning: " + $0 })
        return page.render()
    }
}
