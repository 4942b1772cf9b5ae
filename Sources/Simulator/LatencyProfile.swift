import LLMBenchCore
import Foundation

/// How one simulated model answers: its time to first token, its pace between chunks, how many
/// tokens each chunk carries, how long its answers run and how much its answers are degraded.
///
/// All durations are integer nanoseconds before `SimulatorConfig.timeScale` is applied (the server
/// multiplies every delay, the minimum TTFT included, by the scale).
public struct LatencyProfile: Sendable, Equatable {
    /// The model id clients send (`gpt-4o-mini`); dated snapshots such as `gpt-4o-mini-2024-07-18`
    /// resolve to the profile whose name (or alias) is the longest prefix followed by `-`.
    public var name: String
    /// Other ids that resolve to this profile (e.g. `claude-3-5-haiku` for `claude-3.5-haiku`).
    public var aliases: [String]
    /// Median time to first token, ns. TTFT = max(minTTFTNs, lognormal(median, sigma) + prompt tokens × prefillNsPerToken).
    public var ttftMedianNs: Int64
    /// Lognormal shape of TTFT (0 = constant).
    public var ttftSigma: Double
    /// The floor of TTFT, ns: no first token arrives earlier than this after the request.
    public var minTTFTNs: Int64
    /// Prompt processing time per input token, ns, added to TTFT.
    public var prefillNsPerToken: Int64
    /// Median delay per output token between chunks, ns. A chunk of k tokens waits k × lognormal(median, sigma).
    public var interTokenMedianNs: Int64
    /// Lognormal shape of the inter-token delay.
    public var interTokenSigma: Double
    /// Tokens carried by each streamed chunk (OpenAI sends about one; Anthropic and Gemini more).
    public var tokensPerChunk: Int
    /// Median output length in tokens for prompts that match no task template.
    public var freeTextTokensMedian: Int
    /// Leading sentences a summary takes (1-3).
    public var summarySentences: Int
    /// Fraction of output words dropped, seeded, in [0, 1): the quality degradation level
    /// (0 = the heuristic's answer verbatim).
    public var wordDropRate: Double
    /// How the model reasons; nil for a model that does not.
    public var reasoning: ReasoningProfile?
    /// The shortest prompt (tokens) the model caches: Anthropic's minimum cacheable prompt behind a
    /// breakpoint, or the threshold of OpenAI's and Gemini's automatic caching. Nil: no automatic
    /// caching (an Anthropic breakpoint then needs 1,024 tokens).
    public var promptCacheMinTokens: Int?

    public init(name: String, aliases: [String] = [], ttftMedianNs: Int64, ttftSigma: Double = 0.25,
                minTTFTNs: Int64, prefillNsPerToken: Int64 = 0, interTokenMedianNs: Int64,
                interTokenSigma: Double = 0.2, tokensPerChunk: Int = 1, freeTextTokensMedian: Int = 64,
                summarySentences: Int = 2, wordDropRate: Double = 0, reasoning: ReasoningProfile? = nil,
                promptCacheMinTokens: Int? = nil) {
        self.reasoning = reasoning; self.promptCacheMinTokens = promptCacheMinTokens.map { max(0, $0) }
        self.name = name; self.aliases = aliases; self.ttftMedianNs = ttftMedianNs; self.ttftSigma = ttftSigma
        self.minTTFTNs = minTTFTNs; self.prefillNsPerToken = prefillNsPerToken
        self.interTokenMedianNs = interTokenMedianNs; self.interTokenSigma = interTokenSigma
        self.tokensPerChunk = max(1, tokensPerChunk); self.freeTextTokensMedian = max(1, freeTextTokensMedian)
        self.summarySentences = min(3, max(1, summarySentences)); self.wordDropRate = min(0.95, max(0, wordDropRate))
    }

    /// Draws the time to first token in ns (unscaled): lognormal(ttftMedianNs, ttftSigma) plus
    /// prefill, never below `minTTFTNs`.
    func sampleTTFT(promptTokens: Int, rng: inout SplitMix64) -> Int64 {
        let base = rng.nextLogNormal(median: Double(ttftMedianNs), sigma: ttftSigma)
        let total = Int64(base.rounded()) + Int64(promptTokens) * prefillNsPerToken
        return max(minTTFTNs, total)
    }

    /// Draws the delay before a chunk of `tokens` tokens, ns (unscaled): tokens × lognormal(median, sigma).
    func sampleChunkGap(tokens: Int, rng: inout SplitMix64) -> Int64 {
        let perToken = rng.nextLogNormal(median: Double(interTokenMedianNs), sigma: interTokenSigma)
        return Int64((perToken * Double(tokens)).rounded())
    }
}

extension LatencyProfile {
    private static let ms: Int64 = 1_000_000

    /// The built-in simulated models. Speeds are plausible relative figures for public measurements
    /// (TTFT of a few hundred ms; OpenAI about 60-110 tokens/s, Claude Haiku and the Gemini Flash
    /// models faster; reasoning models thinking for seconds), not measurements of the real services.
    /// `instant` has no delay at all. Reasoning and caching: `currentGeneration`.
    public static let builtIn: [LatencyProfile] = [
        LatencyProfile(name: "gpt-4o-mini", ttftMedianNs: 380 * ms, ttftSigma: 0.30, minTTFTNs: 120 * ms,
                       prefillNsPerToken: 40_000, interTokenMedianNs: 12 * ms, tokensPerChunk: 1,
                       freeTextTokensMedian: 90, summarySentences: 2, wordDropRate: 0.06, promptCacheMinTokens: 1_024),
        LatencyProfile(name: "gpt-4o", ttftMedianNs: 480 * ms, ttftSigma: 0.30, minTTFTNs: 150 * ms,
                       prefillNsPerToken: 60_000, interTokenMedianNs: 14 * ms, tokensPerChunk: 1,
                       freeTextTokensMedian: 110, summarySentences: 2, wordDropRate: 0.02, promptCacheMinTokens: 1_024),
        LatencyProfile(name: "gpt-3.5-turbo", ttftMedianNs: 300 * ms, ttftSigma: 0.25, minTTFTNs: 100 * ms,
                       prefillNsPerToken: 30_000, interTokenMedianNs: 10 * ms, tokensPerChunk: 1,
                       freeTextTokensMedian: 70, summarySentences: 1, wordDropRate: 0.14),
        LatencyProfile(name: "claude-3-haiku", ttftMedianNs: 520 * ms, ttftSigma: 0.25, minTTFTNs: 180 * ms,
                       prefillNsPerToken: 30_000, interTokenMedianNs: 8 * ms, tokensPerChunk: 3,
                       freeTextTokensMedian: 80, summarySentences: 1, wordDropRate: 0.10, promptCacheMinTokens: 2_048),
        LatencyProfile(name: "claude-3.5-haiku", aliases: ["claude-3-5-haiku"], ttftMedianNs: 700 * ms,
                       ttftSigma: 0.30, minTTFTNs: 220 * ms, prefillNsPerToken: 40_000,
                       interTokenMedianNs: 15 * ms, tokensPerChunk: 3, freeTextTokensMedian: 100,
                       summarySentences: 2, wordDropRate: 0.05, promptCacheMinTokens: 2_048),
        LatencyProfile(name: "gemini-1.5-flash", ttftMedianNs: 420 * ms, ttftSigma: 0.30, minTTFTNs: 140 * ms,
                       prefillNsPerToken: 20_000, interTokenMedianNs: 6 * ms, tokensPerChunk: 12,
                       freeTextTokensMedian: 90, summarySentences: 3, wordDropRate: 0.09),
        LatencyProfile(name: "gemini-2.0-flash", ttftMedianNs: 340 * ms, ttftSigma: 0.25, minTTFTNs: 110 * ms,
                       prefillNsPerToken: 15_000, interTokenMedianNs: 5 * ms, tokensPerChunk: 12,
                       freeTextTokensMedian: 100, summarySentences: 2, wordDropRate: 0.04),
        LatencyProfile(name: "instant", ttftMedianNs: 0, ttftSigma: 0, minTTFTNs: 0, prefillNsPerToken: 0,
                       interTokenMedianNs: 0, interTokenSigma: 0, tokensPerChunk: 1, freeTextTokensMedian: 32,
                       summarySentences: 2, wordDropRate: 0, promptCacheMinTokens: 1_024),
    ] + currentGeneration

    /// Today's reasoning models, one or more per wire format. Hidden reasoning (OpenAI: a delay and a
    /// count), streamed reasoning (Anthropic thinking, Gemini thoughts, vLLM `reasoning_content`), and
    /// each provider's minimum cacheable prompt (OpenAI 1,024 tokens; Anthropic 1,024 for Sonnet, 4,096
    /// for Haiku 4.5 and Opus 4.5; Gemini implicit caching 1,024 for Flash, 4,096 for Pro). Thinking
    /// paces and token counts are plausible figures, not measurements.
    public static let currentGeneration: [LatencyProfile] = [
        LatencyProfile(name: "gpt-5", ttftMedianNs: 600 * ms, ttftSigma: 0.30, minTTFTNs: 200 * ms,
                       prefillNsPerToken: 50_000, interTokenMedianNs: 12 * ms, tokensPerChunk: 1,
                       freeTextTokensMedian: 120, summarySentences: 2, wordDropRate: 0.01,
                       reasoning: ReasoningProfile(lowTokens: 320, mediumTokens: 1_280, highTokens: 4_800, nsPerToken: 9 * ms,
                                                   defaultEffort: .medium, streamed: false, strictParameters: true),
                       promptCacheMinTokens: 1_024),
        LatencyProfile(name: "gpt-5-mini", ttftMedianNs: 450 * ms, ttftSigma: 0.30, minTTFTNs: 150 * ms,
                       prefillNsPerToken: 30_000, interTokenMedianNs: 7 * ms, tokensPerChunk: 1,
                       freeTextTokensMedian: 100, summarySentences: 2, wordDropRate: 0.03,
                       reasoning: ReasoningProfile(lowTokens: 192, mediumTokens: 768, highTokens: 3_072, nsPerToken: 5 * ms,
                                                   defaultEffort: .medium, streamed: false, strictParameters: true),
                       promptCacheMinTokens: 1_024),
        LatencyProfile(name: "o4-mini", ttftMedianNs: 500 * ms, ttftSigma: 0.30, minTTFTNs: 150 * ms,
                       prefillNsPerToken: 30_000, interTokenMedianNs: 8 * ms, tokensPerChunk: 1,
                       freeTextTokensMedian: 100, summarySentences: 2, wordDropRate: 0.03,
                       reasoning: ReasoningProfile(lowTokens: 256, mediumTokens: 1_024, highTokens: 4_096, nsPerToken: 6 * ms,
                                                   defaultEffort: .medium, streamed: false, strictParameters: true),
                       promptCacheMinTokens: 1_024),
        LatencyProfile(name: "claude-sonnet-4-5", aliases: ["claude-sonnet-4-6"], ttftMedianNs: 900 * ms, ttftSigma: 0.30, minTTFTNs: 300 * ms,
                       prefillNsPerToken: 40_000, interTokenMedianNs: 14 * ms, tokensPerChunk: 3,
                       freeTextTokensMedian: 110, summarySentences: 2, wordDropRate: 0.01,
                       reasoning: ReasoningProfile(lowTokens: 512, mediumTokens: 2_048, highTokens: 8_192, nsPerToken: 12 * ms,
                                                   defaultEffort: nil, streamed: true),
                       promptCacheMinTokens: 1_024),
        LatencyProfile(name: "claude-haiku-4-5", ttftMedianNs: 500 * ms, ttftSigma: 0.30, minTTFTNs: 150 * ms,
                       prefillNsPerToken: 20_000, interTokenMedianNs: 7 * ms, tokensPerChunk: 3,
                       freeTextTokensMedian: 90, summarySentences: 2, wordDropRate: 0.04,
                       reasoning: ReasoningProfile(lowTokens: 384, mediumTokens: 1_536, highTokens: 6_144, nsPerToken: 6 * ms,
                                                   defaultEffort: nil, streamed: true),
                       promptCacheMinTokens: 4_096),
        LatencyProfile(name: "gemini-2.5-flash", ttftMedianNs: 450 * ms, ttftSigma: 0.30, minTTFTNs: 150 * ms,
                       prefillNsPerToken: 15_000, interTokenMedianNs: 4 * ms, tokensPerChunk: 12,
                       freeTextTokensMedian: 100, summarySentences: 2, wordDropRate: 0.03,
                       reasoning: ReasoningProfile(lowTokens: 256, mediumTokens: 1_024, highTokens: 4_096, nsPerToken: 4 * ms,
                                                   defaultEffort: .medium, streamed: true),
                       promptCacheMinTokens: 1_024),
        LatencyProfile(name: "gemini-2.5-pro", ttftMedianNs: 1_100 * ms, ttftSigma: 0.30, minTTFTNs: 300 * ms,
                       prefillNsPerToken: 30_000, interTokenMedianNs: 7 * ms, tokensPerChunk: 12,
                       freeTextTokensMedian: 120, summarySentences: 2, wordDropRate: 0.01,
                       reasoning: ReasoningProfile(lowTokens: 512, mediumTokens: 2_048, highTokens: 8_192, nsPerToken: 6 * ms,
                                                   defaultEffort: .medium, streamed: true),
                       promptCacheMinTokens: 4_096),
        LatencyProfile(name: "gemini-3-pro-preview", aliases: ["gemini-3-pro"], ttftMedianNs: 1_200 * ms, ttftSigma: 0.30,
                       minTTFTNs: 300 * ms, prefillNsPerToken: 30_000, interTokenMedianNs: 7 * ms, tokensPerChunk: 12,
                       freeTextTokensMedian: 120, summarySentences: 2, wordDropRate: 0.01,
                       reasoning: ReasoningProfile(lowTokens: 512, mediumTokens: 2_048, highTokens: 8_192, nsPerToken: 6 * ms,
                                                   defaultEffort: .high, streamed: true),
                       promptCacheMinTokens: 4_096),
        LatencyProfile(name: "qwen3-32b", aliases: ["Qwen/Qwen3-32B"], ttftMedianNs: 250 * ms, ttftSigma: 0.25,
                       minTTFTNs: 80 * ms, prefillNsPerToken: 60_000, interTokenMedianNs: 22 * ms, tokensPerChunk: 1,
                       freeTextTokensMedian: 100, summarySentences: 2, wordDropRate: 0.05,
                       reasoning: ReasoningProfile(lowTokens: 192, mediumTokens: 640, highTokens: 2_048, nsPerToken: 12 * ms,
                                                   defaultEffort: .medium, streamed: true)),
    ]
}

/// Resolves a model id sent by a client to a profile: an exact name or alias first, else the
/// longest name or alias `p` such that the id starts with `p + "-"` (dated snapshots, `-latest`).
struct ProfileTable: Sendable {
    private let exact: [String: LatencyProfile]
    private let prefixes: [(String, LatencyProfile)]

    init(_ profiles: [LatencyProfile]) {
        var exact: [String: LatencyProfile] = [:]
        var prefixes: [(String, LatencyProfile)] = []
        for p in profiles {
            for n in [p.name] + p.aliases where exact[n] == nil {
                exact[n] = p
                prefixes.append((n + "-", p))
            }
        }
        self.exact = exact
        self.prefixes = prefixes.sorted { $0.0.count > $1.0.count }
    }

    func resolve(_ model: String) -> LatencyProfile? {
        if let p = exact[model] { return p }
        for (prefix, p) in prefixes where model.hasPrefix(prefix) { return p }
        return nil
    }

    var names: [String] { exact.keys.sorted() }
}
