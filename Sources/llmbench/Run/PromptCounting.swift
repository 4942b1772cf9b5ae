import Foundation
import LLMBenchCore
import Tokenizer

/// Counts every prompt of a workload exactly, in each encoding the run's models are counted in
/// (`ModelSpec.promptEncoding`: the model's own for OpenAI models, o200k_base as the stated proxy otherwise),
/// before the first request: the tokens-per-minute bucket, `--max-cost`, `--dry-run` and an `estimated`
/// input count then all use these counts (`WorkItem.inputTokens(in:)`).
enum PromptCounting {
    static func count(_ workload: inout PreparedWorkload, models: [ModelSpec], dataDir: String?,
                      environment: [String: String]) throws {
        let encodings = Set(models.map(\.promptEncoding))
        for encoding in TokenEncoding.allCases where encodings.contains(encoding) {
            let tokenizer = try TokenizerLocation.tokenizer(encoding, dataDir: dataDir, environment: environment)
            func counted(_ item: WorkItem) -> WorkItem {
                var item = item
                // A conversation turn's history is part of its prompt.
                item.promptTokens[encoding] = item.history.reduce(tokenizer.count(item.system) + tokenizer.count(item.user)) {
                    $0 &+ tokenizer.count($1.content)
                }
                return item
            }
            workload.items = workload.items.map(counted)
            workload.warmup = workload.warmup.map(counted)
        }
    }
}
