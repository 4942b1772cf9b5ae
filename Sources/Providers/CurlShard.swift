import CCurl

/// One libcurl multi handle of the transport and the loop's view of it: its timer deadline and
/// how many transfers it holds.
///
/// Why more than one: libcurl 7.88 finds a free connection for each new transfer by walking every
/// connection it holds to that host (a linked list, a cache miss per entry), so with one multi
/// handle a request's CPU grew with the open connections (at 4,096 warm streams 63 % of the loop
/// thread was inside libcurl, 19 % at 64). Each shard holds at most `connectionsPerShard`
/// connections; the transport fills the first before using the next, so up to that many streams
/// behave exactly as one multi handle (one connection cache, HTTP/2 multiplexing on one connection).
/// All shards are driven by the transport's one epoll loop and thread.
final class CurlShard {
    /// Most connections one shard keeps (`CURLMOPT_MAXCONNECTS`, `CURLMOPT_MAX_HOST_CONNECTIONS`).
    static let connectionsPerShard = 256

    let index: Int
    let multi: UnsafeMutableRawPointer
    /// This shard's share of the transport's `maxConnections`.
    let connections: Int
    /// Transfers added and not yet removed.
    var transfers = 0
    /// When libcurl's timer callback asked to be called back (absolute monotonic ns), `.max` for never.
    var deadlineNs: Int64 = .max
    unowned let transport: CurlMultiTransport

    init(index: Int, connections: Int, transport: CurlMultiTransport) {
        guard let m = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        self.index = index
        self.multi = m
        self.connections = connections
        self.transport = transport
        _ = llmbench_multi_setopt_long(m, CURLMOPT_MAXCONNECTS, connections)
        _ = llmbench_multi_setopt_long(m, CURLMOPT_MAX_HOST_CONNECTIONS, connections)
        _ = llmbench_multi_setopt_long(m, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = llmbench_multi_setopt_socket(m, curlSocketCallback)
        _ = llmbench_multi_setopt_ptr(m, CURLMOPT_SOCKETDATA, me)
        _ = llmbench_multi_setopt_timer(m, curlTimerCallback)
        _ = llmbench_multi_setopt_ptr(m, CURLMOPT_TIMERDATA, me)
    }

    /// libcurl's timer callback: call `curl_multi_socket_action(CURL_SOCKET_TIMEOUT)` in
    /// `timeoutMs` ms (0: as soon as the loop can), or never (-1).
    func timerChanged(_ timeoutMs: Int, now: Int64) {
        deadlineNs = timeoutMs < 0 ? .max : now + Int64(timeoutMs) * 1_000_000
        transport.shardDeadlineChanged(deadlineNs)
    }

    /// Closes the multi handle (its cached connections with it); on the loop thread, at its end.
    func cleanup() { curl_multi_cleanup(multi) }
}

/// `CURLMOPT_SOCKETFUNCTION` (curl_multi_socket_action(3)): `userp` is the shard.
private func curlSocketCallback(_ easy: UnsafeMutableRawPointer?, _ fd: curl_socket_t, _ what: Int32,
                                _ userp: UnsafeMutableRawPointer?, _ socketp: UnsafeMutableRawPointer?) -> Int32 {
    guard let userp else { return -1 }
    let shard = Unmanaged<CurlShard>.fromOpaque(userp).takeUnretainedValue()
    shard.transport.socketChanged(fd, what: what, owner: shard.index)
    return 0
}

/// `CURLMOPT_TIMERFUNCTION`: `userp` is the shard.
private func curlTimerCallback(_ multi: UnsafeMutableRawPointer?, _ timeoutMs: Int, _ userp: UnsafeMutableRawPointer?) -> Int32 {
    guard let userp else { return -1 }
    let shard = Unmanaged<CurlShard>.fromOpaque(userp).takeUnretainedValue()
    shard.timerChanged(timeoutMs, now: shard.transport.nowNs())
    return 0
}
