import LLMBenchCore
import Testing
@testable import Analysis

/// The top error messages per kind (issue 15): counted from the records, most frequent first,
/// bounded, with the hint named after the config's key variable and model id.
@Suite struct FailureMessagesTests {
    private func failed(_ i: Int, _ kind: ErrorKind, _ message: String, status: Int? = nil, warmup: Bool = false) -> RequestRecord {
        RequestRecord(runId: "r", requestIndex: i, model: "m", dataset: "qa", itemId: "q\(i)", warmup: warmup, status: .error,
                      errorKind: kind, errorMessage: message, httpStatus: status, intendedStartNs: 0, sentNs: 0, doneNs: 1)
    }

    @Test func mostFrequentKindAndMessageFirstWithCounts() {
        var a = RunAnalyzer(settings: RunSettings(models: [RunSettings.ModelSettings(name: "m", model: "gpt-9", apiKeyEnv: "MY_KEY")]))
        var i = 0
        for _ in 0..<5 { a.add(failed(i, .http4xx, "HTTP 404: no such model", status: 404)); i += 1 }
        for _ in 0..<2 { a.add(failed(i, .auth, "HTTP 401: bad key", status: 401)); i += 1 }
        a.add(failed(i, .http4xx, "HTTP 400: other", status: 400)); i += 1
        a.add(failed(i, .connect, "ignored: warmup", warmup: true)); i += 1
        a.add(RequestRecord(runId: "r", requestIndex: i, model: "m", dataset: "qa", itemId: "c", status: .cancelled,
                            errorKind: .cancelled, errorMessage: "cancelled", intendedStartNs: 0))
        let run = RunInfo(id: "r", startedAt: "", label: nil, llmbenchVersion: "", gitCommit: nil, host: "", os: "", cpuCount: 1,
                          curlVersion: "", sqliteVersion: "", simulated: false, settingsJSON: "{}", datasetHashes: [:], status: .completed)
        let f = a.finish(run: run).modelTotals[0].failures
        #expect(f.map(\.kind) == [.http4xx, .auth])
        #expect(f[0].count == 6)
        #expect(f[0].top.map(\.text) == ["HTTP 404: no such model", "HTTP 400: other"])
        #expect(f[0].top.map(\.count) == [5, 1])
        #expect(f[0].httpStatus == 404 && f[0].statusText == nil)
        #expect(f[0].hint?.contains("\"gpt-9\"") == true)
        #expect(f[1].hint?.contains("$MY_KEY") == true)
        #expect(f[0].line == "http_4xx ×6: \"HTTP 404: no such model\" ×5; \"HTTP 400: other\" ×1")
    }

    @Test func distinctMessagesAreBounded() {
        var c = FailureMessageCounter()
        for i in 0..<(FailureMessageCounter.distinctLimit + 50) { c.add(failed(i, .http5xx, "HTTP 500: request \(i)")) }
        let f = c.finish { _, _, _ in nil }
        #expect(f.count == 1)
        #expect(f[0].count == FailureMessageCounter.distinctLimit + 50)
        #expect(f[0].top.count == FailureMessageCounter.topLimit)
    }

    @Test func firstFailuresAnnounceEachKindOncePerModel() {
        var first = FirstFailures(models: ["m": .init(keyVariable: "K", modelId: "x", baseURL: "http://127.0.0.1:1/v1")])
        let a = failed(0, .auth, "HTTP 401: no", status: 401)
        #expect(first.notice(for: a) == "m: first auth failure: HTTP 401: no\n  hint: the key in $K was rejected: check that it is set to a valid key for this provider")
        #expect(first.notice(for: a) == nil)
        #expect(first.notice(for: failed(1, .connect, "libcurl error 7: Couldn't connect to server"))?.contains("nothing answered") == true)
        var ok = a; ok.status = .ok
        #expect(first.notice(for: ok) == nil)
    }
}
