import Foundation
import Testing

/// `make dist` and the Dockerfile (issue 17): the target builds a release binary with the Swift runtime
/// linked in and lays it out as the Dockerfile copies it; the Dockerfile's base image is the Debian
/// release the binary is built on and installs the libraries the binary needs; and (under `make
/// dist-check`, which builds it) the dist binary runs `--help` with no Swift runtime library in `ldd`.
@Suite struct DistEndToEndTests {
    static func shell(_ command: String, cwd: URL = Binary.packageRoot) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.currentDirectoryURL = cwd
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static var dockerfile: String {
        get throws { try String(contentsOf: Binary.packageRoot.appendingPathComponent("Dockerfile"), encoding: .utf8) }
    }

    /// The dist binary `make dist-check` names, or nil.
    static var distBinary: String? {
        ProcessInfo.processInfo.environment["LLMBENCH_DIST_BINARY"].flatMap { $0.isEmpty ? nil : $0 }
    }

    @Test func makeDistBuildsAStaticReleaseBinaryLaidOutAsTheDockerfileCopiesIt() throws {
        let dist = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dist) }
        // `make -n` prints the commands without running them (no build here: see `make dist-check`).
        let (code, plan) = try Self.shell("make -n dist DIST=\(dist.path)")
        #expect(code == 0, "\(plan)")
        #expect(plan.contains("build -c release --static-swift-stdlib --product llmbench"), "\(plan)")
        #expect(plan.contains("DESTDIR=\(dist.path) PREFIX="), "\(plan)")
        // Where `make install` puts things for that DESTDIR and PREFIX (the same Makefile, run for real with an existing binary).
        let (installed, log) = try Self.shell("make -s install BINARY=\(Binary.path) DESTDIR=\(dist.path) PREFIX=")
        #expect(installed == 0, "\(log)")
        let docker = try Self.dockerfile
        let copies = docker.split(separator: "\n").filter { $0.hasPrefix("COPY ") }.map { $0.split(separator: " ").map(String.init) }
        #expect(copies.count == 2)
        for copy in copies {
            let source = try #require(copy.dropFirst().first)
            try #require(source.hasPrefix("dist/"), "the Dockerfile copies from make dist's default DIST")
            let path = dist.appendingPathComponent(String(source.dropFirst("dist/".count))).path
            #expect(FileManager.default.fileExists(atPath: path), "\(source) is what make dist writes")
        }
        #expect(copies.contains { $0 == ["COPY", "dist/bin/llmbench", "/usr/local/bin/llmbench"] })
        #expect(copies.contains { $0 == ["COPY", "dist/share/llmbench", "/usr/local/share/llmbench"] },
                "the data directory sits beside the binary as llmbench finds it (../share/llmbench)")
        #expect(FileManager.default.fileExists(atPath: dist.appendingPathComponent("share/llmbench/datasets/pricing.json").path))
        #expect(docker.contains("ENTRYPOINT [\"/usr/local/bin/llmbench\"]"))
    }

    @Test func theBaseImageIsTheBuildMachinesReleaseWithTheLibrariesTheBinaryNeeds() throws {
        let release = try String(contentsOfFile: "/etc/os-release", encoding: .utf8)
        let codename = try #require(release.split(separator: "\n").first { $0.hasPrefix("VERSION_CODENAME=") }?.dropFirst(17))
        let docker = try Self.dockerfile
        let from = try #require(docker.split(separator: "\n").first { $0.hasPrefix("FROM ") })
        #expect(from == "FROM debian:\(codename)-slim", "glibc of the image ≥ glibc the binary was built against")
        // Every library the binary loads directly is in the slim image (glibc, libstdc++, libgcc_s) or installed by the Dockerfile.
        let binary = Self.distBinary ?? Binary.path
        let (code, needed) = try Self.shell("readelf -d '\(binary)' | sed -n 's/.*NEEDED.*\\[\\(.*\\)\\]/\\1/p'")
        #expect(code == 0)
        let packages = ["libcurl.so.4": "libcurl4", "libsqlite3.so.0": "libsqlite3-0"]
        let inSlimImage = ["libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "ld-linux-x86-64.so.2",
                           "ld-linux-aarch64.so.1", "libutil.so.1", "libstdc++.so.6", "libgcc_s.so.1", "libz.so.1"]
        for lib in needed.split(separator: "\n").map(String.init) where !lib.hasPrefix("libswift") && !lib.hasPrefix("libFoundation")
            && !lib.hasPrefix("lib_Foundation") && !lib.hasPrefix("libdispatch") && !lib.hasPrefix("libBlocksRuntime") {
            if inSlimImage.contains(lib) { continue }
            let package = try #require(packages[lib], "\(binary) needs \(lib), which the Dockerfile does not install")
            #expect(docker.contains(" \(package) "), "the Dockerfile installs \(package) for \(lib)")
        }
    }

    /// Runs under `make dist-check` (which builds the dist binary first, ~4.5 CPU-minutes from a fresh
    /// clone); `make test` reports it skipped with this reason.
    @Test(.enabled(if: distBinary != nil, "needs the binary of `make dist`: run `make dist-check`"))
    func theDistBinaryRunsWithNoSwiftRuntimeOnTheLoaderPath() throws {
        let binary = try #require(Self.distBinary)
        let (lddCode, ldd) = try Self.shell("ldd '\(binary)'")
        #expect(lddCode == 0, "\(ldd)")
        let swiftLibraries = ldd.split(separator: "\n").filter {
            $0.contains("libswift") || $0.contains("libFoundation") || $0.contains("lib_Foundation") || $0.contains("libdispatch")
        }
        #expect(swiftLibraries.isEmpty, "\(swiftLibraries)")
        let r = try Binary.run(["--help"], executable: binary)
        #expect(r.status == 0 && r.stdout.contains("USAGE: llmbench"), "\(r.stderr)")
    }
}
