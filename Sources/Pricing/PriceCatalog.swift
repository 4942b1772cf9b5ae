import Foundation
import LLMBenchCore

/// The price entries llmbench knows, with lookup by model id or alias.
///
/// Loaded from our format (`datasets/pricing.json`, documented in docs/pricing.md) or from LiteLLM's
/// `model_prices_and_context_window.json`; the format is detected from the content. The catalog does
/// not hash itself: the caller hashes the file's bytes and stores the hash with the entries it used.
public struct PriceCatalog: Sendable, Equatable {
    /// Our format's version, `nil` for a LiteLLM file.
    public var catalogVersion: Int?
    /// ISO 8601 date the catalog was last checked against its sources.
    public var catalogDate: String?
    public private(set) var entries: [PriceEntry]
    /// Simulated profile name → price key: a simulated model prices as the real model it imitates.
    public var simulatedProfiles: [String: String]

    /// The formats `load` accepts.
    public enum Format: String, Sendable { case llmbench, litellm }

    public init(entries: [PriceEntry], catalogVersion: Int? = nil, catalogDate: String? = nil,
                simulatedProfiles: [String: String] = [:]) {
        self.entries = entries; self.catalogVersion = catalogVersion; self.catalogDate = catalogDate
        self.simulatedProfiles = simulatedProfiles
    }

    // MARK: Loading

    /// Reads a price file in either format, detecting which from its content.
    public static func load(contentsOf url: URL) throws -> PriceCatalog {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw LLMBenchError.noInput("\(url.path): cannot read the price file (\(error.localizedDescription))")
        }
        return try parse(data, fileName: url.path)
    }

    /// Parses price-file bytes in either format; `fileName` labels error messages.
    public static func parse(_ data: Data, fileName: String) throws -> PriceCatalog {
        let top: Any
        do { top = try JSONSerialization.jsonObject(with: data) } catch {
            throw LLMBenchError.data("\(fileName): not valid JSON (\(error.localizedDescription))")
        }
        switch detectFormat(top) {
        case .llmbench:
            // Decoding an integer field from a number past Int64 fails without naming the field; find it first.
            if let (path, value) = firstHugeNumber(top, path: "") {
                throw LLMBenchError.data("\(fileName): \(path): \(value) is out of range (prices are integer micro-dollars "
                    + "per million tokens, at most \(PriceEntry.maxPriceMicros))")
            }
            return try parseOurs(data, fileName: fileName)
        case .litellm: return try LiteLLMPrices.parse(top, fileName: fileName)
        case nil:
            throw LLMBenchError.data("\(fileName): not a price file: expected an object with a \"models\" array "
                + "(llmbench format) or an object of models with \"input_cost_per_token\" (LiteLLM format)")
        }
    }

    /// The first number (depth first) whose magnitude passes 10¹⁵, with its JSON path: no field of a
    /// price file is meant to be that large, and such a value does not fit the integer fields.
    static func firstHugeNumber(_ value: Any, path: String) -> (String, String)? {
        switch value {
        case let o as [String: Any]:
            for k in o.keys.sorted() {
                if let hit = firstHugeNumber(o[k]!, path: path.isEmpty ? k : "\(path).\(k)") { return hit }
            }
        case let a as [Any]:
            for (i, v) in a.enumerated() { if let hit = firstHugeNumber(v, path: "\(path)[\(i)]") { return hit } }
        case let n as NSNumber:
            if !(abs(n.doubleValue) <= 1e15) { return (path.isEmpty ? "(top level)" : path, "\(n)") }
        default: break
        }
        return nil
    }

    /// Our format has a top-level `models` array; LiteLLM's is an object of model name → object with
    /// at least one `*_cost_per_token` or `litellm_provider` key.
    public static func detectFormat(_ top: Any) -> Format? {
        guard let object = top as? [String: Any] else { return nil }
        if object["models"] is [Any] { return .llmbench }
        let looksLiteLLM = object.values.contains { value in
            guard let fields = value as? [String: Any] else { return false }
            return fields["input_cost_per_token"] != nil || fields["output_cost_per_token"] != nil
                || fields["litellm_provider"] != nil
        }
        return looksLiteLLM ? .litellm : nil
    }

    private struct FileShape: Decodable {
        var catalogVersion: Int?
        var catalogDate: String?
        var simulatedProfiles: [String: String]?
        var models: [PriceEntry]
        enum CodingKeys: String, CodingKey {
            case catalogVersion = "catalog_version", catalogDate = "catalog_date"
            case simulatedProfiles = "simulated_profiles", models
        }
    }

    private static func parseOurs(_ data: Data, fileName: String) throws -> PriceCatalog {
        let shape: FileShape
        do { shape = try JSONDecoder().decode(FileShape.self, from: data) } catch let error as DecodingError {
            throw LLMBenchError.data("\(fileName): \(describe(error))")
        }
        var seen: [String: Int] = [:]
        for (i, entry) in shape.models.enumerated() {
            if let problem = entry.validationProblem() {
                throw LLMBenchError.data("\(fileName): models[\(i)] (\(entry.model)): \(problem)")
            }
            for key in [entry.model] + (entry.aliases ?? []) {
                if let j = seen[key] {
                    throw LLMBenchError.data("\(fileName): models[\(i)] (\(entry.model)): id or alias \"\(key)\" "
                        + "is already used by models[\(j)]; each id and alias must be unique")
                }
                seen[key] = i
            }
        }
        return PriceCatalog(entries: shape.models, catalogVersion: shape.catalogVersion,
                            catalogDate: shape.catalogDate, simulatedProfiles: shape.simulatedProfiles ?? [:])
    }

    /// `models[3].prices_micro_usd_per_mtok.input: expected Int64, found a string`.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var s = ""
            for k in keys {
                if let i = k.intValue { s += "[\(i)]" } else { s += (s.isEmpty ? "" : ".") + k.stringValue }
            }
            return s.isEmpty ? "(top level)" : s
        }
        switch error {
        case .keyNotFound(let key, let c):
            return "\(path(c.codingPath + [key])): field is missing"
        case .typeMismatch(let type, let c):
            return "\(path(c.codingPath)): wrong type (expected \(type))"
        case .valueNotFound(let type, let c):
            return "\(path(c.codingPath)): null where \(type) is required"
        case .dataCorrupted(let c):
            return "\(path(c.codingPath)): \(c.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    // MARK: Merging and lookup

    /// This catalog with `overrides` laid over it: an override replaces the whole entry with the same
    /// model id (no field-by-field merge, so a negotiated price never mixes with a list price); an
    /// override without `aliases` keeps the replaced entry's aliases, and override ids and aliases win
    /// over the catalog's. Date and version stay the catalog's; profile maps merge.
    public func merged(with overrides: PriceCatalog) -> PriceCatalog {
        let replaced = Set(overrides.entries.map(\.model))
        let byId = Dictionary(entries.map { ($0.model, $0) }, uniquingKeysWith: { _, last in last })
        let overriding = overrides.entries.map { o -> PriceEntry in
            var o = o
            if o.aliases == nil { o.aliases = byId[o.model]?.aliases }
            return o
        }
        let overrideKeys = Set(overriding.flatMap { [$0.model] + ($0.aliases ?? []) })
        var kept: [PriceEntry] = []
        for var e in entries where !replaced.contains(e.model) {
            if let a = e.aliases { e.aliases = a.filter { !overrideKeys.contains($0) } }
            kept.append(e)
        }
        var profiles = simulatedProfiles
        for (k, v) in overrides.simulatedProfiles { profiles[k] = v }
        return PriceCatalog(entries: kept + overriding, catalogVersion: catalogVersion,
                            catalogDate: catalogDate, simulatedProfiles: profiles)
    }

    /// The entry for a model id or alias: exact id, then exact alias, then the same ignoring case, then
    /// the part after a `provider/` prefix. Dated snapshots are never guessed (they can price differently).
    public func entry(for key: String) -> PriceEntry? {
        if let e = entries.last(where: { $0.model == key }) { return e }
        if let e = entries.last(where: { ($0.aliases ?? []).contains(key) }) { return e }
        let lower = key.lowercased()
        if let e = entries.last(where: { $0.model.lowercased() == lower
            || ($0.aliases ?? []).contains { $0.lowercased() == lower } }) { return e }
        if let slash = key.lastIndex(of: "/") {
            let bare = String(key[key.index(after: slash)...])
            if !bare.isEmpty { return entry(for: bare) }
        }
        return nil
    }

    /// The entry for a configured model: its `priceKey` (else its `modelId`); for a simulated model the
    /// key goes through `simulatedProfiles` first, so it prices as the real model of the same name.
    public func entry(for spec: ModelSpec) -> PriceEntry? {
        let key = spec.priceKey ?? spec.modelId
        if spec.kind == .simulated, let real = simulatedProfiles[key] { return entry(for: real) }
        return entry(for: key)
    }
}
