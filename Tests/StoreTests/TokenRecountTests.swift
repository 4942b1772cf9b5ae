import Foundation
import LLMBenchCore
import Testing
@testable import Store

@Suite("Store: estimated output counts recounted after a run; server counts untouched")
struct TokenRecountTests {
    @Test func onlyEstimatedRowsChange() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        let run = Fixtures.run()
        try db.insertRun(run)
        var estimated = Fixtures.fullRecord(runId: run.id, index: 0)
        estimated.status = .ok; estimated.errorKind = nil; estimated.errorMessage = nil; estimated.httpStatus = 200
        estimated.usage = Usage(inputTokens: 10, outputTokens: 40, source: .estimated)
        var server = Fixtures.fullRecord(runId: run.id, index: 1)
        server.status = .ok; server.errorKind = nil; server.errorMessage = nil; server.httpStatus = 200
        try db.insertRequests([estimated, server])

        let changed = try db.updateTokenCounts([
            TokenRecount(runId: run.id, requestIndex: 0, attempt: 0, outputTokens: 31),
            TokenRecount(runId: run.id, requestIndex: 1, attempt: 0, outputTokens: 7),
        ])
        #expect(changed == 2, "both rows are matched; only the estimated one's output changes")
        var read: [RequestRecord] = []
        try db.forEachRequest(runId: run.id) { read.append($0) }
        #expect(read[0].usage?.outputTokens == 31)
        #expect(read[0].usage?.source == .estimated)
        #expect(read[1].usage == server.usage)
        #expect(throws: StoreError.self) {
            try db.updateTokenCounts([TokenRecount(runId: run.id, requestIndex: 0, attempt: 0, outputTokens: -1)])
        }
        try db.close()
    }
}
