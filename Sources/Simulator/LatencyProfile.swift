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

    public init(name: String, aliases: [String] = [], ttftMedianNs: Int64, ttftSigma: Double = 0.25,
                minTTFTNs: Int64, prefillNsPerToken: Int64 = 0, interTokenMedianNs: Int64,
                interTokenSigma: Double = 0.2, tokensPerChunk: Int = 1, freeTextTokensMedian: Int = 64,
                summarySentences: Int = 2, wordDropRate: Double = 0) {
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

    /// The built-in simulated models. Speeds are plausible relative figures for 2024-era public
    /// measurements (TTFT of a few hundred ms; OpenAI about 60-110 tokens/s, Claude 3 Haiku and the
    /// Gemini Flash models faster), not measurements of the real services. `instant` has no delay at all.
    public static let builtIn: [LatencyProfile] = [
        LatencyProfile(name: "gpt-4o-mini", ttftMedianNs: 380 * ms, ttftSigma: 0.30, minTTFTNs: 120 * ms,
                       prefillNsPerToken: 40_000, interTokenMedianNs: 12 * ms, tokensPerChunk: 1,
                       freeTextTokensMedian: 90, summarySentences: 2, wordDropRate: 0.06),
        LatencyProfile(name: "gpt-4o", ttftMedianNs: 480 * ms, ttftSigma: 0.30, minTTFTNs: 150 * ms,
                       prefillNsPerToken: 60_000, interTokenMedianNs: 14 * ms, tokensPerChunk: 1,
                       freeTextTokensMedian: 110, summarySentences: 2, wordDropRate: 0.02),
        LatencyProfile(name: "gpt-3.5-turbo", ttftMedianNs: 300 * ms, ttftSigma: 0.25, minTTFTNs: 100 * ms,
                       prefillNsPerToken: 30_000, interTokenMedianNs: 10 * ms, tokensPerChunk: 1,
                       freeTextTokensMedian: 70, summarySentences: 1, wordDropRate: 0.14),
        LatencyProfile(name: "claude-3-haiku", ttftMedianNs: 520 * ms, ttftSigma: 0.25, minTTFTNs: 180 * ms,
                       prefillNsPerToken: 30_000, interTokenMedianNs: 8 * ms, tokensPerChunk: 3,
                       freeTextTokensMedian: 80, summarySentences: 1, wordDropRate: 0.10),
        LatencyProfile(name: "claude-3.5-haiku", aliases: ["claude-3-5-haiku"], ttftMedianNs: 700 * ms,
                       ttftSigma: 0.30, minTTFTNs: 220 * ms, prefillNsPerToken: 40_000,
                       interTokenMedianNs: 15 * ms, tokensPerChunk: 3, freeTextTokensMedian: 100,
                       summarySentences: 2, wordDropRate: 0.05),
        LatencyProfile(name: "gemini-1.5-flash", ttftMedianNs: 420 * ms, ttftSigma: 0.30, minTTFTNs: 140 * ms,
                       prefillNsPerToken: 20_000, interTokenMedianNs: 6 * ms, tokensPerChunk: 12,
                       freeTextTokensMedian: 90, summarySentences: 3, wordDropRate: 0.09),
        LatencyProfile(name: "gemini-2.0-flash", ttftMedianNs: 340 * ms, ttftSigma: 0.25, minTTFTNs: 110 * ms,
                       prefillNsPerToken: 15_000, interTokenMedianNs: 5 * ms, tokensPerChunk: 12,
                       freeTextTokensMedian: 100, summarySentences: 2, wordDropRate: 0.04),
        LatencyProfile(name: "instant", ttftMedianNs: 0, ttftSigma: 0, minTTFTNs: 0, prefillNsPerToken: 0,
                       interTokenMedianNs: 0, interTokenSigma: 0, tokensPerChunk: 1, freeTextTokensMedian: 32,
                       summarySentences: 2, wordDropRate: 0),
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
