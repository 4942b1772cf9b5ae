import Analysis
import Pricing

/// `llmbench price --catalog` as CSV (RFC 4180, CRLF): one line per catalog model, cheapest first;
/// money in dollars, unrounded; an empty field is "no value" (no batch discount, no what-if ratio).
public enum CatalogPriceReportCSV {
    public static let header = ["run_id", "simulated", "dataset", "rank", "model", "provider", "source", "measured_as", "lifecycle",
                                "requests", "monthly_requests", "usd_per_month", "batch_usd_per_month", "uncached_usd_per_month",
                                "what_if_cache_hit_ratio", "what_if_usd_per_month",
                                "input_usd_per_mtok", "cached_input_usd_per_mtok", "output_usd_per_mtok", "batch_discount"]

    public static func render(_ p: CatalogProjection) -> String {
        var lines = [header]
        for (i, r) in p.rows.enumerated() {
            let usd = PriceReportCSV.usd
            lines.append([p.runId, p.simulated ? "true" : "false", p.dataset ?? "", String(i + 1), r.model, r.provider,
                          r.isMeasured ? "measured" : "projected", r.measuredAs ?? "", r.lifecycle ?? "",
                          String(r.requests), String(p.volume.perMonth),
                          r.monthly.map(usd) ?? "", r.batchMonthly.map(usd) ?? "", r.uncachedMonthly.map(usd) ?? "",
                          NumberFormatting.machine(p.whatIfHitRatio) ?? "", r.whatIfMonthly.map(usd) ?? "",
                          usd(r.inputPrice * MoneyMath.picosPerMicro), usd(r.cachedInputPrice * MoneyMath.picosPerMicro),
                          usd(r.outputPrice * MoneyMath.picosPerMicro), NumberFormatting.machine(r.batchDiscount) ?? ""])
        }
        return lines.map { $0.map(CSVReport.field).joined(separator: ",") + "\r\n" }.joined()
    }
}
