import LLMBenchCore
import Pricing
import Scheduler

/// `run --dry-run`: what a run would send and its worst-case cost, every request at its maximum
/// output length (`RequestPricing.worstCase`), without sending anything.
enum DryRun {
    static func render(models: [ModelSpec], workload: PreparedWorkload, entries: [String: PriceEntry], simulated: Bool) -> String {
        let all = workload.warmup + workload.items
        var out = "| model | requests | worst-case cost |\n|---|---:|---:|\n"
        var total: PicoDollars = 0
        var unpriced: [String] = []
        for m in models {
            let sum = SpendingGuard.worstCase(of: all, model: m, entry: entries[m.name])
            if let sum { total = SpendingLedger.saturatingSum(total, sum) } else { unpriced.append(m.name) }
            out += "| \(m.name) | \(all.count) | \(sum.map(MoneyFormat.dollars) ?? "no price") |\n"
        }
        out += "\nWorst case for the whole run: \(MoneyFormat.dollars(total))"
        if !unpriced.isEmpty { out += " (not counting \(unpriced.joined(separator: ", ")): no price)" }
        out += "\nNothing was sent (--dry-run)."
        if simulated { out += " The models are simulated: a real run would cost nothing." }
        return out + "\n"
    }
}
