import Foundation
import LLMBenchCore

/// A chat request reduced to what the simulator uses, whatever format it came in.
struct ChatPrompt: Sendable {
    var model: String
    var system: String
    /// Every message's text, in order (user and assistant turns).
    var messages: [String]
    /// The last user message, where the task template is looked for.
    var lastUser: String
    /// The output cap the request set, tokens.
    var maxTokens: Int?
    var stream: Bool
    /// OpenAI `stream_options.include_usage`.
    var includeUsage: Bool
    /// Anthropic: the system prompt carries `cache_control`.
    var systemCacheControl: Bool
    /// The prompt's text blocks in order (system, then each message's blocks), each with the
    /// lifetime of a `cache_control` breakpoint placed on it; empty means `[system] + messages`.
    var segments: [PromptSegment] = []
    /// What the request asked the model to think (nil: nothing asked).
    var reasoning: ReasoningAsk? = nil
    /// The request's `temperature`, if any.
    var temperature: Double? = nil
    /// The request field that set `maxTokens` (`max_tokens`, `max_completion_tokens`, …).
    var maxTokensField: String? = nil

    /// `segments`, or the system prompt and messages when the format gave none.
    var allSegments: [PromptSegment] {
        if !segments.isEmpty { return segments }
        var out = system.isEmpty ? [] : [PromptSegment(text: system, breakpoint: systemCacheControl ? .fiveMinutes : nil)]
        out += messages.map { PromptSegment(text: $0) }
        return out
    }
    /// OpenAI Responses: the request's settings the response echoes (nil for other formats).
    var responses: ResponsesRequest? = nil

    /// FNV-1a over the model, system prompt, messages and output cap: the request's text identity,
    /// so the same prompt gives the same answer whether it is streamed or not.
    var contentHash: UInt64 {
        var h = FNV1a.hash(model)
        h = FNV1a.hash(system, into: FNV1a.mix(1, into: h))
        for m in messages { h = FNV1a.hash(m, into: FNV1a.mix(2, into: h)) }
        return FNV1a.mix(UInt64(bitPattern: Int64(maxTokens ?? -1)), into: h)
    }
}

/// One text block of a prompt, with the lifetime of the cache breakpoint on it (nil: none).
struct PromptSegment: Sendable, Equatable {
    var text: String
    var breakpoint: CacheTTL? = nil
}

/// What the prompt cache did for one request, tokens.
struct CacheUse: Sendable, Equatable {
    var read: Int
    var write: Int
    /// The lifetime the write was stored for.
    var ttl: CacheTTL
    init(read: Int = 0, write: Int = 0, ttl: CacheTTL = .fiveMinutes) { self.read = read; self.write = write; self.ttl = ttl }
    static let none = CacheUse()
}

/// One streamed piece of the answer (or of the reasoning), due `offsetNs` after the request (time-scaled).
struct TimedChunk: Sendable {
    var offsetNs: Int64
    var text: String
    var tokens: Int
    /// Streamed reasoning (vLLM `reasoning_content`, Anthropic `thinking_delta`, a Gemini thought part).
    var reasoning: Bool = false
}

/// The simulated answer to one request: its text split into token pieces, its usage, and when
/// each chunk is due.
struct Generation: Sendable {
    var text: String
    /// Every output token: reasoning + answer.
    var completionTokens: Int
    /// Reasoning tokens (part of `completionTokens`); 0 when the model did not think.
    var reasoningTokens: Int = 0
    /// The reasoning text streamed (empty when hidden).
    var reasoningText: String = ""
    /// The answer tokens: `completionTokens − reasoningTokens`.
    var answerTokens: Int { completionTokens - reasoningTokens }
    /// The answer was cut at the request's output cap.
    var cutByLength: Bool
    /// Sum of `TokenEstimate.tokens(in:)` over the system prompt and every message.
    var promptTokens: Int
    /// Prompt tokens read from the simulated cache (part of `promptTokens`).
    var cachedTokens: Int
    /// Prompt tokens written to the simulated cache (part of `promptTokens`).
    var cacheWriteTokens: Int
    /// The lifetime of that write (Anthropic reports 5-minute and 1-hour writes apart).
    var cacheWriteTTL: CacheTTL = .fiveMinutes
    var chunks: [TimedChunk]
    /// When the last chunk is due, ns after the request (the non-streamed response time).
    var totalNs: Int64
}

/// Produces `Generation`s: text by the task heuristics, degraded per profile, timed by the profile;
/// a reasoning model first thinks (`SimulatedReasoning`): hidden, the thinking is a delay before the
/// first answer token; streamed, it is reasoning chunks at the thinking pace. Reasoning counts inside
/// the output cap, so a cap the thinking fills leaves an empty answer cut by length (as the real APIs).
enum Generator {
    /// Output cap when a request sets none, tokens.
    static let defaultMaxTokens = 4096
    /// Share of the prefill time a cached prompt token still costs.
    static let cachedPrefillShare = 0.1

    static func generate(_ prompt: ChatPrompt, profile: LatencyProfile, seed: UInt64, timeScale: Double,
                         cache: CacheUse) -> Generation {
        var rng = SplitMix64(seed: FNV1a.mix(seed, into: FNV1a.hash(profile.name, into: prompt.contentHash)))
        let raw: String
        switch PromptTask.detect(user: prompt.lastUser) {
        case .summarization(let document):
            raw = TextHeuristics.summary(of: document, sentences: profile.summarySentences)
        case .qa(let context, let question):
            raw = TextHeuristics.answer(context: context, question: question)
        case .translation(let text):
            raw = text.trimmingCharacters(in: .whitespacesAndNewlines)
        case .freeText:
            let tokens = rng.nextLogNormal(median: Double(profile.freeTextTokensMedian), sigma: 0.3)
            let words = max(1, Int((tokens * 0.75).rounded()))
            raw = TextHeuristics.freeText(from: prompt.system + " " + prompt.messages.joined(separator: " "), words: words, rng: &rng)
        }
        let degraded = TextHeuristics.degrade(raw, rate: profile.wordDropRate, rng: &rng)
        var pieces = TokenPieces.split(degraded.isEmpty ? "." : degraded)
        let cap = max(1, prompt.maxTokens ?? defaultMaxTokens)

        // Thinking first: it takes its share of the cap before the answer.
        var thinking = profile.reasoning.flatMap { SimulatedReasoning.draw(prompt.reasoning, profile: $0, rng: &rng) }
        if let t = thinking, t.tokens > cap {
            thinking = SimulatedReasoning(tokens: cap, durationNs: Int64(saturating: Double(t.durationNs) * Double(cap) / Double(t.tokens)))
        }
        let reasoningTokens = thinking?.tokens ?? 0
        let summarized = prompt.reasoning?.summarized ?? false
        let visible = summarized || ((profile.reasoning?.streamed ?? false) && (prompt.reasoning?.visible ?? true))
        let answerCap = cap - reasoningTokens
        let cut = pieces.count > answerCap
        if cut { pieces.removeLast(pieces.count - answerCap) }

        let promptTokens = TokenEstimate.tokens(in: prompt.system) + prompt.messages.reduce(0) { $0 + TokenEstimate.tokens(in: $1) }
        let cachedTokens = min(cache.read, promptTokens)
        let scale = { (ns: Int64) -> Int64 in Int64(saturating: Double(ns) * max(0, timeScale)) }
        // Cached prompt tokens prefill at a tenth of the cost: TTFT drops on a cache hit.
        let prefillTokens = Double(promptTokens - cachedTokens) + Double(cachedTokens) * cachedPrefillShare
        var offset = scale(profile.sampleTTFT(promptTokens: Int(prefillTokens.rounded()), rng: &rng))
        var chunks: [TimedChunk] = []
        chunks.reserveCapacity(pieces.count / profile.tokensPerChunk + 1)
        var reasoningText = ""
        if let t = thinking {
            if visible {
                // A summary (Responses) is a share of the thinking, spread over the same time.
                let shown = summarized ? max(1, t.tokens / ReasoningAsk.summaryShare) : t.tokens
                let thought = reasoningPieces(tokens: shown, prompt: prompt, rng: &rng)
                reasoningText = thought.joined()
                let perToken = Double(t.durationNs) / Double(max(1, shown))
                var i = 0
                while i < thought.count {
                    let n = min(profile.tokensPerChunk, thought.count - i)
                    if i > 0 { offset += scale(Int64(saturating: perToken * Double(n))) }
                    chunks.append(TimedChunk(offsetNs: offset, text: thought[i..<(i + n)].joined(), tokens: n, reasoning: true))
                    i += n
                }
                if !pieces.isEmpty { offset += scale(profile.sampleChunkGap(tokens: 1, rng: &rng)) }
            } else {
                offset += scale(t.durationNs)
            }
        }
        var i = 0
        while i < pieces.count {
            let n = min(profile.tokensPerChunk, pieces.count - i)
            if i > 0 { offset += scale(profile.sampleChunkGap(tokens: n, rng: &rng)) }
            chunks.append(TimedChunk(offsetNs: offset, text: pieces[i..<(i + n)].joined(), tokens: n))
            i += n
        }
        return Generation(text: pieces.joined(), completionTokens: pieces.count + reasoningTokens,
                          reasoningTokens: reasoningTokens, reasoningText: reasoningText, cutByLength: cut,
                          promptTokens: promptTokens, cachedTokens: cachedTokens,
                          cacheWriteTokens: min(cache.write, promptTokens - cachedTokens), cacheWriteTTL: cache.ttl,
                          chunks: chunks, totalNs: offset)
    }

    /// Exactly `tokens` word pieces of thinking drawn from the prompt's words (seeded).
    static func reasoningPieces(tokens: Int, prompt: ChatPrompt, rng: inout SplitMix64) -> [String] {
        let source = "Let me think about this step by step. " + prompt.lastUser.prefix(2_000)
        var pieces = TokenPieces.split(TextHeuristics.freeText(from: String(source), words: tokens, rng: &rng))
        if pieces.count > tokens { pieces.removeLast(pieces.count - tokens) }
        while pieces.count < tokens { pieces.append(" so") }
        return pieces
    }
}
