import Foundation
import LLMBenchCore
import Store
import Tokenizer

/// After a run's requests are done (never on the request path, like scoring): every successful attempt's
/// prompt and answer are counted in o200k_base, the common unit every vendor is compared in, and the
/// output of attempts whose counts llmbench made itself (`estimated`, `o200k`) is counted again with a
/// tokenizer, replacing the byte estimate the recorder stored: in the model's own encoding, o200k_base as
/// the stated proxy for models that are not OpenAI's (and for `count_tokens: o200k`).
///
/// Formulas: `output_o200k_tokens = o200k(answer text)` and `output_tokens = count(answer text) +
/// reasoning_tokens`, each answer count scaled by `response_bytes ÷ stored bytes` when the stored text
/// was cut at the stored-text limit; `input_o200k_tokens = o200k(system) + o200k(user)` of the item the
/// attempt sent. Reasoning text is not stored, so it is never counted in o200k and `reasoning_tokens`
/// keeps the recorder's estimate.
enum RunTokenCounting {
    @discardableResult
    /// `promptO200k`: the prompt's o200k count by dataset and item id (`PlannedWork.promptO200kTokens`).
    static func count(runId: String, db: Database, models: [ModelSpec], promptO200k: (String, String) -> Int?, dataDir: String?,
                      environment: [String: String]) throws -> Int {
        let byName = Dictionary(models.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var tokenizers: [TokenEncoding: Tokenizer] = [:]
        func tokenizer(_ encoding: TokenEncoding) throws -> Tokenizer {
            if let t = tokenizers[encoding] { return t }
            let t = try TokenizerLocation.tokenizer(encoding, dataDir: dataDir, environment: environment)
            tokenizers[encoding] = t
            return t
        }
        // Counted as the rows stream by: only the small recounts are kept, never the records and their text.
        var recounts: [TokenRecount] = []
        try db.forEachRequest(runId: runId) { r in
            guard r.status == .ok else { return }
            let o200k = try tokenizer(.o200kBase).count(r.responseText, cutFrom: r.responseBytes)
            var recount = TokenRecount(runId: runId, requestIndex: r.requestIndex, attempt: r.attempt,
                                       inputO200kTokens: promptO200k(r.dataset, r.itemId),
                                       outputO200kTokens: o200k)
            if let usage = r.usage, usage.source == .estimated || usage.source == .o200k {
                let encoding = usage.source == .o200k ? .o200kBase : (byName[r.model]?.promptEncoding ?? .o200kBase)
                let answer = encoding == .o200kBase ? o200k : try tokenizer(encoding).count(r.responseText, cutFrom: r.responseBytes)
                let output = answer.addingReportingOverflow(max(0, usage.reasoningTokens))
                if !output.overflow, output.partialValue != usage.outputTokens { recount.outputTokens = output.partialValue }
            }
            recounts.append(recount)
        }
        guard !recounts.isEmpty else { return 0 }
        return try db.updateTokenCounts(recounts)
    }
}
