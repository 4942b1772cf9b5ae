import Foundation
import Store
import Testing

/// `make install` and provenance: an installed binary finds its data from its own location, whatever
/// the current directory; a copied binary that cannot says where it looked and what to do; and a run
/// records the commit llmbench was built from, never the HEAD of the repository the user stands in.
@Suite struct InstallEndToEndTests {
    static let make = ["/usr/bin/make", "/bin/make"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let git = ["/usr/bin/git", "/bin/git"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs a program to completion (bounded), returning its status and output.
    static func tool(_ path: String, _ args: [String], cwd: URL) throws -> Binary.Result {
        try Binary.run(args, env: ["GIT_CONFIG_NOSYSTEM": "1"], cwd: cwd, timeout: 60, executable: path)
    }

    @Test(.enabled(if: make != nil, "needs make"))
    func anInstalledBinaryFindsItsDataAndRecordsItsOwnCommit() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // DESTDIR + PREFIX, as a package build does; BINARY installs the tested build (no rebuild).
        let stage = dir.appendingPathComponent("stage").path
        let installed = try Self.tool(Self.make!, ["-s", "-C", Binary.packageRoot.path, "install", "DESTDIR=\(stage)",
                                                   "PREFIX=/opt/llmbench", "BINARY=\(Binary.path)"], cwd: dir)
        try #require(installed.status == 0, "make install: \(installed.stderr)")
        let bin = stage + "/opt/llmbench/bin"
        for file in ["/opt/llmbench/bin/llmbench", "/opt/llmbench/share/llmbench/datasets/pricing.json",
                     "/opt/llmbench/share/llmbench/datasets/qa.jsonl",
                     "/opt/llmbench/share/llmbench/datasets/tokenizers/o200k_base.tiktoken"] {
            #expect(FileManager.default.fileExists(atPath: stage + file), "\(file) not installed")
        }

        // Another git repository, with a commit of its own, as the current directory.
        let elsewhere = dir.appendingPathComponent("their-repo")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        var theirHead: String?
        if let git = Self.git {
            _ = try Self.tool(git, ["init", "-q"], cwd: elsewhere)
            let c = try Self.tool(git, ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q",
                                        "--allow-empty", "-m", "theirs"], cwd: elsewhere)
            try #require(c.status == 0, "\(c.stderr)")
            theirHead = try Self.tool(git, ["rev-parse", "HEAD"], cwd: elsewhere).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }

        // Started by name from PATH (argv[0] is just "llmbench"), with no data directory configured.
        let env = ["PATH": "\(bin):/usr/bin:/bin", "LLMBENCH_DATA_DIR": ""]
        let db = dir.appendingPathComponent("runs.sqlite").path
        let run = try Binary.run(["-c", "exec llmbench run --db '\(db)' --datasets qa --requests 2 --models gpt-4o-mini "
                                  + "--time-scale 0 --quiet --format json"], env: env, cwd: elsewhere, executable: "/bin/sh")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("no price"), "\(run.stderr)")
        #expect(run.stdout.contains("\"cost_usd_total\""), "the run was priced from the installed pricing.json")

        let version = try Binary.run(["-c", "exec llmbench --version"], env: env, cwd: elsewhere, executable: "/bin/sh")
        let database = try Database.open(path: db, readOnly: true)
        defer { try? database.close() }
        let recorded = try database.resolveRun("latest").gitCommit
        #expect(recorded != nil && recorded != theirHead, "recorded the current directory's commit \(theirHead ?? "")")
        #expect(version.stdout.contains("(commit \(recorded ?? "?"))"), "\(version.stdout) vs \(recorded ?? "nil")")
    }

    @Test func aCopiedBinaryWithoutDataSaysWhereItLookedAndWhatToDo() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Binary.path, toPath: bin.appendingPathComponent("llmbench").path)
        for args in [["run", "--requests", "1", "--models", "gpt-4o-mini", "--time-scale", "0", "--quiet"],
                     ["run", "--synthetic", "input=64,output=16", "--requests", "1", "--models", "gpt-4o-mini", "--quiet"],
                     ["tokens", "-"]] {
            let r = try Binary.run(args, env: ["LLMBENCH_DATA_DIR": ""], cwd: dir,
                                   executable: bin.appendingPathComponent("llmbench").path)
            #expect(r.status == 66, "\(args[0]): exit \(r.status) \(r.stderr)")
            #expect(r.stderr.contains(dir.path + "/share/llmbench/datasets") && r.stderr.contains("make install"),
                    "\(args[0]): \(r.stderr)")
            #expect(!r.stderr.contains("no price"), "\(r.stderr)")
        }
    }
}
