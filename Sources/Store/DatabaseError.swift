import CSQLite
import Foundation

/// An SQLite failure: the result code, SQLite's own message and the SQL that failed.
///
/// The description follows GRDB's shape, `SQLite error 19: UNIQUE constraint failed: runs.id - while
/// executing INSERT INTO runs …`, and never includes bound values (they may hold response text or
/// other data a user would not paste into a bug report). Result codes are those of
/// <https://www.sqlite.org/rescode.html>.
public struct DatabaseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The primary result code (`extendedCode & 0xFF`), e.g. 19 for `SQLITE_CONSTRAINT`.
    public var code: Int32
    /// The extended result code, e.g. 2067 for `SQLITE_CONSTRAINT_UNIQUE`.
    public var extendedCode: Int32
    /// SQLite's message (`sqlite3_errmsg`), or ours when the failure happened before SQLite.
    public var message: String
    /// The statement that failed, when there was one.
    public var sql: String?
    /// The database file, when the failure concerns opening or attaching it.
    public var path: String?

    public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil, path: String? = nil) {
        self.code = code & 0xFF
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.sql = sql
        self.path = path
    }

    /// Reads the message and extended code of the last failure on `db` for result code `rc`.
    init(rc: Int32, db: OpaquePointer?, sql: String?, path: String? = nil) {
        let message: String
        if let db, let text = sqlite3_errmsg(db) {
            message = String(cString: text)
        } else {
            message = String(cString: sqlite3_errstr(rc))
        }
        let extended = db.map { sqlite3_extended_errcode($0) } ?? rc
        // sqlite3_errmsg belongs to the most recent call; keep rc as the primary code in any case.
        self.init(code: rc, extendedCode: (extended & 0xFF) == (rc & 0xFF) ? extended : rc,
                  message: message, sql: sql, path: path)
    }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let path { text += " (database \(path))" }
        if let sql { text += " - while executing \(Self.shortened(sql))" }
        if code == SQLITE_FULL { text += "; free space on that disk or give --db a path on another one (rows committed so far are kept)" }
        return text
    }

    /// The first line of `sql`, at most 100 characters: enough to recognise the statement without
    /// pasting a whole schema into an error message.
    static func shortened(_ sql: String) -> String {
        let line = sql.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? sql
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let more = trimmed.count > 100 || line.count < sql.trimmingCharacters(in: .whitespacesAndNewlines).count
        return String(trimmed.prefix(100)) + (more ? " …" : "")
    }

    /// True for failures of the file or the disk rather than of the data: I/O errors, a full disk,
    /// a file that cannot be opened or written, a lock held past the busy timeout. The CLI maps these
    /// to exit 74 (`EX_IOERR`).
    public var isIOError: Bool {
        switch code {
        case SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM, SQLITE_NOLFS,
             SQLITE_BUSY, SQLITE_LOCKED, SQLITE_PROTOCOL:
            return true
        default:
            return false
        }
    }

    /// True when the file exists but is not a usable SQLite database (`SQLITE_NOTADB`, `SQLITE_CORRUPT`).
    public var isNotADatabase: Bool {
        code == SQLITE_NOTADB || code == SQLITE_CORRUPT
    }
}

/// A failure of the store above SQLite: a missing file, a run that cannot be found, a schema this
/// version does not know, or a value in the file that does not decode.
public enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A database opened read-only does not exist (the CLI maps this to exit 66).
    case notFound(path: String)
    /// The file is an SQLite database, but not one llmbench made (another `application_id`).
    case notLLMBenchDatabase(path: String, applicationId: Int32)
    /// The file's schema version is newer than this build understands.
    case schemaTooNew(path: String, version: Int, supported: Int)
    /// A read-only open found a schema older than this build's (it would need a migration).
    case schemaTooOld(path: String, version: Int, supported: Int)
    /// A run reference (`latest`, id, id prefix, label, baseline name) matched nothing, or more than one run.
    case runNotFound(reference: String, detail: String)
    /// A stored value does not decode (e.g. an unknown status), naming table, column and row.
    case invalidValue(column: String, value: String, row: String)
    /// The database or writer was used after `close()`.
    case closed(what: String)
    /// An argument the store cannot accept (e.g. an empty baseline name), with the reason.
    case invalidArgument(String)
    /// A migration left rows whose foreign keys point nowhere; it was rolled back.
    case migrationBrokeForeignKeys(version: Int, rows: Int)

    public var description: String {
        switch self {
        case .notFound(let path):
            return "database \(path) does not exist (give an existing file with --db, or run `llmbench run` first)"
        case .notLLMBenchDatabase(let path, let id):
            return "\(path) is an SQLite database but not an llmbench one (application_id \(id))"
        case .schemaTooNew(let path, let version, let supported):
            return "\(path) has schema version \(version), newer than this llmbench supports (\(supported)); upgrade llmbench"
        case .schemaTooOld(let path, let version, let supported):
            return "\(path) has schema version \(version), older than \(supported); open it once for writing (e.g. `llmbench merge`) to migrate it"
        case .migrationBrokeForeignKeys(let version, let rows):
            return "migrating to schema version \(version) left \(rows) row(s) with a broken foreign key; nothing was changed (report this as a bug)"
        case .runNotFound(let reference, let detail):
            return "no run matches \"\(reference)\": \(detail)"
        case .invalidValue(let column, let value, let row):
            return "\(column) holds \"\(value)\", which this llmbench does not understand (\(row))"
        case .closed(let what):
            return "\(what) is closed"
        case .invalidArgument(let reason):
            return reason
        }
    }
}
