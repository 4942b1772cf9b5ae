import Foundation
import LLMBenchCore
import Store
import Tokenizer

/// After a run's requests are done (never on the request path, like scoring): the output of every
/// successful attempt whose counts are `estimated` is counted again with a tokenizer, in the model's own
/// encoding (o200k_base as the stated proxy for models that are not OpenAI's), replacing the byte estimate
/// the recorder stored.
///
/// Formula: `output_tokens = count(answer text) + reasoning_tokens`, the answer count scaled by
/// `response_bytes ÷ stored bytes` when the stored text was cut at the stored-text limit. Reasoning text is
/// not stored, so `reasoning_tokens` keeps the recorder's estimate.
enum RunTokenCounting {
    @discardableResult
    static func recountEstimated(runId: String, db: Database, models: [ModelSpec], dataDir: String?,
                                 environment: [String: String]) throws -> Int {
        let byName = Dictionary(models.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var pending: [(RequestRecord, TokenEncoding)] = []
        try db.forEachRequest(runId: runId) { r in
            guard r.status == .ok, let usage = r.usage, usage.source == .estimated else { return }
            pending.append((r, byName[r.model]?.promptEncoding ?? .o200kBase))
        }
        guard !pending.isEmpty else { return 0 }
        var tokenizers: [TokenEncoding: Tokenizer] = [:]
        var recounts: [OutputRecount] = []
        for (r, encoding) in pending {
            guard let usage = r.usage else { continue }
            let tokenizer = try tokenizers[encoding] ?? TokenizerLocation.tokenizer(encoding, dataDir: dataDir, environment: environment)
            tokenizers[encoding] = tokenizer
            let answer = tokenizer.count(r.responseText, cutFrom: r.responseBytes)
            let output = answer.addingReportingOverflow(max(0, usage.reasoningTokens))
            guard !output.overflow, output.partialValue != usage.outputTokens else { continue }
            recounts.append(OutputRecount(runId: runId, requestIndex: r.requestIndex, attempt: r.attempt,
                                          outputTokens: output.partialValue))
        }
        return try db.updateEstimatedOutputTokens(recounts)
    }
}
