import Foundation

/// Helpers shared by the Datasets tests.
enum TestSupport {
    /// The repository's `datasets/` directory, found from this file's path.
    static func repoDatasetsDirectory(filePath: String = #filePath) -> String {
        var url = URL(fileURLWithPath: filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }   // DatasetsTests, Tests, repo root
        return url.appendingPathComponent("datasets").path
    }

    /// A fresh, empty temporary directory (removed by the caller with `remove`).
    static func makeTempDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "llmbench-datasets-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return (path as NSString).resolvingSymlinksInPath
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `directory/name` and returns the path.
    @discardableResult
    static func write(_ text: String, to directory: String, name: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
