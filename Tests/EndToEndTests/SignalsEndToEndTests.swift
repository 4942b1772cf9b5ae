import Foundation
import Testing
import LLMBenchCore
import Store

/// Issue 11, finding 6: SIGTERM and SIGHUP stop a run as Ctrl-C does (no new requests, in-flight
/// ones cancelled, the run `interrupted`, every planned request a row), exiting 143 and 129.
/// Before the fix SIGTERM killed at once: exit 143 with the run left `running` and batched rows lost.
@Suite(.serialized) struct SignalsEndToEndTests {
    @Test(arguments: [(SIGTERM, Int32(143)), (SIGHUP, Int32(129))])
    func aStopSignalEndsTheRunCleanly(_ sig: Int32, _ code: Int32) throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("s.sqlite").path
        let p = try startRunAndWaitForRows(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa",
                                            "--requests", "400", "--concurrency", "2", "--quiet", "--format", "none"], db: db)
        kill(p.processIdentifier, sig)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == code)
        let database = try Database.open(path: db, readOnly: true)
        defer { try? database.close() }
        let run = try database.resolveRun("latest")
        #expect(run.status == .interrupted)
        #expect(run.finishedAt != nil)
        var indices = Set<Int>(), ok = 0, unsent = 0
        try database.forEachRequest(runId: run.id) { rec in
            indices.insert(rec.requestIndex)
            if rec.status == .ok { ok += 1 }
            if rec.status == .notSent { unsent += 1 }
        }
        #expect(ok > 0 && unsent > 0)
        #expect(indices == Set(0..<400))
        #expect(try database.integrityCheck() == "ok")
    }
}

/// Starts `llmbench args…` in the background (stdout to `stdout`, else discarded; stderr discarded)
/// and returns once the newest run in `db` has stored a request, or after 30 s; the caller stops it
/// (a signal) and waits.
func startRunAndWaitForRows(_ args: [String], db: String, stdout: FileHandle? = nil, cwd: URL? = nil) throws -> Process {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: Binary.path)
    p.arguments = args
    p.environment = ["LLMBENCH_DATA_DIR": Binary.packageRoot.appendingPathComponent("datasets").path, "PATH": "/usr/bin:/bin"]
    if let cwd { p.currentDirectoryURL = cwd }
    p.standardOutput = stdout ?? FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline {
        Thread.sleep(forTimeInterval: 0.3)
        if let d = try? Database.open(path: db, readOnly: true), let run = try? d.resolveRun("latest"),
           (try? d.requestCount(runId: run.id)) ?? 0 > 0 { try? d.close(); break }
    }
    return p
}
