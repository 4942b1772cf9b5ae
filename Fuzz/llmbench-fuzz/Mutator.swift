import LLMBenchCore

/// The mutations a case applies to a seed input: truncation, bit flips, deep nesting, huge and odd
/// numbers, type swaps, invalid UTF-8, duplication. Deterministic for one generator state.
enum Mutator {
    static let numbers = ["1e400", "99999999999999999999999", "-1", "-9223372036854775808", "0.5", "1000000000000000",
                          "1E+2", "-0", "00012", "1.0e", "NaN", "9223372036854775807"]
    static let values = ["null", "true", "\"str\"", "{}", "[]", "{\"a\":[1,{\"b\":null}]}", "12", "\"\\ud800\"", "\"\\u00\""]
    static let badUTF8: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]]

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = input
        let rounds = 1 + rng.nextInt(below: 3)
        for _ in 0..<rounds {
            let at = b.isEmpty ? 0 : rng.nextInt(below: b.count + 1)
            switch rng.nextInt(below: 8) {
            case 0: // truncation
                b = Array(b.prefix(at))
            case 1: // bit flips
                for _ in 0..<(1 + rng.nextInt(below: 8)) where !b.isEmpty {
                    let i = rng.nextInt(below: b.count)
                    b[i] ^= UInt8(1 << rng.nextInt(below: 8))
                }
            case 2: // deep nesting, past the scanner's limit and well past the stack's
                let levels = [100, 129, 1_000, 10_000, 30_000][rng.nextInt(below: 5)]
                let open = rng.nextInt(below: 2) == 0 ? "[" : "{\"a\":"
                let close = open == "[" ? "]" : "}"
                let balanced = rng.nextInt(below: 2) == 0
                let deep = String(repeating: open, count: levels) + "1" + (balanced ? String(repeating: close, count: levels) : "")
                b = replaceValue(b, at: at, with: Array(deep.utf8))
            case 3: // huge or odd numbers in place of a number
                b = replaceNumber(b, from: at, with: Array(numbers[rng.nextInt(below: numbers.count)].utf8))
            case 4: // type swap: a value of another kind where one was
                b = replaceValue(b, at: at, with: Array(values[rng.nextInt(below: values.count)].utf8))
            case 5: // invalid UTF-8
                b.insert(contentsOf: badUTF8[rng.nextInt(below: badUTF8.count)], at: at)
            case 6: // duplicate a slice (repeated events, keys, fields)
                guard !b.isEmpty else { continue }
                let start = rng.nextInt(below: b.count)
                let end = min(b.count, start + 1 + rng.nextInt(below: 200))
                b.insert(contentsOf: Array(b[start..<end]), at: min(at, b.count))
            default: // line ends swapped, a stray blank line or quote
                let junk: [[UInt8]] = [[0x0D], [0x0A, 0x0A], [0x22], [0x5C], [0x3A], [0x00]]
                b.insert(contentsOf: junk[rng.nextInt(below: junk.count)], at: at)
            }
        }
        return b
    }

    /// Replaces the JSON value that starts at or after `at` (after a `:` or `[`) with `value`.
    static func replaceValue(_ b: [UInt8], at: Int, with value: [UInt8]) -> [UInt8] {
        var i = at
        while i < b.count, b[i] != UInt8(ascii: ":") && b[i] != UInt8(ascii: "[") { i += 1 }
        guard i < b.count else { return b + value }
        i += 1
        while i < b.count, b[i] == 0x20 { i += 1 }
        var j = i
        var depth = 0
        var inString = false
        while j < b.count {
            let c = b[j]
            if inString {
                if c == 0x5C { j += 1 } else if c == 0x22 { inString = false; if depth == 0 { j += 1; break } }
            } else if c == 0x22 { inString = true }
            else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { depth += 1 }
            else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                if depth == 0 { break }
                depth -= 1
                if depth == 0 { j += 1; break }
            } else if depth == 0 && (c == UInt8(ascii: ",") || c == 0x0A) { break }
            j += 1
        }
        return Array(b[..<i]) + value + Array(b[min(j, b.count)...])
    }

    /// Replaces the first run of digits at or after `from` with `value`.
    static func replaceNumber(_ b: [UInt8], from: Int, with value: [UInt8]) -> [UInt8] {
        var i = from
        while i < b.count, !(b[i] >= 0x30 && b[i] <= 0x39) { i += 1 }
        guard i < b.count else { return b }
        var j = i
        while j < b.count, (b[j] >= 0x30 && b[j] <= 0x39) || b[j] == UInt8(ascii: "-") { j += 1 }
        return Array(b[..<i]) + value + Array(b[j...])
    }
}
