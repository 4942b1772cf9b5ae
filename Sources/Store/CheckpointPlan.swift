/// When the WAL is checkpointed while a `RecordWriter` commits batch after batch: a pure state machine
/// (`BackgroundCheckpointer` owns one and performs its actions).
///
/// SQLite's own automatic checkpoint runs in the committing thread: every `thresholdPages` WAL pages
/// the writer stopped to copy them into the database file and wait for two `fsync`s (~40 ms per
/// 16 MiB on this VM, a quarter of an insert's wall time). Here the bulk is copied by a second
/// connection on its own thread (a PASSIVE checkpoint, which never blocks the writer:
/// <https://www.sqlite.org/c3ref/wal_checkpoint_v2.html>), while the writer goes on appending. A
/// checkpoint that runs beside a writer cannot finish the log, and SQLite rewinds the WAL only when a
/// write transaction starts on a fully checkpointed log, so once a pass leaves at most `tailPages`
/// behind, the writer checkpoints that short tail itself and the next transaction starts the log
/// again from its beginning. The WAL therefore stays near `thresholdPages`; if it reaches `limitPages`
/// anyway (a reader holds an old snapshot, passes fail) the writer checkpoints on every commit, which
/// is what SQLite's automatic checkpoint does. Nothing about durability changes: commits are the same
/// WAL appends, and a checkpoint syncs the WAL before and the database file after copying.
struct CheckpointPlan: Equatable {
    enum Action: Equatable {
        /// Nothing to do after this commit.
        case none
        /// Start a PASSIVE checkpoint on the background connection.
        case background
        /// The committing connection checkpoints now (PASSIVE), then reports with `inlineFinished`.
        case inline
    }

    /// WAL pages (frames) at which a background pass starts.
    let thresholdPages: Int
    /// Pages left after a pass that the writer checkpoints itself.
    let tailPages: Int
    /// WAL pages at which the writer checkpoints after every commit whatever the background does.
    let limitPages: Int

    private(set) var passRunning = false
    /// WAL frames known to be in the database file since the log last started again (0: none).
    private(set) var checkpointedPages = 0
    /// A background pass failed (not merely busy): from now on the writer checkpoints as SQLite would.
    private(set) var backgroundFailed = false
    /// Background passes and inline checkpoints so far.
    private(set) var backgroundPasses = 0, inlineCheckpoints = 0

    init(thresholdPages: Int, tailPages: Int, limitPages: Int) {
        self.thresholdPages = max(1, thresholdPages)
        self.tailPages = max(0, tailPages)
        self.limitPages = max(self.thresholdPages, limitPages)
    }

    /// A transaction committed and the WAL now holds `walPages` frames.
    mutating func committed(walPages: Int) -> Action {
        if walPages < checkpointedPages { checkpointedPages = 0 }  // the log started again from its beginning
        guard walPages >= thresholdPages else { return .none }
        if backgroundFailed || walPages >= limitPages { return .inline }
        if passRunning { return .none }
        if checkpointedPages > 0 && walPages - checkpointedPages <= tailPages { return .inline }
        passRunning = true
        return .background
    }

    /// A background pass ended: `checkpointed` frames of the log are in the database file (nil: the
    /// pass failed; a busy checkpoint lock is not a failure and reports what it had before).
    mutating func passFinished(checkpointed: Int?) {
        passRunning = false
        backgroundPasses += 1
        guard let checkpointed else {
            backgroundFailed = true
            return
        }
        checkpointedPages = max(checkpointedPages, checkpointed)
    }

    /// The writer's own checkpoint ended (nil: it failed or was busy).
    mutating func inlineFinished(checkpointed: Int?) {
        inlineCheckpoints += 1
        if let checkpointed { checkpointedPages = max(checkpointedPages, checkpointed) }
    }
}
