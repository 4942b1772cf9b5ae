import LLMBenchCore

/// One token count as a server wrote it: absent (`null`), an integer, or something that cannot be
/// trusted (a fraction, a number too large for `Int`, a string, an object…).
public enum TokenCount: Sendable, Equatable {
    case absent
    case value(Int)
    case invalid
}

extension JSONScanner {
    /// Reads a token count without ever failing on a well-formed value of the wrong shape: `1.0`
    /// and `1e3` are integers written oddly and are accepted; `10.5`, `1e300`, `"12"` or `{}` are
    /// `.invalid`. Only malformed JSON throws.
    public mutating func tokenCount() throws -> TokenCount {
        switch peekKind() {
        case .null:
            try skipValue()
            return .absent
        case .number:
            let start = position
            try skipValue()
            let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
            let text = String(decoding: raw, as: UTF8.self)
            if let v = Int(text) { return .value(v) }
            if let d = Double(text), d.isFinite, d.rounded() == d, abs(d) <= 1e15 { return .value(Int(d)) }
            return .invalid
        default:
            try skipValue()
            return .invalid
        }
    }
}

extension ResponseAccumulator {
    /// Stores one raw count read with `JSONScanner.tokenCount()`; anything outside
    /// 0…`ResponseLimits.maxTokensPerRequest` marks the response's usage as untrusted.
    public mutating func take(_ count: TokenCount, _ field: WritableKeyPath<ResponseAccumulator, Int?>) {
        switch count {
        case .absent: return
        case .invalid: usageInvalid = true
        case .value(let v):
            self[keyPath: field] = v
            if v < 0 || v > ResponseLimits.maxTokensPerRequest { usageInvalid = true }
        }
    }

    /// Reads a usage object with `body` and keeps its raw bytes (the one that made usage untrusted,
    /// else the latest), for `raw_usage`.
    public mutating func readUsageObject(_ s: inout JSONScanner,
                                         _ body: (inout JSONScanner, inout ResponseAccumulator) throws -> Void) throws {
        if s.peekKind() == .null { try s.skipValue(); return }
        let start = s.position
        let wasInvalid = usageInvalid
        try body(&s, &self)
        if !wasInvalid {
            let end = min(s.position, start + ResponseLimits.maxRawUsageBytes + ResponseLimits.redactionSlack)
            rawUsageJSON = Array(UnsafeRawBufferPointer(rebasing: s.bytes[start..<end]))
        }
    }
}

/// What a response's usage comes to once checked.
public enum UsageVerdict: Sendable, Equatable {
    /// No (complete) usage was sent.
    case absent
    case valid(Usage)
    /// Usage was sent and cannot be trusted; the raw object's bytes (unredacted, not yet cut).
    case invalid([UInt8])
}

extension WireFormat {
    /// The server's usage, trusted only when every count is an integer in
    /// 0…`ResponseLimits.maxTokensPerRequest` and the counts agree (cache reads and writes within
    /// the input, reasoning within the output).
    public static func checkedUsage(_ acc: ResponseAccumulator) -> UsageVerdict {
        let raw = acc.rawUsageJSON.isEmpty ? Array("{}".utf8) : acc.rawUsageJSON
        if acc.usageInvalid { return .invalid(raw) }
        let limit = ResponseLimits.maxTokensPerRequest
        for v in [acc.rawInputTokens, acc.rawOutputTokens, acc.rawCachedTokens, acc.rawCacheWriteTokens,
                  acc.rawReasoningTokens, acc.rawCacheWrite1hTokens] {
            if let v, v < 0 || v > limit { return .invalid(raw) }
        }
        guard let u = serverUsage(acc) else { return .absent }
        let ok = u.inputTokens >= 0 && u.inputTokens <= limit && u.outputTokens >= 0 && u.outputTokens <= limit
            && u.cachedInputTokens >= 0 && u.cacheWriteTokens >= 0 && u.reasoningTokens >= 0
            && u.cacheWrite1hTokens >= 0 && u.cacheWrite1hTokens <= u.cacheWriteTokens
            && u.cachedInputTokens + u.cacheWriteTokens <= u.inputTokens && u.reasoningTokens <= u.outputTokens
        return ok ? .valid(u) : .invalid(raw)
    }
}
