import Foundation
import LLMBenchCore

/// What a run's saved settings say about one model: its report name, provider id, price key and limits.
///
/// Read from `RunInfo.settingsJSON`: `models[]` objects with `name`, `kind`, `model`, optional
/// `price` and optional `limits` {`max_concurrency`, `requests_per_minute`, `tokens_per_minute`}
/// (the shape `ModelSpec.settingsDictionary` writes). Anything missing is `nil`.
public struct RunModelSettings: Sendable, Equatable {
    public var name: String
    public var kind: String?
    public var modelId: String?
    public var priceKey: String?
    public var limits: ModelLimits

    public init(name: String, kind: String? = nil, modelId: String? = nil, priceKey: String? = nil,
                limits: ModelLimits = ModelLimits()) {
        self.name = name; self.kind = kind; self.modelId = modelId; self.priceKey = priceKey; self.limits = limits
    }

    /// Every model of the settings, in order; `[]` when the JSON has no `models` array.
    public static func parse(settingsJSON: String) -> [RunModelSettings] {
        guard let top = try? JSONSerialization.jsonObject(with: Data(settingsJSON.utf8)) as? [String: Any],
              let models = top["models"] as? [[String: Any]] else { return [] }
        return models.compactMap { m in
            guard let name = m["name"] as? String else { return nil }
            let l = m["limits"] as? [String: Any] ?? [:]
            func number(_ k: String) -> Double? { (l[k] as? NSNumber)?.doubleValue }
            return RunModelSettings(name: name, kind: m["kind"] as? String, modelId: m["model"] as? String,
                                    priceKey: m["price"] as? String,
                                    limits: ModelLimits(maxConcurrency: number("max_concurrency").map { Int($0) },
                                                        requestsPerMinute: number("requests_per_minute"),
                                                        tokensPerMinute: number("tokens_per_minute")))
        }
    }
}
