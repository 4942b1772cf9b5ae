import Analysis

/// `llmbench compare --plan` as Markdown: one row per gated metric and group (see `GatePlan`).
public enum GatePlanMarkdown {
    public static func render(baseline: String, runs: Int, rows: [GatePlanRow], skipped: [String]) -> String {
        var out = "## Gate plan\n\n"
        out += "Baseline `\(baseline)`: \(runs) run\(runs == 1 ? "" : "s"). "
        out += runs < 2
            ? "With one run, night-to-night variation is unknown: the figures cover the sampling of requests only "
              + "(plan from several runs, e.g. `--baseline last-good~7`).\n\n"
            : "Night-to-night variation is estimated from the runs' spread and counted in every figure.\n\n"
        out += "| model | dataset | metric | threshold | requests/group now | caught now | nights alone | to catch | requests/group needed |\n"
        out += "|:---|:---|:---|---:|---:|---:|---:|---:|---:|\n"
        for r in rows {
            let needed: String
            if r.unreachable {
                needed = "none can" + (r.smallestThreshold.map { $0.isFinite ? " (smallest gate: +\(pct($0)))" : "" } ?? "")
            } else if let n = r.requestsNeeded { needed = n >= GatePlan.maxPlannedRequests ? "≥ \(n)" : "\(n)" }
            else { needed = "—" }
            let between = r.betweenNights.map { "±" + pct($0) } ?? "unknown"
            let now = r.detectableChange.isFinite ? "+" + pct(r.detectableChange) : "none"
            out += "| \(r.model) | \(r.dataset ?? "all") | `\(r.metric)` | +\(pct(r.threshold)) | \(r.baselineRequests) | \(now) "
                + "| \(between) | +\(pct(r.target)) | \(needed) |\n"
        }
        if rows.isEmpty { out += "| — | — | — | — | — | — | — | — | — |\n" }
        out += "\n*Caught now*: the smallest slowdown the gate reads as `regressed` in 90% of nights at the baseline's size. "
            + "*Nights alone*: what night-to-night variation adds to each side of the interval. "
            + "*Requests/group needed*: per group and side, to catch the *to catch* change (`--detect`, default twice the "
            + "threshold) in 90% of nights; *none can* when night-to-night variation alone prevents it, with the smallest "
            + "threshold this baseline can size.\n"
        for s in skipped { out += "\nNot planned: \(s)." }
        return out + "\n"
    }

    private static func pct(_ x: Double) -> String {
        let v = (x * 1000).rounded() / 10
        return "\(v)%"
    }
}
