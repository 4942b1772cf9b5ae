import CCurl
import LLMBenchCore

/// How a finished libcurl transfer is recorded: its result code as an outcome, and its phase times.
extension CurlMultiTransport {
    /// Maps a libcurl result to an outcome (libcurl-errors(3)).
    func classify(_ code: CURLcode, _ t: CurlTransfer) -> TransportOutcome {
        if code == CURLE_OK { return .completed }
        let what = "libcurl error \(code.rawValue): \(String(cString: curl_easy_strerror(code)))"
        let gotResponse = t.recorder.sawFirstByte
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            var connect: curl_off_t = 0
            if let e = t.easy { _ = llmbench_easy_getinfo_off(e, CURLINFO_CONNECT_TIME_T, &connect) }
            if connect == 0 && !gotResponse {
                return .failed(.timeoutConnect, "no connection within \(timeouts.connectNs / 1_000_000) ms (\(what))")
            }
            return .failed(.timeoutTotal, "the attempt took longer than \(timeouts.totalNs / 1_000_000) ms (\(what))")
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY,
             CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CACERT_BADFILE:
            return .failed(.connect, what)
        case CURLE_WRITE_ERROR where t.aborted:
            return .failed(.protocol, "the response could not be decoded")
        case CURLE_OUT_OF_MEMORY where !t.recorder.headersComplete:
            // libcurl refuses a header line over CURL_MAX_HTTP_HEADER (100 KB) this way.
            return .failed(.headersTooLarge, "a response header line passed libcurl's limit (\(what))")
        case CURLE_UNSUPPORTED_PROTOCOL where !t.recorder.headersComplete,
             CURLE_WEIRD_SERVER_REPLY where !t.recorder.headersComplete:
            return .failed(.protocol, "the server's answer is not HTTP (\(what))")
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            if gotResponse { return .failed(.streamTruncated, "the connection ended before the response did (\(what))") }
            return .failed(.connect, what)
        default:
            return .failed(.protocol, what)
        }
    }

    /// libcurl's `CURLINFO_*_TIME_T` durations (µs from the transfer's start) as nanoseconds;
    /// a zero is "none" unless the transfer completed (a reused connection spends no time connecting).
    func readPhases(_ easy: UnsafeMutableRawPointer, completed: Bool) -> TransferPhases {
        func get(_ info: CURLINFO, zeroIsNone: Bool) -> Int64? {
            var v: curl_off_t = 0
            guard llmbench_easy_getinfo_off(easy, info, &v) == CURLE_OK else { return nil }
            if v == 0 && zeroIsNone { return nil }
            return Int64(v) * 1000
        }
        return TransferPhases(nameLookupNs: get(CURLINFO_NAMELOOKUP_TIME_T, zeroIsNone: !completed),
                              connectNs: get(CURLINFO_CONNECT_TIME_T, zeroIsNone: !completed),
                              tlsHandshakeNs: get(CURLINFO_APPCONNECT_TIME_T, zeroIsNone: true),
                              preTransferNs: get(CURLINFO_PRETRANSFER_TIME_T, zeroIsNone: !completed),
                              startTransferNs: get(CURLINFO_STARTTRANSFER_TIME_T, zeroIsNone: !completed),
                              totalNs: get(CURLINFO_TOTAL_TIME_T, zeroIsNone: false))
    }
}
