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

/// One streamed piece of the answer, due `offsetNs` after the request (time-scaled).
struct TimedChunk: Sendable {
    var offsetNs: Int64
    var text: String
    var tokens: Int
}

/// The simulated answer to one request: its text split into token pieces, its usage, and when
/// each chunk is due.
struct Generation: Sendable {
    var text: String
    var completionTokens: Int
    /// The answer was cut at the request's output cap.
    var cutByLength: Bool
    /// Sum of `TokenEstimate.tokens(in:)` over the system prompt and every message.
    var promptTokens: Int
    /// Prompt tokens read from the simulated cache (part of `promptTokens`).
    var cachedTokens: Int
    /// Prompt tokens written to the simulated cache (part of `promptTokens`).
    var cacheWriteTokens: Int
    var chunks: [TimedChunk]
    /// When the last chunk is due, ns after the request (the non-streamed response time).
    var totalNs: Int64
}

/// Produces `Generation`s: text by the task heuristics, degraded per profile, timed by the profile.
enum Generator {
    /// Output cap when a request sets none, tokens.
    static let defaultMaxTokens = 4096

    static func generate(_ prompt: ChatPrompt, profile: LatencyProfile, seed: UInt64, timeScale: Double,
                         cache: (read: Int, write: Int)) -> Generation {
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
        let cut = pieces.count > cap
        if cut { pieces.removeLast(pieces.count - cap) }

        let promptTokens = TokenEstimate.tokens(in: prompt.system) + prompt.messages.reduce(0) { $0 + TokenEstimate.tokens(in: $1) }
        let scale = { (ns: Int64) -> Int64 in Int64(saturating: Double(ns) * max(0, timeScale)) }
        var offset = scale(profile.sampleTTFT(promptTokens: promptTokens, rng: &rng))
        var chunks: [TimedChunk] = []
        chunks.reserveCapacity(pieces.count / profile.tokensPerChunk + 1)
        var i = 0
        while i < pieces.count {
            let n = min(profile.tokensPerChunk, pieces.count - i)
            if i > 0 { offset += scale(profile.sampleChunkGap(tokens: n, rng: &rng)) }
            chunks.append(TimedChunk(offsetNs: offset, text: pieces[i..<(i + n)].joined(), tokens: n))
            i += n
        }
        return Generation(text: pieces.joined(), completionTokens: pieces.count, cutByLength: cut,
                          promptTokens: promptTokens, cachedTokens: min(cache.read, promptTokens),
                          cacheWriteTokens: min(cache.write, promptTokens), chunks: chunks, totalNs: offset)
    }
}
