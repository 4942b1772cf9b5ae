import Foundation

/// One row's text and BLOB values copied side by side into a buffer reused from row to row, so they
/// can be bound with `SQLITE_STATIC`: SQLite then reads them in place while the statement steps
/// instead of allocating and copying every value (`SQLITE_TRANSIENT`,
/// <https://www.sqlite.org/c3ref/bind_blob.html>). A view it hands out stays valid until the next
/// `start(capacity:)` or its release; its owner steps the statement before either.
final class RowBytes {
    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    private var used = 0

    init(capacity: Int = 4_096) {
        self.capacity = max(64, capacity)
        base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { base.deallocate() }

    /// Forgets the previous row's bytes and makes room for `count` bytes (views handed out before are
    /// invalid from here on).
    func start(capacity count: Int) {
        used = 0
        guard count > capacity else { return }
        base.deallocate()
        capacity = max(count, 2 * capacity)
        base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
    }

    /// `text`'s UTF-8 bytes copied in (nil for nil); `start` must have made room for them.
    func copy(_ text: String?) -> UnsafeRawBufferPointer? {
        guard var text else { return nil }
        return text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// `values` as 8-byte little-endian integers (nil for nil or none); `start` must have made room.
    func copyLittleEndian(_ values: [Int64]?) -> UnsafeRawBufferPointer? {
        guard let values, !values.isEmpty else { return nil }
        #if _endian(little)
        return values.withUnsafeBytes { append($0) }
        #else
        precondition(used + values.count * 8 <= capacity, "RowBytes: start(capacity:) reserved too little")
        let start = base + used
        for (i, value) in values.enumerated() { (start + i * 8).storeBytes(of: value.littleEndian, as: Int64.self) }
        used += values.count * 8
        return UnsafeRawBufferPointer(start: start, count: values.count * 8)
        #endif
    }

    private func append(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        precondition(used + bytes.count <= capacity, "RowBytes: start(capacity:) reserved too little")
        let start = base + used
        if let source = bytes.baseAddress, bytes.count > 0 { start.copyMemory(from: source, byteCount: bytes.count) }
        used += bytes.count
        return UnsafeRawBufferPointer(start: start, count: bytes.count)
    }
}
