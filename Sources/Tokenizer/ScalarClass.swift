/// The character classes the two pre-tokenization patterns ask about, as bits of one byte per scalar.
///
/// The patterns (tiktoken's `tiktoken_ext/openai_public.py`) are run by the Rust `fancy-regex` crate, whose
/// `\p{L}`, `\p{N}`, `\p{Lu}`… are Unicode general categories and whose `\s` is the Unicode `White_Space`
/// property. Here both come from the Swift standard library's Unicode tables.
enum ScalarClass {
    /// `\p{L}`: Lu, Ll, Lt, Lm, Lo.
    static let letter: UInt8 = 1
    /// `\p{N}`: Nd, Nl, No.
    static let number: UInt8 = 2
    /// `\s`: the `White_Space` property.
    static let space: UInt8 = 4
    /// `[\r\n]`.
    static let newline: UInt8 = 8
    /// o200k's `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`.
    static let upperish: UInt8 = 16
    /// o200k's `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`.
    static let lowerish: UInt8 = 32

    /// The class bits of `value` (a Unicode scalar value; anything else is treated as unassigned).
    @inline(__always)
    static func of(_ value: UInt32) -> UInt8 {
        if value < tableSize { return table[Int(value)] }
        return compute(value)
    }

    /// Scalars below this have their bits in `table` (the BMP and the Supplementary Multilingual Plane,
    /// which holds the emoji); the rest (CJK extensions, tags, variation selectors) are computed each time.
    static let tableSize: UInt32 = 0x20000

    /// Built once, on first use, for every process that tokenizes (about 128 KB).
    static let table: [UInt8] = {
        var bits = [UInt8](repeating: 0, count: Int(tableSize))
        for value in 0..<tableSize { bits[Int(value)] = compute(value) }
        return bits
    }()

    static func compute(_ value: UInt32) -> UInt8 {
        guard let scalar = Unicode.Scalar(value) else { return 0 }
        var bits: UInt8 = 0
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: bits |= letter | upperish
        case .lowercaseLetter: bits |= letter | lowerish
        case .modifierLetter, .otherLetter: bits |= letter | upperish | lowerish
        case .nonspacingMark, .spacingMark, .enclosingMark: bits |= upperish | lowerish
        case .decimalNumber, .letterNumber, .otherNumber: bits |= number
        default: break
        }
        if properties.isWhitespace { bits |= space }
        if value == 0x0A || value == 0x0D { bits |= newline }
        return bits
    }
}
