/// One dispatched server-sent event, as an owned value (the convenience form; tests use it).
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field, or `"message"` when none was given.
    public var name: String
    /// Every `data:` line of the event joined with `\n`.
    public var data: String
    public init(name: String = "message", data: String) { self.name = name; self.data = data }
}

/// An incremental parser of a `text/event-stream` body, as the WHATWG HTML standard's
/// "Server-sent events" section defines it: a value-type state machine fed arbitrary byte
/// slices, so an event, a line or a `\r\n` pair may be split at any byte.
///
/// Lines end in `\r\n`, `\n` or `\r`. A line starting with `:` is a comment. `field:value` (one
/// leading space of the value dropped) sets `event` or appends `value + "\n"` to the data buffer;
/// `id` and `retry` are accepted and ignored. A blank line dispatches the event when data was
/// seen, with the last `\n` of the data removed. Bytes after the last blank line are an
/// incomplete event and are never dispatched (`hasPartialEvent` says whether there are any).
///
/// Limit: an event (its data so far plus the current line) may hold at most `maxEventBytes`; past
/// it `overflowed` turns true and the parser consumes nothing more (the recorder ends the attempt
/// with `response_too_large`), so a server cannot make it buffer without bound.
///
/// Hot path: call `next(_:from:)` in a loop; when it returns `true`, read the event with
/// `withEvent` (valid until the next call, while the slice passed to `next` is alive). Nothing is
/// allocated once the buffers have grown, and an event that lies wholly inside one slice with a
/// single `data:` line (what servers stream) is not copied at all: `withEvent` points into the slice.
public struct SSEParser: Sendable {
    /// Bytes of the current, unfinished line.
    private var line: [UInt8] = []
    /// The event being assembled (and after `next` returned true, the dispatched one unless it
    /// was dispatched in place).
    private var dataBuffer: [UInt8] = []
    private var nameBuffer: [UInt8] = []
    /// An event dispatched in place: the address of the slice `next` was given (kept as a number, so
    /// the parser stays `Sendable`; only read while that slice is alive), and its name and data ranges.
    private var inPlace: (slice: UInt, name: Range<Int>, data: Range<Int>)?
    private var sawData = false
    /// The previous slice ended in `\r`: a `\n` starting the next one belongs to it.
    private var afterCR = false
    /// The previous call dispatched: clear the event buffers before going on.
    private var dispatched = false

    /// The largest event accepted, in bytes.
    public let maxEventBytes: Int
    /// An event or line passed `maxEventBytes`; nothing more is parsed.
    public private(set) var overflowed = false
    /// Events dispatched so far.
    public private(set) var eventCount = 0

    public init(maxEventBytes: Int = ResponseLimits.maxEventBytes) {
        self.maxEventBytes = max(1, maxEventBytes)
        line.reserveCapacity(512)
        dataBuffer.reserveCapacity(512)
    }

    /// Whether bytes of an undispatched event (or line) are pending: at end of stream, a sign of truncation.
    public var hasPartialEvent: Bool { !dispatched && (sawData || !line.isEmpty) }

    /// Calls `body` with the dispatched event's name (empty means `message`) and data.
    @inline(__always)
    public func withEvent<R>(_ body: (_ name: UnsafeRawBufferPointer, _ data: UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let e = inPlace, let base = UnsafeRawPointer(bitPattern: e.slice) {
            return try body(UnsafeRawBufferPointer(start: base + e.name.lowerBound, count: e.name.count),
                            UnsafeRawBufferPointer(start: base + e.data.lowerBound, count: e.data.count))
        }
        return try nameBuffer.withUnsafeBytes { name in try dataBuffer.withUnsafeBytes { data in try body(name, data) } }
    }

    /// The dispatched event's data, copied (the convenience form).
    public var data: [UInt8] { withEvent { _, d in Array(d) } }
    /// The dispatched event's name bytes, copied; empty means `message`.
    public var eventName: [UInt8] { withEvent { n, _ in Array(n) } }

    /// Consumes `bytes` from `offset` until one event is complete (returns `true`, with `offset` just
    /// past it) or the slice is used up (returns `false`, `offset == bytes.count`).
    public mutating func next(_ bytes: UnsafeRawBufferPointer, from offset: inout Int) -> Bool {
        if dispatched {
            dispatched = false
            inPlace = nil
            dataBuffer.removeAll(keepingCapacity: true)
            nameBuffer.removeAll(keepingCapacity: true)
            sawData = false
        }
        let n = bytes.count
        if overflowed { offset = n; return false }
        guard n > 0, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        var i = offset
        while i < n {
            if afterCR {
                afterCR = false
                if base[i] == 0x0A { i += 1; continue }
            }
            if line.isEmpty, !sawData, nameBuffer.isEmpty, let e = Self.wholeEvent(base, n, from: i, max: maxEventBytes) {
                inPlace = (UInt(bitPattern: base), e.name, e.data)
                afterCR = e.endsInCR
                dispatched = true
                eventCount += 1
                offset = e.end
                return true
            }
            // Find the end of the line within this slice.
            let j = Self.lineEnd(base, from: i, n)
            if j > i {
                if line.count + dataBuffer.count + (j - i) > maxEventBytes {
                    overflowed = true
                    offset = n
                    return false
                }
                line.append(contentsOf: UnsafeBufferPointer(start: base + i, count: j - i))
            }
            if j == n { i = n; break }
            if base[j] == 0x0D { afterCR = true }
            i = j + 1
            if processLine() {
                offset = i
                return true
            }
        }
        offset = n
        return false
    }

    /// An event at `from` that the slice holds whole, with at most one `data:` line, optional
    /// `event:`/`id:`/`retry:`/comment lines before it, ending in a blank line: the ranges of its
    /// name and data and the index past it (`endsInCR`: its last line ended in a lone `\r` so
    /// far, and a `\n` starting the next slice belongs to it). nil when the event is anything
    /// else (split, several data lines, too large), which the line-by-line path then reads.
    @inline(__always)
    private static func wholeEvent(_ base: UnsafePointer<UInt8>, _ n: Int, from start: Int, max: Int)
        -> (name: Range<Int>, data: Range<Int>, end: Int, endsInCR: Bool)? {
        var i = start
        var name = start..<start
        var data: Range<Int>?
        while i < n {
            let j = Self.lineEnd(base, from: i, n)
            if j == n || j - i > max { return nil }  // the line goes on in the next slice, or is over the limit
            // Past the line's end: `\r\n` counts as one; a lone `\r` at the slice's end may be followed by `\n`.
            var next = j + 1
            var crAtEnd = false
            if base[j] == 0x0D {
                if next < n { if base[next] == 0x0A { next += 1 } } else { crAtEnd = true }
            }
            if j == i {
                // A blank line: the end of the event, if it had data (else the slow path).
                guard let d = data else { return nil }
                return (name, d, next, crAtEnd)
            }
            if crAtEnd { return nil }
            if base[i] != UInt8(ascii: ":") {
                var colon = i
                while colon < j, base[colon] != UInt8(ascii: ":") { colon += 1 }
                var v = Swift.min(colon + 1, j)
                if v < j, base[v] == 0x20 { v += 1 }
                let fieldLength = colon - i
                if fieldLength == 4, memcmp(base + i, "data", 4) == 0 {
                    if data != nil { return nil }
                    data = v..<j
                } else if fieldLength == 5, memcmp(base + i, "event", 5) == 0 {
                    if data != nil { return nil }
                    name = v..<j
                }
            }
            i = next
        }
        return nil
    }

    /// The index of the first `\n` or `\r` at or after `i` (`n` when none): two `memchr`s, not a loop per byte.
    @inline(__always)
    private static func lineEnd(_ base: UnsafePointer<UInt8>, from i: Int, _ n: Int) -> Int {
        if base[i] == 0x0A || base[i] == 0x0D { return i }
        let nl = memchr(base + i, 0x0A, n - i).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? n
        return memchr(base + i, 0x0D, nl - i).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? nl
    }

    /// Handles one complete line; returns true when it dispatched an event.
    private mutating func processLine() -> Bool {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            if sawData {
                if dataBuffer.last == 0x0A { dataBuffer.removeLast() }
                dispatched = true
                eventCount += 1
                return true
            }
            nameBuffer.removeAll(keepingCapacity: true)
            return false
        }
        if line[0] == UInt8(ascii: ":") { return false }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.count
        var valueStart = min(colon + 1, line.count)
        if valueStart < line.count, line[valueStart] == 0x20 { valueStart += 1 }
        let nameLen = colon
        line.withUnsafeBufferPointer { l in
            let name = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(l)[0..<nameLen])
            let value = UnsafeBufferPointer(rebasing: l[valueStart..<l.count])
            if Self.same(name, "data") {
                dataBuffer.append(contentsOf: value)
                dataBuffer.append(0x0A)
                sawData = true
            } else if Self.same(name, "event") {
                nameBuffer.removeAll(keepingCapacity: true)
                nameBuffer.append(contentsOf: value)
            }
        }
        return false
    }

    @inline(__always)
    private static func same(_ a: UnsafeRawBufferPointer, _ b: StaticString) -> Bool {
        a.count == b.utf8CodeUnitCount && (a.count == 0 || memcmp(a.baseAddress!, b.utf8Start, a.count) == 0)
    }

    /// Feeds a slice and returns every event it completed, as owned values.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [SSEEvent] {
        var events: [SSEEvent] = []
        var offset = 0
        while next(bytes, from: &offset) {
            events.append(withEvent { name, data in
                SSEEvent(name: name.isEmpty ? "message" : String(decoding: name, as: UTF8.self),
                         data: String(decoding: data, as: UTF8.self))
            })
        }
        return events
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
