import LLMBenchCore

/// Hand-built records: times in ms from the run start, converted to ns.
enum Fixture {
    static let run = RunInfo(id: "run-1", startedAt: "2025-01-02T03:04:05Z", label: "nightly", llmbenchVersion: "0.1.0",
                             host: "ci-box", os: "Linux", cpuCount: 2, curlVersion: "7.88.1", sqliteVersion: "3.40.1",
                             simulated: true, settingsJSON: "{}", datasetHashes: [:], status: .completed)

    static func ms(_ v: Double) -> Int64 { Int64((v * 1_000_000).rounded()) }

    /// A successful streamed attempt.
    static func ok(model: String = "m", dataset: String = "qa", index: Int = 0, attempt: Int = 0,
                   intended: Double = 0, sent: Double = 0, firstByte: Double? = nil, firstToken: Double?,
                   firstOutput: Double? = nil, lastToken: Double?, done: Double, input: Int = 100, output: Int = 11,
                   source: TokenSource = .server, usage: Bool = true, warmup: Bool = false) -> RequestRecord {
        RequestRecord(runId: "run-1", requestIndex: index, attempt: attempt, model: model, dataset: dataset,
                      itemId: "i\(index)", warmup: warmup, status: .ok, httpStatus: 200,
                      intendedStartNs: ms(intended), sentNs: ms(sent), firstByteNs: firstByte.map(ms),
                      firstTokenNs: firstToken.map(ms), firstOutputNs: (firstOutput ?? firstToken).map(ms),
                      lastTokenNs: lastToken.map(ms), doneNs: ms(done),
                      usage: usage ? Usage(inputTokens: input, outputTokens: output, source: source) : nil)
    }

    /// A failed attempt.
    static func failed(model: String = "m", dataset: String = "qa", index: Int = 0, attempt: Int = 0,
                       kind: ErrorKind = .http5xx, status: RequestStatus = .error, intended: Double = 0,
                       sent: Double? = 0, done: Double? = 5, warmup: Bool = false) -> RequestRecord {
        RequestRecord(runId: "run-1", requestIndex: index, attempt: attempt, model: model, dataset: dataset,
                      itemId: "i\(index)", warmup: warmup, status: status, errorKind: kind, httpStatus: 500,
                      intendedStartNs: ms(intended), sentNs: sent.map(ms), doneNs: done.map(ms))
    }
}
