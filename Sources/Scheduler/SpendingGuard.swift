import Foundation
import LLMBenchCore
import Pricing

/// The cap arithmetic of `--max-cost`, pure: what was spent, what the requests in flight could still
/// cost, and whether one more may go.
///
/// Rule: a request is admitted when `spent + inFlightWorst + worst ≤ cap`; once one is refused the
/// ledger is `capped`. A finished attempt moves its worst case out of `inFlightWorst` and its charged
/// cost into `spent` (`SpendingLedger.charged`). All amounts are pico-dollars; a sum that would not
/// fit in `Int64` counts as over the cap (admission) or saturates (spent), never traps.
public struct SpendingLedger: Sendable, Equatable {
    public let capPico: PicoDollars
    public private(set) var spentPico: PicoDollars = 0
    public private(set) var inFlightWorstPico: PicoDollars = 0
    public private(set) var capped = false

    public init(capPico: PicoDollars) { self.capPico = max(0, capPico) }

    /// A cap given in dollars (`--max-cost USD`), rounded half away from zero to pico-dollars; a cap
    /// beyond what `Int64` pico-dollars hold (about 9.2 million dollars) is that maximum.
    public init(capUSD: Double) {
        let pico = MoneyMath.roundedInt64(capUSD * Double(MoneyMath.picosPerDollar))
        self.init(capPico: pico ?? (capUSD > 0 ? .max : 0))
    }

    /// Admits one request whose worst case is `worst` (counted in flight) or refuses it (and caps).
    public mutating func admit(worst: PicoDollars) -> Bool {
        let w = max(0, worst)
        let (committed, o1) = spentPico.addingReportingOverflow(inFlightWorstPico)
        let (total, o2) = committed.addingReportingOverflow(w)
        if o1 || o2 || total > capPico { capped = true; return false }
        inFlightWorstPico = Self.saturatingSum(inFlightWorstPico, w)
        return true
    }

    /// Settles a finished attempt that was admitted with `worst` and costs `charged`.
    public mutating func settle(worst: PicoDollars, charged: PicoDollars) {
        inFlightWorstPico = max(0, inFlightWorstPico - max(0, worst))
        spentPico = Self.saturatingSum(spentPico, charged)
    }

    /// `a + b` of non-negative amounts, `Int64.max` when it would not fit.
    public static func saturatingSum(_ a: PicoDollars, _ b: PicoDollars) -> PicoDollars {
        let (s, o) = max(0, a).addingReportingOverflow(max(0, b))
        return o ? .max : s
    }

    /// What a finished attempt is charged: the exact cost of its server-reported usage; nothing when
    /// it was cancelled or no response byte arrived (nothing was generated); otherwise its worst
    /// case, since the provider may still bill it.
    public static func charged(_ record: RequestRecord, worst: PicoDollars, entry: PriceEntry) -> PicoDollars {
        if let u = record.usage, u.source.isReported, let b = RequestPricing.breakdown(u, entry: entry) { return b.total }
        if record.status == .cancelled || record.firstByteNs == nil { return 0 }
        return worst
    }
}

/// `--max-cost USD`: stops sending once the run's cost so far plus the worst case of the requests in
/// flight (and of the next one) would pass the cap. A thin lock around `SpendingLedger`.
///
/// Worst case of a request: its estimated prompt tokens at the input price plus its maximum output
/// tokens at the higher of the output and reasoning prices (`RequestPricing.worstCase`). A model
/// without a price cannot be capped (its worst case counts 0): the run refuses to start instead.
public final class SpendingGuard: SendGuard, @unchecked Sendable {
    private let entries: [String: PriceEntry]
    private let models: [String: ModelSpec]
    private let lock = NSLock()
    private var ledger: SpendingLedger

    public init(capUSD: Double, entries: [String: PriceEntry], models: [ModelSpec]) {
        ledger = SpendingLedger(capUSD: capUSD)
        self.entries = entries
        self.models = Dictionary(models.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The worst case of sending `item` to `model`: prompt tokens in the model's encoding at the input price plus the whole
    /// output limit sent (answer cap + reasoning budget, `ModelSpec.outputLimit`) at the output (or
    /// reasoning) price; `nil` without a price.
    public static func worstCase(_ item: WorkItem, model: ModelSpec, entry: PriceEntry?) -> PicoDollars? {
        guard let entry else { return nil }
        let maxOut = model.outputLimit(taskMax: item.maxOutputTokens)
        return RequestPricing.worstCase(estimatedInputTokens: item.inputTokens(in: model.promptEncoding),
                                        maxOutputTokens: maxOut, entry: entry)
    }

    /// The worst case of sending every one of `items` to `model` (what `--dry-run` shows), saturating
    /// at `Int64.max` pico-dollars; `nil` without a price.
    public static func worstCase(of items: [WorkItem], model: ModelSpec, entry: PriceEntry?) -> PicoDollars? {
        guard let entry else { return nil }
        var sum: PicoDollars = 0
        for item in items {
            guard let c = worstCase(item, model: model, entry: entry) else { return nil }
            sum = SpendingLedger.saturatingSum(sum, c)
        }
        return sum
    }

    public func allowSend(model: ModelSpec, item: WorkItem) -> Bool {
        let worst = Self.worstCase(item, model: model, entry: entries[model.name]) ?? 0
        return lock.withLock { ledger.admit(worst: worst) }
    }

    public func didFinish(_ record: RequestRecord, item: WorkItem) {
        guard let entry = entries[record.model], let model = models[record.model] else { return }
        let worst = Self.worstCase(item, model: model, entry: entry) ?? 0
        let charged = SpendingLedger.charged(record, worst: worst, entry: entry)
        lock.withLock { ledger.settle(worst: worst, charged: charged) }
    }

    public var capped: Bool { lock.withLock { ledger.capped } }
    public var spentUSD: Double { lock.withLock { MoneyMath.dollars(ledger.spentPico) } }
    public var state: SpendingLedger { lock.withLock { ledger } }
}
