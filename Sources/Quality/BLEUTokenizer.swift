/// The tokenizers of sacrebleu 2.x that BLEU can use, by their sacrebleu names.
///
/// Each returns the tokens BLEU counts (sacrebleu joins the tokenised line with spaces and BLEU splits it
/// again on Python whitespace, so the tokens are the same).
public enum BLEUTokenizer: String, Sendable, CaseIterable, Codable {
    /// mteval-v13a: unescape `&quot; &amp; &lt; &gt;`, drop `<skipped>`, join `-\n` lines, then split off
    /// ASCII punctuation except `'` `-` `.` `,`; split `.` and `,` unless between digits; split `-` after a digit.
    case thirteenA = "13a"
    /// mteval-v14 international: split off Unicode punctuation (P*) unless both neighbours are numbers (N*),
    /// and every symbol (S*).
    case intl
    /// Every non-whitespace code point is a token.
    case char
    /// Code points in sacrebleu's "Chinese" ranges become tokens; the rest goes through the 13a regular
    /// expressions (without 13a's unescaping). The ranges are sacrebleu's as evaluated by Python: its
    /// supplementary-plane entries were written with 4-digit escapes, so they act as U+2001–U+2A6D and
    /// U+2F81–U+2FA1 (general punctuation such as “ ” — … is split off; Extension B ideographs are not).
    case zh
    /// Whitespace splitting only.
    case none

    /// Tokens of one segment (already lowercased and right-stripped by the caller, as sacrebleu does).
    public func tokenize(_ line: Scalars) -> [Scalars] {
        if self == .char { return line.filter { !PythonText.isSpace($0) }.map { [$0] } }
        return PythonText.split(spaced(line))
    }

    /// The segment with spaces inserted where the tokenizer splits; its tokens are its Python `split()`.
    private func spaced(_ line: Scalars) -> Scalars {
        switch self {
        case .none, .char:
            return line
        case .thirteenA:
            let l = Self.thirteenAUnescaped(line)
            var padded: Scalars = [" "]
            padded.reserveCapacity(l.count + 2)
            padded.append(contentsOf: l); padded.append(" ")
            return Self.regexpSpaced(padded)
        case .zh:
            var l: Scalars = []
            for s in PythonText.strip(line) {
                if Self.isChinese(s) { l.append(" "); l.append(s); l.append(" ") } else { l.append(s) }
            }
            return Self.regexpSpaced(l)
        case .intl:
            return Self.intlSpaced(line)
        }
    }

    /// 13a's first steps: drop `<skipped>`, join `-\n` lines, unescape `&quot; &amp; &lt; &gt;` (a step whose
    /// pattern's first character the text lacks is skipped: it would change nothing).
    static func thirteenAUnescaped(_ line: Scalars) -> Scalars {
        var l = line
        if l.contains("<") { l = PythonText.replace(l, "<skipped>", with: "") }
        if l.contains("\n") {
            l = PythonText.replace(l, "-\n", with: "")
            l = PythonText.replace(l, "\n", with: " ")
        }
        if l.contains("&") {
            l = PythonText.replace(l, "&quot;", with: "\"")
            l = PythonText.replace(l, "&amp;", with: "&")
            l = PythonText.replace(l, "&lt;", with: "<")
            l = PythonText.replace(l, "&gt;", with: ">")
        }
        return l
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    /// The four substitutions of sacrebleu's `TokenizerRegexp`, each a left-to-right pass of non-overlapping
    /// matches (a pass whose pattern needs a character the text does not hold is skipped: it would change nothing).
    static func regexpSpaced(_ input: Scalars) -> Scalars {
        // 1. `[{-~[-` -&(-+:-@/]` -> " \1 "
        var a: Scalars = []
        a.reserveCapacity(input.count * 2)
        for s in input {
            let v = s.value
            let hit = (0x7B...0x7E).contains(v) || (0x5B...0x60).contains(v) || (0x20...0x26).contains(v)
                || (0x28...0x2B).contains(v) || (0x3A...0x40).contains(v) || v == 0x2F
            if hit { a.append(" "); a.append(s); a.append(" ") } else { a.append(s) }
        }
        if a.contains(where: { $0 == "." || $0 == "," }) {
            // 2. `([^0-9])([\.,])` -> "\1 \2 "
            a = pairPass(a, { !isDigit($0) }, { $0 == "." || $0 == "," }) { [$0, " ", $1, " "] }
            // 3. `([\.,])([^0-9])` -> " \1 \2"
            a = pairPass(a, { $0 == "." || $0 == "," }, { !isDigit($0) }) { [" ", $0, " ", $1] }
        }
        // 4. `([0-9])(-)` -> "\1 \2 "
        if a.contains("-") { a = pairPass(a, isDigit, { $0 == "-" }) { [$0, " ", $1, " "] } }
        return a
    }

    /// One `re.sub` pass of a two-character pattern: scan left to right; on a match emit the replacement
    /// and resume after it.
    private static func pairPass(_ s: Scalars, _ first: (Unicode.Scalar) -> Bool, _ second: (Unicode.Scalar) -> Bool,
                                 _ replace: (Unicode.Scalar, Unicode.Scalar) -> Scalars) -> Scalars {
        var out: Scalars = []
        out.reserveCapacity(s.count + 8)
        var i = 0
        while i < s.count {
            if i + 1 < s.count && first(s[i]) && second(s[i + 1]) {
                out.append(contentsOf: replace(s[i], s[i + 1]))
                i += 2
            } else {
                out.append(s[i]); i += 1
            }
        }
        return out
    }

    private static func isNumber(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    private static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    private static func isSymbol(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: return true
        default: return false
        }
    }

    static func intlSpaced(_ line: Scalars) -> Scalars {
        var a = pairPass(line, { !isNumber($0) }, isPunctuation) { [$0, " ", $1, " "] }
        a = pairPass(a, isPunctuation, { !isNumber($0) }) { [" ", $0, " ", $1] }
        var b: Scalars = []
        b.reserveCapacity(a.count + 8)
        for s in a { if isSymbol(s) { b.append(" "); b.append(s); b.append(" ") } else { b.append(s) } }
        return b
    }

    /// sacrebleu's `_UCODE_RANGES` as Python compares them (see `zh`).
    private static let chineseRanges: [ClosedRange<UInt32>] = [
        0x3400...0x4DB5, 0x4E00...0x9FA5, 0x9FA6...0x9FBB, 0xF900...0xFA2D, 0xFA30...0xFA6A, 0xFA70...0xFAD9,
        0x2001...0x2A6D, 0x2F81...0x2FA1, 0xFF00...0xFFEF, 0x2E80...0x2EFF, 0x3000...0x303F, 0x31C0...0x31EF,
        0x2F00...0x2FDF, 0x2FF0...0x2FFF, 0x3100...0x312F, 0x31A0...0x31BF, 0xFE10...0xFE1F, 0xFE30...0xFE4F,
        0x2600...0x26FF, 0x2700...0x27BF, 0x3200...0x32FF, 0x3300...0x33FF,
    ]

    static func isChinese(_ s: Unicode.Scalar) -> Bool { isChinese(s.value) }

    @inline(__always) static func isChinese(_ v: UInt32) -> Bool {
        v >= 0x2001 && chineseRanges.contains { $0.contains(v) }
    }
}
