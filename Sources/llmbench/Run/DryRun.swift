import LLMBenchCore
import Pricing
import Scheduler

/// `run --dry-run`: what a run would send and its worst-case cost, every request at its maximum
/// output length (`RequestPricing.worstCase`), without sending anything.
enum DryRun {
    static func render(models: [ModelSpec], workload: PreparedWorkload, entries: [String: PriceEntry], simulated: Bool) -> String {
        let all = workload.warmup + workload.items
        var out = "| model | requests | prompt tokens | counted in | worst-case cost |\n|---|---:|---:|---|---:|\n"
        var total: PicoDollars = 0
        var unpriced: [String] = []
        for m in models {
            let sum = SpendingGuard.worstCase(of: all, model: m, entry: entries[m.name])
            if let sum { total = SpendingLedger.saturatingSum(total, sum) } else { unpriced.append(m.name) }
            let prompt = all.reduce(0) { $0.addingReportingOverflow($1.inputTokens(in: m.promptEncoding)).partialValue }
            let unit = m.promptEncoding.rawValue + (m.promptEncodingIsProxy ? " (proxy)" : "")
            out += "| \(m.name) | \(all.count) | \(prompt) | \(unit) | \(sum.map(MoneyFormat.dollars) ?? "no price") |\n"
        }
        out += "\nWorst case for the whole run: \(MoneyFormat.dollars(total))"
        if !unpriced.isEmpty { out += " (not counting \(unpriced.joined(separator: ", ")): no price)" }
        out += "\nPrompt tokens are the prompts' text counted exactly in each model's own encoding, or in o200k_base as a"
            + " proxy for models that are not OpenAI's (chat framing not included)."
        out += "\nNothing was sent (--dry-run)."
        if simulated { out += " The models are simulated: a real run would cost nothing." }
        return out + "\n"
    }
}
