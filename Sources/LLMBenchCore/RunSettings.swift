import Foundation

/// What a run stores about how it was run (no secrets): one typed, versioned value, written by
/// `llmbench run` into `runs.settings_json` and read back by every report.
///
/// Version 1 is the untyped object earlier llmbench wrote (no `version` field); version 2 is this
/// type. Both decode: every field is optional on read, unknown fields are ignored, so an old run
/// still renders (package-benchmark keeps its results `Codable` for the same reason).
public struct RunSettings: Codable, Sendable, Equatable {
    /// The version this code writes.
    public static let currentVersion = 2

    /// 1 when the stored JSON had no version (settings written before this type existed).
    public var version: Int
    public var models: [ModelSettings]
    public var requestsPerDataset: Int?
    public var warmup: Int?
    /// `concurrent` (closed loop), `constant` or `poisson` (open loop).
    public var profile: String?
    public var concurrency: Int?
    public var burst: Double?
    public var durationNs: Int64?
    public var retries: Int?
    public var seed: UInt64?
    public var shuffle: Bool?
    public var config: String?
    /// Requests per second per model of an open-loop profile.
    public var ratePerS: Double?
    public var rpm: Double?
    public var tpm: Double?
    /// The synthetic workload spec, when the run used one (then `datasets` is nil).
    public var synthetic: String?
    public var datasets: [String]?
    /// `--fields` as given (task field → column pairs applied to every dataset file of the run).
    public var fields: String?
    /// `--template` as given: the path of the prompt template every dataset file of the run used.
    public var template: String?
    public var simulatorTimeScale: Double?
    public var simulatorFaults: String?
    public var maxCostUSD: Double?
    public var prices: String?
    public var failOn: String?
    /// The `--slo` objectives as given, e.g. `ttft_ms=500,e2e_ms=2000`.
    public var slo: String?
    public var timeouts: Timeouts?
    /// `--max-response-text`: the stored answer text limit in bytes, when not the default (1 MiB).
    public var maxResponseTextBytes: Int?
    /// `--stop-after-failures N` when given (0: off); absent: the default (10, simulated models spared).
    public var stopAfterFailures: Int?
    /// `--replay-assistant`: a conversation's later turns carried the recorded answers, not the model's.
    public var replayAssistant: Bool?
    /// `--think-time`: pause between a conversation's turns, ns (when given).
    public var thinkTimeNs: Int64?

    public struct Timeouts: Codable, Sendable, Equatable {
        public var connectNs: Int64?
        public var firstByteNs: Int64?
        public var idleNs: Int64?
        public var totalNs: Int64?
        public init(connectNs: Int64? = nil, firstByteNs: Int64? = nil, idleNs: Int64? = nil, totalNs: Int64? = nil) {
            self.connectNs = connectNs; self.firstByteNs = firstByteNs; self.idleNs = idleNs; self.totalNs = totalNs
        }
        public var isEmpty: Bool { connectNs == nil && firstByteNs == nil && idleNs == nil && totalNs == nil }
        enum CodingKeys: String, CodingKey {
            case connectNs = "connect_ns", firstByteNs = "first_byte_ns", idleNs = "idle_ns", totalNs = "total_ns"
        }
    }

    /// One model as stored: everything of its `ModelSpec` but header values (which may be secrets).
    public struct ModelSettings: Codable, Sendable, Equatable {
        public var name: String
        public var kind: String?
        public var baseURL: String?
        /// The provider's model id.
        public var model: String?
        public var stream: Bool?
        public var apiKeyEnv: String?
        public var headers: [Header]?
        public var temperature: Double?
        public var maxOutputTokens: Int?
        public var maxTokensParam: String?
        public var promptCaching: Bool?
        public var cacheTTL: String?
        public var cachePlacement: String?
        public var reasoningEffort: String?
        public var reasoningBudgetTokens: Int?
        public var thinkingLevel: String?
        public var includeThoughts: Bool?
        /// `reasoning_summary` (OpenAI Responses).
        public var reasoningSummary: String?
        public var limits: Limits?
        /// The price key (`price` in the config), when it differs from the model id.
        public var price: String?
        /// `count_tokens` and `router` of the config, when given.
        public var countTokens: String?
        public var router: Bool?

        /// Per-model limits as stored (`limits` of the config).
        public struct Limits: Codable, Sendable, Equatable {
            public var maxConcurrency: Int?
            public var requestsPerMinute: Double?
            public var tokensPerMinute: Double?
            public init(_ l: ModelLimits) {
                maxConcurrency = l.maxConcurrency; requestsPerMinute = l.requestsPerMinute; tokensPerMinute = l.tokensPerMinute
            }
            public var modelLimits: ModelLimits {
                ModelLimits(maxConcurrency: maxConcurrency, requestsPerMinute: requestsPerMinute, tokensPerMinute: tokensPerMinute)
            }
            enum CodingKeys: String, CodingKey {
                case maxConcurrency = "max_concurrency", requestsPerMinute = "requests_per_minute"
                case tokensPerMinute = "tokens_per_minute"
            }
        }

        public struct Header: Codable, Sendable, Equatable {
            public var name: String
            public var env: String?
            public var value: String?
        }

        public init(name: String, kind: String? = nil, baseURL: String? = nil, model: String? = nil, stream: Bool? = nil,
                    apiKeyEnv: String? = nil, headers: [Header]? = nil, temperature: Double? = nil,
                    maxOutputTokens: Int? = nil, maxTokensParam: String? = nil, promptCaching: Bool? = nil,
                    limits: Limits? = nil, price: String? = nil) {
            self.name = name; self.kind = kind; self.baseURL = baseURL; self.model = model; self.stream = stream
            self.apiKeyEnv = apiKeyEnv; self.headers = headers; self.temperature = temperature
            self.maxOutputTokens = maxOutputTokens; self.maxTokensParam = maxTokensParam
            self.promptCaching = promptCaching; self.limits = limits; self.price = price
        }

        /// The model as a run stores it: header values are replaced by their env name or a placeholder.
        public init(_ m: ModelSpec) {
            self.init(name: m.name, kind: m.kind.rawValue, baseURL: m.baseURL, model: m.modelId, stream: m.stream,
                      apiKeyEnv: m.apiKeyEnv,
                      headers: m.headers.isEmpty ? nil : m.headers.map { h in
                          Header(name: h.name, env: h.valueEnv, value: h.valueEnv == nil ? "(literal, not stored)" : nil)
                      },
                      temperature: m.temperature, maxOutputTokens: m.maxOutputTokens,
                      maxTokensParam: m.useMaxCompletionTokens ? "max_completion_tokens" : nil,
                      promptCaching: m.promptCaching ? true : nil,
                      limits: m.limits == ModelLimits() ? nil : Limits(m.limits), price: m.priceKey)
            cacheTTL = m.cacheTTL?.rawValue; cachePlacement = m.cachePlacement?.rawValue
            reasoningEffort = m.reasoning.effort?.rawValue; reasoningBudgetTokens = m.reasoning.budgetTokens
            thinkingLevel = m.reasoning.thinkingLevel?.rawValue; includeThoughts = m.reasoning.includeThoughts
            reasoningSummary = m.reasoningSummary?.rawValue
            countTokens = m.countTokens?.rawValue; router = m.router ? true : nil
        }

        /// The key this model is priced by: its `price`, else its provider model id, else its name.
        public var priceKey: String { price ?? model ?? name }

        enum CodingKeys: String, CodingKey {
            case name, kind, model, stream, headers, temperature, limits, price
            case baseURL = "base_url", apiKeyEnv = "api_key_env", maxOutputTokens = "max_output_tokens"
            case maxTokensParam = "max_tokens_param", promptCaching = "prompt_caching"
            case cacheTTL = "cache_ttl", cachePlacement = "cache_placement", reasoningEffort = "reasoning_effort"
            case reasoningBudgetTokens = "reasoning_budget_tokens", thinkingLevel = "thinking_level"
            case includeThoughts = "include_thoughts", reasoningSummary = "reasoning_summary"
            case countTokens = "count_tokens", router
        }
    }

    public init(version: Int = RunSettings.currentVersion, models: [ModelSettings] = []) {
        self.version = version; self.models = models
    }

    /// Whether the profile sends on a schedule (constant, poisson) rather than as streams free up.
    public var isOpenLoop: Bool { profile == "constant" || profile == "poisson" }

    /// The model named `name`.
    public func model(named name: String) -> ModelSettings? { models.first { $0.name == name } }

    enum CodingKeys: String, CodingKey {
        case version, models, warmup, profile, concurrency, burst, retries, seed, shuffle, config, rpm, tpm, synthetic
        case datasets, prices, slo, timeouts, fields, template
        case requestsPerDataset = "requests_per_dataset", durationNs = "duration_ns", ratePerS = "rate_per_s"
        case simulatorTimeScale = "simulator_time_scale", simulatorFaults = "simulator_faults"
        case maxCostUSD = "max_cost_usd", failOn = "fail_on"
        case maxResponseTextBytes = "max_response_text_bytes"
        case stopAfterFailures = "stop_after_failures"
        case replayAssistant = "replay_assistant", thinkTimeNs = "think_time_ns"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        models = try c.decodeIfPresent([ModelSettings].self, forKey: .models) ?? []
        requestsPerDataset = try c.decodeIfPresent(Int.self, forKey: .requestsPerDataset)
        warmup = try c.decodeIfPresent(Int.self, forKey: .warmup)
        profile = try c.decodeIfPresent(String.self, forKey: .profile)
        concurrency = try c.decodeIfPresent(Int.self, forKey: .concurrency)
        burst = try c.decodeIfPresent(Double.self, forKey: .burst)
        durationNs = try c.decodeIfPresent(Int64.self, forKey: .durationNs)
        retries = try c.decodeIfPresent(Int.self, forKey: .retries)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed)
        shuffle = try c.decodeIfPresent(Bool.self, forKey: .shuffle)
        config = try c.decodeIfPresent(String.self, forKey: .config)
        ratePerS = try c.decodeIfPresent(Double.self, forKey: .ratePerS)
        rpm = try c.decodeIfPresent(Double.self, forKey: .rpm)
        tpm = try c.decodeIfPresent(Double.self, forKey: .tpm)
        synthetic = try c.decodeIfPresent(String.self, forKey: .synthetic)
        datasets = try c.decodeIfPresent([String].self, forKey: .datasets)
        fields = try c.decodeIfPresent(String.self, forKey: .fields)
        template = try c.decodeIfPresent(String.self, forKey: .template)
        simulatorTimeScale = try c.decodeIfPresent(Double.self, forKey: .simulatorTimeScale)
        simulatorFaults = try c.decodeIfPresent(String.self, forKey: .simulatorFaults)
        maxCostUSD = try c.decodeIfPresent(Double.self, forKey: .maxCostUSD)
        prices = try c.decodeIfPresent(String.self, forKey: .prices)
        failOn = try c.decodeIfPresent(String.self, forKey: .failOn)
        slo = try c.decodeIfPresent(String.self, forKey: .slo)
        timeouts = try c.decodeIfPresent(Timeouts.self, forKey: .timeouts)
        maxResponseTextBytes = try c.decodeIfPresent(Int.self, forKey: .maxResponseTextBytes)
        stopAfterFailures = try c.decodeIfPresent(Int.self, forKey: .stopAfterFailures)
        replayAssistant = try c.decodeIfPresent(Bool.self, forKey: .replayAssistant)
        thinkTimeNs = try c.decodeIfPresent(Int64.self, forKey: .thinkTimeNs)
    }

    /// Decodes stored settings JSON (either version); `nil` when it is not a settings object.
    public static func decode(_ json: String) -> RunSettings? {
        try? JSONDecoder().decode(RunSettings.self, from: Data(json.utf8))
    }

    /// Stored settings, or empty settings (version 1, no models) when the JSON cannot be read: a
    /// report of an odd old run still renders, without the figures that need its settings.
    public static func decodeOrEmpty(_ json: String) -> RunSettings { decode(json) ?? RunSettings(version: 1) }

    /// JSON text with sorted keys and no escaped slashes (stable for storage and diffs).
    public var jsonText: String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? e.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
