import Datasets
import LLMBenchCore
import Pricing
import Scheduler

/// `run --dry-run`: what a run would send and its worst-case cost, every request at its maximum
/// output length (`RequestPricing.worstCase`), without sending anything.
enum DryRun {
    /// Every model's requests are walked one at a time (none is kept), its part of `shard` only.
    static func render(models: [ModelSpec], workload: PreparedWorkload, shard: Shard, entries: [String: PriceEntry],
                       simulated: Bool) throws -> String {
        var out = "| model | requests | prompt tokens | counted in | worst-case cost |\n|---|---:|---:|---|---:|\n"
        var total: PicoDollars = 0
        var unpriced: [String] = []
        for m in models {
            var sum: PicoDollars? = entries[m.name] == nil ? nil : 0
            var prompt = 0, count = 0
            try workload.planned.forEach(model: m.name, shard: shard) { item, _ in
                count += 1
                prompt = prompt.addingReportingOverflow(item.inputTokens(in: m.promptEncoding)).partialValue
                if let s = sum { sum = SpendingGuard.worstCase(item, model: m, entry: entries[m.name]).map { SpendingLedger.saturatingSum(s, $0) } }
            }
            if let sum { total = SpendingLedger.saturatingSum(total, sum) } else { unpriced.append(m.name) }
            let unit = m.promptEncoding.rawValue + (m.promptEncodingIsProxy ? " (proxy)" : "")
            out += "| \(m.name) | \(count) | \(prompt) | \(unit) | \(sum.map(MoneyFormat.dollars) ?? "no price") |\n"
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
