import CSQLite
import Foundation

/// The one owner of one SQLite connection: every access goes through its lock, and the raw
/// `sqlite3*` pointer never leaves it.
///
/// A writable open sets WAL journaling (`PRAGMA journal_mode=WAL`), `synchronous=NORMAL` (a commit
/// survives a process crash; a power loss may lose the last commits but never corrupts the file, as
/// <https://www.sqlite.org/wal.html> documents), a 2 MiB page cache, a checkpoint every 4,096 WAL
/// pages (on a second connection's thread while a `RecordWriter` is open: `CheckpointPlan`), foreign
/// keys on, a 5 s busy timeout, and runs the
/// migrations up to `Database.schemaVersion`. `close()` checkpoints the WAL into the main file, so
/// the single `.sqlite` file is complete when copied.
public final class Database: @unchecked Sendable {
    /// The file this connection opened.
    public let path: String
    /// True when opened with `readOnly: true` (nothing is ever written, no file is created).
    public let isReadOnly: Bool

    /// Recursive, so a `forEach…` body may query the same database.
    private let lock = NSRecursiveLock()
    private var handle: OpaquePointer?
    private var statementCache: [String: Statement] = [:]
    /// The file's schema version once opened: `Schema.version` after a writable open (it migrates);
    /// possibly older for a read-only open, whose queries then read the columns that version had.
    public private(set) var fileSchemaVersion = 0
    /// The WAL checkpointer of the open `RecordWriter`s and how many use it (`beginBackgroundCheckpoints`).
    var backgroundCheckpoints: (checkpointer: BackgroundCheckpointer, users: Int)?

    /// Milliseconds SQLite waits on a lock held by another connection before failing with `SQLITE_BUSY`.
    public static let busyTimeoutMs: Int32 = 5_000

    /// The page cache of a writable connection, KiB (`PRAGMA cache_size`; read-only opens keep SQLite's 2 MiB).
    static let writerCacheKiB = 2_048
    /// WAL pages written before an automatic checkpoint (`PRAGMA wal_autocheckpoint`; SQLite's default is 1,000).
    static let walCheckpointPages = 4_096

    /// The linked SQLite library's version, e.g. `3.40.1` (`sqlite3_libversion`).
    public static var sqliteVersion: String { String(cString: sqlite3_libversion()) }

    private init(path: String, readOnly: Bool, handle: OpaquePointer) {
        self.path = path
        self.isReadOnly = readOnly
        self.handle = handle
    }

    deinit {
        backgroundCheckpoints?.checkpointer.stop()
        statementCache.removeAll()
        if let handle { sqlite3_close_v2(handle) }
    }

    /// Opens (creating it unless `readOnly`) the database at `path` and brings its schema up to date.
    ///
    /// - `readOnly: true` never creates a file: a missing file throws `StoreError.notFound`, and the
    ///   schema must already be at `Database.schemaVersion`.
    /// - A directory, an unwritable location or a file that is not an SQLite database throws a
    ///   `DatabaseError` naming the path.
    public static func open(path: String, readOnly: Bool = false) throws -> Database {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if readOnly && !exists { throw StoreError.notFound(path: path) }
        if exists && isDirectory.boolValue {
            throw DatabaseError(code: SQLITE_CANTOPEN, message: "unable to open database file: it is a directory", path: path)
        }

        do {
            return try openOnce(path: path, readOnly: readOnly, immutable: false)
        } catch let error as DatabaseError where readOnly && error.code == SQLITE_CANTOPEN {
            // A file left in WAL mode (a writer still attached, or one that was killed) on a read-only
            // mount or in a directory we cannot write: SQLite cannot create its -shm file. Read the
            // main file as it is (`immutable=1`, https://www.sqlite.org/uri.html): committed and
            // checkpointed rows only.
            return try openOnce(path: path, readOnly: true, immutable: true)
        }
    }

    /// Process-wide SQLite settings, applied once before the first connection: memory statistics off
    /// (nothing reads them, and their global mutex is taken on every allocation).
    private static let configured: Bool = { llmbench_sqlite_disable_memstatus() == SQLITE_OK }()

    private static func openOnce(path: String, readOnly: Bool, immutable: Bool) throws -> Database {
        _ = configured
        var flags = SQLITE_OPEN_NOMUTEX  // this class serializes access itself
        flags |= readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        var name = path
        if immutable {
            flags |= SQLITE_OPEN_URI
            name = "file:" + uriEscaped(path) + "?immutable=1"
        }
        var raw: OpaquePointer?
        let rc = sqlite3_open_v2(name, &raw, flags, nil)
        guard rc == SQLITE_OK, let raw else {
            let error = DatabaseError(rc: rc, db: raw, sql: nil, path: path)
            if let raw { sqlite3_close_v2(raw) }
            throw error
        }
        let database = Database(path: path, readOnly: readOnly, handle: raw)
        do {
            try database.configure()
        } catch var error as DatabaseError {
            try? database.closeWithoutCheckpoint()
            error.path = path
            throw error
        } catch {
            try? database.closeWithoutCheckpoint()
            throw error
        }
        return database
    }

    /// A path as the path part of an SQLite `file:` URI: `%`, `?` and `#` percent-encoded.
    static func uriEscaped(_ path: String) -> String {
        var out = ""
        for ch in path.unicodeScalars {
            switch ch {
            case "%": out += "%25"
            case "?": out += "%3f"
            case "#": out += "%23"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    private func configure() throws {
        try withConnection { conn in
            sqlite3_extended_result_codes(conn.db, 1)
            sqlite3_busy_timeout(conn.db, Database.busyTimeoutMs)
            // The first read of the header: a file that is not a database fails here (SQLITE_NOTADB).
            let applicationId = try conn.scalarInt("PRAGMA application_id")
            if applicationId != 0 && applicationId != Int64(Schema.applicationId) {
                throw StoreError.notLLMBenchDatabase(path: path, applicationId: Int32(truncatingIfNeeded: applicationId))
            }
            try conn.execute("PRAGMA foreign_keys = ON")
            let version = Int(try conn.scalarInt("PRAGMA user_version"))
            if version > Schema.version {
                throw StoreError.schemaTooNew(path: path, version: version, supported: Schema.version)
            }
            if isReadOnly {
                // An older file still reads (queries adapt to its columns); version 0 has no tables.
                if version < 1 {
                    throw StoreError.schemaTooOld(path: path, version: version, supported: Schema.version)
                }
                fileSchemaVersion = version
                return
            }
            if sqlite3_db_readonly(conn.db, "main") == 1 {
                throw DatabaseError(code: SQLITE_READONLY, message: "attempt to write a readonly database (no write permission)", path: path)
            }
            try Self.retryingWhileBusy { _ = try conn.scalarText("PRAGMA journal_mode = WAL") }
            try conn.execute("PRAGMA synchronous = NORMAL")
            // A run appends ~1-2 KB rows in batched transactions, touching only the right edge of each
            // b-tree: a 2 MiB page cache (SQLite's default) holds it. 16 MiB inserted no faster
            // (store-insert, 300,000 rows: 22,000 rows/s either way) and, once the file outgrew it,
            // held ~11 MB more RSS for the whole run (issue 17's RSS target). A checkpoint every
            // 4,096 WAL pages (16 MiB, instead of 1,000) means fewer fsyncs. Neither weakens durability: WAL with synchronous=NORMAL still loses
            // at most the last commits on power loss and never corrupts the file.
            try conn.execute("PRAGMA cache_size = -\(Self.writerCacheKiB)")
            _ = try conn.scalarInt("PRAGMA wal_autocheckpoint = \(Self.walCheckpointPages)")
            try Schema.migrate(conn)
            fileSchemaVersion = Schema.version
        }
    }

    /// Runs `body` again while SQLite answers `SQLITE_BUSY` without waiting on its busy handler (as a
    /// journal-mode switch can while another connection creates the same file), for up to the busy
    /// timeout in 50 ms steps.
    static func retryingWhileBusy(_ body: () throws -> Void) throws {
        var waitedMs: Int32 = 0
        while true {
            do { return try body() } catch let e as DatabaseError where e.code == SQLITE_BUSY && waitedMs < busyTimeoutMs {
                usleep(50_000)
                waitedMs += 50
            }
        }
    }

    /// The schema version this build writes and reads (`PRAGMA user_version` after migrating).
    public static var schemaVersion: Int { Schema.version }

    /// The file's `PRAGMA user_version`.
    public func userVersion() throws -> Int {
        try withConnection { Int(try $0.scalarInt("PRAGMA user_version")) }
    }

    /// `PRAGMA integrity_check`'s rows joined by newlines: exactly `ok` for a sound file.
    public func integrityCheck() throws -> String {
        try withConnection { conn in
            let statement = try conn.prepare("PRAGMA integrity_check")
            var lines: [String] = []
            while try statement.step() { lines.append(statement.text(0)) }
            return lines.joined(separator: "\n")
        }
    }

    /// Checkpoints the WAL into the main file (`PRAGMA wal_checkpoint(TRUNCATE)`), then closes.
    /// Later calls on this database throw `StoreError.closed`. Closing twice is allowed.
    public func close() throws {
        try lock.withLock {
            guard handle != nil else { return }
            if !isReadOnly {
                try withConnection { conn in
                    // A writer left open: its checkpointer's connection would keep the file in WAL.
                    if let active = backgroundCheckpoints {
                        sqlite3_wal_autocheckpoint(conn.db, Int32(Self.walCheckpointPages))
                        active.checkpointer.stop()
                        backgroundCheckpoints = nil
                    }
                    _ = try conn.scalarInt("PRAGMA wal_checkpoint(TRUNCATE)")
                    // Back to a rollback journal, so readers on a read-only mount or in a directory
                    // they cannot write need no -wal/-shm files. Another writer still attached keeps
                    // the file in WAL (SQLite refuses the switch then); the last one to close switches it.
                    _ = try? conn.scalarText("PRAGMA journal_mode = DELETE")
                }
            }
            try closeWithoutCheckpoint()
        }
    }

    private func closeWithoutCheckpoint() throws {
        try lock.withLock {
            guard let db = handle else { return }
            statementCache.removeAll()
            let rc = sqlite3_close(db)
            guard rc == SQLITE_OK else { throw DatabaseError(rc: rc, db: db, sql: nil, path: path) }
            handle = nil
        }
    }

    // MARK: Serialized access (internal)

    /// Runs `body` with the connection while holding the lock.
    func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        try lock.withLock {
            guard let db = handle else { throw StoreError.closed(what: "database \(path)") }
            do {
                return try body(Connection(db: db, owner: self))
            } catch var error as DatabaseError {
                // Every SQLite failure names the file it happened in (a full disk, a lock, an I/O error).
                if error.path == nil { error.path = path }
                throw error
            }
        }
    }

    /// A statement prepared once and kept for reuse; the caller holds the lock and resets it after use.
    fileprivate func cachedStatement(_ db: OpaquePointer, _ sql: String) throws -> Statement {
        if let statement = statementCache[sql] { return statement }
        let statement = try Statement(db: db, sql: sql, persistent: true)
        statementCache[sql] = statement
        return statement
    }
}

/// The connection as seen inside `Database.withConnection`: valid only while the lock is held.
struct Connection {
    let db: OpaquePointer
    let owner: Database

    /// Runs one or more SQL statements that take no parameters.
    func execute(_ sql: String) throws {
        let rc = sqlite3_exec(db, sql, nil, nil, nil)
        if rc != SQLITE_OK { throw DatabaseError(rc: rc, db: db, sql: sql) }
    }

    /// A fresh statement, finalized when released (for queries that stream rows).
    func prepare(_ sql: String) throws -> Statement { try Statement(db: db, sql: sql) }

    /// Runs `body` with a statement prepared once and reused, reset (and cleared of bindings) before
    /// and after, so no finished or half-read statement keeps a read transaction open.
    func cached<T>(_ sql: String, _ body: (Statement) throws -> T) throws -> T {
        let statement = try owner.cachedStatement(db, sql)
        statement.reset()
        defer { statement.reset() }
        return try body(statement)
    }

    /// The first column of the first row as an integer (0 when there is no row).
    func scalarInt(_ sql: String) throws -> Int64 {
        let statement = try prepare(sql)
        return try statement.step() ? statement.int64(0) : 0
    }

    func scalarText(_ sql: String) throws -> String? {
        let statement = try prepare(sql)
        return try statement.step() ? statement.optionalText(0) : nil
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(db)) }

    /// Runs `body` in one transaction (`BEGIN IMMEDIATE` … `COMMIT`, rolled back if it throws), or in
    /// a savepoint when a transaction is already open.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        let nested = sqlite3_get_autocommit(db) == 0
        try execute(nested ? "SAVEPOINT llmbench_nested" : "BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute(nested ? "RELEASE llmbench_nested" : "COMMIT")
            return result
        } catch {
            if nested {
                try? execute("ROLLBACK TO llmbench_nested")
                try? execute("RELEASE llmbench_nested")
            } else if sqlite3_get_autocommit(db) == 0 {
                try? execute("ROLLBACK")
            }
            throw error
        }
    }
}
