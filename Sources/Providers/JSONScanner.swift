/// An allocation-light reader of one JSON value held in caller-owned bytes (RFC 8259).
///
/// It walks the bytes once, in place, and hands out only the fields its caller asks for: member
/// keys are compared as raw bytes (keys containing escapes are compared escaped), strings are
/// unescaped in full (`\uXXXX` with UTF-16 surrogate pairs; a lone surrogate becomes U+FFFD),
/// numbers are read as integers. Anything else is skipped without being built.
/// The bytes must outlive the scanner; it never copies them.
///
/// Limits (untrusted bytes never crash it): objects and arrays nest at most `maxDepth` levels; a
/// deeper value throws a `JSONScanError`, which the decoders record as a `protocol` error.
public struct JSONScanner {
    public let bytes: UnsafeRawBufferPointer
    /// Offset of the next unread byte.
    public private(set) var position: Int
    /// Objects and arrays open around `position`.
    public private(set) var depth = 0

    /// The deepest nesting accepted: 128 levels, far beyond any provider's response (they nest under
    /// 10) and far below what the stack holds (recursion here costs a few hundred bytes a level).
    public static let maxDepth = 128

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.position = 0
    }

    /// A scanner over the same bytes that starts at `position` (to re-read a value seen earlier).
    public init(_ bytes: UnsafeRawBufferPointer, position: Int) {
        self.bytes = bytes
        self.position = position
    }

    /// The key of one object member, as its raw bytes between the quotes.
    public struct Key {
        public let raw: UnsafeRawBufferPointer

        /// Whether the key's bytes equal `name`'s UTF-8 bytes.
        @inline(__always)
        public func equals(_ name: StaticString) -> Bool {
            let n = name.utf8CodeUnitCount
            guard raw.count == n else { return false }
            if n == 0 { return true }
            return memcmp(raw.baseAddress!, name.utf8Start, n) == 0
        }
        public var string: String { String(decoding: raw, as: UTF8.self) }
    }

    // MARK: - Structure

    /// The kind of the next value, without consuming it.
    public enum ValueKind { case object, array, string, number, bool, null, end }

    public mutating func peekKind() -> ValueKind {
        skipWhitespace()
        guard position < bytes.count else { return .end }
        switch bytes[position] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: return .number
        }
    }

    /// Calls `body` once per member of the object that starts here; `body` must consume the value
    /// (read it or call `skipValue`). A `null` in place of the object calls `body` zero times.
    public mutating func forEachMember(_ body: (inout JSONScanner, Key) throws -> Void) throws {
        skipWhitespace()
        if try consumeNull() { return }
        try expect(UInt8(ascii: "{"))
        try enter()
        defer { depth -= 1 }
        skipWhitespace()
        if peekByte() == UInt8(ascii: "}") { position += 1; return }
        while true {
            skipWhitespace()
            let key = try rawStringSpan()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            // Before `before`: a body that only peeks (which skips white space) leaves the value
            // unread, and it is then skipped here instead of losing the scanner's place.
            skipWhitespace()
            let before = position
            try body(&self, Key(raw: UnsafeRawBufferPointer(rebasing: bytes[key])))
            if position == before { try skipValue() }
            skipWhitespace()
            guard position < bytes.count else { throw error("unterminated object") }
            let c = bytes[position]; position += 1
            if c == UInt8(ascii: "}") { return }
            if c != UInt8(ascii: ",") { throw error("expected ',' or '}' in object") }
        }
    }

    /// Calls `body` once per element of the array that starts here (zero times for `null`).
    public mutating func forEachElement(_ body: (inout JSONScanner) throws -> Void) throws {
        skipWhitespace()
        if try consumeNull() { return }
        try expect(UInt8(ascii: "["))
        try enter()
        defer { depth -= 1 }
        skipWhitespace()
        if peekByte() == UInt8(ascii: "]") { position += 1; return }
        while true {
            skipWhitespace()
            let before = position
            try body(&self)
            if position == before { try skipValue() }
            skipWhitespace()
            guard position < bytes.count else { throw error("unterminated array") }
            let c = bytes[position]; position += 1
            if c == UInt8(ascii: "]") { return }
            if c != UInt8(ascii: ",") { throw error("expected ',' or ']' in array") }
        }
    }

    /// Skips one value of any kind.
    public mutating func skipValue() throws {
        switch peekKind() {
        case .object: try forEachMember { s, _ in try s.skipValue() }
        case .array: try forEachElement { s in try s.skipValue() }
        case .string: _ = try rawStringSpan()
        case .null: _ = try consumeNull()
        case .bool: _ = try bool()
        case .number:
            let start = position
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
                     UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                    position += 1
                default:
                    if position == start { throw error("unexpected byte") }
                    return
                }
            }
            if position == start { throw error("unexpected end of input") }
        case .end: throw error("unexpected end of input")
        }
    }

    // MARK: - Scalars

    /// Reads a string value, unescaped; `nil` for `null`.
    public mutating func string() throws -> String? {
        skipWhitespace()
        if try consumeNull() { return nil }
        let span = try rawStringSpan()
        let raw = UnsafeRawBufferPointer(rebasing: bytes[span])
        if memchr(raw.baseAddress!, 0x5C, raw.count) == nil && raw.count > 0 {
            return String(decoding: raw, as: UTF8.self)
        }
        if raw.isEmpty { return "" }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        try Self.unescape(raw, into: &out, at: span.lowerBound)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends a string value's unescaped UTF-8 bytes to `out` and returns how many were appended
    /// (0 for `null` or `""`); avoids building a `String` per chunk.
    @discardableResult
    public mutating func appendString(to out: inout [UInt8]) throws -> Int {
        skipWhitespace()
        if try consumeNull() { return 0 }
        return try Self.appendContents(of: bytes, try rawStringSpan(), to: &out)
    }

    /// Appends the unescaped UTF-8 bytes of the raw string contents `bytes[span]` (from
    /// `rawStringSpan`) to `out` and returns how many were appended.
    @inline(__always)
    static func appendContents(of bytes: UnsafeRawBufferPointer, _ span: Range<Int>, to out: inout [UInt8]) throws -> Int {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[span])
        let before = out.count
        if raw.isEmpty { return 0 }
        if memchr(raw.baseAddress!, 0x5C, raw.count) == nil {
            out.append(contentsOf: raw)
        } else {
            try unescape(raw, into: &out, at: span.lowerBound)
        }
        return out.count - before
    }

    /// Reads an integer; `nil` for `null`. A fraction or exponent is rejected.
    public mutating func int() throws -> Int? {
        skipWhitespace()
        if try consumeNull() { return nil }
        var negative = false
        if peekByte() == UInt8(ascii: "-") { negative = true; position += 1 }
        var value = 0
        var digits = 0
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(bytes[position] - 0x30))
            if o1 || o2 { throw error("integer out of range") }
            value = a; digits += 1; position += 1
        }
        if digits == 0 { throw error("expected an integer") }
        if let c = peekByte(), c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            throw error("expected an integer, found a fraction")
        }
        return negative ? -value : value
    }

    /// Reads `true` or `false`; `nil` for `null`.
    public mutating func bool() throws -> Bool? {
        skipWhitespace()
        if try consumeNull() { return nil }
        if matchLiteral("true") { return true }
        if matchLiteral("false") { return false }
        throw error("expected true or false")
    }

    // MARK: - Helpers

    /// One more level of nesting, or an error past `maxDepth`.
    @inline(__always)
    mutating func enter() throws {
        guard depth < Self.maxDepth else { throw tooDeep() }
        depth += 1
    }

    @inline(never)
    func tooDeep() -> JSONScanError { error("objects and arrays nested deeper than \(Self.maxDepth) levels") }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    @inline(__always)
    func peekByte() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    @inline(__always)
    mutating func expect(_ c: UInt8) throws {
        guard position < bytes.count, bytes[position] == c else { throw expected(c) }
        position += 1
    }

    /// The error of `expect` (kept out of line: building its message is the rare path).
    @inline(never)
    func expected(_ c: UInt8) -> JSONScanError { error("expected '\(Character(Unicode.Scalar(c)))'") }

    mutating func consumeNull() throws -> Bool {
        guard peekByte() == UInt8(ascii: "n") else { return false }
        if matchLiteral("null") { return true }
        throw error("expected null")
    }

    mutating func matchLiteral(_ lit: StaticString) -> Bool {
        let n = lit.utf8CodeUnitCount
        guard position + n <= bytes.count,
              memcmp(bytes.baseAddress! + position, lit.utf8Start, n) == 0 else { return false }
        position += n
        return true
    }

    /// Consumes a string token and returns the range of its raw (still escaped) contents.
    /// The closing quote is found with `memchr`; one preceded by an odd run of backslashes is escaped.
    mutating func rawStringSpan() throws -> Range<Int> {
        try expect(UInt8(ascii: "\""))
        let start = position
        guard let base = bytes.baseAddress else { throw error("unterminated string") }
        var from = position
        while from < bytes.count, let hit = memchr(base + from, 0x22, bytes.count - from) {
            let q = base.distance(to: UnsafeRawPointer(hit))
            var backslashes = 0
            while q - backslashes - 1 >= start, bytes[q - backslashes - 1] == 0x5C { backslashes += 1 }
            if backslashes % 2 == 0 {
                position = q + 1
                return start..<q
            }
            from = q + 1
        }
        position = bytes.count
        throw error("unterminated string")
    }

    func error(_ what: String) -> JSONScanError { JSONScanError(offset: position, message: what) }

    static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: return UInt32(c - 0x30)
        case 0x41...0x46: return UInt32(c - 0x41 + 10)
        case 0x61...0x66: return UInt32(c - 0x61 + 10)
        default: return nil
        }
    }

    static func hex4(_ raw: UnsafeRawBufferPointer, _ i: Int, base: Int) throws -> UInt32 {
        guard i + 4 <= raw.count else { throw JSONScanError(offset: base + i, message: "short \\u escape") }
        var v: UInt32 = 0
        for k in 0..<4 {
            guard let h = hexValue(raw[i + k]) else { throw JSONScanError(offset: base + i + k, message: "bad hex digit in \\u escape") }
            v = v << 4 | h
        }
        return v
    }

    static func appendScalar(_ v: UInt32, into out: inout [UInt8]) {
        let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
        UTF8.encode(scalar) { byte in out.append(byte) }
    }

    /// Unescapes the raw contents of a JSON string into UTF-8 bytes.
    static func unescape(_ raw: UnsafeRawBufferPointer, into out: inout [UInt8], at base: Int) throws {
        var i = 0
        let n = raw.count
        while i < n {
            let c = raw[i]
            if c != 0x5C { out.append(c); i += 1; continue }
            guard i + 1 < n else { throw JSONScanError(offset: base + i, message: "dangling backslash") }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case 0x5C: out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let hi = try hex4(raw, i, base: base)
                i += 4
                if hi >= 0xD800 && hi < 0xDC00 {
                    // A high surrogate: pair it with a following \uDC00-\uDFFF, else U+FFFD.
                    if i + 6 <= n, raw[i] == 0x5C, raw[i + 1] == UInt8(ascii: "u"),
                       let lo = try? hex4(raw, i + 2, base: base), lo >= 0xDC00, lo < 0xE000 {
                        i += 6
                        appendScalar(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00), into: &out)
                    } else {
                        appendScalar(0xFFFD, into: &out)
                    }
                } else if hi >= 0xDC00 && hi < 0xE000 {
                    appendScalar(0xFFFD, into: &out)
                } else {
                    appendScalar(hi, into: &out)
                }
            default:
                throw JSONScanError(offset: base + i - 1, message: "unknown escape '\\\(Character(Unicode.Scalar(e)))'")
            }
        }
    }
}

/// Malformed JSON: what was expected and the byte offset where it was not found.
public struct JSONScanError: Error, Sendable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
