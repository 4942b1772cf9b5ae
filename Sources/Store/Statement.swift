import CSQLite
import Foundation

/// A prepared statement (`sqlite3_stmt`), finalized in `deinit`.
///
/// It never leaves the module and is used only while its `Database`'s lock is held. Every
/// `sqlite3_bind_*` and `sqlite3_step` result is checked; a failure becomes a `DatabaseError`
/// carrying this statement's SQL but none of its bound values.
final class Statement {
    let handle: OpaquePointer
    let db: OpaquePointer
    let sql: String

    init(db: OpaquePointer, sql: String, persistent: Bool = false) throws {
        var stmt: OpaquePointer?
        let flags: UInt32 = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let rc = sqlite3_prepare_v3(db, sql, -1, flags, &stmt, nil)
        guard rc == SQLITE_OK else { throw DatabaseError(rc: rc, db: db, sql: sql) }
        guard let stmt else {
            throw DatabaseError(code: SQLITE_MISUSE, message: "empty statement", sql: sql)
        }
        self.handle = stmt
        self.db = db
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    // MARK: Binding (1-based parameter indexes, as SQLite numbers them)

    private func check(_ rc: Int32) throws {
        if rc != SQLITE_OK { throw DatabaseError(rc: rc, db: db, sql: sql) }
    }

    func bindNull(_ index: Int32) throws { try check(sqlite3_bind_null(handle, index)) }

    func bind(_ value: Int64?, _ index: Int32) throws {
        guard let value else { return try bindNull(index) }
        try check(sqlite3_bind_int64(handle, index, value))
    }

    func bind(_ value: Int?, _ index: Int32) throws {
        try bind(value.map { Int64($0) }, index)
    }

    func bind(_ value: Bool, _ index: Int32) throws {
        try check(sqlite3_bind_int64(handle, index, value ? 1 : 0))
    }

    func bind(_ value: Double?, _ index: Int32) throws {
        guard let value else { return try bindNull(index) }
        try check(sqlite3_bind_double(handle, index, value))
    }

    /// Binds UTF-8 text with its length (so embedded NULs survive); SQLite copies the bytes.
    func bind(_ value: String?, _ index: Int32) throws {
        guard var value else { return try bindNull(index) }
        let rc = value.withUTF8 { buffer -> Int32 in
            // A nil base address would bind NULL, so the empty string gets a real pointer.
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                return sqlite3_bind_text(handle, index, "", 0, llmbench_sqlite_transient())
            }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                sqlite3_bind_text(handle, index, $0, Int32(buffer.count), llmbench_sqlite_transient())
            }
        }
        try check(rc)
    }

    /// Binds bytes as a BLOB (`nil` binds NULL; an empty array binds a zero-length BLOB).
    func bind(_ value: [UInt8]?, _ index: Int32) throws {
        guard let value else { return try bindNull(index) }
        let rc = value.withUnsafeBytes { raw -> Int32 in
            guard let base = raw.baseAddress, raw.count > 0 else { return sqlite3_bind_zeroblob(handle, index, 0) }
            return sqlite3_bind_blob(handle, index, base, Int32(raw.count), llmbench_sqlite_transient())
        }
        try check(rc)
    }

    /// Binds Int64s as a BLOB of 8-byte little-endian integers (`nil` or empty binds NULL): on a
    /// little-endian host straight from the array's memory, with no encoded copy (SQLite copies the bytes).
    func bindLittleEndian(_ values: [Int64]?, _ index: Int32) throws {
        guard let values, !values.isEmpty else { return try bindNull(index) }
        #if _endian(little)
        let rc = values.withUnsafeBytes { raw in
            sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), llmbench_sqlite_transient())
        }
        try check(rc)
        #else
        try bind(RequestColumns.encodeArrivals(values), index)
        #endif
    }

    // MARK: Stepping

    /// Advances to the next row: true when a row is ready, false when the statement is done.
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = DatabaseError(rc: rc, db: db, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs a statement that returns no rows (rows it does return are skipped).
    func run() throws {
        while try step() {}
    }

    /// Makes the statement ready to run again with new bindings.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: Columns (0-based, as SQLite numbers them)

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    func int(_ column: Int32) -> Int { Int(int64(column)) }

    func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }

    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    /// The column as UTF-8 text; NULL reads as the empty string.
    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    /// The value `make` builds from the column's text, taken from `cache` when the column holds the
    /// same bytes as the row it was built from (a run's rows repeat their run id, model, dataset and
    /// status: no string is built and no raw value parsed for them). NULL reads as the empty string;
    /// nil when `make` rejects the text (not cached).
    func text<Value>(_ column: Int32, cached cache: inout RepeatedText<Value>, _ make: (String) -> Value?) -> Value? {
        let count = Int(sqlite3_column_bytes(handle, column))
        if let value = cache.value, count == cache.bytes.count {
            guard count > 0 else { return value }
            if let bytes = sqlite3_column_text(handle, column),
               cache.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes, count) == 0 }) {
                return value
            }
        }
        let text = text(column)
        guard let value = make(text) else { return nil }
        cache = RepeatedText(bytes: Array(text.utf8), value: value)
        return value
    }

    /// The column's bytes; NULL reads as nil, a zero-length BLOB as an empty array.
    func blob(_ column: Int32) -> [UInt8]? {
        if isNull(column) { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let base = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// The column's length in bytes.
    func byteCount(_ column: Int32) -> Int { Int(sqlite3_column_bytes(handle, column)) }

    /// A BLOB column read as 8-byte little-endian signed integers straight from SQLite's buffer (one
    /// allocation); nil when its length is not a multiple of 8.
    func littleEndianInt64s(_ column: Int32) -> [Int64]? {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count % 8 == 0 else { return nil }
        guard count > 0, let base = sqlite3_column_blob(handle, column) else { return [] }
        let raw = UnsafeRawBufferPointer(start: base, count: count)
        return [Int64](unsafeUninitializedCapacity: count / 8) { buffer, initialized in
            for i in 0..<(count / 8) { buffer[i] = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)) }
            initialized = count / 8
        }
    }
}

/// The bytes of a text column in the previous row and the value built from them (`Statement.text(_:cached:_:)`).
struct RepeatedText<Value> {
    var bytes: [UInt8] = []
    var value: Value?
}
