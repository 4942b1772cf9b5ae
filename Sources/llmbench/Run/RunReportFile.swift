import Foundation

/// Where `run --format summary` writes the full Markdown report: beside the database, in a folder
/// named after it (`llmbench.sqlite` → `llmbench-reports/run-<first 8 of the run id>.md`).
enum RunReportFile {
    static func path(dbPath: String, runId: String) -> String {
        let db = URL(fileURLWithPath: dbPath)
        let stem = db.deletingPathExtension().lastPathComponent
        let dir = db.deletingLastPathComponent().appendingPathComponent("\(stem)-reports")
        let file = dir.appendingPathComponent("run-\(runId.prefix(8)).md").path
        // Shown relative to the current directory when it lies below it.
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return file.hasPrefix(cwd) ? String(file.dropFirst(cwd.count)) : file
    }
}
