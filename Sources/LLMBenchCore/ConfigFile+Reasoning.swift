import Foundation

/// The reasoning and prompt-cache fields of one model in a config file (README "Reasoning and caching").
extension ConfigFile {
    static let reasoningKeys = ["reasoning_effort", "reasoning_budget_tokens", "thinking_level", "include_thoughts"]
    static let cacheKeys = ["cache_ttl", "cache_placement"]

    /// `reasoning_effort`, `reasoning_budget_tokens`, `thinking_level` and `include_thoughts` of the
    /// model object `m` at JSON path `p`, range-checked; `fail` builds the error naming file and field.
    static func reasoning(_ m: [String: Any], path p: String, kind: ProviderKind,
                          fail: (String, String) -> LLMBenchError) throws -> ReasoningSettings {
        func choice<E: RawRepresentable & CaseIterable>(_ k: String, _: E.Type) throws -> E? where E.RawValue == String {
            guard let v = m[k] else { return nil }
            guard let s = v as? String, let e = E(rawValue: s) else {
                throw fail("\(p).\(k)", "expected one of \(E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
            }
            return e
        }
        var r = ReasoningSettings()
        r.effort = try choice("reasoning_effort", ReasoningEffort.self)
        if let v = m["reasoning_budget_tokens"] {
            let low = kind == .anthropic ? ReasoningSettings.anthropicMinBudget : ReasoningSettings.minBudget
            guard let n = JSONValues.number(v), n == n.rounded(), n >= Double(low), n <= Double(ReasoningSettings.maxBudget) else {
                let why = kind == .anthropic ? " (Anthropic's thinking.budget_tokens must be at least 1024)" : ""
                throw fail("\(p).reasoning_budget_tokens",
                           "expected a whole number from \(low) to \(ReasoningSettings.maxBudget)\(why)")
            }
            r.budgetTokens = Int(n)
        }
        for k in ["thinking_level", "include_thoughts"] where m[k] != nil && kind != .gemini {
            throw fail("\(p).\(k)", "applies to gemini models only (this model is \(kind.rawValue))")
        }
        r.thinkingLevel = try choice("thinking_level", GeminiThinkingLevel.self)
        if let v = m["include_thoughts"] {
            guard JSONValues.isBool(v), let b = v as? NSNumber else { throw fail("\(p).include_thoughts", "expected true or false") }
            r.includeThoughts = b.boolValue
        }
        return r
    }

    /// `cache_ttl` and `cache_placement` of the model object `m`: Anthropic models with
    /// `prompt_caching: true` only (OpenAI and Gemini cache on their own).
    static func cache(_ m: [String: Any], path p: String, kind: ProviderKind, promptCaching: Bool,
                      fail: (String, String) -> LLMBenchError) throws -> (CacheTTL?, CachePlacement?) {
        for k in cacheKeys where m[k] != nil {
            guard kind == .anthropic else {
                throw fail("\(p).\(k)", "applies to anthropic models only (OpenAI and Gemini cache prompts on their own)")
            }
            guard promptCaching else { throw fail("\(p).\(k)", "needs \"prompt_caching\": true") }
        }
        var ttl: CacheTTL?
        if let v = m["cache_ttl"] {
            guard let s = v as? String, let t = CacheTTL(rawValue: s) else { throw fail("\(p).cache_ttl", "expected \"5m\" or \"1h\"") }
            ttl = t
        }
        var placement: CachePlacement?
        if let v = m["cache_placement"] {
            guard let s = v as? String, let c = CachePlacement(rawValue: s) else {
                throw fail("\(p).cache_placement", "expected \"system\" or \"prefix\"")
            }
            placement = c
        }
        return (ttl, placement)
    }
}
