import Foundation

/// The simulated QA answer: an extractive heuristic a reader can check by hand.
///
/// 1. The question's expected answer type from its wording: `who`/`whom` → a name (a run of
///    capitalised words); `when`, `what year`, `which year`, `what date` → a date or year; `how many`,
///    `how much`, `how tall/long/old/far/high/big/large`, `what percentage` → a number with the word
///    after it (digits or number words; a number with a unit word is preferred); anything else → a phrase.
/// 2. The context sentence with the most content words in common with the question, plus two when it
///    holds a span of the expected type that the question does not already contain (one for a bare
///    number without its unit), the first on a tie.
/// 3. In that sentence, the first span of the expected type not in the question; for a phrase (or when
///    none is found), the first run of words that are neither in the question nor stopwords.
enum AnswerHeuristic {
    enum Kind { case name, date, number, phrase }

    static func kind(of question: String) -> Kind {
        let q = question.lowercased().trimmingCharacters(in: .whitespaces)
        if q.hasPrefix("who") || q.contains(" whom ") || q.hasPrefix("which person") { return .name }
        for p in ["when", "what year", "which year", "in what year", "in which year", "what date", "on what date", "on which date"]
            where q.hasPrefix(p) { return .date }
        for p in ["how many", "how much", "how tall", "how long", "how old", "how far", "how high", "how big",
                  "how large", "how deep", "how heavy", "what percentage", "what percent"] where q.contains(p) {
            return .number
        }
        return .phrase
    }

    static let months: Set<String> = ["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"]

    static let numberWords: Set<String> = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                           "eleven", "twelve", "thirteen", "fourteen", "fifteen", "twenty", "thirty",
                                           "forty", "fifty", "hundred", "thousand", "million", "half", "dozen"]

    /// Spans of `kind` in `words` (runs of adjacent words), skipping words the question contains.
    static func spans(_ kind: Kind, in words: [Substring], question q: Set<String>) -> [[Substring]] {
        var out: [[Substring]] = []
        var run: [Substring] = []
        func flush() { if !run.isEmpty { out.append(run); run = [] } }
        for (i, w) in words.enumerated() {
            let n = TextHeuristics.normalized(w)
            let inQuestion = q.contains(n)
            let hasDigit = w.contains { $0.isNumber } || (kind == .number && numberWords.contains(n))
            switch kind {
            case .name:
                let capital = w.first?.isUppercase == true && !inQuestion && !TextHeuristics.stopwords.contains(n)
                // A sentence's first word is capitalised anyway: only a name when another capital follows.
                let sentenceStart = i == 0 && !(words.count > 1 && words[1].first?.isUppercase == true)
                if capital && !sentenceStart { run.append(w); if w.last.map({ ",.;:".contains($0) }) == true { flush() } } else { flush() }
            case .date:
                let part = hasDigit || months.contains(n)
                if part && !inQuestion { run.append(w); if w.last.map({ ",.;:".contains($0) }) == true && !months.contains(n) { flush() } } else { flush() }
            case .number:
                if hasDigit && !inQuestion {
                    run.append(w)
                    // The unit after a number ("212 metres", "58 floors").
                    if i + 1 < words.count, !words[i + 1].contains(where: { $0.isNumber }),
                       !TextHeuristics.stopwords.contains(TextHeuristics.normalized(words[i + 1])),
                       w.last.map({ ",.;:".contains($0) }) != true {
                        run.append(words[i + 1])
                    }
                    flush()
                } else { flush() }
            case .phrase:
                flush()
            }
        }
        flush()
        return out
    }

    static func answer(context: String, question: String) -> String {
        let q = TextHeuristics.contentWords(question)
        let kind = kind(of: question)
        let candidates = TextHeuristics.sentences(context)
        guard !candidates.isEmpty else { return "" }
        var best = candidates[0]
        var bestScore = -1
        var bestSpan: [Substring]?
        for s in candidates {
            let words = s.split(whereSeparator: \.isWhitespace)
            let found = kind == .phrase ? [] : spans(kind, in: words, question: q)
            // A number question wants a quantity with its unit ("212 metres") over a bare year.
            let typed = kind == .number ? (found.first { $0.count > 1 } ?? found.first) : found.first
            let bonus = typed == nil ? 0 : (kind == .number && typed!.count == 1 ? 1 : 2)
            let score = TextHeuristics.contentWords(s).intersection(q).count + bonus
            if score > bestScore { best = s; bestScore = score; bestSpan = typed }
        }
        if let span = bestSpan {
            return span.joined(separator: " ").trimmingCharacters(in: CharacterSet.punctuationCharacters.union(.whitespaces))
        }
        return TextHeuristics.phrase(in: best, question: q)
    }
}
