/// The wire format a model is spoken to in.
public enum ProviderKind: String, Sendable, Codable, CaseIterable {
    /// OpenAI chat completions, or any compatible server (vLLM, routers).
    case openai
    /// The OpenAI Responses API (`POST {base_url}/responses`).
    case openaiResponses = "openai-responses"
    /// Anthropic Messages.
    case anthropic
    /// Google Gemini generateContent.
    case gemini
    /// The built-in simulator, spoken to in the OpenAI format.
    case simulated
}

/// A header sent with every request: a literal value, or the name of an environment variable
/// read at request time (for keys in custom headers; the value is never stored).
public struct HeaderSpec: Sendable, Equatable, Codable {
    public var name: String
    public var value: String?
    public var valueEnv: String?
    public init(name: String, value: String? = nil, valueEnv: String? = nil) {
        self.name = name; self.value = value; self.valueEnv = valueEnv
    }
}

/// Per-model limits that feed the token buckets. `nil` means no limit.
public struct ModelLimits: Sendable, Equatable, Codable {
    public var maxConcurrency: Int?
    public var requestsPerMinute: Double?
    public var tokensPerMinute: Double?
    public init(maxConcurrency: Int? = nil, requestsPerMinute: Double? = nil, tokensPerMinute: Double? = nil) {
        self.maxConcurrency = maxConcurrency; self.requestsPerMinute = requestsPerMinute; self.tokensPerMinute = tokensPerMinute
    }

    /// The largest `max_concurrency` accepted: 4,096 streams (as `--concurrency`).
    public static let maxConcurrencyLimit = 4_096
    /// The largest requests or tokens per minute accepted: 10¹² (a rate no provider grants).
    public static let maxPerMinute = 1e12
}

/// One model to benchmark, as the config (or the built-in default) describes it. Holds no secret:
/// `apiKeyEnv` names the environment variable that holds the key.
public struct ModelSpec: Sendable, Equatable, Codable {
    /// Name used in reports (unique within a run).
    public var name: String
    public var kind: ProviderKind
    /// e.g. `https://api.openai.com/v1`, `http://127.0.0.1:8089/v1`.
    public var baseURL: String
    /// The provider's model id sent on the wire.
    public var modelId: String
    public var apiKeyEnv: String?
    public var headers: [HeaderSpec]
    public var temperature: Double?
    /// Upper bound on output tokens; the task's maximum applies when nil or larger.
    public var maxOutputTokens: Int?
    public var stream: Bool
    /// Send `max_completion_tokens` instead of `max_tokens` (newer OpenAI models).
    public var useMaxCompletionTokens: Bool
    /// Anthropic: mark the prompt with `cache_control` (where: `cachePlacement`; lifetime: `cacheTTL`).
    public var promptCaching: Bool
    /// Anthropic cache lifetime; nil sends no `ttl` (the API's 5 minutes).
    public var cacheTTL: CacheTTL?
    /// Where the cache breakpoint goes; nil means after the system prompt.
    public var cachePlacement: CachePlacement?
    /// Reasoning asked of the model (`reasoning_effort`, `reasoning_budget_tokens`, `thinking_level`,
    /// `include_thoughts`); empty for a model not asked to reason.
    public var reasoning: ReasoningSettings
    public var limits: ModelLimits
    /// Key into the price catalog (defaults to `modelId`).
    public var priceKey: String?
    /// OpenAI Responses: the reasoning summary asked for (`reasoning.summary`); nil asks for none,
    /// and then the API streams no reasoning text at all.
    public var reasoningSummary: ReasoningSummary?
    /// How to count tokens when the server streams no usage (`count_tokens`); nil counts them as
    /// `estimated` (the model's own tokenizer, o200k_base as the stated proxy).
    public var countTokens: CountTokens?
    /// The model is reached through a router (`router`, e.g. a LiteLLM proxy): its usage is labelled
    /// `router` (it may be the router's own estimate). Responses with `x-litellm-*` headers are too.
    public var router: Bool = false

    public init(name: String, kind: ProviderKind, baseURL: String, modelId: String, apiKeyEnv: String? = nil,
                headers: [HeaderSpec] = [], temperature: Double? = nil, maxOutputTokens: Int? = nil,
                stream: Bool = true, useMaxCompletionTokens: Bool = false, promptCaching: Bool = false,
                cacheTTL: CacheTTL? = nil, cachePlacement: CachePlacement? = nil,
                reasoning: ReasoningSettings = ReasoningSettings(),
                limits: ModelLimits = ModelLimits(), priceKey: String? = nil,
                reasoningSummary: ReasoningSummary? = nil, countTokens: CountTokens? = nil, router: Bool = false) {
        self.countTokens = countTokens; self.router = router
        self.name = name; self.kind = kind; self.baseURL = baseURL; self.modelId = modelId
        self.apiKeyEnv = apiKeyEnv; self.headers = headers; self.temperature = temperature
        self.maxOutputTokens = maxOutputTokens; self.stream = stream
        self.useMaxCompletionTokens = useMaxCompletionTokens; self.promptCaching = promptCaching
        self.cacheTTL = cacheTTL; self.cachePlacement = cachePlacement; self.reasoning = reasoning
        self.limits = limits; self.priceKey = priceKey; self.reasoningSummary = reasoningSummary
    }
}

/// How llmbench counts a response's tokens when the server sends no usage (config `count_tokens`).
public enum CountTokens: String, Sendable, Codable, CaseIterable {
    /// One output token per streamed event that carried text (servers that stream one token per
    /// event, such as llama-cpp-python's): exact there, stored as `tokens_source = chunks`.
    case chunks
    /// Input and output counted in o200k_base, the stated proxy: `tokens_source = o200k`.
    case o200k
}

/// The OpenAI Responses API's `reasoning.summary` values (openai-python `types/shared/reasoning.py`).
public enum ReasoningSummary: String, Sendable, Codable, CaseIterable {
    case auto, concise, detailed
}
