import CCurl
import Foundation
import LLMBenchCore
import Synchronization

/// libcurl is initialised once per process, before the first handle (curl_global_init(3)).
private let curlGlobalInit: Void = { _ = curl_global_init(Int(CURL_GLOBAL_ALL)) }()

/// An HTTP transport on libcurl's multi interface, driven by one event-loop thread.
///
/// Any thread may `submit`; the loop thread adds the transfer to one multi handle (so connections
/// are kept alive and reused across requests, HTTP/2 multiplexed where the server offers it) and
/// drives it with `curl_multi_socket_action` (libcurl-multi(3), "the socket action interface"):
/// libcurl's socket callback says which descriptors to watch, its timer callback when to call
/// back, and one `epoll` set (`SocketPoller`) returns only the ready ones, so a wake costs work
/// in proportion to the sockets that are ready, not the sockets that are open. An `eventfd`
/// wakes the loop when work arrives. Body chunks are timestamped and decoded inside libcurl's
/// write callback. First-byte and idle timeouts are enforced here, the loop waking at the
/// earliest such deadline; connect and total timeouts are libcurl's own. Completions run on the
/// loop thread.
public final class CurlMultiTransport: @unchecked Sendable {
    private enum Job: Sendable {
        case transfer(CurlTransfer)
        case immediate(RequestRecord, @Sendable (RequestRecord) -> Void)
    }
    private struct Inbox {
        var jobs: [Job] = []
        /// Set by `cancelAll`: how many of `jobs` were submitted before it (those are cancelled,
        /// later ones are not).
        var cancelBefore: Int?
        var stop = false
    }

    public let timeouts: Timeouts
    /// Most connections kept open, and most to one host (`CURLMOPT_MAXCONNECTS`,
    /// `CURLMOPT_MAX_HOST_CONNECTIONS`): over HTTP/1.1, the most streams in flight at once.
    public let maxConnections: Int
    private let clock: any MonotonicClock
    private let inbox = Mutex(Inbox())
    private let inFlightCount = Atomic<Int>(0)
    private let finished = DispatchSemaphore(value: 0)
    private let stopped = Atomic<Bool>(false)
    private let loopThreadId = Mutex<pthread_t?>(nil)
    /// The loop thread's `pthread_self()` as a number once it runs (0 before): `enqueue` compares
    /// it without a lock to tell a submit from the loop thread itself.
    private let loopThreadBits = Atomic<UInt>(0)
    private let poller: SocketPoller

    // Loop-thread state.
    /// The multi handles transfers are spread over (`CurlShard`): the first one up to its
    /// connection share, then the next.
    private var shards: [CurlShard] = []
    private var active: [ObjectIdentifier: CurlTransfer] = [:]
    private var pool: [CurlEasyHandle] = []
    private var nextTimerCheckNs: Int64 = .max
    /// Transfers submitted and not started yet, started from `waitingHead` on (`startWaiting`).
    private var waiting: [CurlTransfer] = []
    private var waitingHead = 0
    /// A job was queued from the loop thread itself (a completion's next send) since the inbox was
    /// last taken: it was not woken through the eventfd, so the loop must look at the inbox again
    /// before it sleeps.
    private var selfSubmitted = false
    /// The previous turn skipped `epoll_wait` for a self-submitted job (the next one waits, at
    /// least with a zero timeout, so ready sockets are always served).
    private var skippedWait = false
    /// The inbox's jobs are swapped with this (kept empty, its capacity reused) so taking them
    /// allocates nothing.
    private var spareJobs: [Job] = []
    /// Shards whose sockets libcurl was driven on during the last wait, to read their messages.
    private var touched: [Bool] = []
    private var touchedList: [Int] = []
    /// No shard's timer deadline is earlier than this (a lower bound: lowered by every timer
    /// callback, `shardDeadlineChanged`, made exact when the shards are scanned), so a wake scans
    /// the shards' deadlines only when one may be due, not all 40 of them at 10,000 streams.
    private var earliestShardDeadlineNs: Int64 = .max
    /// Loop time per turn spent starting transfers, ns. Each start is connected and the sockets
    /// that turned ready meanwhile are served before the next (`startWaiting`), so this bounds a
    /// turn, not how long a ready stream waits.
    static let startBudgetNs: Int64 = 1_000_000
    static let minStartsPerTurn = 64

    /// Built once: formatting it per request was an allocation on the hot path.
    private static let userAgent = "llmbench/\(LLMBenchVersion.current)"

    /// libcurl's receive buffer per transfer (`CURLOPT_BUFFERSIZE`; its default is 16 KiB), bytes. Each
    /// open stream holds one: at 4,096 streams 16 KiB cost ~20 MB more RSS than 4 KiB, and an SSE
    /// event is a few hundred bytes, so a larger buffer only saves a read on a burst.
    static let receiveBufferBytes = 4096

    /// The default of `maxConnections`: room for 1,024 concurrent HTTP/1.1 streams.
    public static let defaultMaxConnections = 1024

    public init(clock: any MonotonicClock = SystemMonotonicClock(), timeouts: Timeouts = .default,
                maxConnections: Int = CurlMultiTransport.defaultMaxConnections) {
        _ = curlGlobalInit
        self.clock = clock
        self.timeouts = timeouts
        self.maxConnections = max(1, maxConnections)
        do { poller = try SocketPoller() } catch { fatalError("llmbench transport: \(error)") }
        var left = self.maxConnections
        while left > 0 {
            let share = min(left, CurlShard.connectionsPerShard)
            shards.append(CurlShard(index: shards.count, connections: share, transport: self))
            left -= share
        }
        let thread = Thread { [self] in self.loop() }
        thread.name = "llmbench-curl"
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// CPU time the loop thread has used so far, in nanoseconds (its `pthread_getcpuclockid` clock):
    /// transport, SSE parsing, decoding, recording and completions, without the caller's threads.
    public var loopCPUTimeNs: Int64? {
        loopThreadId.withLock { id -> Int64? in
            guard let id else { return nil }
            var cid = clockid_t()
            guard pthread_getcpuclockid(id, &cid) == 0 else { return nil }
            var ts = timespec()
            guard clock_gettime(cid, &ts) == 0 else { return nil }
            return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
        }
    }

    /// Connections libcurl has opened so far.
    public var connectionsOpened: Int { openedCount.load(ordering: .relaxed) }
    private let openedCount = Atomic<Int>(0)

    /// Requests submitted and not yet completed.
    public var inFlight: Int { inFlightCount.load(ordering: .relaxed) }

    /// Hands a transfer to the loop; its completion runs once, on the loop thread (or at once, on
    /// the caller's thread, with status `cancelled` when the transport has been shut down).
    func submit(_ transfer: CurlTransfer) {
        if !enqueue(.transfer(transfer)) {
            let record = transfer.recorder.finish(.cancelled, atNs: clock.nowNs(), phases: TransferPhases())
            transfer.completion(record)
        }
    }

    /// Delivers an already-finished record (a request that failed before sending) on the loop thread,
    /// or at once after shutdown.
    func deliver(_ record: RequestRecord, _ completion: @escaping @Sendable (RequestRecord) -> Void) {
        if !enqueue(.immediate(record, completion)) { completion(record) }
    }

    /// Queues a job and wakes the loop; false once the loop is stopping. The wakeup happens under the
    /// lock, so it can never reach an eventfd the exiting loop has already closed.
    /// From the loop thread itself (a completion sending the next request) no wakeup is needed: the
    /// loop looks at the inbox before it sleeps again (`selfSubmitted`), which saves an eventfd
    /// write, a wasted `epoll_wait` return and an eventfd read per request.
    private func enqueue(_ job: Job) -> Bool {
        let onLoop = loopThreadBits.load(ordering: .relaxed) == pthread_self()
        let queued = inbox.withLock { box -> Bool in
            if box.stop { return false }
            inFlightCount.add(1, ordering: .relaxed)
            box.jobs.append(job)
            if !onLoop { poller.wake() }
            return true
        }
        if queued && onLoop { selfSubmitted = true }
        return queued
    }

    /// Ends every transfer submitted before this call with status `cancelled` (soon, on the loop
    /// thread); one submitted after it is sent.
    public func cancelAll() {
        inbox.withLock { box in
            guard !box.stop else { return }
            box.cancelBefore = box.jobs.count
            poller.wake()
        }
    }

    /// Cancels what is in flight, stops the loop and waits for its thread to end (idempotent).
    public func shutdown() {
        if stopped.exchange(true, ordering: .acquiringAndReleasing) { return }
        inbox.withLock { box in
            box.stop = true; box.cancelBefore = box.jobs.count
            poller.wake()
        }
        let onLoop = loopThreadId.withLock { id in id.map { pthread_equal($0, pthread_self()) != 0 } ?? false }
        if !onLoop { finished.wait() }
    }

    deinit {
        shutdown()
    }

    // MARK: - The loop

    private func loop() {
        loopThreadId.withLock { $0 = pthread_self() }
        loopThreadBits.store(pthread_self(), ordering: .relaxed)
        touched = Array(repeating: false, count: shards.count)
        while true {
            selfSubmitted = false
            var jobs = spareJobs
            spareJobs = []
            let (cancelBefore, stop) = inbox.withLock { box -> (Int?, Bool) in
                swap(&jobs, &box.jobs)
                let r = (box.cancelBefore, box.stop)
                box.cancelBefore = nil
                return r
            }
            defer { jobs.removeAll(keepingCapacity: true); spareJobs = jobs }
            let cut = cancelBefore ?? jobs.count
            if cancelBefore != nil {
                // Everything submitted before cancelAll is cancelled: the waiting ones too.
                startWaiting(budgetNs: .max, drive: false)
                for job in jobs[..<cut] { run(job) }
                for t in Array(active.values) { complete(t, .cancelled) }
            } else {
                for job in jobs[..<cut] { take(job) }
            }
            if stop { break }
            for job in jobs[cut...] { take(job) }
            startWaiting(budgetNs: Self.startBudgetNs, drive: true)

            var now = clock.nowNs()
            if now >= earliestShardDeadlineNs { now = runDueTimers(now) }
            if now >= nextTimerCheckNs { checkTimers(now) }

            // Sleep until the earlier of libcurl's deadlines and ours (rounded up to whole ms, so
            // the loop never spins just short of one), at most 1 s.
            let deadline = min(nextTimerCheckNs, earliestShardDeadlineNs)
            // A job the loop queued itself is taken at once: one turn skips the wait (the next
            // turn polls, so a chain of self-submits cannot keep ready sockets waiting).
            let skip = selfSubmitted && !skippedWait
            skippedWait = skip
            if skip { continue }
            let timeoutMs: Int32 = waitingHead < waiting.count || selfSubmitted ? 0 : deadline == .max ? 1000
                : Int32(min(1000, max(0, (deadline - now + 999_999) / 1_000_000)))
            serveReady(timeoutMs: timeoutMs)
        }
        for shard in shards { shard.cleanup() }
        for h in pool { h.cleanup() }
        pool.removeAll()
        poller.close()
        finished.signal()
    }

    /// Runs `CURL_SOCKET_TIMEOUT` on every shard whose deadline passed (each reads its own shard's
    /// messages) and makes `earliestShardDeadlineNs` exact. Returns the time after.
    private func runDueTimers(_ start: Int64) -> Int64 {
        var now = start
        var earliest = Int64.max
        // Timer callbacks during the scan lower it again (a shard already read may change).
        earliestShardDeadlineNs = .max
        for shard in shards {
            if now >= shard.deadlineNs {
                var running: Int32 = 0
                _ = curl_multi_socket_action(shard.multi, CURL_SOCKET_TIMEOUT, 0, &running)
                // Asked again rather than left to the timer callback: libcurl calls it only when its
                // earliest timer changes, and a wake a fraction of a millisecond early (it rounds the
                // delay down) leaves that timer unchanged; the loop would then sleep past it (up to 1 s).
                var ms = -1
                _ = curl_multi_timeout(shard.multi, &ms)
                shard.timerChanged(ms, now: clock.nowNs())
                drainMessages(shard)
                now = clock.nowNs()
            }
            earliest = min(earliest, shard.deadlineNs)
        }
        earliestShardDeadlineNs = min(earliestShardDeadlineNs, earliest)
        return now
    }

    /// Waits at most `timeoutMs` for ready sockets and hands each to its shard's libcurl, then reads
    /// the messages of the shards it drove. `clearWake` false leaves the wake-up counter set (the
    /// starts of a turn poll between them: a job that arrives then must still end the turn's wait).
    private func serveReady(timeoutMs: Int32, clearWake: Bool = true) {
        let woken = poller.wait(timeoutMs: timeoutMs) { fd, flags, owner in
            let i = min(owner, shards.count - 1)
            var running: Int32 = 0
            _ = curl_multi_socket_action(shards[i].multi, fd, flags, &running)
            if !touched[i] { touched[i] = true; touchedList.append(i) }
        }
        if woken && clearWake { poller.clearWake() }
        // Only a shard libcurl was driven on can have finished transfers (the timer actions read
        // their own shard's): O(ready shards) per wake, not O(shards).
        for i in touchedList { touched[i] = false; drainMessages(shards[i]) }
        touchedList.removeAll(keepingCapacity: true)
    }

    /// A submitted transfer waits in `waiting` to be started; anything else runs now.
    private func take(_ job: Job) {
        if case .transfer(let t) = job { waiting.append(t) } else { run(job) }
    }

    /// Starts waiting transfers, oldest first, until `budgetNs` of this turn is spent (at least 64).
    /// Starting one costs ~0.1 ms, nearly all of it libcurl opening the connection and sending the
    /// request in its next timer action: a turn's 64 starts in one action held every open stream's
    /// bytes back by 6-10 ms (the TTFT error p99 of 10,000 slow streams). So with `drive` each start
    /// is followed by that action (its connection opened now) and by serving the sockets that turned
    /// ready meanwhile: a ready stream waits for one start at most. Without `drive` (cancelling)
    /// the transfers are only added.
    private func startWaiting(budgetNs: Int64, drive: Bool) {
        guard waitingHead < waiting.count else { return }
        let t0 = clock.nowNs()
        var started = 0
        while waitingHead < waiting.count {
            let t = waiting[waitingHead]
            waitingHead += 1
            start(t)
            started += 1
            var now = clock.nowNs()
            if drive {
                if now >= earliestShardDeadlineNs { now = runDueTimers(now) }
                serveReady(timeoutMs: 0, clearWake: false)
                now = clock.nowNs()
            }
            // At least `minStartsPerTurn`, so a preempted turn still makes progress on a loaded machine.
            if started >= Self.minStartsPerTurn && now - t0 >= budgetNs { break }
        }
        if waitingHead == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            waitingHead = 0
        } else if waitingHead >= waiting.count - waitingHead {
            // The started ones before the head are dropped once they are at least half the array
            // (amortised O(1) per transfer): a closed loop whose turns always leave a few waiting
            // never empties it, and every transfer it had started (request body, recorder buffers,
            // ~7 KB each) stayed referenced until the run ended: RSS grew with the requests sent.
            waiting.removeFirst(waitingHead)
            waitingHead = 0
        }
    }

    private func run(_ job: Job) {
        switch job {
        case .transfer(let t): start(t)
        case .immediate(let record, let completion):
            inFlightCount.subtract(1, ordering: .relaxed)
            completion(record)
        }
    }

    /// libcurl's socket callback of shard `owner`: watch `fd` as asked (inside libcurl, on the loop thread).
    func socketChanged(_ fd: Int32, what: Int32, owner: Int) {
        poller.watch(fd, what: what, owner: owner)
    }

    /// libcurl's socket-open and close callbacks: `fd` is (no longer) one of its connections.
    func socketOpened(_ fd: Int32) {
        poller.opened(fd)
        openedCount.add(1, ordering: .relaxed)
    }
    func socketClosing(_ fd: Int32) { poller.closing(fd) }

    /// The loop's clock, for the shards' timer callbacks.
    func nowNs() -> Int64 { clock.nowNs() }

    /// A shard's timer callback set its deadline (absolute ns; on the loop thread).
    func shardDeadlineChanged(_ ns: Int64) {
        if ns < earliestShardDeadlineNs { earliestShardDeadlineNs = ns }
    }

    private func start(_ t: CurlTransfer) {
        let fresh = pool.isEmpty
        let handle = pool.popLast()
            ?? CurlEasyHandle(timeouts: timeouts, userAgent: Self.userAgent, transport: Unmanaged.passUnretained(self).toOpaque())
        guard let handle else {
            t.recorder.markSent(atNs: clock.nowNs())
            finishUnstarted(t, .failed(.connect, "curl_easy_init failed: out of memory"))
            return
        }
        t.handle = handle
        handle.prepare(for: t, fresh: fresh)
        let easy = handle.easy
        let now = clock.nowNs()
        t.startedNs = now
        t.lastActivityNs = now
        t.recorder.markSent(atNs: now)
        active[ObjectIdentifier(t)] = t
        // The first shard with a free connection (so up to its share everything shares one
        // connection cache, as with one multi handle), else the least busy.
        var shard = shards[0]
        for s in shards where s.transfers < s.connections { shard = s; break }
        if shard.transfers >= shard.connections { shard = shards.min { $0.transfers < $1.transfers }! }
        t.shard = shard.index
        shard.transfers += 1
        let rc = curl_multi_add_handle(shard.multi, easy)
        if rc != CURLM_OK {
            complete(t, .failed(.connect, "curl_multi_add_handle failed: \(String(cString: curl_multi_strerror(rc)))"))
            return
        }
        nextTimerCheckNs = min(nextTimerCheckNs, earliestDeadline(waitingSince: now, now: now))
    }

    private func drainMessages(_ shard: CurlShard) {
        var left: Int32 = 0
        while let msg = curl_multi_info_read(shard.multi, &left) {
            guard msg.pointee.msg == CURLMSG_DONE, let easy = msg.pointee.easy_handle else { continue }
            let code = msg.pointee.data.result
            var priv: UnsafeMutableRawPointer? = nil
            _ = llmbench_easy_getinfo_ptr(easy, CURLINFO_PRIVATE, &priv)
            guard let priv else { continue }
            let t = Unmanaged<CurlTransfer>.fromOpaque(priv).takeUnretainedValue()
            complete(t, classify(code, t))
        }
    }

    /// The earliest a transfer still waiting for its first byte (since `start`) can time out: at its
    /// first-byte deadline, or, if a byte arrives right now, one idle period from now.
    private func earliestDeadline(waitingSince start: Int64, now: Int64) -> Int64 {
        var d = Int64.max
        if timeouts.firstByteNs > 0 { d = min(d, start + timeouts.firstByteNs) }
        if timeouts.idleNs > 0 { d = min(d, now + timeouts.idleNs) }
        return d
    }

    private func checkTimers(_ now: Int64) {
        var next: Int64 = .max
        var expired: [(CurlTransfer, TransportOutcome)] = []
        for t in active.values {
            let deadline: Int64
            let outcome: TransportOutcome
            if !t.recorder.sawFirstByte {
                guard timeouts.firstByteNs > 0 else {
                    if timeouts.idleNs > 0 { next = min(next, now + timeouts.idleNs) }
                    continue
                }
                deadline = t.startedNs + timeouts.firstByteNs
                outcome = .failed(.timeoutFirstByte, "no response byte within \(timeouts.firstByteNs / 1_000_000) ms")
            } else {
                guard timeouts.idleNs > 0 else { continue }
                deadline = t.lastActivityNs + timeouts.idleNs
                outcome = .failed(.timeoutIdle, "no response byte for more than \(timeouts.idleNs / 1_000_000) ms")
            }
            if now >= deadline {
                expired.append((t, outcome))
            } else {
                next = min(next, t.recorder.sawFirstByte ? deadline : earliestDeadline(waitingSince: t.startedNs, now: now))
            }
        }
        nextTimerCheckNs = next
        for (t, outcome) in expired { complete(t, outcome) }
    }

    /// Removes a transfer from libcurl, finishes its record and calls its completion.
    private func complete(_ t: CurlTransfer, _ outcome: TransportOutcome) {
        guard let handle = t.handle else { return }
        let shard = shards[t.shard]
        _ = curl_multi_remove_handle(shard.multi, handle.easy)
        shard.transfers -= 1
        let phases = readPhases(handle.easy, completed: outcome == .completed)
        let record = t.recorder.finish(outcome, atNs: clock.nowNs(), phases: phases)
        active[ObjectIdentifier(t)] = nil
        t.handle = nil
        // Kept configured: the next request sets only what differs (`CurlEasyHandle.prepare`).
        pool.append(handle)
        inFlightCount.subtract(1, ordering: .relaxed)
        t.completion(record)
    }

    private func finishUnstarted(_ t: CurlTransfer, _ outcome: TransportOutcome) {
        let record = t.recorder.finish(outcome, atNs: clock.nowNs(), phases: TransferPhases())
        inFlightCount.subtract(1, ordering: .relaxed)
        t.completion(record)
    }
}
