import CSQLite
import Foundation
import Testing
import Store
import LLMBenchCore

/// `report` on a read-only mount (issue 11, finding 8): the file a run leaves needs no -wal/-shm
/// files, and a file still in WAL mode is read as it is (`immutable`). Tests run as root, which
/// ignores file permissions, so the directory is bind-mounted read-only in a mount namespace.
@Suite(.serialized) struct ReadOnlyEndToEndTests {
    static let canMount: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        p.arguments = ["-m", "sh", "-c", "mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"), (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    /// Runs `llmbench args…` with `dir` mounted read-only for that process alone.
    private func runReadOnly(_ dir: URL, _ args: [String]) throws -> Binary.Result {
        let quoted = ([Binary.path] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        p.arguments = ["-m", "sh", "-c", "mount --bind '\(dir.path)' '\(dir.path)' && mount -o remount,bind,ro '\(dir.path)' "
                       + "&& touch '\(dir.path)/probe' 2>/dev/null && echo WRITABLE >&2; exec \(quoted)"]
        p.environment = ["PATH": "/usr/sbin:/usr/bin:/bin", "LLMBENCH_DATA_DIR": Binary.packageRoot.appendingPathComponent("datasets").path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Binary.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                             stderr: String(decoding: e, as: UTF8.self))
    }

    @Test(.enabled(if: canMount)) func reportWorksOnAReadOnlyMount() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("ro.sqlite").path
        let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa", "--requests", "3",
                                "--time-scale", "0.02", "--quiet", "--format", "none"])
        #expect(r.status == 0, "\(r.stderr)")
        let ro = try runReadOnly(dir, ["report", "--db", db, "--format", "json"])
        #expect(!ro.stderr.contains("WRITABLE"), "the mount must be read-only")
        #expect(ro.status == 0, "\(ro.stderr)")
        #expect(ro.stdout.contains("\"model_totals\""))
        #expect(!FileManager.default.fileExists(atPath: db + "-wal"))
    }

    /// A file left in WAL mode (as a killed writer leaves it) still reports from a read-only mount.
    @Test(.enabled(if: canMount)) func aFileLeftInWALModeStillReports() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("wal.sqlite").path
        let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa", "--requests", "2",
                                "--time-scale", "0.02", "--quiet", "--format", "none"])
        #expect(r.status == 0, "\(r.stderr)")
        var raw: OpaquePointer?
        #expect(sqlite3_open(db, &raw) == SQLITE_OK)
        #expect(sqlite3_exec(raw, "PRAGMA journal_mode = WAL", nil, nil, nil) == SQLITE_OK)
        sqlite3_close(raw)
        let ro = try runReadOnly(dir, ["report", "--db", db, "--format", "csv"])
        #expect(ro.status == 0, "\(ro.stderr)")
        #expect(ro.stdout.contains("gpt-4o-mini"))
    }
}

/// Issue 11, finding 7: two processes creating one new database at once. Before the fix, in 4 of 6
/// trials one failed with "table runs already exists" and exit 70.
@Suite struct CreationRaceEndToEndTests {
    @Test func twoRunsCreatingOneDatabaseBothSucceed() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        for trial in 0..<4 {
            let db = dir.appendingPathComponent("race-\(trial).sqlite").path
            let results = RaceResults()
            let group = DispatchGroup()
            for _ in 0..<2 {
                group.enter()
                Thread.detachNewThread {
                    let r = try? Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa",
                                             "--requests", "1", "--time-scale", "0.02", "--quiet", "--format", "none"])
                    results.add(r)
                    group.leave()
                }
            }
            #expect(group.wait(timeout: .now() + 120) == .success)
            for r in results.all {
                #expect(r?.status == 0, "trial \(trial): \(r?.stderr ?? "did not run")")
            }
            let database = try Database.open(path: db, readOnly: true)
            #expect(try database.runs().count == 2)
            try database.close()
        }
    }
}

final class RaceResults: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Binary.Result?] = []
    func add(_ r: Binary.Result?) { lock.withLock { items.append(r) } }
    var all: [Binary.Result?] { lock.withLock { items } }
}

/// A full disk (a 300 KB tmpfs in a mount namespace): exit 74, the message names the database file
/// and what to do, and the rows committed before are still there (issue 11, finding 10).
@Suite struct DiskFullEndToEndTests {
    @Test(.enabled(if: ReadOnlyEndToEndTests.canMount)) func aFullDiskIsExit74AndNamesTheFile() throws {
        let mnt = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: mnt) }
        let db = mnt.appendingPathComponent("full.sqlite").path
        let run = [Binary.path, "run", "--db", db, "--requests", "60", "--quiet", "--format", "none"]
        let report = [Binary.path, "report", "--db", db, "--format", "csv"]
        func q(_ a: [String]) -> String { a.map { "'\($0)'" }.joined(separator: " ") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        p.arguments = ["-m", "sh", "-c", "mount -t tmpfs -o size=300k tmpfs '\(mnt.path)' && { \(q(run)); echo \"run=$?\" >&2; "
                       + "\(q(report)) > /dev/null; echo \"report=$?\" >&2; }"]
        p.environment = ["PATH": "/usr/sbin:/usr/bin:/bin", "LLMBENCH_DATA_DIR": Binary.packageRoot.appendingPathComponent("datasets").path]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(text.contains("run=74"), "\(text)")
        #expect(text.contains("database or disk is full") && text.contains(db), "\(text)")
        #expect(text.contains("report=0"), "the rows committed before the disk filled still report: \(text)")
    }
}

/// A run whose process died (kill -9, a crash) reads as crashed in every report, and the next run
/// on the same database marks it failed for good (issue 11, finding 6).
@Suite struct CrashedRunEndToEndTests {
    @Test func aSilentRunningRunIsShownAsCrashedThenMarked() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("c.sqlite").path
        let database = try Database.open(path: db)
        try database.insertRun(RunInfo(id: "dead0000-0000-0000-0000-000000000000", startedAt: "2026-01-01T00:00:00Z",
                                       llmbenchVersion: "0.1.0", host: "h", os: "Linux", cpuCount: 2, curlVersion: "7",
                                       sqliteVersion: "3", simulated: true, settingsJSON: "{}", datasetHashes: [:],
                                       status: .running, heartbeatAt: "2026-01-01T00:00:05Z"))
        try database.close()
        let report = try Binary.run(["report", "--db", db, "--run", "dead0000", "--format", "markdown"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("Crashed") && report.stdout.contains("2026-01-01T00:00:05Z"), "\(report.stdout.prefix(600))")
        let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa", "--requests", "1",
                                "--time-scale", "0.02", "--format", "none"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("had crashed"), "\(r.stderr)")
        let after = try Database.open(path: db, readOnly: true)
        defer { try? after.close() }
        #expect(try after.run(id: "dead0000-0000-0000-0000-000000000000")?.status == .failed)
    }
}
