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
        var w = lowered.map(\.value)
        stemLowered(&w, originalCount: word.count)
        return w.map { Unicode.Scalar($0)! }
    }

    /// Stems `w`, already lowercased, in place; `originalCount` is the word's length before lowercasing
    /// (words of two code points or fewer stay as they are, counted before lowercasing as NLTK does).
    func stemLowered(_ w: inout [UInt32], originalCount: Int) {
        if let irregular = Self.irregularByValues[w] { w = irregular; return }
        if originalCount <= 2 { return }
        var word = Word(s: w)
        word.step1a(); word.step1b(); word.step1c(); word.step2()
        word.step3(); word.step4(); word.step5a(); word.step5b()
        w = word.s
    }

    private static let irregularByValues: [[UInt32]: [UInt32]] = {
        var d: [[UInt32]: [UInt32]] = [:]
        for (k, v) in irregular { d[k.unicodeScalars.map(\.value)] = v.unicodeScalars.map(\.value) }
        return d
    }()
}

/// A suffix rule: the first rule whose suffix matches decides; its condition on the stem (the word without
/// the suffix) either replaces the suffix or leaves the word. `*d` means "ends in a double consonant".
private struct Rule {
    var suffix: [UInt32]
    var replacement: [UInt32]
    var condition: Condition
    /// What must hold of the stem (or, for `logi` and `ll`, of the word less 3 or 1 letters) for the rule to apply.
    enum Condition { case always, measurePositive, measureAbove1, ionStem, y, logi, ll, step1bE }

    init(_ suffix: String, _ replacement: String, _ condition: Condition = .always) {
        self.suffix = suffix.unicodeScalars.map(\.value)
        self.replacement = replacement.unicodeScalars.map(\.value)
        self.condition = condition
    }
}

private func values(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

/// The word being stemmed, as code points; every test on a stem looks at a prefix `s[0..<n]`.
private struct Word {
    var s: [UInt32]

    static let a: UInt32 = 0x61, e: UInt32 = 0x65, i: UInt32 = 0x69, o: UInt32 = 0x6F, u: UInt32 = 0x75, y: UInt32 = 0x79

    @inline(__always) static func isVowel(_ c: UInt32) -> Bool { c == a || c == e || c == i || c == o || c == u }

    func ends(_ t: [UInt32]) -> Bool {
        guard t.count <= s.count else { return false }
        let off = s.count - t.count
        for k in 0..<t.count where s[off + k] != t[k] { return false }
        return true
    }

    /// Porter's consonant test at `index`: not a vowel, and "y" is a consonant unless it follows a consonant.
    func isConsonant(_ index: Int) -> Bool {
        var i = index
        if Self.isVowel(s[i]) { return false }
        if s[i] == Self.y {
            var negate = false
            while i > 0 && s[i] == Self.y { negate.toggle(); i -= 1 }
            return (!Self.isVowel(s[i])) != negate
        }
        return true
    }

    /// m in [C](VC)^m[V] of `s[0..<n]`: the number of vowel-to-consonant transitions.
    func measure(_ n: Int) -> Int {
        var m = 0
        var previous = false  // consonant flag of the previous letter
        for k in 0..<n {
            let c = s[k]
            let flag: Bool
            if Self.isVowel(c) { flag = false } else if c == Self.y { flag = k == 0 ? true : !previous } else { flag = true }
            if k > 0 && !previous && flag { m += 1 }
            previous = flag
        }
        return m
    }

    func containsVowel(_ n: Int) -> Bool {
        var previous = false
        for k in 0..<n {
            let c = s[k]
            let flag: Bool
            if Self.isVowel(c) { flag = false } else if c == Self.y { flag = k == 0 ? true : !previous } else { flag = true }
            if !flag { return true }
            previous = flag
        }
        return false
    }

    func endsDoubleConsonant(_ n: Int) -> Bool {
        n >= 2 && s[n - 1] == s[n - 2] && isConsonant(n - 1)
    }

    func endsCVC(_ n: Int) -> Bool {
        if n >= 3 && isConsonant(n - 3) && !isConsonant(n - 2) && isConsonant(n - 1) {
            let last = s[n - 1]
            if last != 0x77 && last != 0x78 && last != Self.y { return true }
        }
        return n == 2 && !isConsonant(0) && isConsonant(1)
    }

    mutating func replace(dropping k: Int, with r: [UInt32]) {
        s.removeLast(k)
        s.append(contentsOf: r)
    }

    /// Whether the rule's condition holds for the stem `s[0..<n]` (the whole word is `s`).
    func holds(_ c: Rule.Condition, stem n: Int) -> Bool {
        switch c {
        case .always: return true
        case .measurePositive: return measure(n) > 0
        case .measureAbove1: return measure(n) > 1
        case .ionStem: return measure(n) > 1 && n > 0 && (s[n - 1] == 0x73 || s[n - 1] == 0x74)
        case .y: return n > 1 && isConsonant(n - 1)
        case .logi: return measure(s.count - 3) > 0
        case .ll: return measure(s.count - 1) > 1
        case .step1bE: return measure(n) == 1 && endsCVC(n)
        }
    }

    /// The first rule whose suffix matches decides (see `Rule`).
    mutating func apply(_ rules: [Rule], doubleReplacement: [UInt32] = [], doubleAllowed: Bool = true) {
        for rule in rules {
            if rule.suffix == Self.starD && endsDoubleConsonant(s.count) {
                if doubleAllowed { replace(dropping: 2, with: doubleReplacement) }
                return
            }
            if ends(rule.suffix) {
                let n = s.count - rule.suffix.count
                if rule.suffix == Self.starD {
                    // The literal suffix "*d" (a word holding "*"): the rule's own replacement and condition.
                    if doubleAllowed { replace(dropping: 2, with: doubleReplacement) }
                    return
                }
                if holds(rule.condition, stem: n) { replace(dropping: rule.suffix.count, with: rule.replacement) }
                return
            }
        }
    }

    static let starD = values("*d")
    static let ies = values("ies"), ie = values("ie"), ied = values("ied"), i1 = values("i"), eed = values("eed")
    static let ee = values("ee"), ed = values("ed"), ing = values("ing"), alli = values("alli"), al = values("al")
    static let e1 = values("e"), sz: Set<UInt32> = [0x6C, 0x73, 0x7A]

    static let step1aRules = [Rule("sses", "ss"), Rule("ies", "i"), Rule("ss", "ss"), Rule("s", "")]
    static let step1bRules = [Rule("at", "ate"), Rule("bl", "ble"), Rule("iz", "ize"), Rule("*d", ""),
                              Rule("", "e", .step1bE)]
    static let step1cRules = [Rule("y", "i", .y)]
    static let step2Rules: [Rule] = [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
        ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
        ("ization", "ize"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"),
        ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
        ("fulli", "ful"),
    ].map { Rule($0.0, $0.1, .measurePositive) } + [Rule("logi", "log", .logi)]
    static let step3Rules = [("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"),
                             ("ful", ""), ("ness", "")].map { Rule($0.0, $0.1, .measurePositive) }
    static let step4Rules = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent"]
        .map { Rule($0, "", .measureAbove1) } + [Rule("ion", "", .ionStem)]
        + ["ou", "ism", "ate", "iti", "ous", "ive", "ize"].map { Rule($0, "", .measureAbove1) }
    static let step5bRules = [Rule("ll", "l", .ll)]

    mutating func step1a() {
        if ends(Self.ies) && s.count == 4 { replace(dropping: 3, with: Self.ie); return }
        apply(Self.step1aRules)
    }

    mutating func step1b() {
        if ends(Self.ied) { replace(dropping: 3, with: s.count == 4 ? Self.ie : Self.i1); return }
        if ends(Self.eed) {
            if measure(s.count - 3) > 0 { replace(dropping: 3, with: Self.ee) }
            return
        }
        var cut = 0
        for suffix in [Self.ed, Self.ing] where ends(suffix) {
            if containsVowel(s.count - suffix.count) { cut = suffix.count; break }
        }
        guard cut > 0 else { return }
        s.removeLast(cut)
        // "*d": the double consonant becomes single unless it is l, s or z.
        let last: [UInt32] = s.isEmpty ? [] : [s[s.count - 1]]
        apply(Self.step1bRules, doubleReplacement: last, doubleAllowed: !(last.count == 1 && Self.sz.contains(last[0])))
    }

    mutating func step1c() { apply(Self.step1cRules) }

    mutating func step2() {
        if ends(Self.alli) && measure(s.count - 4) > 0 {
            replace(dropping: 4, with: Self.al)
            step2()
            return
        }
        apply(Self.step2Rules)
    }

    mutating func step3() { apply(Self.step3Rules) }
    mutating func step4() { apply(Self.step4Rules) }

    mutating func step5a() {
        guard ends(Self.e1) else { return }
        let n = s.count - 1
        let m = measure(n)
        if m > 1 || (m == 1 && !endsCVC(n)) { s.removeLast() }
    }

    mutating func step5b() { apply(Self.step5bRules) }
}
