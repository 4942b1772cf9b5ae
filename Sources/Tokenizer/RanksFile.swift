import LLMBenchCore

/// Parses tiktoken's ranks format: one `BASE64 RANK` line per token (`tiktoken/load.py`, `load_tiktoken_bpe`).
///
/// Bounded: at most `maxLines` lines, tokens of 1 ... `maxTokenBytes` bytes, ranks `0, 1, 2, …` in file order
/// (the published files are dense and sorted; anything else is rejected). Errors name the file and line.
/// Duplicate tokens are not looked for: the caller has already checked the file's SHA-256 against the published one.
enum RanksFile {
    static let maxLines = 1_000_000
    static let maxTokenBytes = RankTable.maxTokenBytes

    /// The tokens' bytes concatenated in rank order, and where each starts (`count + 1` offsets).
    static func parse(_ data: [UInt8], path: String) throws -> (blob: [UInt8], offsets: [UInt32]) {
        var blob: [UInt8] = []
        blob.reserveCapacity(data.count / 2)
        var offsets: [UInt32] = [0]
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
                let before = blob.count
                guard base64Decode(data[lineStart..<space], into: &blob), blob.count > before,
                      blob.count - before <= maxTokenBytes else {
                    throw LLMBenchError.data("\(path):\(lineNumber): token is not base64 of 1...\(maxTokenBytes) bytes")
                }
                let expected = offsets.count - 1
                guard let rank = decimal(data[(space + 1)..<lineEnd]), rank == expected else {
                    throw LLMBenchError.data("\(path):\(lineNumber): rank is not \(expected) (ranks must count up from 0)")
                }
                offsets.append(UInt32(blob.count))
            }
            lineStart = lineEnd + 1
        }
        return (blob, offsets)
    }

    /// Appends the bytes of standard base64 (RFC 4648 §4, optional `=` padding) to `out`; false on any other byte.
    static func base64Decode(_ text: ArraySlice<UInt8>, into out: inout [UInt8]) -> Bool {
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
            default: return false
            }
            if padding > 0 { return false }
            accumulator = (accumulator << 6) | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        return padding <= 2 && (text.count % 4 == 0 || padding == 0)
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
