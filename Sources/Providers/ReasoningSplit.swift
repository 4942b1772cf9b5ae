import LLMBenchCore

/// How many of a response's output tokens were reasoning, when the provider's usage does not count
/// reasoning apart (Anthropic counts thinking inside `output_tokens`; some OpenAI-compatible servers
/// stream `reasoning_content` without `completion_tokens_details.reasoning_tokens`).
///
/// A thinking text is a summary on current models (Claude 4 summarises its thinking, and a
/// `redacted_thinking` block carries no text at all), so its length says nothing about the billed
/// reasoning. The answer is what was streamed in full, so llmbench counts the answer instead:
/// `reasoning = clamp(outputTokens − TokenEstimate(answer text), 0, outputTokens)`, marked
/// `estimated`. With no reasoning seen the split is exact: 0 reasoning tokens, by the server's count.
enum ReasoningSplit {
    static func fromAnswerText(outputTokens: Int, answer: [UInt8], reasoningSeen: Bool) -> (tokens: Int, source: TokenSource) {
        let output = max(0, outputTokens)  // a negative count is rejected later by `checkedUsage`
        guard reasoningSeen else { return (0, .server) }
        let answerTokens = TokenEstimate.tokens(in: String(decoding: answer, as: UTF8.self))
        return (min(max(output - answerTokens, 0), output), .estimated)
    }
}
