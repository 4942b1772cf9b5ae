/// An exact o200k_base or cl100k_base tokenizer: the ids of tiktoken's `encode_ordinary` for any text
/// (special-token text such as `<|endoftext|>` is encoded as ordinary text), and their decoding.
///
/// Immutable and shared: get one from `TokenizerCache` (loading a ranks file takes tens of milliseconds).
public final class Tokenizer: Sendable {
    public let encoding: TokenEncoding
    let table: RankTable

    init(encoding: TokenEncoding, table: RankTable) {
        self.encoding = encoding
        self.table = table
    }

    /// The token ids of `text`, as tiktoken's `encode_ordinary(text)`.
    public func encode(_ text: String) -> [Int] {
        var ids: [Int] = []
        ids.reserveCapacity(text.utf8.count / 3 + 1)
        forEachToken(in: text) { ids.append(Int($0)) }
        return ids
    }

    /// How many tokens `text` is: `encode(text).count`, without building the array.
    public func count(_ text: String) -> Int {
        var total = 0
        forEachToken(in: text) { _ in total += 1 }
        return total
    }

    /// The bytes the ids stand for (a prefix of a token list may end inside a UTF-8 sequence, so bytes,
    /// not a string); nil when an id is not a token of this encoding.
    public func decodeBytes(_ ids: [Int]) -> [UInt8]? {
        var out: [UInt8] = []
        for id in ids {
            guard table.contains(rank: id) else { return nil }
            out.append(contentsOf: table.tokenBytes(id))
        }
        return out
    }

    /// The text the ids stand for, with any incomplete UTF-8 replaced by U+FFFD (as tiktoken's `decode`
    /// with its default `errors="replace"`); nil when an id is not a token of this encoding.
    public func decode(_ ids: [Int]) -> String? {
        decodeBytes(ids).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Splits `text` into pieces with the encoding's pattern and calls `emit` with each token's id in order.
    func forEachToken(in text: String, _ emit: (UInt32) -> Void) {
        var text = text
        text.withUTF8 { utf8 in
            ScalarView.with(utf8) { view in
                let cl100k = encoding == .cl100kBase
                var i = 0
                while i < view.count {
                    let end = cl100k ? CL100kSplitter.pieceEnd(view, i) : O200kSplitter.pieceEnd(view, i)
                    let start = Int(view.offsets[i])
                    let length = Int(view.offsets[end]) - start
                    let piece = view.bytes + start
                    let whole = table.rank(piece, length)
                    if whole != RankTable.absent {
                        emit(whole)
                    } else {
                        BytePairEncoder.encode(table, piece, length, emit)
                    }
                    i = end
                }
            }
        }
    }
}
