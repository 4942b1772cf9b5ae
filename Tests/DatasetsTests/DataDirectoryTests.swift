import Foundation
import Testing
import LLMBenchCore
@testable import Datasets

@Suite("Data directory resolution")
struct DataDirectoryTests {
    /// A temp tree: `root/repo/datasets/summarization.jsonl`, `root/repo/.build/release/llmbench`,
    /// `root/cwd/datasets/summarization.jsonl`, `root/env/`, `root/flag/`, `root/system/` (empty), `root/elsewhere/`.
    struct Tree {
        let root: String
        var repoDatasets: String { root + "/repo/datasets" }
        var executable: String { root + "/repo/.build/release/llmbench" }
        var cwd: String { root + "/cwd" }
        var elsewhere: String { root + "/elsewhere" }
        var system: String { root + "/system" }

        init() throws {
            root = try TestSupport.makeTempDirectory()
            let fm = FileManager.default
            for directory in [repoDatasets, root + "/repo/.build/release", cwd + "/datasets", root + "/env",
                              root + "/flag", system, elsewhere] {
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            try TestSupport.write("", to: repoDatasets, name: "summarization.jsonl")
            try TestSupport.write("", to: cwd + "/datasets", name: "summarization.jsonl")
            try TestSupport.write("#!/bin/sh\n", to: root + "/repo/.build/release", name: "llmbench")
        }
    }

    @Test func orderIsFlagThenEnvironmentThenCwdThenExecutableThenSystem() throws {
        let tree = try Tree()
        defer { TestSupport.remove(tree.root) }
        let env = [DataDirectory.environmentVariable: tree.root + "/env"]

        let flag = try DataDirectory.resolve(explicit: tree.root + "/flag", environment: env,
                                             executablePath: tree.executable, currentDirectory: tree.cwd, systemPath: tree.system)
        #expect(flag == DataDirectory(path: tree.root + "/flag", origin: .flag))

        let fromEnv = try DataDirectory.resolve(explicit: nil, environment: env,
                                                executablePath: tree.executable, currentDirectory: tree.cwd, systemPath: tree.system)
        #expect(fromEnv == DataDirectory(path: tree.root + "/env", origin: .environment))

        let fromCwd = try DataDirectory.resolve(explicit: nil, environment: [:],
                                                executablePath: tree.executable, currentDirectory: tree.cwd, systemPath: tree.system)
        #expect(fromCwd == DataDirectory(path: tree.cwd + "/datasets", origin: .currentDirectory))

        let fromExecutable = try DataDirectory.resolve(explicit: nil, environment: [:], executablePath: tree.executable,
                                                       currentDirectory: tree.elsewhere, systemPath: tree.system)
        #expect(fromExecutable == DataDirectory(path: tree.repoDatasets, origin: .executable))

        try TestSupport.write("", to: tree.system, name: "summarization.jsonl")
        let fromSystem = try DataDirectory.resolve(explicit: nil, environment: [:], executablePath: tree.elsewhere + "/llmbench",
                                                   currentDirectory: tree.elsewhere, systemPath: tree.system)
        #expect(fromSystem == DataDirectory(path: tree.system, origin: .system))
    }

    @Test func executableFoundThroughASymlink() throws {
        let tree = try Tree()
        defer { TestSupport.remove(tree.root) }
        let link = tree.elsewhere + "/llmbench"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: tree.executable)
        let found = try DataDirectory.resolve(explicit: nil, environment: [:], executablePath: link,
                                              currentDirectory: tree.elsewhere, systemPath: tree.system)
        #expect(found.path == tree.repoDatasets)
    }

    @Test func nothingFoundListsThePlacesSearched() throws {
        let tree = try Tree()
        defer { TestSupport.remove(tree.root) }
        do {
            _ = try DataDirectory.resolve(explicit: nil, environment: [:], executablePath: tree.elsewhere + "/llmbench",
                                          currentDirectory: tree.elsewhere, systemPath: tree.system)
            Issue.record("expected an error")
        } catch let error as LLMBenchError {
            #expect(error.exitCode == .noInput)
            #expect(error.message.contains(tree.elsewhere + "/datasets"))
            #expect(error.message.contains(tree.root + "/datasets"))
            #expect(error.message.contains(tree.system))
            #expect(error.message.contains("--data-dir"))
        }
    }

    @Test func installedLayoutIsFoundFromTheBinary() throws {
        let tree = try Tree()
        defer { TestSupport.remove(tree.root) }
        let prefix = tree.root + "/prefix"
        try FileManager.default.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: prefix + "/share/llmbench/datasets", withIntermediateDirectories: true)
        try TestSupport.write("", to: prefix + "/share/llmbench/datasets", name: "summarization.jsonl")
        let found = try DataDirectory.resolve(explicit: nil, environment: [:], executablePath: prefix + "/bin/llmbench",
                                              currentDirectory: tree.elsewhere, systemPath: tree.system)
        #expect(found == DataDirectory(path: prefix + "/share/llmbench/datasets", origin: .installed))
        do {
            _ = try DataDirectory.resolve(explicit: nil, environment: [:], executablePath: tree.elsewhere + "/bin/llmbench",
                                          currentDirectory: tree.elsewhere, systemPath: tree.system)
            Issue.record("expected an error")
        } catch let error as LLMBenchError {
            #expect(error.message.contains(tree.elsewhere + "/share/llmbench/datasets"))
            #expect(error.message.contains("make install"))
        }
    }

    @Test func missingExplicitDirectoryIsNoInput() throws {
        let tree = try Tree()
        defer { TestSupport.remove(tree.root) }
        for (explicit, env) in [(tree.root + "/absent", [String: String]()),
                                (nil, [DataDirectory.environmentVariable: tree.root + "/absent"])] {
            #expect {
                try DataDirectory.resolve(explicit: explicit, environment: env, executablePath: tree.executable,
                                          currentDirectory: tree.cwd, systemPath: tree.system)
            } throws: { error in
                (error as? LLMBenchError)?.exitCode == .noInput
                    && ((error as? LLMBenchError)?.message.contains(tree.root + "/absent") ?? false)
            }
        }
    }

    @Test func theRepositoryIsFoundFromTheBuildDirectory() throws {
        // This test binary lives under the repository's .build directory, so walking up finds datasets/.
        let repoDatasets = TestSupport.repoDatasetsDirectory()
        let fakeExecutable = (repoDatasets as NSString).deletingLastPathComponent + "/.build/debug/llmbench"
        let found = try DataDirectory.resolve(explicit: nil, environment: [:], executablePath: fakeExecutable,
                                              currentDirectory: "/", systemPath: "/nonexistent")
        #expect(found.origin == .executable)
        #expect(found.path == repoDatasets)
    }
}
