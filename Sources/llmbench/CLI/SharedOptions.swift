import Analysis
import LLMBenchCore
import Quality
import Report

/// `--db PATH`, shared by every command that reads or appends to a database.
struct DatabaseOptions: OptionGroup {
    let db: Option<String>
    init(_ help: String = "SQLite database file.") {
        db = Opt.string("db", "PATH", default: DefaultDatabase.path, help)
    }
}

/// `--db PATH`, repeatable, for the commands that read several databases at once (`trend`).
struct DatabasesOptions: OptionGroup {
    let db: Option<[String]>
    init(_ help: String = "SQLite database file.") {
        db = Opt.repeated("db", "PATH", default: [DefaultDatabase.path], help)
    }
}

/// `--format FMT`: which renderer prints the result (a subset of the enum per command).
struct FormatOptions<F: OptionEnum>: OptionGroup {
    let format: Option<F>
    init(default value: F, among: [F] = Array(F.allCases), _ help: String = "Output format.") {
        format = Opt.choice("format", "FMT", default: value, among: among, help)
    }
}

/// `--out FILE`: write the result to a file (atomically) instead of stdout.
struct OutputOptions: OptionGroup {
    let out = Opt.string("out", "FILE", "Write to FILE instead of stdout.")
}

/// `--prices FILE`: price overrides laid over the catalog (`pricing.json` in the data directory).
struct PricesOptions: OptionGroup {
    let prices: Option<String?>
    init(_ help: String = "Re-price the run with the catalog plus these overrides (our format or LiteLLM's).") {
        prices = Opt.string("prices", "FILE", help)
    }
}

/// `--data-dir DIR`: the folder of the shipped data (datasets, pricing.json, tokenizers/).
struct DataDirectoryOptions: OptionGroup {
    let dataDir = Opt.string("data-dir", "DIR",
                             "Folder of the shipped data (datasets, pricing.json, tokenizers/). Default: $LLMBENCH_DATA_DIR, "
                             + "else ./datasets, else a datasets/ folder beside or above the binary, else <bin>/../share/llmbench/datasets.")
}

/// `--run REF`: which stored run a command reads.
struct RunReferenceOptions: OptionGroup {
    let run = Opt.string("run", "REF", default: "latest",
                         "The run: latest, a run id or its first 8+ characters, a label, or a baseline name.")
}

extension ReportFormat: OptionEnum {}
extension CompareFormat: OptionEnum {}
extension TrendFormat: OptionEnum {}
extension InconclusivePolicy: OptionEnum {}
extension TokenEncoding: OptionEnum {}
extension QualityMetric: OptionEnum {}
extension BLEUTokenizer: OptionEnum {}
