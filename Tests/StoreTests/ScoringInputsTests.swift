import Foundation
import Testing
import LLMBenchCore
@testable import Store

/// `scoringInputs` pages through a run's ok, non-warmup attempts in (request index, attempt) order.
@Suite struct ScoringInputsTests {
    @Test func pagesCoverEveryOkNonWarmupAttemptOnceInOrder() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("s.sqlite"))
        try db.insertRun(Fixtures.run(id: "r"))
        var records: [RequestRecord] = []
        for i in 0..<25 {
            for attempt in 0..<(i % 3 == 0 ? 2 : 1) {
                var r = Fixtures.fullRecord(runId: "r", index: i)
                r.attempt = attempt
                r.responseText = "answer \(i).\(attempt)"
                r.warmup = i == 4
                if i == 7 { r.status = .error }
                records.append(r)
            }
        }
        try db.insertRequests(records)
        let want = records.filter { $0.status == .ok && !$0.warmup }.map { "\($0.requestIndex).\($0.attempt) \($0.responseText)" }
        var got: [String] = []
        var after: (requestIndex: Int, attempt: Int)?
        var pages = 0
        while true {
            let page = try db.scoringInputs(runId: "r", after: after, limit: 4)
            guard let last = page.last else { break }
            #expect(page.count <= 4)
            pages += 1
            after = (last.requestIndex, last.attempt)
            got += page.map { "\($0.requestIndex).\($0.attempt) \($0.responseText)" }
        }
        #expect(got == want)
        #expect(pages == (want.count + 3) / 4)
        #expect(try db.scoringInputs(runId: "other", after: nil, limit: 10).isEmpty)
        try db.close()
    }
}
