import Foundation
import LLMBenchCore
import Testing
@testable import Store

@Suite struct ResolveTests {
    @Test func resolvesEveryKindOfReference() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        #expect {
            try db.resolveRun("latest")
        } throws: { "\($0)".contains("holds no runs yet") }

        let old = Fixtures.run(id: "11111111-aaaa-4000-8000-000000000001", startedAt: "2025-01-01T00:00:00Z", label: "nightly")
        let mid = Fixtures.run(id: "11111111-bbbb-4000-8000-000000000002", startedAt: "2025-01-02T00:00:00Z", label: "nightly")
        let new = Fixtures.run(id: "22222222-cccc-4000-8000-000000000003", startedAt: "2025-01-03T00:00:00Z", label: "adhoc")
        for run in [old, mid, new] { try db.insertRun(run) }

        #expect(try db.resolveRun("latest").id == new.id)
        #expect(try db.resolveRun(old.id).id == old.id)
        #expect(try db.resolveRun("nightly").id == mid.id)  // newest with the label
        #expect(try db.resolveRun("22222222").id == new.id)
        #expect(try db.resolveRun("11111111-a").id == old.id)

        try db.setBaseline(name: "last-good", runId: old.id)
        #expect(try db.baseline(name: "last-good") == old.id)
        #expect(try db.resolveRun("last-good").id == old.id)
        try db.setBaseline(name: "last-good", runId: mid.id)  // moving it
        #expect(try db.resolveRun("last-good").id == mid.id)
        #expect(try db.baselines().map(\.name) == ["last-good"])
        #expect(try db.baseline(name: "none") == nil)

        // Ambiguous prefix: both runs are named.
        #expect {
            try db.resolveRun("11111111")
        } throws: { error in
            let text = "\(error)"
            return text.contains("ambiguous") && text.contains("2025-01-01") && text.contains("2025-01-02")
        }
        // Too short a prefix is not a prefix.
        #expect(throws: StoreError.self) { try db.resolveRun("2222222") }
        // Unknown: the message lists runs and baselines.
        #expect {
            try db.resolveRun("yesterday")
        } throws: { error in
            let text = "\(error)"
            return text.contains("no run matches \"yesterday\"") && text.contains("22222222") && text.contains("label adhoc")
                && text.contains("last-good")
        }
        try db.close()
    }

    @Test func baselineNeedsAnExistingRunAndAUsableName() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("a.sqlite"))
        #expect(throws: StoreError.self) { try db.setBaseline(name: "last-good", runId: "missing") }
        let run = Fixtures.run()
        try db.insertRun(run)
        #expect(throws: StoreError.self) { try db.setBaseline(name: "latest", runId: run.id) }
        #expect(throws: StoreError.self) { try db.setBaseline(name: "", runId: run.id) }
        try db.close()
    }
}
