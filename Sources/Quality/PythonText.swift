/// A text as the references see it: a sequence of Unicode code points, compared scalar by scalar.
///
/// Swift's `String` compares by canonical equivalence (NFC "é" == NFD "é"), while Python's `str`,
/// which rouge-score, sacrebleu and the SQuAD script use, compares code points. Every metric in this
/// module therefore tokenises and compares `[Unicode.Scalar]`.
public typealias Scalars = [Unicode.Scalar]

/// Python 3 `str` behaviours the reference metrics depend on, carried over as definitions.
enum PythonText {
    /// Whether `str.isspace()` holds for a code point (Python 3.11: bidi class WS, B or S, or category Zs).
    ///
    /// This is the set `str.split()`, `str.strip()` and `re`'s `\s` use; it includes U+00A0 NO-BREAK SPACE
    /// and U+3000 IDEOGRAPHIC SPACE, and excludes U+200B ZERO WIDTH SPACE.
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    @inline(__always) static func isSpace(_ v: UInt32) -> Bool {
        // ASCII: 0x09-0x0D and 0x1C-0x20, as bits.
        v < 0x80 ? v <= 0x20 && (0x1_F000_3E00 as UInt64) &>> UInt64(v) & 1 != 0 : isSpace(Unicode.Scalar(v)!)
    }

    /// `string.punctuation` (0x21-0x2F, 0x3A-0x40, 0x5B-0x60, 0x7B-0x7E), as bits of code points 0x00-0x3F and 0x40-0x7F.
    @inline(__always) static func isASCIIPunctuation(_ v: UInt32) -> Bool {
        v < 0x80 && (v < 0x40 ? 0xFC00_FFFE_0000_0000 as UInt64 : 0x7800_0001_F800_0001) &>> UInt64(v & 0x3F) & 1 != 0
    }

    /// ASCII `\w`: 0-9, A-Z, a-z and "_" as bits (as `isASCIIPunctuation`); beyond ASCII `isWordChar(Unicode.Scalar)`.
    @inline(__always) static func isWordChar(_ v: UInt32) -> Bool {
        v < 0x80 ? (v < 0x40 ? 0x03FF_0000_0000_0000 as UInt64 : 0x07FF_FFFE_87FF_FFFE) &>> UInt64(v & 0x3F) & 1 != 0
            : isWordChar(Unicode.Scalar(v)!)
    }

    /// `str.split()` with no separator: runs of whitespace separate tokens; no empty tokens.
    static func split(_ text: Scalars) -> [Scalars] {
        var out: [Scalars] = []
        var current: Scalars = []
        for s in text {
            if isSpace(s) {
                if !current.isEmpty { out.append(current); current = [] }
            } else {
                current.append(s)
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// `str.rstrip()`: trailing whitespace removed.
    static func rstrip(_ text: Scalars) -> Scalars {
        var end = text.count
        while end > 0 && isSpace(text[end - 1]) { end -= 1 }
        return Array(text[0..<end])
    }

    /// `str.strip()`: leading and trailing whitespace removed.
    static func strip(_ text: Scalars) -> Scalars {
        let r = rstrip(text)
        var start = 0
        while start < r.count && isSpace(r[start]) { start += 1 }
        return Array(r[start...])
    }

    /// `str.lower()`: each code point's full lowercase mapping (SpecialCasing: U+0130 becomes "i" + U+0307),
    /// with Python's context rule for U+03A3 GREEK CAPITAL SIGMA (final sigma ς after a cased letter
    /// that no cased letter follows, case-ignorable code points skipped on both sides).
    static func lower(_ text: Scalars) -> Scalars {
        var out: Scalars = []
        out.reserveCapacity(text.count)
        for (i, s) in text.enumerated() {
            if s.value < 0x80 {
                if s.value >= 0x41 && s.value <= 0x5A {
                    out.append(Unicode.Scalar(s.value + 32)!)
                } else {
                    out.append(s)
                }
            } else if s.value == 0x3A3 {
                out.append(isFinalSigma(text, at: i) ? "\u{3C2}" : "\u{3C3}")
            } else {
                out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return out
    }

    private static func isFinalSigma(_ text: Scalars, at i: Int) -> Bool {
        var j = i - 1
        while j >= 0 && text[j].properties.isCaseIgnorable { j -= 1 }
        guard j >= 0, text[j].properties.isCased else { return false }
        j = i + 1
        while j < text.count && text[j].properties.isCaseIgnorable { j += 1 }
        return j == text.count || !text[j].properties.isCased
    }

    /// Whether `re`'s `\w` matches a code point in a `str` pattern: `str.isalnum()` or "_".
    static func isWordChar(_ s: Unicode.Scalar) -> Bool {
        if s == "_" { return true }
        if s.value < 0x80 {
            let v = s.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
        }
        let p = s.properties
        switch p.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return true
        default:
            return p.numericType != nil
        }
    }

    /// The 32 characters of Python's `string.punctuation` (ASCII punctuation and symbols).
    static func isASCIIPunctuation(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        default: return false
        }
    }

    /// Replaces every non-overlapping occurrence of `target` (left to right), as `str.replace` does.
    static func replace(_ text: Scalars, _ target: String, with replacement: String) -> Scalars {
        let t = Array(target.unicodeScalars)
        let r = Array(replacement.unicodeScalars)
        guard !t.isEmpty, text.count >= t.count, text.contains(t[0]) else { return text }
        var out: Scalars = []
        out.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            if i + t.count <= text.count && text[i] == t[0] && Array(text[i..<(i + t.count)]) == t {
                out.append(contentsOf: r)
                i += t.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }

    static func contains(_ text: Scalars, _ s: Unicode.Scalar) -> Bool { text.contains(s) }
}

extension String {
    /// The string's Unicode code points, the unit the reference metrics work on.
    var scalars: Scalars { Array(unicodeScalars) }
}

extension Array where Element == Unicode.Scalar {
    /// A `String` made of exactly these code points (no normalization).
    var string: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: self)
        return String(s)
    }
}
