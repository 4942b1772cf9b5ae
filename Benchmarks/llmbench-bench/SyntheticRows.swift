import LLMBenchCore
import Store

/// Seeded synthetic `requests` rows shaped like a streamed run against a fast target: 256 prompt
/// tokens, 64 answer tokens in 64 chunks (so 63 chunk gaps per attempt), a ~300-byte answer text,
/// 1 % of requests failing once with `http_429` and then succeeding on a retry, 0.2 % failing for good.
///
/// Timestamps are ns on a run clock: request `i` is intended at `i × 1 ms`; TTFT is 40-400 ms and
/// the gap between chunks 5-25 ms, drawn from `SplitMix64(seed)`, so two seeds give two runs with
/// the same shape and different figures.
struct SyntheticRows {
    var runId: String
    var seed: UInt64
    var model = "sim-a"
    var dataset = "synthetic"
    /// Added to every TTFT, ns (a second run made slower on purpose, for `compare`).
    var ttftShiftNs: Int64 = 0

    static let answer = Array(repeating: "lorem", count: 64).joined(separator: " ")

    /// The attempts of logical request `index` (one, or two when it is retried), in attempt order.
    func attempts(index: Int) -> [RequestRecord] {
        var rng = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        func draw(_ lo: Int64, _ hi: Int64) -> Int64 { lo + Int64(rng.next() % UInt64(hi - lo)) }
        let intended = Int64(index) * 1_000_000
        let roll = rng.next() % 1000
        var out: [RequestRecord] = []
        var start = intended
        if roll < 10 {
            let sent = start + draw(10_000, 200_000)
            out.append(RequestRecord(runId: runId, requestIndex: index, attempt: 0, model: model, dataset: dataset,
                                     itemId: "item-\(index % 1000)", status: .error, errorKind: .http429,
                                     errorMessage: "HTTP 429: rate limited", httpStatus: 429, intendedStartNs: start,
                                     sentNs: sent, firstByteNs: sent + 2_000_000, doneNs: sent + 2_100_000))
            start = sent + 2_100_000 + 50_000_000
        }
        let attempt = out.count
        let sent = start + draw(10_000, 200_000)
        if roll >= 10 && roll < 12 {
            out.append(RequestRecord(runId: runId, requestIndex: index, attempt: attempt, model: model, dataset: dataset,
                                     itemId: "item-\(index % 1000)", status: .error, errorKind: .http5xx,
                                     errorMessage: "HTTP 503: overloaded", httpStatus: 503, intendedStartNs: start,
                                     sentNs: sent, firstByteNs: sent + 3_000_000, doneNs: sent + 3_200_000))
            return out
        }
        let firstByte = sent + draw(1_000_000, 20_000_000)
        let firstToken = firstByte + draw(40_000_000, 400_000_000) + ttftShiftNs
        var arrivals: [Int64] = [firstToken]
        arrivals.reserveCapacity(64)
        for _ in 1..<64 { arrivals.append(arrivals[arrivals.count - 1] + draw(5_000_000, 25_000_000)) }
        let last = arrivals[arrivals.count - 1]
        let usage = Usage(inputTokens: 256, outputTokens: 64, source: .server)
        out.append(RequestRecord(runId: runId, requestIndex: index, attempt: attempt, model: model, dataset: dataset,
                                 itemId: "item-\(index % 1000)", status: .ok, httpStatus: 200, intendedStartNs: start,
                                 sentNs: sent, firstByteNs: firstByte, firstTokenNs: firstToken, firstOutputNs: firstToken,
                                 lastTokenNs: last, doneNs: last + 200_000, chunkArrivalsNs: arrivals, usage: usage,
                                 responseText: Self.answer, finishReason: "stop", providerRequestId: "req-\(index)",
                                 servedModel: model, inputO200kTokens: 256, outputO200kTokens: 64))
        return out
    }

    /// A finished run row for these requests (closed loop, concurrency 256, one priced model).
    func runInfo(requests: Int) -> RunInfo {
        var settings = RunSettings(models: [RunSettings.ModelSettings(name: model, kind: "simulated", model: model, stream: true)])
        settings.requestsPerDataset = requests
        settings.profile = "concurrent"
        settings.concurrency = 256
        settings.synthetic = "input=256,output=64"
        return RunInfo(id: runId, startedAt: "2026-12-01T00:00:00Z", finishedAt: "2026-12-01T00:20:00Z",
                       label: "synthetic-\(seed)", llmbenchVersion: "bench", host: "bench", os: "Linux", cpuCount: 2,
                       curlVersion: "n/a", sqliteVersion: Database.sqliteVersion, simulated: true,
                       settingsJSON: settings.jsonText, datasetHashes: [:], status: .completed,
                       durationNs: Int64(requests) * 1_000_000 + 1_000_000_000)
    }

    /// The price entry stored with the run: $0.15 / $0.60 per million input / output tokens.
    var priceJSON: String {
        #"{"provider":"simulated","model":"\#(model)","currency":"USD","prices_micro_usd_per_mtok":{"input":150000,"output":600000}}"#
    }
}
