import Analysis
import LLMBenchCore
import Pricing

/// `llmbench price --catalog` as Markdown: the run's token profile, then one row per catalog model,
/// cheapest first, measured ones marked. Money is formatted only here, from exact pico-dollars.
public enum CatalogPriceReport {
    public static func render(_ p: CatalogProjection, format: ReportFormat) throws -> String {
        switch format {
        case .markdown: return markdown(p)
        case .csv: return CatalogPriceReportCSV.render(p)
        case .json: return CatalogPriceReportJSON.render(p)
        case .junit: throw LLMBenchError.usage("--format junit has no price view (use markdown, csv or json)")
        case .html: return CatalogPriceReportHTML.render(p)
        }
    }

    /// The caveat every format carries: the profile's counts come from the tokenizers of the models
    /// that ran.
    public static func tokenizerCaveat(_ p: CatalogProjection) -> String {
        "Projected models may tokenize the same text differently: the token counts are those of "
            + p.profiledModels.joined(separator: ", ")
            + ", and another vendor's tokenizer can count more or fewer tokens for the same prompts and answers "
            + "(and a model that does not reason produces no reasoning tokens), so a projected cost is an estimate; "
            + "run the model to measure it."
    }

    /// The column head of the what-if variant: `Cached at 50% $/month`.
    public static func whatIfLabel(_ r: Double) -> String { "Cached at \(percent(r)) $/month" }

    public static func markdown(_ p: CatalogProjection) -> String {
        var out = ["## llmbench price --catalog: run \(MarkdownReport.escape(p.runId))", ""]
        if p.simulated { out += [MarkdownReport.simulatedNotice, ""] }
        out.append(MarkdownReport.escape(volumeLine(p)))
        let profile = profileTable(p)
        out += ["", "### Measured token profile", "", "| " + profile.head.joined(separator: " | ") + " |",
                "|:---|" + Array(repeating: "---:", count: profile.head.count - 1).joined(separator: "|") + "|"]
        for row in profile.rows { out.append("| " + row.map(MarkdownReport.escape).joined(separator: " | ") + " |") }
        out += ["", "Counts from: \(p.profiledModels.map(MarkdownReport.escape).joined(separator: ", ")) (every priced attempt, pooled).",
                "", "### Monthly cost on every catalog model", ""]
        let t = table(p)
        out.append("| " + t.head.joined(separator: " | ") + " |")
        out.append("|" + t.head.indices.map { (1...3).contains($0) ? ":---" : "---:" }.joined(separator: "|") + "|")
        for row in t.rows {
            var cells = row.map(MarkdownReport.escape)
            cells[3] = cells[3].replacingOccurrences(of: "measured", with: "**measured**")
            out.append("| " + cells.joined(separator: " | ") + " |")
        }
        out += ["", notes(p).map(MarkdownReport.escape).joined(separator: "\n\n")]
        for w in p.warnings { out += ["", "Warning: \(MarkdownReport.escape(w))"] }
        return out.joined(separator: "\n") + "\n"
    }

    /// The cost table, one row per catalog model in rank order (plain text cells; Markdown and HTML
    /// escape them).
    public static func table(_ p: CatalogProjection) -> (head: [String], rows: [[String]]) {
        var head = ["#", "Model", "Provider", "Source", "$/month", "Batch $/month", "Uncached $/month"]
        if let r = p.whatIfHitRatio { head.append(whatIfLabel(r)) }
        head += ["Input $/Mtok", "Cached input $/Mtok", "Output $/Mtok", "Requests"]
        let rows = p.rows.enumerated().map { i, r in
            var cells = [String(i + 1), r.model + (r.lifecycle.map { " (\($0))" } ?? ""), r.provider, source(r),
                         money(r.monthly), r.batchDiscount == nil ? "no batch" : money(r.batchMonthly), money(r.uncachedMonthly)]
            if p.whatIfHitRatio != nil { cells.append(money(r.whatIfMonthly)) }
            cells += [MoneyFormat.perMillionTokens(r.inputPrice), MoneyFormat.perMillionTokens(r.cachedInputPrice),
                      MoneyFormat.perMillionTokens(r.outputPrice), HumanNumbers.grouped(String(r.requests))]
            return cells
        }
        return (head, rows)
    }

    /// The profile table: one row per dataset, then every dataset; the one projected is marked.
    public static func profileTable(_ p: CatalogProjection) -> (head: [String], rows: [[String]]) {
        let head = ["Dataset", "Priced requests", "Input tokens/request", "Output tokens/request", "Reasoning tokens/request",
                    "Cache hit ratio", "Cache write ratio"]
        let rows = p.profile.map { s in
            [(s.dataset ?? "all datasets") + (s.dataset == p.dataset ? " (projected)" : ""), HumanNumbers.grouped(String(s.requests)),
             tokens(s.meanInputTokens), tokens(s.meanOutputTokens), tokens(s.meanReasoningTokens),
             s.cacheHitRatio.map(percent) ?? NumberFormatting.noValue, s.cacheWriteRatio.map(percent) ?? NumberFormatting.noValue]
        }
        return (head, rows)
    }

    /// `Volume: 2,000,000 requests per month (…); dataset: …; price catalog dated ….`
    public static func volumeLine(_ p: CatalogProjection) -> String {
        "Volume: \(HumanNumbers.grouped(String(p.volume.requests))) requests per \(p.volume.per == .day ? "day" : "month") "
            + "(\(HumanNumbers.grouped(String(p.volume.perMonth))) per 30-day month); "
            + "dataset: \(p.dataset ?? "all datasets"); price catalog dated \(p.catalogDate ?? "(undated)")."
    }

    /// `measured (gpt-4o-mini)` or `projected`.
    public static func source(_ r: CatalogProjection.Row) -> String {
        r.measuredAs.map { "measured (\($0))" } ?? "projected"
    }

    /// What the columns mean, the caveat, and what was left out: one paragraph each.
    public static func notes(_ p: CatalogProjection) -> [String] {
        var n = ["Rows: cheapest first by $/month. Measured: the model ran, and its figures use its own attempts' token counts. "
                 + "Projected: priced from the pooled profile above. " + tokenizerCaveat(p),
                 "$/month: each attempt priced at the model's prices with its cache reads and writes as measured (long-context "
                 + "tiers per attempt), summed, × monthly requests ÷ attempts. Batch: the same at the provider's batch discount "
                 + "(\"no batch\": the catalog lists none). Uncached: every input token at the input price."
                 + (p.whatIfHitRatio.map { " Cached at \(percent($0)): that share of each prompt's tokens read from cache, no cache writes." } ?? "")]
        if p.whatIfHitRatio == nil, let all = p.profile.last, (all.cacheHitRatio ?? 0) == 0 {
            n.append("The run read nothing from a prompt cache; --cache-hit-ratio R adds a what-if column at that hit ratio.")
        }
        if !p.excluded.isEmpty {
            n.append("Left out: " + p.excluded.joined(separator: ", ")
                     + (p.excluded.contains { $0.contains("(retired") } ? "; --include-retired lists retired models." : "."))
        }
        return n
    }

    static func money(_ v: PicoDollars?) -> String { v.map(MoneyFormat.dollars) ?? NumberFormatting.noValue }
    static func tokens(_ v: Double?) -> String { v.map { HumanNumbers.grouped(String(format: "%.1f", $0)) } ?? NumberFormatting.noValue }
    /// `50%`, `12.5%`: a fraction as a percentage, one decimal when not whole.
    static func percent(_ f: Double) -> String {
        let v = f * 100
        return (v == v.rounded() ? String(format: "%.0f", v) : String(format: "%.1f", v)) + "%"
    }
}
