/// The Porter stemmer as NLTK's `PorterStemmer` computes it in its default `NLTK_EXTENSIONS` mode.
///
/// Definition followed: M. F. Porter, "An algorithm for suffix stripping" (1980), with NLTK's documented
/// departures: a table of irregular forms (skies→sky, dying→die, lying→lie, tying→tie, news, innings→inning,
/// outings→outing, cannings→canning, howe, proceed, exceed, succeed), words of two letters or fewer left
/// alone, "ies"/"ied" on four-letter words giving "ie", "ied"→"i" otherwise, step 1c's y→i only after a
/// consonant that is not the first letter, step 2's "bli"→"ble", recursive "alli"→"al", "fulli"→"ful",
/// "logi"→"log", and a two-letter vowel-consonant word counting as ending in CVC.
/// rouge-score applies it only to tokens longer than three characters (see `RougeTokenizer`).
public struct PorterStemmer: Sendable {
    public init() {}

    private static let irregular: [String: String] = [
        "sky": "sky", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "news": "news",
        "innings": "inning", "inning": "inning", "outings": "outing", "outing": "outing",
        "cannings": "canning", "canning": "canning", "howe": "howe", "proceed": "proceed",
        "exceed": "exceed", "succeed": "succeed",
    ]

    /// The stem of `word` (lowercased first, as NLTK does by default).
    public func stem(_ word: String) -> String {
        stem(word.scalars).string
    }

    /// The stem of a word given as code points.
    public func stem(_ word: Scalars) -> Scalars {
        let lowered = PythonText.lower(word)
        if let irregular = Self.irregularByScalars[lowered] { return irregular }
        if word.count <= 2 { return lowered }
        var w = W(lowered)
        w = step1a(w); w = step1b(w); w = step1c(w); w = step2(w)
        w = step3(w); w = step4(w); w = step5a(w); w = step5b(w)
        return w.s
    }

    private static let irregularByScalars: [Scalars: Scalars] = {
        var d: [Scalars: Scalars] = [:]
        for (k, v) in irregular { d[k.scalars] = v.scalars }
        return d
    }()

    // MARK: - word helpers

    private struct W {
        var s: Scalars
        init(_ s: Scalars) { self.s = s }
        init(_ str: String) { self.s = str.scalars }
        var count: Int { s.count }
        func ends(_ suffix: String) -> Bool {
            let t = suffix.scalars
            return t.count <= s.count && Array(s[(s.count - t.count)...]) == t
        }
        func dropping(_ n: Int) -> W { W(Array(s[0..<(s.count - n)])) }
        func plus(_ str: String) -> W { W(s + str.scalars) }
        var last: Unicode.Scalar { s[s.count - 1] }
    }

    private static func isVowel(_ c: Unicode.Scalar) -> Bool {
        c == "a" || c == "e" || c == "i" || c == "o" || c == "u"
    }

    /// Porter's consonant test: not a vowel, and "y" is a consonant unless it follows a consonant.
    private func isConsonant(_ w: W, _ index: Int) -> Bool {
        var i = index
        if Self.isVowel(w.s[i]) { return false }
        if w.s[i] == "y" {
            var negate = false
            while i > 0 && w.s[i] == "y" { negate.toggle(); i -= 1 }
            return (!Self.isVowel(w.s[i])) != negate
        }
        return true
    }

    private func consonantFlags(_ w: W) -> [Bool] {
        var flags: [Bool] = []
        flags.reserveCapacity(w.count)
        for (i, c) in w.s.enumerated() {
            if Self.isVowel(c) { flags.append(false) }
            else if c == "y" { flags.append(i == 0 ? true : !flags[i - 1]) }
            else { flags.append(true) }
        }
        return flags
    }

    /// m in [C](VC)^m[V]: the number of vowel-to-consonant transitions.
    private func measure(_ w: W) -> Int {
        let f = consonantFlags(w)
        var m = 0
        if f.count >= 2 { for i in 1..<f.count where !f[i - 1] && f[i] { m += 1 } }
        return m
    }

    private func containsVowel(_ w: W) -> Bool { consonantFlags(w).contains(false) }

    private func endsDoubleConsonant(_ w: W) -> Bool {
        w.count >= 2 && w.s[w.count - 1] == w.s[w.count - 2] && isConsonant(w, w.count - 1)
    }

    private func endsCVC(_ w: W) -> Bool {
        let n = w.count
        if n >= 3 && isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1)
            && w.last != "w" && w.last != "x" && w.last != "y" { return true }
        return n == 2 && !isConsonant(w, 0) && isConsonant(w, 1)
    }

    private struct Rule {
        var suffix: String      // "*d" means "ends in a double consonant"
        var replacement: String
        var condition: ((W) -> Bool)?
    }

    /// The first rule whose suffix matches decides: its condition on the stem either applies it or leaves the word.
    private func apply(_ w: W, _ rules: [Rule]) -> W {
        for rule in rules {
            if rule.suffix == "*d" && endsDoubleConsonant(w) {
                let stem = w.dropping(2)
                return (rule.condition?(stem) ?? true) ? stem.plus(rule.replacement) : w
            }
            if w.ends(rule.suffix) {
                let stem = w.dropping(rule.suffix.unicodeScalars.count)
                return (rule.condition?(stem) ?? true) ? stem.plus(rule.replacement) : w
            }
        }
        return w
    }

    // MARK: - steps

    private func step1a(_ w: W) -> W {
        if w.ends("ies") && w.count == 4 { return w.dropping(3).plus("ie") }
        return apply(w, [Rule(suffix: "sses", replacement: "ss"), Rule(suffix: "ies", replacement: "i"),
                         Rule(suffix: "ss", replacement: "ss"), Rule(suffix: "s", replacement: "")])
    }

    private func step1b(_ w: W) -> W {
        if w.ends("ied") { return w.dropping(3).plus(w.count == 4 ? "ie" : "i") }
        if w.ends("eed") {
            let stem = w.dropping(3)
            return measure(stem) > 0 ? stem.plus("ee") : w
        }
        var intermediate: W?
        for suffix in ["ed", "ing"] where w.ends(suffix) {
            let stem = w.dropping(suffix.count)
            if containsVowel(stem) { intermediate = stem; break }
        }
        guard let mid = intermediate else { return w }
        let lastChar = mid.count > 0 ? String(mid.last) : ""
        return apply(mid, [
            Rule(suffix: "at", replacement: "ate"), Rule(suffix: "bl", replacement: "ble"),
            Rule(suffix: "iz", replacement: "ize"),
            Rule(suffix: "*d", replacement: lastChar, condition: { _ in !["l", "s", "z"].contains(lastChar) }),
            Rule(suffix: "", replacement: "e", condition: { self.measure($0) == 1 && self.endsCVC($0) }),
        ])
    }

    private func step1c(_ w: W) -> W {
        apply(w, [Rule(suffix: "y", replacement: "i", condition: { $0.count > 1 && self.isConsonant($0, $0.count - 1) })])
    }

    private func step2(_ w: W) -> W {
        let positive: (W) -> Bool = { self.measure($0) > 0 }
        if w.ends("alli") && positive(w.dropping(4)) { return step2(w.dropping(4).plus("al")) }
        let pairs: [(String, String)] = [
            ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
            ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
            ("ization", "ize"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"),
            ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
            ("fulli", "ful"),
        ]
        var rules = pairs.map { Rule(suffix: $0.0, replacement: $0.1, condition: positive) }
        rules.append(Rule(suffix: "logi", replacement: "log", condition: { _ in positive(w.dropping(3)) }))
        return apply(w, rules)
    }

    private func step3(_ w: W) -> W {
        let positive: (W) -> Bool = { self.measure($0) > 0 }
        let pairs: [(String, String)] = [("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"),
                                         ("ical", "ic"), ("ful", ""), ("ness", "")]
        return apply(w, pairs.map { Rule(suffix: $0.0, replacement: $0.1, condition: positive) })
    }

    private func step4(_ w: W) -> W {
        let gt1: (W) -> Bool = { self.measure($0) > 1 }
        var rules = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent"]
            .map { Rule(suffix: $0, replacement: "", condition: gt1) }
        rules.append(Rule(suffix: "ion", replacement: "", condition: {
            gt1($0) && $0.count > 0 && ($0.last == "s" || $0.last == "t")
        }))
        rules += ["ou", "ism", "ate", "iti", "ous", "ive", "ize"].map { Rule(suffix: $0, replacement: "", condition: gt1) }
        return apply(w, rules)
    }

    private func step5a(_ w: W) -> W {
        guard w.ends("e") else { return w }
        let stem = w.dropping(1)
        let m = measure(stem)
        if m > 1 { return stem }
        if m == 1 && !endsCVC(stem) { return stem }
        return w
    }

    private func step5b(_ w: W) -> W {
        apply(w, [Rule(suffix: "ll", replacement: "l", condition: { _ in self.measure(w.dropping(1)) > 1 })])
    }
}
