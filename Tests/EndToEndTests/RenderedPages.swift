import Foundation

/// The HTML pages of issue 16, made by the built binary from simulated runs in a temporary
/// directory, once per test process: four labelled "nights" at different `--time-scale` values.
enum RenderedPages {
    struct Page { let name: String; let file: URL }

    /// Every page, or why they could not be made.
    static let made: Result<[Page], Error> = Result { try make() }

    static func make() throws -> [Page] {
        let dir = try makeTempDir()
        let db = dir.appendingPathComponent("nightly.sqlite").path
        for (i, scale) in ["0.02", "0.03", "0.025", "0.05"].enumerated() {
            let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini,claude-haiku-4-5", "--datasets", "qa,summarization",
                                    "--requests", "4", "--concurrency", "4", "--time-scale", scale, "--label", "nightly-\(i + 1)"])
            guard r.status == 0 else { throw HeadlessBrowser.Failed(description: "llmbench run exited \(r.status): \(r.stderr)") }
        }
        func page(_ name: String, _ args: [String], allowed: Set<Int32> = [0]) throws -> Page {
            let file = dir.appendingPathComponent("\(name).html")
            let r = try Binary.run(args + ["--db", db, "--format", "html", "--out", file.path])
            guard allowed.contains(r.status), FileManager.default.fileExists(atPath: file.path) else {
                throw HeadlessBrowser.Failed(description: "llmbench \(args.joined(separator: " ")) --format html exited \(r.status): \(r.stderr)")
            }
            return Page(name: name, file: file)
        }
        return [
            try page("report", ["report"]),
            try page("compare", ["compare", "--baseline", "nightly-1", "--candidate", "latest"], allowed: [0, 1]),
            try page("trend", ["trend", "--label", "nightly-*"]),
            try page("pricing", ["price", "--volume", "2000000", "--per", "month", "--dataset", "summarization", "--catalog"]),
        ]
    }
}
