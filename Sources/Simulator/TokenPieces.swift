/// Splits output text into the word-piece "tokens" the simulator streams and counts.
///
/// A piece is a run of whitespace followed by up to `maxPieceCharacters` non-whitespace characters;
/// a longer word continues in further pieces without leading whitespace. Concatenating the pieces
/// gives the text back exactly, and `completion_tokens` is the number of pieces.
enum TokenPieces {
    static let maxPieceCharacters = 6

    static func split(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var wordChars = 0
        for ch in text {
            if ch.isWhitespace {
                if wordChars > 0 { pieces.append(current); current = ""; wordChars = 0 }
                current.append(ch)
            } else {
                if wordChars == maxPieceCharacters { pieces.append(current); current = ""; wordChars = 0 }
                current.append(ch)
                wordChars += 1
            }
        }
        if !current.isEmpty {
            if wordChars == 0, !pieces.isEmpty { pieces[pieces.count - 1] += current } else { pieces.append(current) }
        }
        return pieces
    }
}
