import Foundation
import LLMBenchCore

/// Reads LiteLLM's `model_prices_and_context_window.json`: an object of model name → fields, with
/// prices as float dollars per token.
///
/// Fields read (LiteLLM's names): `litellm_provider`, `input_cost_per_token`, `output_cost_per_token`,
/// `cache_read_input_token_cost`, `cache_creation_input_token_cost`, `output_cost_per_reasoning_token`,
/// every `<field>_above_<N>k_tokens` variant of those (a tier above N × 1000 prompt tokens, strictly
/// greater), `input_cost_per_token_batches` (gives the batch discount), `max_input_tokens`,
/// `max_output_tokens`. The `sample_spec` entry and models with neither an input nor an output token
/// price (image, audio-per-second, embedding-only entries) are skipped.
///
/// Rounding rule: a per-token float `v` dollars becomes `round(v × 10^12)` micro-dollars per million
/// tokens (= pico-dollars per token), rounded half away from zero; e.g. `1.5e-07` → `150000`.
public enum LiteLLMPrices {
    /// Converts LiteLLM's per-token dollars to micro-dollars per million tokens (see the rounding rule).
    public static func microsPerMillion(fromDollarsPerToken v: Double) -> Int64? {
        MoneyMath.roundedInt64(v * 1e12)
    }

    static func parse(_ top: Any, fileName: String) throws -> PriceCatalog {
        guard let object = top as? [String: Any] else {
            throw LLMBenchError.data("\(fileName): expected a JSON object of model name → prices (LiteLLM format)")
        }
        var entries: [PriceEntry] = []
        for name in object.keys.sorted() where name != "sample_spec" {
            guard let fields = object[name] as? [String: Any] else { continue }
            if let entry = try entry(named: name, fields: fields, fileName: fileName) { entries.append(entry) }
        }
        return PriceCatalog(entries: entries)
    }

    private static func entry(named name: String, fields: [String: Any], fileName: String) throws -> PriceEntry? {
        func price(_ key: String) throws -> Int64? {
            guard let raw = fields[key], !(raw is NSNull) else { return nil }
            guard let number = raw as? NSNumber else {
                throw LLMBenchError.data("\(fileName): \"\(name)\".\(key): expected a number (dollars per token)")
            }
            guard let v = microsPerMillion(fromDollarsPerToken: number.doubleValue), v >= 0, v <= PriceEntry.maxPriceMicros else {
                throw LLMBenchError.data("\(fileName): \"\(name)\".\(key): \(number) is not a usable price")
            }
            return v
        }
        func integer(_ key: String) -> Int? { (fields[key] as? NSNumber).map { $0.intValue } }

        let names = (input: "input_cost_per_token", cached: "cache_read_input_token_cost",
                     write: "cache_creation_input_token_cost", output: "output_cost_per_token",
                     reasoning: "output_cost_per_reasoning_token")
        let base = TokenPrices(input: try price(names.input), cachedInput: try price(names.cached),
                               cacheWrite: try price(names.write), output: try price(names.output),
                               reasoningOutput: try price(names.reasoning))
        guard base.input != nil || base.output != nil else { return nil }
        var prices = base
        // An entry with only one of the two (e.g. free output) prices the missing one at zero.
        if prices.input == nil { prices.input = 0 }
        if prices.output == nil { prices.output = 0 }

        // Tiers: "<field>_above_<N>k_tokens".
        var tiers: [Int: TokenPrices] = [:]
        for key in fields.keys {
            guard let (field, threshold) = tierKey(key) else { continue }
            let v = try price(key)
            var t = tiers[threshold] ?? TokenPrices()
            switch field {
            case names.input: t.input = v
            case names.cached: t.cachedInput = v
            case names.write: t.cacheWrite = v
            case names.output: t.output = v
            case names.reasoning: t.reasoningOutput = v
            default: continue
            }
            tiers[threshold] = t
        }
        let tierList = tiers.keys.sorted().map { PriceTier(abovePromptTokens: $0, prices: tiers[$0]!) }

        var batch: Double? = nil
        if let batchInput = try price("input_cost_per_token_batches"), let input = prices.input, input > 0 {
            batch = 1 - Double(batchInput) / Double(input)
        }
        let provider = (fields["litellm_provider"] as? String) ?? "unknown"
        var aliases: [String]? = nil
        if let slash = name.lastIndex(of: "/") {
            let bare = String(name[name.index(after: slash)...])
            if !bare.isEmpty { aliases = [bare] }
        }
        let entry = PriceEntry(provider: provider, model: name, aliases: aliases, prices: prices,
                               tiers: tierList.isEmpty ? nil : tierList, batchDiscount: batch,
                               contextWindow: integer("max_input_tokens"),
                               maxOutputTokens: integer("max_output_tokens"),
                               note: "read from a LiteLLM-format file")
        if let problem = entry.validationProblem() {
            throw LLMBenchError.data("\(fileName): \"\(name)\": \(problem)")
        }
        return entry
    }

    /// Splits `input_cost_per_token_above_200k_tokens` into (`input_cost_per_token`, 200000).
    static func tierKey(_ key: String) -> (String, Int)? {
        guard key.hasSuffix("k_tokens"), let range = key.range(of: "_above_", options: .backwards) else { return nil }
        let field = String(key[..<range.lowerBound])
        let numberText = key[range.upperBound...].dropLast("k_tokens".count)
        guard let thousands = Int(numberText), thousands > 0 else { return nil }
        return (field, thousands * 1000)
    }
}
