/// Counting a pair's n-grams (orders 1…`orders` of the items whose 1-gram keys are `keys`) in `grams`, for BLEU and chrF.
extension TextScratch {
    /// Counts the n-grams of the items of `keys[0..<count]` as the hypothesis's.
    mutating func addHypothesisGrams(_ count: Int, orders: Int) {
        TextScratch.ensure(&slots, count); TextScratch.ensure(&firsts, count)
        keys.withUnsafeBufferPointer { keys in
            slots.withUnsafeMutableBufferPointer { slot in
                firsts.withUnsafeMutableBufferPointer { firsts in
                    grams.addHypothesis(UnsafeBufferPointer(rebasing: keys[0..<count]), orders: orders, slot, firsts)
                }
            }
        }
    }

    /// Counts the n-grams of the items of `keys[0..<count]` as the current reference's (`grams.beginReference()`
    /// first) into `matches` and `clips` from index `first` (see `GramCounts.addReference`).
    mutating func addReferenceGrams(_ count: Int, orders: Int, first: Int = 0) {
        TextScratch.ensure(&slots, count); TextScratch.ensure(&firsts, count)
        keys.withUnsafeBufferPointer { keys in
            slots.withUnsafeMutableBufferPointer { slot in
                firsts.withUnsafeMutableBufferPointer { firsts in
                    matches.withUnsafeMutableBufferPointer { matches in
                        clips.withUnsafeMutableBufferPointer { clips in
                            grams.addReference(UnsafeBufferPointer(rebasing: keys[0..<count]), orders: orders, slot, firsts,
                                               matches: matches, clips: clips, first: first)
                        }
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
