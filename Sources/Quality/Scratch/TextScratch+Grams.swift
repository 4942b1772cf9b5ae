/// Counting a pair's n-grams (orders 1…`orders` of `tokens`) in `grams`, for BLEU and chrF.
extension TextScratch {
    /// Counts the n-grams of `tokens[0..<count]` as the hypothesis's (1-grams keyed with `tag`, 1...15).
    mutating func addHypothesisGrams(_ count: Int, tag: UInt32, orders: Int) {
        TextScratch.ensure(&slots, count)
        tokens.withUnsafeBufferPointer { tok in
            slots.withUnsafeMutableBufferPointer { slot in
                grams.addHypothesis(UnsafeBufferPointer(rebasing: tok[0..<count]), tag: tag, orders: orders, slot)
            }
        }
    }

    /// Counts the n-grams of `tokens[0..<count]` as the current reference's (`grams.beginReference()` first)
    /// into `matches` and `clips` from index `first` (see `GramCounts.addReference`).
    mutating func addReferenceGrams(_ count: Int, tag: UInt32, orders: Int, first: Int = 0) {
        TextScratch.ensure(&slots, count)
        tokens.withUnsafeBufferPointer { tok in
            slots.withUnsafeMutableBufferPointer { slot in
                matches.withUnsafeMutableBufferPointer { matches in
                    clips.withUnsafeMutableBufferPointer { clips in
                        grams.addReference(UnsafeBufferPointer(rebasing: tok[0..<count]), tag: tag, orders: orders, slot,
                                           matches: matches, clips: clips, first: first)
                    }
                }
            }
        }
    }

    /// Zeroes `matches` and `clips` for `orders` orders.
    mutating func clearMatches(_ orders: Int) {
        TextScratch.ensure(&matches, orders); TextScratch.ensure(&clips, orders)
        for k in 0..<orders { matches[k] = 0; clips[k] = 0 }
    }
}
