import Glibc

/// How many connections the transport may open at once for a run's streams, and, when a limit
/// holds some of them back, a sentence saying which and what to do.
///
/// Over HTTP/1.1 each stream in flight holds one connection, so the transport's
/// `CURLMOPT_MAX_HOST_CONNECTIONS` follows the streams the run asks for. Every connection is one
/// file descriptor (two while the embedded simulator serves in this process: both ends), and the
/// process's open-file limit (`RLIMIT_NOFILE`, getrlimit(2)) minus `reservedDescriptors` caps
/// them: streams beyond the cap wait in libcurl's queue for a free connection instead of failing
/// with `EMFILE`.
public struct StreamBudget: Sendable, Equatable {
    /// Streams the run may have in flight at once (the sum of every model's concurrency).
    public var requested: Int
    /// The transport's connection limit: `requested`, or fewer when descriptors run short.
    public var connections: Int
    /// Why fewer than `requested` streams can be open at once; nil when nothing holds them back.
    public var notice: String?

    /// Descriptors kept for everything but streams: stdio, SQLite's files, the loop's epoll and
    /// eventfd, name resolution, the simulator's listener and its loops.
    public static let reservedDescriptors = 64

    /// The budget for `requested` streams under an open-file limit of `openFiles` (hard limit
    /// `hardLimit`), `descriptorsPerStream` (1 or 2) each.
    public static func plan(requested: Int, openFiles: Int, hardLimit: Int, descriptorsPerStream: Int) -> StreamBudget {
        let want = max(1, requested)
        let per = max(1, descriptorsPerStream)
        let fit = max(1, (openFiles - reservedDescriptors) / per)
        guard fit < want else { return StreamBudget(requested: want, connections: want, notice: nil) }
        let why = per > 1 ? " and each stream needs \(per) descriptors here (the embedded simulator serves in this process)" : ""
        let raise = hardLimit > openFiles ? " (raise it: ulimit -n \(hardLimit))"
            : " (raise the hard limit: ulimit -Hn, or LimitNOFILE= for a service)"
        let notice = "\(want) streams were asked for at once, but the open-file limit is \(openFiles) (ulimit -n)\(why): "
            + "at most \(fit) are open at once and the others wait for a free connection\(raise)"
        return StreamBudget(requested: want, connections: fit, notice: notice)
    }
}

/// The process's open-file limit (`RLIMIT_NOFILE`).
public enum OpenFileLimit {
    /// Raises the soft limit to the hard one (setrlimit(2); no privilege needed) and returns both
    /// afterwards; `RLIM_INFINITY` (all ones) reads as `Int.max`.
    @discardableResult
    public static func raiseToHard() -> (soft: Int, hard: Int) {
        var rl = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &rl) == 0 else { return (1024, 1024) }
        if rl.rlim_cur < rl.rlim_max {
            var raised = rl
            raised.rlim_cur = rl.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { rl = raised }
        }
        func int(_ v: rlim_t) -> Int { v > rlim_t(Int.max) ? Int.max : Int(v) }
        return (int(rl.rlim_cur), int(rl.rlim_max))
    }
}
