import Foundation
import LLMBenchCore
import Testing
@testable import Store

@Suite("Store: the read paths reports and the end of a run use at scale")
struct ReadPathTests {
    @Test func figuresLeaveOutTheTextColumnsOnly() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        let run = Fixtures.run()
        try db.insertRun(run)
        let full = Fixtures.fullRecord(runId: run.id, index: 1)
        try db.insertRequests([full])
        var all: [RequestRecord] = [], figures: [RequestRecord] = []
        try db.forEachRequest(runId: run.id) { all.append($0) }
        try db.forEachRequest(runId: run.id, fields: .figures) { figures.append($0) }
        #expect(all == [full])
        var expected = full
        expected.responseText = ""; expected.rateLimitHeaders = [:]
        expected.providerRequestId = nil; expected.systemFingerprint = nil
        if expected.invalidUsageJSON != nil { expected.invalidUsageJSON = "" }
        #expect(figures == [expected])
    }

    /// Rows whose repeated text columns (model, dataset, status, error kind, token sources) change
    /// from row to row and back decode the same through the cached path of every read, and
    /// `.metrics` blanks exactly the columns it leaves out.
    @Test func repeatedTextIsReusedOnlyWhileItsBytesRepeat() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        let run = Fixtures.run()
        try db.insertRun(run)
        var rows: [RequestRecord] = []
        for i in 0..<6 {
            var r = i % 3 == 2 ? Fixtures.bareRecord(runId: run.id, index: i) : Fixtures.fullRecord(runId: run.id, index: i)
            if i == 1 { r.model = "gpt-4o"; r.dataset = "qa"; r.status = .ok; r.errorKind = nil; r.usage?.source = .estimated }
            if i == 3 { r.errorKind = .timeout; r.usage?.reasoningSource = .estimated }
            rows.append(r)
        }
        try db.insertRequests(rows)
        var all: [RequestRecord] = [], metrics: [RequestRecord] = [], ahead: [RequestRecord] = []
        try db.forEachRequest(runId: run.id) { all.append($0) }
        try db.forEachRequest(runId: run.id, fields: .metrics) { metrics.append($0) }
        try db.forEachRequestReadAhead(runId: run.id, fields: .metrics, batchSize: 4) { ahead.append($0) }
        #expect(all == rows)
        let expected = rows.map { r in
            var e = r
            e.responseText = ""; e.rateLimitHeaders = [:]; e.providerRequestId = nil; e.systemFingerprint = nil
            if e.invalidUsageJSON != nil { e.invalidUsageJSON = "" }
            e.itemId = ""; e.finishReason = nil; e.servedModel = nil; e.responseBytes = nil; e.phases = TransferPhases()
            return e
        }
        #expect(metrics == expected)
        #expect(ahead == expected)
    }

    @Test func successfulBatchesPageThroughEveryOkAttempt() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        let run = Fixtures.run()
        try db.insertRun(run)
        var records: [RequestRecord] = []
        for i in 0..<23 {
            for attempt in 0..<(i % 3 == 0 ? 2 : 1) {
                var r = Fixtures.bareRecord(runId: run.id, index: i, attempt: attempt)
                r.status = (i % 5 == 0 && attempt == 0) ? .error : .ok
                if r.status == .error { r.errorKind = .http5xx }
                records.append(r)
            }
        }
        try db.insertRequests(records)
        var seen: [String] = []
        var sizes: [Int] = []
        try db.forEachSuccessfulRequestBatch(runId: run.id, batchSize: 4) { batch in
            sizes.append(batch.count)
            seen += batch.map { "\($0.requestIndex)/\($0.attempt)" }
            // Writing between batches is allowed: no statement is open.
            try db.updateTokenCounts(batch.map { TokenRecount(runId: run.id, requestIndex: $0.requestIndex, attempt: $0.attempt, outputO200kTokens: 1) })
        }
        #expect(seen == records.filter { $0.status == .ok }.map { "\($0.requestIndex)/\($0.attempt)" })
        #expect(sizes.dropLast().allSatisfy { $0 == 4 })
        var counted = 0
        try db.forEachRequest(runId: run.id) { if $0.outputO200kTokens == 1 { counted += 1 } }
        #expect(counted == seen.count)
    }

    @Test func scoresComeWithTheirAttemptsModelAndDataset() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        let run = Fixtures.run()
        try db.insertRun(run)
        var ok = Fixtures.bareRecord(runId: run.id, index: 0)
        ok.status = .ok
        var failed = Fixtures.bareRecord(runId: run.id, index: 1)
        failed.status = .error; failed.errorKind = .http5xx
        try db.insertRequests([ok, failed])
        try db.insertScores([Score(runId: run.id, requestIndex: 0, attempt: 0, metric: "exact_match", value: 1),
                             Score(runId: run.id, requestIndex: 1, attempt: 0, metric: "exact_match", value: 0)])
        var got: [String] = []
        try db.forEachScoreOfSuccessfulAttempt(runId: run.id) { s, model, dataset in
            got.append("\(s.requestIndex) \(s.metric) \(s.value) \(model) \(dataset)")
        }
        #expect(got == ["0 exact_match 1.0 \(ok.model) \(ok.dataset)"])
    }
}
