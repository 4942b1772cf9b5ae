import CSQLite
import Foundation

/// Checkpoints a database's WAL from a second connection on its own thread while a `RecordWriter`
/// commits, following a `CheckpointPlan`; its commit hook replaces SQLite's automatic checkpoint on
/// the writing connection while it is installed (`Database.beginBackgroundCheckpoints`).
final class BackgroundCheckpointer: @unchecked Sendable {
    /// Guards `plan`, `stopping` and `finished`; the thread waits on it for a pass to start.
    private let condition = NSCondition()
    private var plan: CheckpointPlan
    private var passWanted = false
    private var stopping = false
    private var finished = false
    /// The checkpointing connection: used only by the thread, closed when it ends.
    private let connection: OpaquePointer

    /// Opens a second connection to the WAL database at `path` and starts its thread; nil when the
    /// connection cannot be opened (the writer then checkpoints as SQLite would).
    static func start(path: String, plan: CheckpointPlan) -> BackgroundCheckpointer? {
        var raw: OpaquePointer?
        let rc = sqlite3_open_v2(path, &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let raw else {
            if let raw { sqlite3_close_v2(raw) }
            return nil
        }
        // The checkpoint's syncs follow this connection's setting: the writer's (NORMAL syncs the WAL
        // before copying and the database file after, like FULL; OFF would sync nothing).
        sqlite3_busy_timeout(raw, Database.busyTimeoutMs)
        // Reading the journal mode also reads the header, which opens the WAL for this connection (a
        // connection that has read nothing has no WAL to checkpoint).
        guard sqlite3_exec(raw, "PRAGMA synchronous = NORMAL", nil, nil, nil) == SQLITE_OK, journalMode(raw) == "wal" else {
            sqlite3_close_v2(raw)
            return nil
        }
        let checkpointer = BackgroundCheckpointer(connection: raw, plan: plan)
        let thread = Thread { [checkpointer] in checkpointer.loop() }
        thread.name = "llmbench-store-checkpoint"
        thread.start()
        return checkpointer
    }

    private static func journalMode(_ db: OpaquePointer) -> String? {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &statement, nil) == SQLITE_OK, let statement else { return nil }
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) else { return nil }
        return String(cString: text)
    }

    private init(connection: OpaquePointer, plan: CheckpointPlan) {
        self.connection = connection
        self.plan = plan
    }

    /// Called from the writing connection's commit hook: what to do now that the WAL holds `walPages`.
    /// Returns `.none` or `.inline`: a pass to start is signalled to the thread, and a wait for the pass
    /// in progress happens here (the thread needs no lock the caller holds).
    func committed(walPages: Int) -> CheckpointPlan.Action {
        condition.lock()
        defer { condition.unlock() }
        while true {
            let action = plan.committed(walPages: walPages)
            switch action {
            case .background:
                passWanted = true
                condition.broadcast()
                if walPages < plan.limitPages { return .none }
            case .waitForPass:
                while plan.passRunning && !finished { condition.wait() }
                if finished { return .inline }
            case .none, .inline:
                return action
            }
        }
    }

    func inlineFinished(checkpointed: Int?) {
        condition.withLock { plan.inlineFinished(checkpointed: checkpointed) }
    }

    /// The plan's state now (for tests).
    var currentPlan: CheckpointPlan { condition.withLock { plan } }

    /// Waits for a pass in progress, ends the thread and closes its connection. Idempotent.
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        stopping = true
        condition.broadcast()
        while !finished { condition.wait() }
    }

    private func loop() {
        condition.lock()
        while true {
            while !passWanted && !stopping { condition.wait() }
            if stopping { break }
            passWanted = false
            condition.unlock()
            var logPages: Int32 = 0, checkpointed: Int32 = 0
            let rc = sqlite3_wal_checkpoint_v2(connection, "main", SQLITE_CHECKPOINT_PASSIVE, &logPages, &checkpointed)
            condition.lock()
            switch rc & 0xFF {
            case SQLITE_OK: plan.passFinished(checkpointed: checkpointed >= 0 ? Int(checkpointed) : nil)
            case SQLITE_BUSY, SQLITE_LOCKED: plan.passFinished(checkpointed: 0)  // another checkpoint held the lock
            default: plan.passFinished(checkpointed: nil)  // e.g. a full disk: the writer's next commit says so
            }
            condition.broadcast()  // a writer may be waiting for this pass
        }
        sqlite3_close_v2(connection)
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}

extension Database {
    /// The plan a `RecordWriter` runs under: a background pass every `walCheckpointPages` (4,096) new WAL
    /// pages, the log started again from its beginning once it holds 16,384 pages (64 MiB), the writer
    /// finishing a tail of at most 256 pages (1 MiB) itself, and checkpointing inline after every
    /// commit from 32,768 pages (128 MiB; only when a reader keeps the log from being checkpointed).
    static var writerCheckpointPlan: CheckpointPlan {
        CheckpointPlan(thresholdPages: walCheckpointPages, restartPages: 4 * walCheckpointPages, tailPages: 256,
                       limitPages: 8 * walCheckpointPages)
    }

    /// From now until the matching `endBackgroundCheckpoints()`, the WAL is checkpointed by a second
    /// connection on its own thread instead of inside the committing thread (`CheckpointPlan`). Nested
    /// calls share one checkpointer. A read-only database, or one whose second connection cannot be
    /// opened, keeps SQLite's automatic checkpoint.
    func beginBackgroundCheckpoints(plan: CheckpointPlan = Database.writerCheckpointPlan) {
        try? withConnection { conn in
            if var active = backgroundCheckpoints {
                active.users += 1
                backgroundCheckpoints = active
                return
            }
            guard !isReadOnly, let checkpointer = BackgroundCheckpointer.start(path: path, plan: plan) else { return }
            backgroundCheckpoints = (checkpointer, 1)
            sqlite3_wal_hook(conn.db, { context, db, name, pages in
                guard let context, let db else { return SQLITE_OK }
                let checkpointer = Unmanaged<BackgroundCheckpointer>.fromOpaque(context).takeUnretainedValue()
                if checkpointer.committed(walPages: Int(pages)) == .inline {
                    var logPages: Int32 = 0, checkpointed: Int32 = 0
                    let rc = sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, &logPages, &checkpointed)
                    checkpointer.inlineFinished(checkpointed: rc == SQLITE_OK && checkpointed >= 0 ? Int(checkpointed) : nil)
                }
                // As SQLite's own hook: a failed checkpoint is not the commit's error (the commit stands).
                return SQLITE_OK
            }, Unmanaged.passUnretained(checkpointer).toOpaque())
        }
    }

    /// Ends one `beginBackgroundCheckpoints()`; the last one stops the thread and gives the connection
    /// SQLite's automatic checkpoint back.
    func endBackgroundCheckpoints() {
        try? withConnection { conn in
            guard var active = backgroundCheckpoints else { return }
            active.users -= 1
            if active.users > 0 {
                backgroundCheckpoints = active
                return
            }
            sqlite3_wal_autocheckpoint(conn.db, Int32(Self.walCheckpointPages))
            active.checkpointer.stop()
            backgroundCheckpoints = nil
        }
    }
}
