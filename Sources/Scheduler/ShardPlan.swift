import Datasets
import LLMBenchCore

extension RunPlan {
    /// This plan's part `shard` of a run spread over N processes (`llmbench run --shard I/N`): its
    /// lanes take the shard's requests; `--rate`, the profile's rate and every model's requests and
    /// tokens per minute are divided by N; `--concurrency` and `max_concurrency` are split into N
    /// whole parts that add up to the whole (`Shard.divide(_: Int)`, at least 1 each); a constant
    /// profile's schedule starts `Shard.phase` of an interval late; the seed is `Shard.seed(from:)`.
    /// The whole shard (1/1) returns the plan unchanged.
    public func sharded(_ shard: Shard) -> RunPlan {
        guard !shard.isWhole else { return self }
        var p = self
        p.shard = shard
        p.seed = shard.seed(from: seed)
        p.concurrency = shard.divide(concurrency)
        p.ratePerSecond = ratePerSecond.map(shard.divide)
        switch profile {
        case .concurrent: break
        case .constant(let r): p.profile = .constant(ratePerSecond: shard.divide(r))
        case .poisson(let r): p.profile = .poisson(ratePerSecond: shard.divide(r))
        }
        p.models = models.map { m in
            var m = m
            m.limits = m.limits.divided(by: shard)
            return m
        }
        return p
    }
}

extension ModelLimits {
    /// One shard's part of these limits: per-minute rates ÷ N, `max_concurrency` split in whole parts.
    public func divided(by shard: Shard) -> ModelLimits {
        ModelLimits(maxConcurrency: maxConcurrency.map(shard.divide),
                    requestsPerMinute: requestsPerMinute.map(shard.divide),
                    tokensPerMinute: tokensPerMinute.map(shard.divide))
    }
}
