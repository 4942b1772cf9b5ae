import CCurl
import Glibc
import LLMBenchCore

/// One pooled libcurl easy handle and the per-request options it was last given, so reusing it
/// for the next request sets only what changed (libcurl keeps options between transfers,
/// curl_easy_setopt(3)). Resetting and setting every option per request cost about 25 allocations
/// (each string option and header line is copied by libcurl, each Swift header string built and
/// converted) and a few microseconds per request. Owned by the transport's loop thread.
final class CurlEasyHandle {
    let easy: UnsafeMutableRawPointer
    private var url: String?
    private var headers: [(name: String, value: String)] = []
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var pipeWait: Bool?
    private var freshConnectSet = false

    /// A new handle with the options every request shares (`transport` is the sockets' callbacks' data).
    init?(timeouts: Timeouts, userAgent: String, transport: UnsafeMutableRawPointer) {
        guard let h = curl_easy_init() else { return nil }
        easy = h
        _ = llmbench_easy_setopt_long(h, CURLOPT_POST, 1)
        _ = llmbench_easy_setopt_write(h, CURLOPT_WRITEFUNCTION, curlWriteCallback)
        _ = llmbench_easy_setopt_write(h, CURLOPT_HEADERFUNCTION, curlHeaderCallback)
        _ = llmbench_easy_setopt_long(h, CURLOPT_NOSIGNAL, 1)
        // Never follow a redirect (a 3xx is recorded as `redirect`): the key would travel to
        // whatever host the Location names. libcurl's default; set so no later change flips it.
        _ = llmbench_easy_setopt_long(h, CURLOPT_FOLLOWLOCATION, 0)
        // No CURLOPT_ACCEPT_ENCODING: nothing is asked to be compressed, and a body that comes
        // encoded anyway is recorded as `bad_encoding`.
        _ = llmbench_easy_setopt_long(h, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        _ = llmbench_easy_setopt_long(h, CURLOPT_TCP_KEEPALIVE, 1)
        _ = llmbench_easy_setopt_long(h, CURLOPT_BUFFERSIZE, CurlMultiTransport.receiveBufferBytes)
        userAgent.withCString { _ = llmbench_easy_setopt_ptr(h, CURLOPT_USERAGENT, $0) }
        if timeouts.connectNs > 0 {
            _ = llmbench_easy_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, Int(max(1, timeouts.connectNs / 1_000_000)))
        }
        if timeouts.totalNs > 0 {
            _ = llmbench_easy_setopt_long(h, CURLOPT_TIMEOUT_MS, Int(max(1, timeouts.totalNs / 1_000_000)))
        }
        // The transport learns which descriptors are libcurl's connections (opened, closed), so its
        // poller may keep an idle connection in its epoll set between requests.
        _ = llmbench_easy_setopt_sockopt(h, curlSockoptCallback)
        _ = llmbench_easy_setopt_ptr(h, CURLOPT_SOCKOPTDATA, transport)
        _ = llmbench_easy_setopt_closesocket(h, curlCloseSocketCallback)
        _ = llmbench_easy_setopt_ptr(h, CURLOPT_CLOSESOCKETDATA, transport)
    }

    /// Points the handle at `t`'s request and callbacks; only options that differ from the last
    /// request's are set again. `fresh`: no pooled handle was free when `t` started.
    func prepare(for t: CurlTransfer, fresh: Bool) {
        let me = Unmanaged.passUnretained(t).toOpaque()
        _ = llmbench_easy_setopt_ptr(easy, CURLOPT_WRITEDATA, me)
        _ = llmbench_easy_setopt_ptr(easy, CURLOPT_HEADERDATA, me)
        _ = llmbench_easy_setopt_ptr(easy, CURLOPT_PRIVATE, me)
        let request = t.request
        if url != request.url {
            request.url.withCString { _ = llmbench_easy_setopt_ptr(easy, CURLOPT_URL, $0) }
            url = request.url
        }
        if headerList == nil || !Self.same(headers, request.headers) {
            var list: UnsafeMutablePointer<curl_slist>? = nil
            for (name, value) in request.headers {
                list = curl_slist_append(list, "\(name): \(value)")
            }
            list = curl_slist_append(list, "Expect:")  // no 100-continue round trip
            _ = llmbench_easy_setopt_ptr(easy, CURLOPT_HTTPHEADER, list)
            curl_slist_free_all(headerList)
            headerList = list
            headers = request.headers
        }
        _ = llmbench_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
        request.body.withUnsafeBytes { _ = llmbench_easy_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
        // Over TLS, wait for ALPN to say whether an open connection can multiplex (HTTP/2) rather
        // than opening another. Over cleartext HTTP/1.1 that wait lasts until the first response's
        // headers and would serialise concurrent requests, so it is off there.
        let tls = request.url.utf8.starts(with: "https:".utf8)
        if pipeWait != tls {
            _ = llmbench_easy_setopt_long(easy, CURLOPT_PIPEWAIT, tls ? 1 : 0)
            pipeWait = tls
        }
        // libcurl looks for a connection to reuse by walking every connection it holds to the host
        // (7.88's ConnectionExists), so starting transfer n costs O(n): 10,000 streams opened
        // together took 10 s instead of 3. When no pooled handle is free no connection can be idle
        // either (each completion returns one handle for the one connection it leaves idle, and a
        // transfer started from the pool claims it), so over cleartext HTTP/1.1 — one transfer per
        // connection — a new connection is certain and the walk is skipped. Over TLS a busy HTTP/2
        // connection may still take the stream, so it always looks.
        let freshConnect = fresh && request.url.utf8.starts(with: "http:".utf8)
        if freshConnectSet != freshConnect {
            _ = llmbench_easy_setopt_long(easy, CURLOPT_FRESH_CONNECT, freshConnect ? 1 : 0)
            freshConnectSet = freshConnect
        }
    }

    /// Frees the handle and its header list (after it left the multi handle).
    func cleanup() {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        headerList = nil
    }

    private static func same(_ a: [(name: String, value: String)], _ b: [(name: String, value: String)]) -> Bool {
        guard a.count == b.count else { return false }
        for i in a.indices where a[i].name != b[i].name || a[i].value != b[i].value { return false }
        return true
    }
}

/// `CURLOPT_SOCKOPTFUNCTION`: libcurl made a connection socket (`clientp` is the transport).
private func curlSockoptCallback(_ clientp: UnsafeMutableRawPointer?, _ fd: curl_socket_t, _ purpose: curlsocktype) -> Int32 {
    if let clientp { Unmanaged<CurlMultiTransport>.fromOpaque(clientp).takeUnretainedValue().socketOpened(fd) }
    return Int32(CURL_SOCKOPT_OK)
}

/// `CURLOPT_CLOSESOCKETFUNCTION`: libcurl is done with a connection socket; closing it is ours.
private func curlCloseSocketCallback(_ clientp: UnsafeMutableRawPointer?, _ fd: curl_socket_t) -> Int32 {
    if let clientp { Unmanaged<CurlMultiTransport>.fromOpaque(clientp).takeUnretainedValue().socketClosing(fd) }
    return close(fd)
}
