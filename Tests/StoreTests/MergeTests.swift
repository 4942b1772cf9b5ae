import Foundation
import LLMBenchCore
import Testing
@testable import Store

@Suite struct MergeTests {
    /// A database with `runs` runs of `perRun` records each (scores, prices and a baseline too).
    private func makeDatabase(_ path: String, runs: [RunInfo], perRun: Int, baseline: String? = nil) throws {
        let db = try Database.open(path: path)
        for run in runs {
            try db.insertRun(run)
            try db.insertRequests((0..<perRun).map { Fixtures.fullRecord(runId: run.id, index: $0) })
            try db.insertScores([Score(runId: run.id, requestIndex: 0, attempt: 0, metric: "bleu", value: 12.5)])
            try db.insertRunPrice(RunPrice(runId: run.id, model: "gpt-4o-mini", entryJSON: "{}"))
        }
        if let baseline, let first = runs.first { try db.setBaseline(name: baseline, runId: first.id) }
        try db.close()
    }

    @Test func mergeKeepsEveryRowAndSkipsDuplicates() throws {
        let dir = try TempDirectory()
        let shared = Fixtures.run(startedAt: "2025-01-01T00:00:00Z")
        let onlyA = Fixtures.run(startedAt: "2025-01-02T00:00:00Z")
        let onlyB = Fixtures.run(startedAt: "2025-01-03T00:00:00Z", label: "from-b")
        try makeDatabase(dir.path("a.sqlite"), runs: [shared, onlyA], perRun: 7)
        try makeDatabase(dir.path("b.sqlite"), runs: [onlyB, shared], perRun: 7, baseline: "last-good")

        let db = try Database.open(path: dir.path("a.sqlite"))
        let summary = try db.merge(from: dir.path("b.sqlite"))
        #expect(summary.runs == 1)
        #expect(summary.requests == 7)
        #expect(summary.skippedRunIds == [shared.id])
        #expect(summary.baselines == 1)
        #expect(try Set(db.runs().map(\.id)) == [shared.id, onlyA.id, onlyB.id])
        #expect(try db.run(id: onlyB.id) == onlyB)
        for run in [shared, onlyA, onlyB] { #expect(try db.requestCount(runId: run.id) == 7) }
        var merged: [RequestRecord] = []
        try db.forEachRequest(runId: onlyB.id) { merged.append($0) }
        #expect(merged == (0..<7).map { Fixtures.fullRecord(runId: onlyB.id, index: $0) })
        var scores = 0
        try db.forEachScore(runId: onlyB.id) { _ in scores += 1 }
        #expect(scores == 1)
        #expect(try db.runPrices(runId: onlyB.id).count == 1)
        #expect(try db.baseline(name: "last-good") == onlyB.id)
        #expect(try db.runExtras(id: onlyB.id)?.mergedFrom == dir.path("b.sqlite"))
        #expect(try db.runExtras(id: onlyA.id)?.mergedFrom == nil)

        // Merging again copies nothing.
        let again = try db.merge(from: dir.path("b.sqlite"))
        #expect(again.runs == 0 && again.requests == 0 && again.skippedRunIds.count == 2)
        #expect(try db.integrityCheck() == "ok")
        try db.close()
    }

    @Test func mergeIntoAnEmptyFileAndErrors() throws {
        let dir = try TempDirectory()
        let run = Fixtures.run()
        try makeDatabase(dir.path("a.sqlite"), runs: [run], perRun: 3)
        let into = try Database.open(path: dir.path("all.sqlite"))
        #expect(try into.merge(from: dir.path("a.sqlite")).requests == 3)
        #expect(throws: StoreError.notFound(path: dir.path("missing.sqlite"))) { try into.merge(from: dir.path("missing.sqlite")) }
        #expect(throws: StoreError.self) { try into.merge(from: dir.path("all.sqlite")) }
        try into.close()
    }
}
