import CCurl
import LLMBenchCore

/// One attempt in flight: its request, its recorder, and the libcurl state it owns while the
/// transport's loop thread drives it. Touched only by that thread once submitted.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    var recorder: RequestRecorder
    let completion: @Sendable (RequestRecord) -> Void
    let clock: any MonotonicClock

    /// The pooled easy handle while the transfer is in libcurl.
    var handle: CurlEasyHandle?
    var easy: UnsafeMutableRawPointer? { handle?.easy }
    /// The transport's shard (multi handle) the transfer was added to.
    var shard = 0
    /// Absolute monotonic times: handed to curl, and the last byte received.
    var startedNs: Int64 = 0
    var lastActivityNs: Int64 = 0
    /// Set when a callback asked libcurl to stop (undecodable body, a limit, an unasked encoding).
    var aborted = false

    init(request: HTTPRequest, recorder: RequestRecorder, clock: any MonotonicClock,
         completion: @escaping @Sendable (RequestRecord) -> Void) {
        self.request = request
        self.recorder = recorder
        self.clock = clock
        self.completion = completion
    }

    @inline(__always)
    func onBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let now = clock.nowNs()
        lastActivityNs = now
        if !recorder.body(bytes, atNs: now) { aborted = true; return false }
        return true
    }

    @inline(__always)
    func onHeader(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let now = clock.nowNs()
        lastActivityNs = now
        if !recorder.headerLine(bytes, atNs: now) { aborted = true; return false }
        return true
    }
}

/// libcurl's write callback (`CURLOPT_WRITEFUNCTION`): timestamps the chunk and decodes it in place.
func curlWriteCallback(_ ptr: UnsafeMutablePointer<CChar>?, _ size: Int, _ nmemb: Int,
                       _ user: UnsafeMutableRawPointer?) -> Int {
    let n = size * nmemb
    guard let user else { return 0 }
    let t = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    return t.onBody(UnsafeRawBufferPointer(start: ptr, count: n)) ? n : 0
}

/// libcurl's header callback (`CURLOPT_HEADERFUNCTION`): one header line per call.
func curlHeaderCallback(_ ptr: UnsafeMutablePointer<CChar>?, _ size: Int, _ nmemb: Int,
                        _ user: UnsafeMutableRawPointer?) -> Int {
    let n = size * nmemb
    guard let user else { return 0 }
    return Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
        .onHeader(UnsafeRawBufferPointer(start: ptr, count: n)) ? n : 0
}
