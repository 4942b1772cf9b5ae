import LLMBenchCore

extension RunPlan {
    /// Streams the run can have in flight at once: each model's `--concurrency`, lowered by its own
    /// `max_concurrency` (as `RunScheduler` and `ConversationScheduler` apply them), summed.
    public static func openStreams(models: [ModelSpec], concurrency: Int) -> Int {
        models.reduce(0) { $0 + max(1, min(concurrency, $1.limits.maxConcurrency ?? Int.max)) }
    }
}
