import LLMBenchCore

/// Parses tiktoken's ranks format: one `BASE64 RANK` line per token (`tiktoken/load.py`, `load_tiktoken_bpe`).
///
/// Bounded: at most `maxLines` lines, tokens of 1 ... `maxTokenBytes` bytes, ranks `0, 1, 2, …` in file order
/// (the published files are dense and sorted; anything else is rejected). Errors name the file and line.
/// Duplicate tokens are not looked for: the caller has already checked the file's SHA-256 against the published one.
enum RanksFile {
    static let maxLines = 1_000_000
    static let maxTokenBytes = 512

    static func parse(_ data: [UInt8], path: String) throws -> [[UInt8]] {
        var tokens: [[UInt8]] = []
        var lineStart = 0
        var lineNumber = 0
        while lineStart < data.count {
            var lineEnd = lineStart
            while lineEnd < data.count && data[lineEnd] != 0x0A { lineEnd += 1 }
            lineNumber += 1
            if lineNumber > maxLines { throw LLMBenchError.data("\(path): more than \(maxLines) lines") }
            if lineEnd > lineStart {
                guard let space = data[lineStart..<lineEnd].firstIndex(of: 0x20) else {
                    throw LLMBenchError.data("\(path):\(lineNumber): expected 'BASE64 RANK'")
                }
                guard let token = base64Decode(data[lineStart..<space]), !token.isEmpty, token.count <= maxTokenBytes else {
                    throw LLMBenchError.data("\(path):\(lineNumber): token is not base64 of 1...\(maxTokenBytes) bytes")
                }
                guard let rank = decimal(data[(space + 1)..<lineEnd]), rank == tokens.count else {
                    throw LLMBenchError.data("\(path):\(lineNumber): rank is not \(tokens.count) (ranks must count up from 0)")
                }
                tokens.append(token)
            }
            lineStart = lineEnd + 1
        }
        return tokens
    }

    /// Standard base64 (RFC 4648 §4) with optional `=` padding; nil on any other byte.
    static func base64Decode(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        var padding = 0
        for byte in text {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="): padding += 1; continue
            default: return nil
            }
            if padding > 0 { return nil }
            accumulator = (accumulator << 6) | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        guard padding <= 2, (text.count % 4 == 0 || padding == 0) else { return nil }
        return out
    }

    /// A non-negative decimal of at most 9 digits (a trailing `\r` is allowed); nil otherwise.
    static func decimal(_ text: ArraySlice<UInt8>) -> Int? {
        var digits = text
        if digits.last == 0x0D { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
