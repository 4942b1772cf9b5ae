import Foundation
import Testing
import LLMBenchCore
@testable import Store

/// `run_datasets.task` and `template_sha256` (issue 15): stored, read back, NULL for older files.
@Suite struct DatasetTaskColumnsTests {
    @Test func taskAndTemplateHashRoundTrip() throws {
        let dir = try TempDirectory()
        let db = try Database.open(path: dir.path("t.sqlite"))
        var run = Fixtures.run(id: "r")
        run.datasetHashes = ["tickets": String(repeating: "a", count: 64), "qa": String(repeating: "b", count: 64)]
        run.datasetTasks = ["tickets": "prompt", "qa": "qa"]
        run.templateHashes = ["tickets": String(repeating: "c", count: 64)]
        try db.insertRun(run)
        let read = try #require(try db.run(id: "r"))
        #expect(read.datasetTasks == run.datasetTasks && read.templateHashes == run.templateHashes)
        // The CHECKs refuse an unknown task and a hash that is not 64 characters.
        var bad = Fixtures.run(id: "s")
        bad.datasetHashes = ["x": String(repeating: "a", count: 64)]
        bad.datasetTasks = ["x": "poetry"]
        #expect(throws: (any Error).self) { try db.insertRun(bad) }
        try db.close()
    }

    @Test func aFileFromBeforeTheColumnsReadsAndMergesWithout() throws {
        let dir = try TempDirectory()
        let path = dir.path("old.sqlite")
        let db = try Database.open(path: path)
        var run = Fixtures.run(id: "r")
        run.datasetHashes = ["qa": String(repeating: "b", count: 64)]
        try db.insertRun(run)
        try db.withConnection { conn in
            try conn.execute("\(Fixtures.dropDatasetTaskColumns) PRAGMA user_version = \(Schema.datasetTaskAndTemplateVersion - 1)")
        }
        try db.close()
        let old = try Database.open(path: path, readOnly: true)
        let read = try #require(try old.run(id: "r"))
        #expect(read.datasetHashes.keys.sorted() == ["qa"] && read.datasetTasks.isEmpty && read.templateHashes.isEmpty)
        try old.close()
        let current = try Database.open(path: dir.path("new.sqlite"))
        _ = try current.merge(from: path)
        #expect(try current.run(id: "r")?.datasetHashes.keys.sorted() == ["qa"])
        try current.close()
    }
}
