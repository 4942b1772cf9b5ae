/// When the WAL is checkpointed while a `RecordWriter` commits batch after batch: a pure state machine
/// (`BackgroundCheckpointer` owns one and performs its actions).
///
/// SQLite's own automatic checkpoint runs in the committing thread: every 4,096 WAL pages the writer
/// stopped to copy them into the database file and wait for two `fsync`s (~40 ms per 16 MiB on this
/// VM, a quarter of an insert's wall time). Here the copying is done by a second connection on its own
/// thread (a PASSIVE checkpoint, which never blocks the writer:
/// <https://www.sqlite.org/c3ref/wal_checkpoint_v2.html>) every `thresholdPages` new WAL pages, while
/// the writer goes on appending. A checkpoint that runs beside a writer cannot finish the log, and
/// SQLite rewinds the WAL only when a write transaction starts on a fully checkpointed log; so once the
/// WAL holds `restartPages`, passes follow each other until one leaves at most `tailPages` behind, and
/// the writer checkpoints that short tail itself: its next transaction starts the log again from its
/// beginning. The WAL file therefore stays near `restartPages`. When the disk is slower than the
/// writer and the WAL reaches `limitPages`, the writer waits for the pass in progress (back-pressure,
/// as its own checkpoint would have made it wait) until the log can start again. After a failed pass
/// the writer checkpoints every `thresholdPages` itself, as SQLite's automatic checkpoint does.
/// Nothing about durability changes: commits are the same WAL appends, and a checkpoint syncs the WAL
/// before and the database file after copying.
struct CheckpointPlan: Equatable {
    enum Action: Equatable {
        /// Nothing to do after this commit.
        case none
        /// Start a PASSIVE checkpoint on the background connection.
        case background
        /// The committing connection checkpoints now (PASSIVE), then reports with `inlineFinished`.
        case inline
        /// The committing thread waits for the pass in progress to end, then asks again.
        case waitForPass
    }

    /// New WAL pages (frames) since the last pass at which the next background pass starts.
    let thresholdPages: Int
    /// WAL pages from which the log is brought back to its beginning.
    let restartPages: Int
    /// Pages left behind by a pass that the writer checkpoints itself to restart the log.
    let tailPages: Int
    /// WAL pages at which the writer waits for the background to catch up.
    let limitPages: Int

    private(set) var passRunning = false
    /// WAL frames known to be in the database file since the log last started again (0: none).
    private(set) var checkpointedPages = 0
    /// A background pass failed (not merely busy): from now on the writer checkpoints as SQLite would.
    private(set) var backgroundFailed = false
    /// Background passes and inline checkpoints so far.
    private(set) var backgroundPasses = 0, inlineCheckpoints = 0
    init(thresholdPages: Int, restartPages: Int, tailPages: Int, limitPages: Int) {
        self.thresholdPages = max(1, thresholdPages)
        self.restartPages = max(self.thresholdPages, restartPages)
        self.tailPages = max(0, tailPages)
        self.limitPages = max(self.restartPages, limitPages)
    }

    /// A transaction committed (or the pass it waited for ended) and the WAL holds `walPages` frames.
    mutating func committed(walPages: Int) -> Action {
        if walPages < checkpointedPages { checkpointedPages = 0 }  // the log started again from its beginning
        let behind = walPages - checkpointedPages
        if backgroundFailed { return behind >= thresholdPages ? .inline : .none }
        if walPages >= restartPages && checkpointedPages > 0 && behind <= tailPages && !passRunning { return .inline }
        if passRunning { return walPages >= limitPages ? .waitForPass : .none }
        if walPages < restartPages && behind < thresholdPages { return .none }
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
