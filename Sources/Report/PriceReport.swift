import Analysis
import LLMBenchCore
import Pricing

/// `llmbench price`'s output: one row per model, projected cost and needed rates (Markdown, CSV,
/// JSON). Money is formatted only here (`MoneyFormat`), from the exact pico-dollar figures.
public enum PriceReport {
    public static func render(_ p: PriceProjection, format: ReportFormat) throws -> String {
        switch format {
        case .markdown: return markdown(p)
        case .csv: return PriceReportCSV.render(p)
        case .json: return PriceReportJSON.render(p)
        case .junit: throw LLMBenchError.usage("--format junit has no price view (use markdown, csv or json)")
        case .html: throw LLMBenchError.usage("--format html: the price page is the catalog view; add --catalog (or use markdown, csv or json)")
        }
    }

    public static func markdown(_ p: PriceProjection) -> String {
        let per = p.volume.per == .day ? "day" : "month"
        var out = ["## llmbench price: run \(MarkdownReport.escape(p.runId))", ""]
        if p.simulated { out += [MarkdownReport.simulatedNotice, ""] }
        let monthly = p.rows.compactMap { $0.projection?.monthlyRequests }.first ?? p.volume.perMonth
        out.append("Volume: \(HumanNumbers.grouped(String(p.volume.requests))) requests per \(per) "
                   + "(\(HumanNumbers.grouped(String(monthly))) per 30-day month); "
                   + "dataset: \(p.dataset.map(MarkdownReport.escape) ?? "all datasets"); bootstrap seed \(p.seed).")
        out.append("")
        out.append("| Model | Price entry | Priced requests | Expected $/month | 95% interval | p95-token worst case $/month "
                   + "| Requests/min needed | Tokens/min needed | Concurrency needed |")
        out.append("|:---|:---|---:|---:|---:|---:|---:|---:|---:|")
        for r in p.rows {
            var cells = [MarkdownReport.escape(r.model), r.priceModel.map(MarkdownReport.escape) ?? "no price"]
            if let x = r.projection {
                cells += [HumanNumbers.grouped(String(r.measuredRequests)), MoneyFormat.dollars(x.expectedMonthly),
                          "\(MoneyFormat.dollars(x.intervalLow)) – \(MoneyFormat.dollars(x.intervalHigh))",
                          x.p95TokenWorstCaseMonthly.map { "\(MoneyFormat.dollars($0)) (\(HumanNumbers.grouped(String(x.p95InputTokens))) in, \(HumanNumbers.grouped(String(x.p95OutputTokens))) out)" }
                              ?? NumberFormatting.noValue,
                          limit(x.requestsPerMinute, decimals: 1), limit(x.tokensPerMinute, decimals: 0),
                          limit(x.concurrency, decimals: 2)]
            } else {
                cells += [String(r.measuredRequests)] + Array(repeating: r.note ?? NumberFormatting.noValue, count: 3)
                    + Array(repeating: NumberFormatting.noValue, count: 3)
            }
            out.append("| " + cells.joined(separator: " | ") + " |")
        }
        out.append("")
        out.append("Rows: cheapest first. Expected: mean measured cost per request × monthly requests. Interval: 95% percentile bootstrap of that mean "
                   + "(seeded). Worst case: every request at the run's p95 input and p95 output tokens, uncached. Rates are "
                   + "averages over a 30-day month (no peak factor); concurrency by Little's law (requests/s × mean e2e latency). "
                   + "\"of N\" is the model's configured limit, **over** marks a need above it.")
        for w in p.warnings { out.append(""); out.append("Warning: \(MarkdownReport.escape(w))") }
        return out.joined(separator: "\n") + "\n"
    }

    static func limit(_ c: LimitCheck, decimals: Int) -> String {
        let needed = HumanNumbers.grouped(String(format: "%.\(decimals)f", c.needed))
        guard let l = c.limit else { return "\(needed) (no limit)" }
        let limitText = l == l.rounded() && abs(l) < 1e15 ? HumanNumbers.grouped(String(Int64(l))) : "\(l)"
        return "\(needed) of \(limitText)" + (c.over == true ? " **over**" : "")
    }
}
