/// The state of one client connection, owned by exactly one event loop thread.
final class Connection {
    let fd: Int32
    let id: UInt64
    /// Bytes read and not yet consumed by the parser, from `inStart`.
    var inbuf: [UInt8] = []
    var inStart = 0
    var parser = HTTPRequestParser()
    /// Bytes queued for the socket, from `outStart`.
    var outbuf: [UInt8] = []
    var outStart = 0
    /// The response being written, when it started (monotonic ns), and the next step to append.
    var plan: ResponsePlan?
    var planStartNs: Int64 = 0
    var stepIndex = 0
    /// Bumped for every new plan; timers carry it so a stale timer is recognised.
    var serial: UInt64 = 0
    /// The deadline of this connection's live timer entry, if one is pending.
    var scheduledNs: Int64?
    /// `EPOLLOUT` is currently requested.
    var wantsWrite = false
    /// Our side is done (after `shutdown(SHUT_WR)`): read and discard until EOF or the deadline.
    var draining = false

    init(fd: Int32, id: UInt64) { self.fd = fd; self.id = id }

    var hasPendingOutput: Bool { outStart < outbuf.count }

    /// Drops consumed input bytes once they make up most of the buffer.
    func compactInput() {
        if inStart > 0, inStart >= inbuf.count / 2 || inStart == inbuf.count {
            inbuf.removeFirst(inStart)
            inStart = 0
        }
    }
}
