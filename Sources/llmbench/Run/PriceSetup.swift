import Datasets
import Foundation
import LLMBenchCore
import Pricing
import Store

/// The price catalog a run or report uses: `pricing.json` from the data directory, with `--prices`
/// overrides (our format or LiteLLM's) laid over it.
struct PriceSetup {
    var catalog: PriceCatalog
    var catalogSHA256: String
    var overridesSHA256: String?

    /// Loads the shipped catalog from the data directory and the overrides file. A data directory that
    /// cannot be found is exit 66 with the places searched and what to do (never a silent empty catalog,
    /// whose "no price" warnings would point at the wrong fix); a missing overrides file is exit 66; a
    /// malformed one exit 65.
    static func load(dataDir: String?, overrides: String?, environment: [String: String]) throws -> PriceSetup {
        var catalog = PriceCatalog(entries: [])
        var sha = "none"
        let dir = try DataDirectory.resolve(explicit: dataDir, environment: environment, executablePath: Executable.path)
        let path = (dir.path as NSString).appendingPathComponent("pricing.json")
        if let data = FileManager.default.contents(atPath: path) {
            catalog = try Self.parse(data, path: path)
            sha = SHA256.hex(of: [UInt8](data))
        }
        var overridesSHA: String?
        if let o = overrides {
            guard let data = FileManager.default.contents(atPath: o) else {
                throw LLMBenchError.noInput("--prices \(o): no such file")
            }
            catalog = catalog.merged(with: try Self.parse(data, path: o))
            overridesSHA = SHA256.hex(of: [UInt8](data))
        }
        return PriceSetup(catalog: catalog, catalogSHA256: sha, overridesSHA256: overridesSHA)
    }

    private static func parse(_ data: Data, path: String) throws -> PriceCatalog {
        do { return try PriceCatalog.parse(data, fileName: path) } catch let e as LLMBenchError { throw e } catch {
            throw LLMBenchError.data("\(error)")
        }
    }

    /// The entry each model prices at (by its `price` key, else its model id; simulated profiles map to
    /// the real model of the same name).
    func entries(for models: [ModelSpec]) -> [String: PriceEntry] {
        var out: [String: PriceEntry] = [:]
        for m in models { if let e = catalog.entry(for: m) { out[m.name] = e } }
        return out
    }

    /// What the catalog says about these models on `today` (retired, deprecated) and about itself
    /// (stale), one sentence each, for stderr.
    func notices(for models: [ModelSpec], today: String) -> [String] {
        let found = entries(for: models)
        return models.compactMap { m in found[m.name].flatMap { CatalogNotices.lifecycle(model: m.name, entry: $0, today: today) } }
            + [CatalogNotices.age(catalogDate: catalog.catalogDate, today: today)].compactMap { $0 }
    }

    /// Stores the entries with the run so its report prices the same after the catalog changes,
    /// and warns about every model that has no price.
    func record(runId: String, models: [ModelSpec], db: Database, quiet: Bool) throws {
        let found = entries(for: models)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for m in models {
            guard let e = found[m.name] else {
                if !quiet { Console.warn("no price for model \"\(m.name)\": its cost shows as \"no price\"; add it with --prices FILE (our format or LiteLLM's) or set \"price\" in the config") }
                continue
            }
            let json = String(decoding: try encoder.encode(e), as: UTF8.self)
            let sha = overridesSHA256.map { "\(catalogSHA256)+\($0)" } ?? catalogSHA256
            try db.insertRunPrice(RunPrice(runId: runId, model: m.name, entryJSON: json, catalogSHA256: sha,
                                           catalogDate: catalog.catalogDate))
        }
    }
}
