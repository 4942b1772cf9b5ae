/// The local token estimate used when a server reports no usage (provenance `estimated`).
///
/// Formula: `max(1, ceil(utf8Bytes / 4))`, the common "about four bytes of English per token"
/// rule of thumb for BPE tokenizers. It is deliberately simple and documented in the README; it
/// over-counts CJK text (3 UTF-8 bytes per character, about one token each) by under 25%.
public enum TokenEstimate {
    public static func tokens(in text: String) -> Int {
        let bytes = text.utf8.count
        return bytes == 0 ? 0 : max(1, (bytes + 3) / 4)
    }
}
