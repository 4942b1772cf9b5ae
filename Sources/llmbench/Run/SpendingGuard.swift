import Foundation
import LLMBenchCore
import Pricing
import Scheduler

/// `--max-cost USD`: stops sending once the run's cost so far plus the worst case of the requests in
/// flight (and of the next one) would pass the cap.
///
/// Worst case of a request: its estimated prompt tokens at the input price plus its maximum output
/// tokens at the higher of the output and reasoning prices (`RequestPricing.worstCase`). Spent: the
/// exact cost of each finished attempt from its server-reported usage (its worst case when it has
/// none, since the provider may still bill it). A model without a price cannot be capped: the run
/// refuses to start instead (see `RunSession`).
final class SpendingGuard: SendGuard, @unchecked Sendable {
    let capPico: PicoDollars
    private let entries: [String: PriceEntry]
    private let models: [String: ModelSpec]
    private let lock = NSLock()
    private var spent: PicoDollars = 0
    private var inFlightWorst: PicoDollars = 0
    private(set) var capped = false

    init(capUSD: Double, entries: [String: PriceEntry], models: [ModelSpec]) {
        capPico = PicoDollars((capUSD * 1e12).rounded())
        self.entries = entries
        self.models = Dictionary(models.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    static func worstCase(_ item: WorkItem, model: ModelSpec, entry: PriceEntry?) -> PicoDollars? {
        guard let entry else { return nil }
        let maxOut = min(item.maxOutputTokens, model.maxOutputTokens ?? .max)
        return RequestPricing.worstCase(estimatedInputTokens: item.estimatedInputTokens, maxOutputTokens: maxOut, entry: entry)
    }

    func allowSend(model: ModelSpec, item: WorkItem) -> Bool {
        let worst = Self.worstCase(item, model: model, entry: entries[model.name]) ?? 0
        return lock.withLock {
            if spent + inFlightWorst + worst > capPico { capped = true; return false }
            inFlightWorst += worst
            return true
        }
    }

    func didFinish(_ record: RequestRecord, item: WorkItem) {
        guard let entry = entries[record.model], let model = models[record.model] else { return }
        let worst = Self.worstCase(item, model: model, entry: entry) ?? 0
        var actual = worst
        if let u = record.usage, u.source == .server, let b = RequestPricing.breakdown(u, entry: entry) { actual = b.total }
        else if record.status == .cancelled || record.firstByteNs == nil { actual = 0 }
        lock.withLock {
            inFlightWorst -= worst
            spent += actual
        }
    }

    var spentUSD: Double { lock.withLock { Double(spent) / 1e12 } }
}
