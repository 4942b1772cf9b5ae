import LLMBenchCore

/// The cacheable prefixes of a prompt, in the unit of `TokenEstimate` (4 UTF-8 bytes a token).
///
/// A prompt is its segments in order (system text, then each message's text blocks). Automatic
/// caching (OpenAI, Gemini implicit caching) matches the prompt in blocks of `blockTokens` (OpenAI:
/// "cache hits … in 128-token increments" from 1,024 tokens on); explicit caching (Anthropic) caches
/// exactly the segments up to a `cache_control` breakpoint.
enum PromptPrefixes {
    /// OpenAI's cache granularity, tokens.
    static let blockTokens = 128

    /// Every block boundary from `minTokens` on: prefix k covers the first k × `blockTokens` tokens
    /// (4 × that many bytes) of the segments joined by a 0 byte; its key hashes the model and those bytes.
    static func automatic(model: String, segments: [String], minTokens: Int) -> [PromptCacheTable.Prefix] {
        let blockBytes = 4 * blockTokens
        var out: [PromptCacheTable.Prefix] = []
        var h = FNV1a.hash(model, into: FNV1a.mix(0xA070, into: FNV1a.offsetBasis))
        var bytes = 0
        for (i, s) in segments.enumerated() {
            if i > 0 { h = (h ^ 0) &* FNV1a.prime }
            for b in s.utf8 {
                h = (h ^ UInt64(b)) &* FNV1a.prime
                bytes += 1
                if bytes % blockBytes == 0 {
                    let tokens = bytes / 4
                    if tokens >= minTokens { out.append(.init(key: h, tokens: tokens)) }
                }
            }
        }
        return out
    }

    /// The prefix through segment `through` (inclusive): its key hashes the model and every segment up
    /// to it; its tokens are the sum of `TokenEstimate` over those segments. Nil below `minTokens`
    /// (Anthropic: shorter prompts "will be processed without caching").
    static func breakpoint(model: String, segments: [String], through: Int, minTokens: Int) -> PromptCacheTable.Prefix? {
        guard through >= 0, through < segments.count else { return nil }
        var h = FNV1a.hash(model, into: FNV1a.mix(0xB4EA, into: FNV1a.offsetBasis))
        var tokens = 0
        for s in segments[...through] {
            h = FNV1a.mix(UInt64(s.utf8.count), into: FNV1a.hash(s, into: h))
            tokens += TokenEstimate.tokens(in: s)
        }
        return tokens >= minTokens ? .init(key: h, tokens: tokens) : nil
    }
}
