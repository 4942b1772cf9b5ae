import Analysis
import Pricing

/// `llmbench price` as CSV (RFC 4180, CRLF), one line per model; money in dollars, unrounded;
/// an empty field is "no value" (e.g. no limit configured, or no price).
public enum PriceReportCSV {
    public static let header = ["run_id", "simulated", "dataset", "model", "price_model", "priced_requests", "monthly_requests",
                                "expected_usd_per_month", "interval_low_usd_per_month", "interval_high_usd_per_month",
                                "p95_worst_case_usd_per_month", "p95_input_tokens", "p95_output_tokens",
                                "requests_per_min_needed", "requests_per_min_limit", "tokens_per_min_needed",
                                "tokens_per_min_limit", "concurrency_needed", "concurrency_limit", "note"]

    public static func render(_ p: PriceProjection) -> String {
        var lines = [header]
        for r in p.rows {
            var row = [p.runId, p.simulated ? "true" : "false", p.dataset ?? "", r.model, r.priceModel ?? "", String(r.measuredRequests)]
            if let x = r.projection {
                row += [String(x.monthlyRequests), usd(x.expectedMonthly), usd(x.intervalLow), usd(x.intervalHigh),
                        x.p95TokenWorstCaseMonthly.map(usd) ?? "", String(x.p95InputTokens), String(x.p95OutputTokens)]
                for c in [x.requestsPerMinute, x.tokensPerMinute, x.concurrency] {
                    row += [NumberFormatting.machine(c.needed) ?? "", NumberFormatting.machine(c.limit) ?? ""]
                }
            } else {
                row += Array(repeating: "", count: 13)
            }
            row.append(r.note ?? "")
            lines.append(row)
        }
        return lines.map { $0.map(CSVReport.field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// Pico-dollars as a dollar number (machine form).
    static func usd(_ p: PicoDollars) -> String { NumberFormatting.machine(Double(p) / 1e12) ?? "" }
}
