/// A minimal writer of JSON request bodies (RFC 8259), appending UTF-8 bytes.
/// Strings are escaped as the RFC requires: `"` `\` and control characters below U+0020.
struct JSONBody {
    private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    init() { bytes.reserveCapacity(1024) }

    mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    mutating func endObject() { needsComma.removeLast(); bytes.append(UInt8(ascii: "}")) }
    mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    mutating func endArray() { needsComma.removeLast(); bytes.append(UInt8(ascii: "]")) }

    /// Writes `"name":` inside an object; the next value call writes its value.
    mutating func key(_ name: String) {
        separate()
        appendString(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }
    /// A key was just written: its value takes no separator.
    private var afterKey = false

    mutating func string(_ value: String) { separate(); appendString(value) }
    mutating func int(_ value: Int) { separate(); bytes.append(contentsOf: String(value).utf8) }
    mutating func bool(_ value: Bool) { separate(); bytes.append(contentsOf: (value ? "true" : "false").utf8) }
    /// A finite double in Swift's shortest round-trip form (`0.7`, `1.0`); non-finite writes `null`.
    mutating func double(_ value: Double) {
        separate()
        bytes.append(contentsOf: Array((value.isFinite ? "\(value)" : "null").utf8))
    }

    mutating func field(_ name: String, _ value: String) { key(name); string(value) }
    mutating func field(_ name: String, _ value: Int) { key(name); int(value) }
    mutating func field(_ name: String, _ value: Bool) { key(name); bool(value) }
    mutating func field(_ name: String, _ value: Double) { key(name); double(value) }

    /// Emits a comma before a value or key when one is due, then marks the level as non-empty.
    private mutating func separate() {
        if afterKey { afterKey = false; return }
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    /// Copies runs of bytes that need no escape in one append each (a prompt is mostly such a run);
    /// per byte, only the escapes are written one at a time.
    private mutating func appendString(_ s: String) {
        bytes.append(0x22)
        var s = s
        s.withUTF8 { u in
            var start = 0
            for i in 0..<u.count {
                let b = u[i]
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                if i > start { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<i])) }
                start = i + 1
                switch b {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
                default:
                    let hex: StaticString = "0123456789abcdef"
                    let h = hex.utf8Start
                    bytes.append(0x5C); bytes.append(UInt8(ascii: "u")); bytes.append(0x30); bytes.append(0x30)
                    bytes.append(h[Int(b >> 4)]); bytes.append(h[Int(b & 0xF)])
                }
            }
            if u.count > start { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<u.count])) }
        }
        bytes.append(0x22)
    }
}
