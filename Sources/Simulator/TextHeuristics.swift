import LLMBenchCore
import Foundation

/// The task a prompt asks for, recognised by the markers of the dataset's prompt templates.
enum PromptTask: Equatable {
    /// `Summarize the following document.\n\nDocument:\n{document}`
    case summarization(document: String)
    /// `Context:\n{context}\n\nQuestion: {question}\nAnswer:`
    case qa(context: String, question: String)
    /// `Translate the following text from {Source} to {Target}.\n\nText:\n{text}`
    case translation(text: String)
    /// Anything else.
    case freeText

    /// Detects the task from the user message's template markers.
    static func detect(user: String) -> PromptTask {
        if user.hasPrefix("Summarize the following document."), let r = user.range(of: "Document:\n") {
            return .summarization(document: String(user[r.upperBound...]))
        }
        if user.hasPrefix("Translate the following text from "), let r = user.range(of: "\n\nText:\n") {
            return .translation(text: String(user[r.upperBound...]))
        }
        if let c = user.range(of: "Context:\n"), let q = user.range(of: "\n\nQuestion: ", range: c.upperBound..<user.endIndex) {
            let context = String(user[c.upperBound..<q.lowerBound])
            var question = String(user[q.upperBound...])
            if let a = question.range(of: "\nAnswer:", options: .backwards) { question = String(question[..<a.lowerBound]) }
            return .qa(context: context, question: question)
        }
        return .freeText
    }
}

/// Honest extractive answers a reader can explain; none of them looks at a reference answer.
enum TextHeuristics {
    /// Splits text into sentences: a sentence ends at `.`, `!` or `?` followed by whitespace or the
    /// end, or at the CJK full stops `。！？`. Sentences are trimmed; empty ones are dropped.
    static func sentences(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        let chars = Array(text)
        for (i, ch) in chars.enumerated() {
            current.append(ch)
            let atEnd = i + 1 == chars.count
            let ends: Bool
            switch ch {
            case ".", "!", "?": ends = atEnd || chars[i + 1].isWhitespace
            case "。", "！", "？": ends = true
            default: ends = false
            }
            if ends {
                let s = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !s.isEmpty { out.append(s) }
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { out.append(rest) }
        return out
    }

    /// The summary: the document's leading `count` sentences (1-3), joined by a space.
    static func summary(of document: String, sentences count: Int) -> String {
        sentences(document).prefix(max(1, count)).joined(separator: " ")
    }

    /// Function words ignored when matching a question to a sentence and left out of answer spans.
    static let stopwords: Set<String> = [
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "and", "or", "but",
        "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those", "as",
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "many", "much", "does",
        "do", "did", "has", "have", "had", "into", "after", "before", "than", "there", "their", "they",
        "he", "she", "his", "her", "about", "not", "no", "can", "will", "would", "so", "if", "up",
    ]

    /// A word reduced for comparison: lowercased, only letters and digits kept.
    static func normalized(_ word: Substring) -> String {
        String(String.UnicodeScalarView(word.lowercased().unicodeScalars.filter {
            CharacterSet.alphanumerics.contains($0)
        }))
    }

    /// Content words of a text: normalized, non-empty, not stopwords.
    static func contentWords(_ text: String) -> Set<String> {
        Set(text.split(whereSeparator: \.isWhitespace).map(normalized).filter { !$0.isEmpty && !stopwords.contains($0) })
    }

    /// The first maximal run of words in `sentence` that are neither in the question (`q`, content
    /// words) nor stopwords, punctuation trimmed from its ends; the whole sentence when there is none
    /// (so "Paris is the capital of France." answers "What is the capital of France?" with "Paris").
    static func phrase(in sentence: String, question q: Set<String>) -> String {
        var run: [Substring] = []
        for w in sentence.split(whereSeparator: \.isWhitespace) {
            let n = normalized(w)
            let isAnswerWord = !n.isEmpty && !q.contains(n) && !stopwords.contains(n)
            if isAnswerWord { run.append(w) } else if !run.isEmpty { break }
        }
        if run.isEmpty { return sentence }
        return run.joined(separator: " ").trimmingCharacters(in: CharacterSet.punctuationCharacters.union(.whitespaces))
    }

    /// The QA answer: see `AnswerHeuristic`.
    static func answer(context: String, question: String) -> String {
        AnswerHeuristic.answer(context: context, question: question)
    }

    /// Text for a prompt that matches no template: `count` words drawn (seeded) from the prompt's own
    /// words, first letter capitalised, ending with a full stop. Count is in words, not tokens.
    static func freeText(from prompt: String, words count: Int, rng: inout SplitMix64) -> String {
        var vocabulary = prompt.split(whereSeparator: \.isWhitespace).map {
            $0.trimmingCharacters(in: .punctuationCharacters)
        }.filter { !$0.isEmpty }
        if vocabulary.isEmpty { vocabulary = ["ok"] }
        var words: [String] = []
        words.reserveCapacity(count)
        for _ in 0..<max(1, count) { words.append(vocabulary[Int(rng.next() % UInt64(vocabulary.count))]) }
        var text = words.joined(separator: " ")
        if let first = text.first { text.replaceSubrange(text.startIndex...text.startIndex, with: String(first).uppercased()) }
        return text + "."
    }

    /// Degrades text by dropping each whitespace-separated word with probability `rate` (seeded),
    /// keeping at least one word: the profile's quality level.
    static func degrade(_ text: String, rate: Double, rng: inout SplitMix64) -> String {
        guard rate > 0 else { return text }
        let words = text.split(whereSeparator: \.isWhitespace)
        guard words.count > 1 else { return text }
        var kept: [Substring] = []
        for w in words where rng.nextUnitDouble() >= rate { kept.append(w) }
        if kept.isEmpty { kept = [words[0]] }
        return kept.joined(separator: " ")
    }
}
