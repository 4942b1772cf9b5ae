import LLMBenchCore

/// Builds the conversations of a run from conversation datasets: the same list for every model.
///
/// Per dataset, in the order given: the first `conversationsPerDataset` conversations in file order,
/// cycling from the start when that is more than the file holds (`Workload.build`'s rule, counted in
/// conversations); `nil` means each once. With a `shuffleSeed` the whole list is then shuffled with
/// `SplitMix64` (Fisher–Yates).
public enum ConversationWorkload {
    public static func build(datasets: [ConversationDataset], conversationsPerDataset: Int? = nil,
                             shuffleSeed: UInt64? = nil) throws -> [Conversation] {
        if let n = conversationsPerDataset, n < 1 {
            throw LLMBenchError.usage("--requests must be at least 1 (got \(n))")
        }
        var out: [Conversation] = []
        for d in datasets {
            let count = conversationsPerDataset ?? d.conversations.count
            for k in 0..<count { out.append(d.conversations[k % d.conversations.count]) }
        }
        if let shuffleSeed {
            var g = SplitMix64(seed: shuffleSeed)
            g.shuffle(&out)
        }
        return out
    }

    /// Every turn of `conversations` as one request, with the recorded answers as history: what the
    /// dry run prices and what a run plans (the history a run sends is built turn by turn).
    public static func plannedTurns(_ conversations: [Conversation]) -> [WorkItem] {
        conversations.enumerated().flatMap { index, c in
            c.turns.indices.map { c.item(turn: $0, history: c.recordedHistory(before: $0), conversationIndex: index) }
        }
    }
}
