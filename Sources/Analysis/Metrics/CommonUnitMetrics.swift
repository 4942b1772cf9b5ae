import LLMBenchCore

/// Figures in the common unit (issue 14): every vendor's prompt and answer counted in OpenAI's o200k_base,
/// so speed and cost per token compare across vendors whose own tokenizers differ (Artificial Analysis
/// counts every output the same way). The counts are taken after the run (`input_o200k_tokens`,
/// `output_o200k_tokens`); rows of a database older than schema version 7 have none, and these metrics
/// then have no value.
extension Metric {
    /// Output speed of one request in the common unit, o200k tokens/s: output_o200k_tokens / ((doneNs − sentNs) / 1e9).
    ///
    /// `request_output_tokens_per_s` with the answer counted in o200k_base instead of the vendor's
    /// tokenizer: end to end (TTFT and thinking included), answer only (reasoning text is never counted).
    public static let requestOutputO200kTokensPerS = Metric(
        name: "request_output_o200k_tokens_per_s", label: "Output speed per request (o200k tokens)",
        storedUnit: .tokensPerSecond, direction: .higherIsBetter, family: .throughput,
        shape: .distribution(statistics: Statistic.allCases, summary: [.p50]),
        formula: "output_o200k_tokens / ((done − sent) / 1e9): the answer counted in o200k_base, the common unit, end to end as request_output_tokens_per_s",
        compute: .perAttempt(.succeeded) { r in
            guard let n = r.outputO200kTokens, let sent = r.sentNs, let done = r.doneNs, done > sent else { return nil }
            return Double(n) / (Double(done - sent) / 1e9)
        })

    /// Aggregate output throughput of a model in the common unit, o200k tokens/s:
    /// Σ output_o200k_tokens of successful attempts / active duration.
    ///
    /// No value unless every successful attempt of the model has an o200k count (a partial sum would
    /// read low). Answer only, unlike `output_tokens_per_s`, which counts reasoning too.
    public static let outputO200kTokensPerS = Metric(
        name: "output_o200k_tokens_per_s", label: "Output throughput (aggregate, o200k tokens)", storedUnit: .tokensPerSecond,
        direction: .higherIsBetter, family: .throughput, scope: .model, shape: .scalar(inSummary: true),
        formula: "Σ output_o200k_tokens (answer only) of successful attempts / active_duration_s, per model; no value unless every successful attempt was counted",
        compute: .total { t in t.o200kCounted == t.succeeded ? t.perSecond(t.outputO200kTokensTotal) : nil })

    /// The prompt of one request counted in o200k_base (system + user text; the provider's chat framing not included).
    public static let inputO200kTokens = Metric(
        name: "input_o200k_tokens", label: "Input tokens (o200k)", storedUnit: .tokens, direction: .neutral, family: .tokens,
        shape: .distribution(statistics: Statistic.allCases, summary: []),
        formula: "the prompt's system + user text counted in o200k_base (chat framing not included)",
        compute: .perAttempt(.succeeded) { r in r.inputO200kTokens.map(Double.init) })

    /// The answer of one request counted in o200k_base (reasoning never included).
    public static let outputO200kTokens = Metric(
        name: "output_o200k_tokens", label: "Answer tokens (o200k)", storedUnit: .tokens, direction: .neutral, family: .tokens,
        shape: .distribution(statistics: Statistic.allCases, summary: [.mean]),
        formula: "the answer text counted in o200k_base (scaled to full length when the stored text was cut; reasoning never counted)",
        compute: .perAttempt(.succeeded) { r in r.outputO200kTokens.map(Double.init) })

    /// Vendor tokens per o200k token of a group, ratio: Σ answer_tokens / Σ output_o200k_tokens over the
    /// successful attempts whose answer count the provider reported (`tokens_source = server`, reasoning
    /// split not estimated).
    ///
    /// How many of its own tokens the vendor counts for the text o200k_base counts as one: 1.25 means the
    /// same answer is 25% more tokens on the vendor's meter, so its price per token buys 1 / 1.25 as much
    /// text (cost per o200k token = vendor price per token × ratio). No value without such attempts.
    public static let vendorTokensPerO200kToken = Metric(
        name: "vendor_tokens_per_o200k_token", label: "Vendor tokens per o200k token (answer)", storedUnit: .ratio,
        direction: .neutral, family: .tokens, shape: .scalar(inSummary: true),
        formula: "Σ answer_tokens / Σ output_o200k_tokens over successful attempts with server-reported counts: > 1 means the vendor's tokens are smaller (each buys less text)",
        compute: .total { GroupTotals.ratio($0.ratioVendorTokens, $0.ratioO200kTokens) })

    /// Output-side cost per million answer tokens in the common unit, USD: Σ output-side cost (answer and
    /// reasoning) / Σ output_o200k_tokens over the priced attempts × 10⁶.
    ///
    /// What a million o200k tokens of answer cost, reasoning paid for included: comparable across vendors.
    /// No value unless every priced attempt has an o200k count.
    public static let paidPerMOutputO200k = cost("usd_per_1m_output_o200k_tokens", "Paid per 1M output tokens (o200k)",
                                                 summary: true, unit: .picoUSDPerToken,
        "Σ output-side cost (answer + reasoning) / Σ output_o200k_tokens × 10⁶ over priced attempts: cost per answer text in the common unit") { c in
        guard c.selfHosted == nil, let s = c.summary, let n = c.outputO200kTokens, n > 0 else { return nil }
        return Double(s.outputCost) / Double(n)
    }
}
