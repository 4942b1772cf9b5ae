import Foundation
import LLMBenchCore
import Tokenizer

/// Counts every prompt of a workload exactly (each distinct rendered item once; a generated one as it is built), in each encoding the run's models are counted in
/// (`ModelSpec.promptEncoding`: the model's own for OpenAI models, o200k_base as the stated proxy otherwise),
/// before the first request: the tokens-per-minute bucket, `--max-cost`, `--dry-run` and an `estimated`
/// input count then all use these counts (`WorkItem.inputTokens(in:)`). Every prompt is also counted in
/// o200k_base, the common unit (`RunTokenCounting` stores it beside each successful attempt).
enum PromptCounting {
    static func count(_ workload: inout PreparedWorkload, models: [ModelSpec], dataDir: String?,
                      environment: [String: String]) throws {
        // o200k_base always: it is the common unit every prompt is also stored in (`input_o200k_tokens`).
        let encodings = Set(models.map(\.promptEncoding)).union([.o200kBase])
        for encoding in TokenEncoding.allCases where encodings.contains(encoding) {
            let tokenizer = try TokenizerLocation.tokenizer(encoding, dataDir: dataDir, environment: environment)
            // A conversation turn's history is part of its prompt; a synthetic request is counted as it is generated.
            workload.planned = workload.planned.countingPrompts(in: encoding) { tokenizer.count($0) }
        }
    }
}
