import Analysis

/// `llmbench compare --plan` as Markdown: one row per gated metric and group (see `GatePlan`).
public enum GatePlanMarkdown {
    public static func render(baseline: String, runs: Int, rows: [GatePlanRow], skipped: [String]) -> String {
        var out = "## Gate plan\n\n"
        out += "Baseline `\(baseline)`: \(runs) run\(runs == 1 ? "" : "s"). "
        out += runs < 2
            ? "With one run, night-to-night variation is unknown: the figures cover the sampling of requests only.\n\n"
            : "Night-to-night variation is estimated from the runs' spread.\n\n"
        out += "| model | dataset | metric | threshold | requests/group now | detectable change now | night-to-night | requests/group needed |\n"
        out += "|:---|:---|:---|---:|---:|---:|---:|---:|\n"
        for r in rows {
            let needed: String
            if r.unreachable { needed = "none can (night-to-night variation alone exceeds half the threshold)" }
            else if let n = r.requestsNeeded { needed = n >= GatePlan.maxPlannedRequests ? "≥ \(n)" : "\(n)" }
            else { needed = "—" }
            let between = r.betweenNights.map { pct($0) } ?? "unknown"
            out += "| \(r.model) | \(r.dataset ?? "all") | `\(r.metric)` | \(pct(r.threshold)) | \(r.baselineRequests) | ±\(pct(r.detectableChange)) | \(between) | \(needed) |\n"
        }
        if rows.isEmpty { out += "| — | — | — | — | — | — | — | — |\n" }
        out += "\nA gate is well sized when the detectable change is at most half its threshold: an unchanged night then reads `ok` and a change of 1.5 × the threshold reads `regressed`.\n"
        for s in skipped { out += "\nNot planned: \(s)." }
        return out + "\n"
    }

    private static func pct(_ x: Double) -> String {
        let v = (x * 1000).rounded() / 10
        return "\(v)%"
    }
}
