import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Facts about the machine and build a run records in its `runs` row.
enum HostInfo {
    static var hostname: String { ProcessInfo.processInfo.hostName }

    /// `sysname release machine` from uname(2), e.g. `Linux 6.1.0 x86_64`.
    static var os: String {
        var u = utsname()
        guard uname(&u) == 0 else { return ProcessInfo.processInfo.operatingSystemVersionString }
        func field<T>(_ v: T) -> String {
            withUnsafeBytes(of: v) { raw in String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        return "\(field(u.sysname)) \(field(u.release)) \(field(u.machine))"
    }

    static var cpuCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The commit of the git checkout the executable was built in, read from `.git` (no git needed):
    /// walks up from the executable's folder to a `.git` directory, follows `HEAD` to its ref, and
    /// looks the ref up as a loose file or in `packed-refs`. Nil when not built from a checkout.
    static func gitCommit(executablePath: String = CommandLine.arguments[0]) -> String? {
        let fm = FileManager.default
        var dir = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<12 {
            let git = dir.appendingPathComponent(".git")
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: git.path, isDirectory: &isDir), isDir.boolValue {
                return readHead(gitDir: git)
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return nil
    }

    private static func readHead(gitDir: URL) -> String? {
        guard let head = try? String(contentsOf: gitDir.appendingPathComponent("HEAD"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        guard head.hasPrefix("ref: ") else { return head.count == 40 ? head : nil }
        let ref = String(head.dropFirst(5))
        if let loose = try? String(contentsOf: gitDir.appendingPathComponent(ref), encoding: .utf8) {
            return loose.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let packed = try? String(contentsOf: gitDir.appendingPathComponent("packed-refs"), encoding: .utf8) else { return nil }
        for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
            return String(line.prefix(40))
        }
        return nil
    }

    /// ISO 8601 UTC with milliseconds, e.g. `2026-11-25T00:30:12.345Z`.
    static func isoNow() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }

    /// Today's date in UTC, `YYYY-MM-DD` (what catalog dates are compared with).
    static func today() -> String { String(isoNow().prefix(10)) }
}
