import Foundation

/// The price entries a run used, stored with the run so an old report prices the same after the
/// catalog changes. The caller supplies the SHA-256 (hex) of the catalog file's bytes and of any
/// `--prices` file; this module does no hashing and no I/O.
public struct PriceSnapshot: Sendable, Equatable, Codable {
    /// Model name in the run → the entry it priced at; models with no price are listed apart.
    public var entries: [String: PriceEntry]
    public var unpricedModels: [String]
    public var catalogSHA256: String
    public var catalogDate: String?
    /// SHA-256 hex of the `--prices` file laid over the catalog, if any.
    public var overridesSHA256: String?

    enum CodingKeys: String, CodingKey {
        case entries, unpricedModels = "unpriced_models", catalogSHA256 = "catalog_sha256"
        case catalogDate = "catalog_date", overridesSHA256 = "overrides_sha256"
    }

    /// Resolves each model name (by the key `keyFor` gives, e.g. a spec's price key) in `catalog`.
    public init(models: [String], catalog: PriceCatalog, catalogSHA256: String, overridesSHA256: String? = nil,
                keyFor: (String) -> String = { $0 }) {
        var found: [String: PriceEntry] = [:]
        var missing: [String] = []
        for name in models {
            if let e = catalog.entry(for: keyFor(name)) { found[name] = e } else { missing.append(name) }
        }
        self.entries = found
        self.unpricedModels = missing.sorted()
        self.catalogSHA256 = catalogSHA256
        self.catalogDate = catalog.catalogDate
        self.overridesSHA256 = overridesSHA256
    }

    /// One warning line per model without a price, naming it and saying what to do.
    public var warnings: [String] {
        unpricedModels.map {
            "warning: no price for model \"\($0)\": its cost shows as \"no price\"; add it with --prices FILE "
                + "(our format or LiteLLM's) or set its price key in the config"
        }
    }

    /// JSON text of the snapshot (sorted keys, so equal snapshots give equal bytes).
    public func jsonString() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Reads a snapshot stored by `jsonString()`.
    public static func decode(_ json: String) throws -> PriceSnapshot {
        try JSONDecoder().decode(PriceSnapshot.self, from: Data(json.utf8))
    }
}
