import LLMBenchCore

/// One model's part of a run, taken one request at a time: every warmup request, then the work
/// slots of `PlannedWork` that fall in `shard` for this model (`Shard.contains`), in slot order.
///
/// `count` is found when the lane is made by hashing every slot's identity (no request is built);
/// `peek` builds the next request once and keeps it until `take`.
public struct LaneWork: Sendable {
    public let plan: PlannedWork
    public let model: String
    public let shard: Shard
    /// Requests in this lane: warmup + work slots of the shard.
    public private(set) var count: Int
    /// Requests taken so far.
    public private(set) var taken = 0
    private var nextWarmup = 0
    private var nextSlot = 0
    private var pending: (item: WorkItem, warmup: Bool, slot: Int)?
    /// Why the lane ended early: a request could not be built (the lane's remaining requests are dropped).
    public private(set) var failure: String?

    public init(plan: PlannedWork, model: String, shard: Shard) {
        self.plan = plan; self.model = model; self.shard = shard
        var n = plan.warmupCount
        if shard.isWhole {
            n += plan.workCount
        } else {
            for k in 0..<plan.workCount where Self.belongs(plan.identity(ofWork: k), model: model, shard: shard) { n += 1 }
        }
        count = n
    }

    static func belongs(_ id: PlannedRequestID, model: String, shard: Shard) -> Bool {
        shard.contains(model: model, dataset: id.dataset, itemId: id.itemId, repetition: id.repetition)
    }

    public var hasMore: Bool { taken < count }

    /// The next request and whether it is a warmup request, without taking it; nil at the end.
    public mutating func peek() -> (item: WorkItem, warmup: Bool)? {
        if let p = pending { return (p.item, p.warmup) }
        guard taken < count else { return nil }
        do {
            if nextWarmup < plan.warmupCount {
                pending = (try plan.warmup(nextWarmup), true, -1)
            } else {
                var k = nextSlot
                while k < plan.workCount, !shard.isWhole, !Self.belongs(plan.identity(ofWork: k), model: model, shard: shard) { k += 1 }
                guard k < plan.workCount else { count = taken; return nil }
                pending = (try plan.work(k), false, k)
            }
        } catch {
            failure = "\(model): planned request \(taken + 1) could not be built: \(error)"
            count = taken
            return nil
        }
        return pending.map { ($0.item, $0.warmup) }
    }

    /// Takes the request `peek` returned.
    public mutating func take() {
        guard let p = pending else { return }
        if p.warmup { nextWarmup += 1 } else { nextSlot = p.slot + 1 }
        pending = nil
        taken += 1
    }
}
