import LLMBenchCore

/// What `--synthetic` asks for: prompt and output lengths in tokens, with optional spreads. Prompt
/// lengths are o200k_base tokens (`llmbench run` counts them with the tokenizer, `SyntheticWorkload`).
///
/// Written `input=512,output=128[,input_stddev=64][,output_stddev=16][,shared_prefix=N]`; `input` and
/// `output` are required whole numbers ≥ 1, the spreads are numbers ≥ 0 (standard deviations in tokens
/// of a normal distribution around the mean, 0 = every request the same). `shared_prefix` (tokens,
/// below `input`) starts every user message with the same text, so prompt caches hit on a real API.
public struct SyntheticSpec: Sendable, Equatable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var inputStddev: Double
    public var outputStddev: Double
    /// Tokens at the start of every user message that are the same in every request (0: none).
    public var sharedPrefixTokens: Int

    public init(inputTokens: Int, outputTokens: Int, inputStddev: Double = 0, outputStddev: Double = 0,
                sharedPrefixTokens: Int = 0) {
        self.inputTokens = inputTokens; self.outputTokens = outputTokens
        self.inputStddev = inputStddev; self.outputStddev = outputStddev
        self.sharedPrefixTokens = max(0, sharedPrefixTokens)
    }

    public static let validKeys = ["input", "output", "input_stddev", "output_stddev", "shared_prefix"]
    /// Largest accepted mean length, in tokens.
    public static let maxTokens = 1_000_000

    /// Parses a spec; a bad one is a usage error (exit 64) that lists the valid keys.
    public static func parse(_ text: String) throws -> SyntheticSpec {
        let help = "expected input=N,output=N with optional input_stddev=X,output_stddev=X,shared_prefix=N (valid keys: \(validKeys.joined(separator: ", ")))"
        func fail(_ what: String) -> LLMBenchError { .usage("--synthetic \"\(text)\": \(what); \(help)") }
        var values: [String: String] = [:]
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = pair[0].trimmingSpaces()
            guard pair.count == 2 else { throw fail("\"\(part)\" is not key=value") }
            guard validKeys.contains(key) else { throw fail("unknown key \"\(key)\"") }
            guard values[key] == nil else { throw fail("key \"\(key)\" is given twice") }
            values[key] = pair[1].trimmingSpaces()
        }
        func count(_ key: String) throws -> Int {
            guard let raw = values[key] else { throw fail("\"\(key)\" is missing") }
            guard let value = Int(raw), value >= 1, value <= maxTokens else {
                throw fail("\"\(key)\" must be a whole number of tokens from 1 to \(maxTokens) (got \"\(raw)\")")
            }
            return value
        }
        func spread(_ key: String) throws -> Double {
            guard let raw = values[key] else { return 0 }
            guard let value = Double(raw), value.isFinite, value >= 0 else {
                throw fail("\"\(key)\" must be a number ≥ 0 (got \"\(raw)\")")
            }
            return value
        }
        let input = try count("input")
        var shared = 0
        if let raw = values["shared_prefix"] {
            guard let value = Int(raw), value >= 0, value < input else {
                throw fail("\"shared_prefix\" must be a whole number of tokens from 0 to input − 1 = \(input - 1) (got \"\(raw)\")")
            }
            shared = value
        }
        return SyntheticSpec(inputTokens: input, outputTokens: try count("output"),
                             inputStddev: try spread("input_stddev"), outputStddev: try spread("output_stddev"),
                             sharedPrefixTokens: shared)
    }
}

/// Generates requests whose text does not matter (`--synthetic`), seeded and deterministic.
///
/// Each request draws its lengths from `N(mean, stddev)` (rounded, at least 1 token; at most
/// `SyntheticSpec.maxTokens`). The user message is whole words picked by the seeded generator, as many
/// as make `count(system) + count(user)` equal the drawn input length, where `count` is the tokenizer
/// the caller passes (`llmbench run`: o200k_base, as AIPerf and GuideLLM build exact lengths with a
/// tokenizer), whenever that length exceeds the short system message's own count; the user message is
/// never shorter than one token. Every word is three ASCII letters that o200k_base (and cl100k_base)
/// encodes as one token with or without its leading space, so a prompt of N words is N tokens and
/// 4N − 1 bytes: the ⌈bytes ÷ 4⌉ estimate (the simulator's count) agrees with it. Whatever the counter,
/// the built text is counted again and a mismatch is an error, never a prompt of the wrong length.
/// `maxOutputTokens` is the drawn output length. With `shared_prefix=S` the user message starts with
/// the same S tokens (words drawn once from the seed) in every request, followed by at least one token
/// of its own; `sharedPrefixBytes` marks the boundary.
public enum SyntheticWorkload {
    public static let datasetName = "synthetic"
    public static let system = "Continue the text."

    /// Three-letter ASCII words, each one o200k_base token with and without its leading space
    /// (checked against the tokenizer by `llmbench tokens` in SyntheticLengthEndToEndTests).
    static let words = [
        "cat", "dog", "sun", "map", "red", "box", "cup", "hat", "pen", "key",
        "sea", "sky", "owl", "bee", "oak", "fox", "jar", "kit", "log", "net",
        "pot", "tea", "toy", "van", "web", "ink", "ice", "gem", "fan", "egg",
    ]

    /// `count` requests drawn from `spec` with `seed`, lengths counted by `tokenCount` (tokens of a text);
    /// ids are `syn-00001`, `syn-00002`, …. The same requests as `Generator.item(at:)` for 0..<count.
    public static func generate(_ spec: SyntheticSpec, count: Int, seed: UInt64,
                                tokenCount: (String) -> Int) throws -> [WorkItem] {
        guard count >= 1 else { throw LLMBenchError.usage("--requests must be at least 1 (got \(count))") }
        let generator = try Generator(spec, seed: seed, tokenCount: tokenCount)
        return try (0..<count).map { try generator.item(at: $0, tokenCount: tokenCount) }
    }

    /// Request `k` of a synthetic workload, built on demand from `(seed, k)` alone, so a run holds no
    /// list of its requests: request k draws its lengths and words from `SplitMix64(seed: StableHash(seed, k))`.
    /// `tokenCount` must be the same counter for `init` and every `item(at:tokenCount:)`.
    public struct Generator: Sendable {
        public let spec: SyntheticSpec
        public let seed: UInt64
        let systemTokens: Int
        /// The shared prefix (words drawn once from the seed), "" without one.
        let prefix: String

        public init(_ spec: SyntheticSpec, seed: UInt64, tokenCount: (String) -> Int) throws {
            self.spec = spec; self.seed = seed
            systemTokens = tokenCount(SyntheticWorkload.system)
            var prefixGenerator = SplitMix64(seed: seed ^ 0x5_4A7E_D9F1)
            prefix = spec.sharedPrefixTokens > 0
                ? try filler(tokens: spec.sharedPrefixTokens, continuing: false, using: &prefixGenerator, tokenCount: tokenCount) : ""
        }

        func generator(at index: Int) -> SplitMix64 {
            var h = StableHash()
            h.combine(Int(Int64(bitPattern: seed))); h.combine(index)
            return SplitMix64(seed: h.value)
        }

        /// The prompt's length in tokens of `tokenCount` for request `index` (system + user), without building it.
        public func promptTokens(at index: Int) -> Int {
            var g = generator(at: index)
            let input = sample(mean: spec.inputTokens, stddev: spec.inputStddev, using: &g)
            return max(input, systemTokens + spec.sharedPrefixTokens + 1)
        }

        /// The 0-based index of the request with id `itemId` (`syn-00001` is 0), nil for another id.
        public static func index(ofItemId itemId: String) -> Int? {
            guard itemId.hasPrefix("syn-"), let n = Int(itemId.dropFirst(4)), n >= 1 else { return nil }
            return n - 1
        }

        public func item(at index: Int, tokenCount: (String) -> Int) throws -> WorkItem {
            var generator = generator(at: index)
            let input = sample(mean: spec.inputTokens, stddev: spec.inputStddev, using: &generator)
            let output = sample(mean: spec.outputTokens, stddev: spec.outputStddev, using: &generator)
            let own = max(1, input - systemTokens - spec.sharedPrefixTokens)
            let user = prefix + (try filler(tokens: own, continuing: !prefix.isEmpty, using: &generator, tokenCount: tokenCount))
            let want = max(input, systemTokens + spec.sharedPrefixTokens + 1)
            let got = systemTokens + tokenCount(user)
            guard got == want else {
                throw LLMBenchError(.software, "--synthetic: request \(index + 1)'s prompt counts \(got) tokens where \(want) were built (a word of the filler list is not one token)")
            }
            let id = SyntheticWorkload.itemId(index: index)
            return WorkItem(dataset: datasetName, itemId: id, task: .synthetic, system: system, user: user,
                            maxOutputTokens: output,
                            estimatedInputTokens: PromptTemplate.estimate(system: system, user: user),
                            sharedPrefixBytes: prefix.utf8.count)
        }
    }

    /// `round(mean + stddev × z)` clamped to 1…maxTokens; no draw when `stddev` is 0.
    static func sample(mean: Int, stddev: Double, using generator: inout SplitMix64) -> Int {
        guard stddev > 0 else { return mean }
        let value = (Double(mean) + stddev * generator.nextStandardNormal()).rounded()
        return Int(min(Double(SyntheticSpec.maxTokens), max(1, value)))
    }

    /// Whole words, separated by spaces, that count `tokens` tokens: each word is counted as it is
    /// appended (" word", or "word" first unless `continuing` another text), which is exact for a
    /// tokenizer that splits before each space-led word (o200k_base, cl100k_base, and the byte estimate
    /// for these 3-letter words); `generate` counts the whole prompt again.
    static func filler(tokens: Int, continuing: Bool, using generator: inout SplitMix64,
                       tokenCount: (String) -> Int) throws -> String {
        var text = ""
        text.reserveCapacity(4 * tokens + 8)
        var counted = 0
        while counted < tokens {
            let word = words[generator.nextInt(below: words.count)]
            let piece = text.isEmpty && !continuing ? word : " " + word
            let n = tokenCount(piece)
            guard n == 1 else {
                throw LLMBenchError(.software, "--synthetic: the filler word \"\(piece)\" counts \(n) tokens, not 1")
            }
            text += piece
            counted += n
        }
        return text
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
