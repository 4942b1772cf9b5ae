import LLMBenchCore

/// What a run's saved settings say about one model: its report name, provider id, price key and limits.
///
/// Read from `RunInfo.settingsJSON` through the typed `RunSettings` (either stored version).
/// Anything missing is `nil`.
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

    /// Every model of the settings, in order; `[]` when the JSON is not settings (read by `RunSettings`).
    public static func parse(settingsJSON: String) -> [RunModelSettings] {
        (RunSettings.decode(settingsJSON)?.models ?? []).map { m in
            RunModelSettings(name: m.name, kind: m.kind, modelId: m.model, priceKey: m.price,
                             limits: m.limits?.modelLimits ?? ModelLimits())
        }
    }
}
