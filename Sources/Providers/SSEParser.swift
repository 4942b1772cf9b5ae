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
/// Hot path: call `next(_:from:)` in a loop; when it returns `true`, read `eventName`/`data`
/// (valid until the next call). Nothing is allocated once the buffers have grown.
public struct SSEParser: Sendable {
    /// Bytes of the current, unfinished line.
    private var line: [UInt8] = []
    /// The event being assembled, and after `next` returns true, the dispatched one.
    public private(set) var data: [UInt8] = []
    /// The dispatched event's name bytes; empty means `message`.
    public private(set) var eventName: [UInt8] = []
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
        data.reserveCapacity(512)
    }

    /// Whether bytes of an undispatched event (or line) are pending: at end of stream, a sign of truncation.
    public var hasPartialEvent: Bool { !dispatched && (sawData || !line.isEmpty) }

    /// Consumes `bytes` from `offset` until one event is complete (returns `true`, with `offset` just
    /// past it) or the slice is used up (returns `false`, `offset == bytes.count`).
    public mutating func next(_ bytes: UnsafeRawBufferPointer, from offset: inout Int) -> Bool {
        if dispatched {
            dispatched = false
            data.removeAll(keepingCapacity: true)
            eventName.removeAll(keepingCapacity: true)
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
            // Find the end of the line within this slice.
            var j = i
            while j < n, base[j] != 0x0A, base[j] != 0x0D { j += 1 }
            if j > i {
                if line.count + data.count + (j - i) > maxEventBytes {
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

    /// Handles one complete line; returns true when it dispatched an event.
    private mutating func processLine() -> Bool {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            if sawData {
                if data.last == 0x0A { data.removeLast() }
                dispatched = true
                eventCount += 1
                return true
            }
            eventName.removeAll(keepingCapacity: true)
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
                data.append(contentsOf: value)
                data.append(0x0A)
                sawData = true
            } else if Self.same(name, "event") {
                eventName.removeAll(keepingCapacity: true)
                eventName.append(contentsOf: value)
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
            events.append(SSEEvent(name: eventName.isEmpty ? "message" : String(decoding: eventName, as: UTF8.self),
                                   data: String(decoding: data, as: UTF8.self)))
        }
        return events
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
