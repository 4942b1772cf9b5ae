import Datasets
import Foundation
import LLMBenchCore
import Store

/// `llmbench rescore`: score a stored run's responses again (after a metric changed), without
/// sending anything.
struct RescoreCommand: Command {
    static let name = "rescore"
    static let abstract = "Score a stored run's responses again against its datasets; sends nothing."
    static let options = Options()

    struct Options: OptionGroup {
        let database = DatabaseOptions()
        let run = RunReferenceOptions()
        let dataDir = DataDirectoryOptions()
        let datasets = Opt.list("datasets", "A,B", "Where the run's datasets are now (names or paths), when they moved. Default: as the run stored them.")
        let allowChanged = Opt.flag("allow-changed", "Score even when a dataset's content hash differs from the run's.")
    }

    static let discussion = """
    The datasets are found by the references the run was given and must hash to what the run stored;
    a changed dataset is an error (exit 65) unless --allow-changed.

    EXAMPLES:
      llmbench rescore
      llmbench rescore --db nightly.sqlite --run nightly-2026-11-24
    """

    var db: String
    var runRef: String
    var dataDir: String?
    var datasets: [String]?
    var allowChanged: Bool

    init(_ a: Arguments) throws {
        guard a.positionals.isEmpty else { throw LLMBenchError.usage("llmbench rescore takes no positional arguments; see --help") }
        let o = Self.options
        db = try a.value(o.database.db)
        runRef = try a.value(o.run.run)
        dataDir = try a.value(o.dataDir.dataDir)
        datasets = try a.value(o.datasets)
        allowChanged = a.has(o.allowChanged)
    }

    func run() throws -> ExitCode {
        guard FileManager.default.fileExists(atPath: db) else { throw LLMBenchError.noInput("\(db): no such database") }
        let database = try Database.open(path: db)
        defer { try? database.close() }
        let run = try database.resolveRun(runRef)
        let refs: [String]
        if let d = datasets {
            refs = d
        } else {
            guard let stored = RunSettings.decode(run.settingsJSON)?.datasets, !stored.isEmpty else {
                throw LLMBenchError.data("run \(run.id.prefix(8)) used no datasets (synthetic prompts have nothing to score against)")
            }
            refs = stored
        }
        // The run's --fields and --template, so its own files are read the way the run read them.
        var declaration = DatasetDeclaration()
        let stored = RunSettings.decode(run.settingsJSON)
        if let fields = stored?.fields { declaration.fields = try DatasetDeclaration.parseFields(fields) }
        if let template = stored?.template { declaration.template = try CustomTemplate.load(path: template) }
        let loaded = try WorkloadBuilder.loadDatasets(refs, dataDir: dataDir, environment: ProcessInfo.processInfo.environment,
                                                      declaration: declaration)
        for d in loaded {
            guard let was = run.datasetHashes[d.name] else { continue }
            if was != d.sha256 {
                let msg = "\(d.path): dataset \"\(d.name)\" changed since run \(run.id.prefix(8)) (sha256 \(was.prefix(12))… then, \(d.sha256.prefix(12))… now)"
                if !allowChanged { throw LLMBenchError.data(msg + "; pass --allow-changed to score against it anyway") }
                Console.warn(msg)
            }
        }
        let removed = try database.deleteScores(runId: run.id)
        let scored = try RunScoring.score(runId: run.id, db: database, datasets: loaded)
        Console.out("rescored run \(run.id): \(scored) responses scored (\(removed) old scores replaced)")
        return .ok
    }
}
