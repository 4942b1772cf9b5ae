/// The cost of a self-hosted model over a run, from a price per GPU-hour.
///
/// Run cost = rate × GPU count × active duration, rounded half away from zero to the pico-dollar:
/// `rate_µ$ × 10^6 × gpus × duration_ns / 3.6 × 10^12 = rate_µ$ × gpus × duration_ns / 3.6 × 10^6`.
/// Per-request and per-token figures divide that by what the run served, so they are costs **at the
/// load the run offered**: they fall as utilisation rises. Reports must label them so.
public struct SelfHostedCost: Sendable, Equatable {
    public var runCost: PicoDollars
    public var requests: Int
    public var inputTokens: Int
    public var outputTokens: Int

    /// The label reports put beside per-request and per-token self-hosted figures.
    public static let loadLabel = "at the load offered"

    /// `nil` when the entry is not self-hosted, the duration is negative, or the cost overflows `Int64`.
    public init?(entry: PriceEntry, activeDurationNs: Int64, requests: Int, inputTokens: Int, outputTokens: Int) {
        guard let rate = entry.gpuHourUSDMicros, let gpus = entry.gpuCount, gpus > 0, activeDurationNs >= 0,
              let cost = SelfHostedCost.runCost(rateMicrosPerGPUHour: rate, gpuCount: gpus,
                                                activeDurationNs: activeDurationNs) else { return nil }
        self.runCost = cost; self.requests = requests
        self.inputTokens = inputTokens; self.outputTokens = outputTokens
    }

    /// Rate × GPUs × duration in pico-dollars, rounded half away from zero (see the type's doc).
    public static func runCost(rateMicrosPerGPUHour rate: Int64, gpuCount: Int, activeDurationNs: Int64) -> PicoDollars? {
        let (perHour, o) = rate.multipliedReportingOverflow(by: Int64(gpuCount))
        guard !o else { return nil }
        return MoneyMath.mulDivRounded(perHour, activeDurationNs, 3_600_000)
    }

    /// Run cost / requests, rounded half away from zero; `nil` with no requests.
    public var perRequest: PicoDollars? { requests > 0 ? MoneyMath.divRounded(runCost, Int64(requests)) : nil }

    /// Run cost per million tokens served (input + output), in micro-dollars per million tokens
    /// (= pico-dollars per token), as a `Double`; `nil` with no tokens.
    public var perMillionTokensMicros: Double? {
        let tokens = inputTokens + outputTokens
        return tokens > 0 ? Double(runCost) / Double(tokens) : nil
    }
}
