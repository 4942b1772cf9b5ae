/// The two OpenAI encodings llmbench counts with, and the published ranks file each one reads
/// (the tokenizer itself is the `Tokenizer` module; this value type is shared so that work items and
/// model specs can say which count they use).
///
/// Hashes are the SHA-256 of the uncompressed `.tiktoken` files, the ones tiktoken itself checks
/// (`expected_hash` in `tiktoken_ext/openai_public.py`); `datasets/tokenizers/README.md` gives provenance.
public enum TokenEncoding: String, Sendable, CaseIterable, Hashable {
    /// gpt-4o, gpt-4.1, gpt-5, o1/o3/o4 and later.
    case o200kBase = "o200k_base"
    /// gpt-4, gpt-3.5-turbo and the text-embedding-3 models.
    case cl100kBase = "cl100k_base"

    /// The ranks file's name inside the tokenizers directory.
    public var fileName: String { rawValue + ".tiktoken" }

    /// SHA-256 of the ranks file, lowercase hexadecimal.
    public var sha256: String {
        switch self {
        case .o200kBase: return "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
        case .cl100kBase: return "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
        }
    }

    /// How many mergeable tokens the ranks file holds (ranks 0 ..< count, one a line, in order).
    public var tokenCount: Int {
        switch self {
        case .o200kBase: return 199_998
        case .cl100kBase: return 100_256
        }
    }

    /// The encoding OpenAI's own tokenizer uses for `model`, or nil when the model is not OpenAI's
    /// (its count in o200k is then a stated proxy). Follows tiktoken's `tiktoken/model.py` prefixes.
    public static func native(forModel model: String) -> TokenEncoding? {
        var name = model.lowercased()
        if name.hasPrefix("ft:") { name.removeFirst(3) }
        if o200kPrefixes.contains(where: { name.hasPrefix($0) }) { return .o200kBase }
        if cl100kPrefixes.contains(where: { name.hasPrefix($0) }) { return .cl100kBase }
        return nil
    }

    // Built once (as literals inside `native` they were two arrays of strings per request).
    // gpt-oss uses o200k_harmony, which is o200k_base plus special tokens: the same ordinary text ids.
    private static let o200kPrefixes = ["gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4-mini", "chatgpt-4o", "gpt-oss"]
    private static let cl100kPrefixes = ["gpt-4", "gpt-3.5", "gpt-35", "text-embedding-3", "text-embedding-ada-002",
                                         "davinci-002", "babbage-002"]
}

extension ModelSpec {
    /// The encoding this model's prompts are counted in: its own (`TokenEncoding.native`) when it is an
    /// OpenAI model, else o200k_base as the stated proxy (`promptEncodingIsProxy`).
    /// `"count_tokens": "o200k"` counts every model in o200k_base.
    public var promptEncoding: TokenEncoding {
        countTokens == .o200k ? .o200kBase : (TokenEncoding.native(forModel: modelId) ?? .o200kBase)
    }

    /// Whether `promptEncoding` is a proxy (not the model's own tokenizer).
    public var promptEncodingIsProxy: Bool { TokenEncoding.native(forModel: modelId) != promptEncoding }
}
