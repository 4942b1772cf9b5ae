import Foundation
import LLMBenchCore
import Store

/// A run as a user names it on the command line: a reference inside a database file.
///
/// `latest`, a run id or a unique prefix of 8+ characters, a label or a baseline name refer to
/// the `--db` file; `PATH.sqlite` means that file's latest run and `PATH.sqlite#REF` that file's REF
/// (`.sqlite3` and `.db` work too, as does any existing file before `#`).
struct RunReference: Sendable, Equatable {
    var databasePath: String
    var reference: String
    /// True when the text named the file itself (not `--db`).
    var namesFile: Bool

    static let fileSuffixes = [".sqlite", ".sqlite3", ".db"]

    static func parse(_ text: String, defaultDatabase: String) -> RunReference {
        if let hash = text.lastIndex(of: "#") {
            let path = String(text[..<hash])
            let ref = String(text[text.index(after: hash)...])
            if !path.isEmpty && (looksLikeFile(path) || FileManager.default.fileExists(atPath: path)) {
                return RunReference(databasePath: path, reference: ref.isEmpty ? "latest" : ref, namesFile: true)
            }
        }
        if looksLikeFile(text) { return RunReference(databasePath: text, reference: "latest", namesFile: true) }
        return RunReference(databasePath: defaultDatabase, reference: text, namesFile: false)
    }

    static func looksLikeFile(_ s: String) -> Bool { fileSuffixes.contains { s.lowercased().hasSuffix($0) } }

    /// How the reference reads in messages, e.g. `last-good` or `old.sqlite#last-good`.
    var text: String { namesFile ? "\(databasePath)#\(reference)" : reference }

    /// The baseline name the reference would be: the text before a `~K` / `~Nd` window.
    var baselineName: String {
        guard let tilde = reference.lastIndex(of: "~") else { return reference }
        return String(reference[..<tilde])
    }

    /// True when the reference could only have been a baseline name that is not set: not `latest`,
    /// not shaped like a run id (hex digits and dashes), so a missing one means "no baseline yet".
    var couldBeUnsetBaseline: Bool {
        let name = baselineName
        guard name != "latest", !name.isEmpty, !name.contains("*"), !name.contains("?") else { return false }
        let idLike = name.count >= Database.minimumIdPrefix
            && name.allSatisfy { $0.isHexDigit || $0 == "-" }
        return !idLike
    }
}

/// Opens each database file once (read-only) for the references of one command.
final class DatabasePool {
    private var open: [String: Database] = [:]

    func database(_ path: String) throws -> Database {
        if let db = open[path] { return db }
        let db = try ErrorMapping.mapping { try Database.open(path: path, readOnly: true) }
        open[path] = db
        return db
    }

    func closeAll() {
        for db in open.values { try? db.close() }
        open.removeAll()
    }
}

/// The default database file of every command (docs/schema.md).
enum DefaultDatabase {
    static let path = "llmbench.sqlite"
}
