/// The four time limits of one attempt, in nanoseconds; 0 disables a limit.
///
/// `connectNs` bounds opening the connection (TCP and TLS; libcurl's `CURLOPT_CONNECTTIMEOUT_MS`),
/// `firstByteNs` the wait from handing the request to the transport until the first response byte,
/// `idleNs` any gap between response bytes after the first, and `totalNs` the whole attempt
/// (`CURLOPT_TIMEOUT_MS`). First-byte and idle limits are enforced by the transport's loop, which
/// wakes at the earliest such deadline (rounded up to the next millisecond).
public struct Timeouts: Sendable, Equatable {
    public var connectNs: Int64
    public var firstByteNs: Int64
    public var idleNs: Int64
    public var totalNs: Int64

    public init(connectNs: Int64, firstByteNs: Int64, idleNs: Int64, totalNs: Int64) {
        self.connectNs = connectNs; self.firstByteNs = firstByteNs; self.idleNs = idleNs; self.totalNs = totalNs
    }

    /// 10 s connect, 60 s first byte, 30 s idle, 600 s total.
    public static let `default` = Timeouts(connectNs: 10_000_000_000, firstByteNs: 60_000_000_000,
                                           idleNs: 30_000_000_000, totalNs: 600_000_000_000)
}
