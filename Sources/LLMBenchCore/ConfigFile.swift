import Foundation

/// A run configuration file: the models to compare and how to reach them (README: "Config format").
///
/// ```json
/// {"models": [{"name": "gpt-4o-mini", "kind": "openai", "base_url": "https://api.openai.com/v1",
///              "model": "gpt-4o-mini", "api_key_env": "OPENAI_API_KEY",
///              "limits": {"max_concurrency": 8, "requests_per_minute": 500, "tokens_per_minute": 200000}}]}
/// ```
/// Validation names the file and the JSON path of a bad field (`cfg.json: $.models[1].kind: …`) and
/// is a data error (exit 65); a file that does not exist is exit 66. Keys never appear here: a model
/// names the environment variable that holds its key.
public struct ConfigFile: Sendable {
    public var models: [ModelSpec]

    public static let modelKeys: Set<String> = Set([
        "name", "kind", "base_url", "model", "api_key_env", "headers", "temperature", "max_output_tokens",
        "max_tokens_param", "stream", "prompt_caching", "limits", "price",
        "reasoning_summary", "count_tokens", "router",
    ] + reasoningKeys + cacheKeys)
    static let limitKeys: Set<String> = ["max_concurrency", "requests_per_minute", "tokens_per_minute"]

    public static func load(path: String) throws -> ConfigFile {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LLMBenchError.noInput("\(path): config file not found")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LLMBenchError.noInput("\(path): config file cannot be read")
        }
        return try parse(data, file: path)
    }

    public static func parse(_ data: Data, file: String) throws -> ConfigFile {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw LLMBenchError.data("\(file): not valid JSON (\(Self.describe(error)))")
        }
        func fail(_ path: String, _ what: String) -> LLMBenchError {
            LLMBenchError.data("\(file): \(path): \(what)")
        }
        guard let obj = root as? [String: Any] else { throw fail("$", "expected an object with a \"models\" array") }
        for key in obj.keys where key != "models" && key != "description" {
            throw fail("$.\(key)", "unknown field (valid: models, description)")
        }
        guard let list = obj["models"] as? [Any] else { throw fail("$.models", "is missing (expected an array of models)") }
        guard !list.isEmpty else { throw fail("$.models", "is empty (expected at least one model)") }
        var models: [ModelSpec] = []
        var seen: Set<String> = []
        for (i, any) in list.enumerated() {
            let p = "$.models[\(i)]"
            guard let m = any as? [String: Any] else { throw fail(p, "expected an object") }
            for key in m.keys where !modelKeys.contains(key) {
                throw fail("\(p).\(key)", "unknown field (valid: \(modelKeys.sorted().joined(separator: ", ")))")
            }
            func str(_ k: String, required: Bool) throws -> String? {
                guard let v = m[k] else {
                    if required { throw fail("\(p).\(k)", "is missing (expected a string)") }
                    return nil
                }
                guard let s = v as? String, !s.isEmpty else { throw fail("\(p).\(k)", "expected a non-empty string") }
                return s
            }
            func bool(_ k: String) throws -> Bool? {
                guard let v = m[k] else { return nil }
                guard JSONValues.isBool(v), let n = v as? NSNumber else {
                    throw fail("\(p).\(k)", "expected true or false")
                }
                return n.boolValue
            }
            let name = try str("name", required: true)!
            guard seen.insert(name).inserted else { throw fail("\(p).name", "\"\(name)\" is used by an earlier model") }
            let kindText = try str("kind", required: true)!
            guard let kind = ProviderKind(rawValue: kindText) else {
                throw fail("\(p).kind", "unknown kind \"\(kindText)\" (valid: \(ProviderKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            // A `simulated` model without base_url talks to the simulator the run starts itself.
            let baseURL = try str("base_url", required: kind != .simulated) ?? ModelSpec.embeddedSimulator
            guard let url = URL(string: baseURL), let scheme = url.scheme, scheme == "http" || scheme == "https", url.host != nil else {
                throw fail("\(p).base_url", "\"\(baseURL)\" is not an http(s) URL")
            }
            if baseURL.contains("key=") {
                throw fail("\(p).base_url", "must not carry a key; name the variable in api_key_env")
            }
            let modelId = try str("model", required: true)!
            let keyEnv = try str("api_key_env", required: false)
            if let k = keyEnv, !k.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                throw fail("\(p).api_key_env", "expected the NAME of an environment variable (letters, digits, _), not a key")
            }
            if kind != .simulated && keyEnv == nil && !url.isLoopback {
                throw fail("\(p).api_key_env", "is missing (expected the name of the environment variable that holds the key)")
            }
            var headers: [HeaderSpec] = []
            if let h = m["headers"] {
                guard let hd = h as? [String: Any] else { throw fail("\(p).headers", "expected an object of header name → value") }
                for (hn, hv) in hd.sorted(by: { $0.key < $1.key }) {
                    if let s = hv as? String {
                        headers.append(HeaderSpec(name: hn, value: s))
                    } else if let e = hv as? [String: Any], e.count == 1, let env = e["env"] as? String, !env.isEmpty {
                        headers.append(HeaderSpec(name: hn, valueEnv: env))
                    } else {
                        throw fail("\(p).headers.\(hn)", "expected a string, or {\"env\": \"VARIABLE\"}")
                    }
                }
            }
            var temperature: Double?
            if let t = m["temperature"] {
                guard let n = JSONValues.number(t), n >= 0, n <= 2 else {
                    throw fail("\(p).temperature", "expected a number from 0 to 2")
                }
                temperature = n
            }
            var maxOut: Int?
            if let t = m["max_output_tokens"] {
                guard let n = JSONValues.number(t), n >= 1, n == n.rounded(), n < 1e9 else {
                    throw fail("\(p).max_output_tokens", "expected a whole number ≥ 1")
                }
                maxOut = Int(n)
            }
            let reasoning = try Self.reasoning(m, path: p, kind: kind, fail: fail)
            // OpenAI reasoning models take `max_completion_tokens` (and reject `max_tokens`).
            var useMCT = reasoning.asksToReason && (kind == .openai || kind == .simulated)
            if let mtp = try str("max_tokens_param", required: false) {
                guard mtp == "max_tokens" || mtp == "max_completion_tokens" else {
                    throw fail("\(p).max_tokens_param", "expected \"max_tokens\" or \"max_completion_tokens\"")
                }
                useMCT = mtp == "max_completion_tokens"
            }
            var summary: ReasoningSummary?
            if let text = try str("reasoning_summary", required: false) {
                guard let v = ReasoningSummary(rawValue: text) else {
                    throw fail("\(p).reasoning_summary", "expected one of \(ReasoningSummary.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
                }
                guard kind == .openaiResponses else {
                    throw fail("\(p).reasoning_summary", "applies only to kind \"openai-responses\" (the Responses API's reasoning.summary)")
                }
                summary = v
            }
            var countTokens: CountTokens?
            if let text = try str("count_tokens", required: false) {
                guard let v = CountTokens(rawValue: text) else {
                    throw fail("\(p).count_tokens", "expected one of \(CountTokens.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
                }
                countTokens = v
            }
            let promptCaching = try bool("prompt_caching") ?? false
            let (cacheTTL, cachePlacement) = try Self.cache(m, path: p, kind: kind, promptCaching: promptCaching, fail: fail)
            var limits = ModelLimits()
            if let l = m["limits"] {
                guard let ld = l as? [String: Any] else { throw fail("\(p).limits", "expected an object") }
                for key in ld.keys where !limitKeys.contains(key) {
                    throw fail("\(p).limits.\(key)", "unknown field (valid: \(limitKeys.sorted().joined(separator: ", ")))")
                }
                func num(_ k: String, max: Double) throws -> Double? {
                    guard let v = ld[k] else { return nil }
                    guard let n = JSONValues.number(v), n > 0, n <= max else {
                        throw fail("\(p).limits.\(k)", "expected a number > 0 and at most \(JSONValues.plain(max))")
                    }
                    return n
                }
                if let c = try num("max_concurrency", max: Double(ModelLimits.maxConcurrencyLimit)) {
                    guard c == c.rounded() else {
                        throw fail("\(p).limits.max_concurrency", "expected a whole number from 1 to \(ModelLimits.maxConcurrencyLimit)")
                    }
                    limits.maxConcurrency = Int(c)
                }
                limits.requestsPerMinute = try num("requests_per_minute", max: ModelLimits.maxPerMinute)
                limits.tokensPerMinute = try num("tokens_per_minute", max: ModelLimits.maxPerMinute)
            }
            models.append(ModelSpec(
                name: name, kind: kind, baseURL: baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL,
                modelId: modelId, apiKeyEnv: keyEnv, headers: headers, temperature: temperature,
                maxOutputTokens: maxOut, stream: try bool("stream") ?? true, useMaxCompletionTokens: useMCT,
                promptCaching: promptCaching, cacheTTL: cacheTTL, cachePlacement: cachePlacement,
                reasoning: reasoning, limits: limits,
                priceKey: try str("price", required: false), reasoningSummary: summary,
                countTokens: countTokens, router: try bool("router") ?? false))
        }
        return ConfigFile(models: models)
    }

    /// Environment variables the models need that are unset or empty (names only, never values).
    public static func missingEnvironment(_ models: [ModelSpec], environment: [String: String]) -> [String] {
        var missing: [String] = []
        for m in models {
            var names: [String] = []
            if let k = m.apiKeyEnv { names.append(k) }
            names += m.headers.compactMap(\.valueEnv)
            for n in names where (environment[n] ?? "").isEmpty && !missing.contains(n) { missing.append(n) }
        }
        return missing
    }

    private static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        return (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
    }
}

extension URL {
    /// Whether the URL's host is a loopback address (127.0.0.0/8, ::1, localhost).
    public var isLoopback: Bool {
        guard let h = host?.lowercased() else { return false }
        return h == "localhost" || h == "::1" || h == "[::1]" || h.hasPrefix("127.")
    }
}

extension ModelSpec {
    /// The `base_url` of a model served by the simulator embedded in the run.
    public static let embeddedSimulator = "http://embedded.simulator.invalid/v1"

    /// Whether the run must start its own simulator for this model.
    public var usesEmbeddedSimulator: Bool { baseURL == Self.embeddedSimulator }
}
