import Foundation
import LLMBenchCore

/// The text columns consecutive rows of one run repeat, kept from the previous row with the value
/// built from them (`Statement.text(_:cached:_:)`).
struct RepeatedNames {
    var runId = RepeatedText<String>()
    var model = RepeatedText<String>()
    var dataset = RepeatedText<String>()
    var status = RepeatedText<RequestStatus>()
    var errorKind = RepeatedText<ErrorKind>()
    var tokenSource = RepeatedText<TokenSource>()
    var reasoningSource = RepeatedText<TokenSource>()
}

/// How a `RequestRecord` maps to a `requests` row: the column list, binding and decoding.
enum RequestColumns {
    static let names = [
        "run_id", "request_index", "attempt", "model", "dataset", "item_id", "warmup",
        "status", "error_kind", "error_message", "http_status",
        "intended_start_ns", "sent_ns", "first_byte_ns", "first_token_ns", "first_output_ns", "last_token_ns", "done_ns",
        "input_tokens", "output_tokens", "cached_input_tokens", "cache_write_tokens", "reasoning_tokens", "tokens_source",
        "response_text", "finish_reason", "provider_request_id", "system_fingerprint", "served_model", "rate_limit_json",
        "namelookup_ns", "connect_ns", "tls_ns", "pretransfer_ns", "starttransfer_ns", "total_ns",
        "chunk_arrivals", "reasoning_tokens_source", "raw_usage", "response_bytes", "cache_write_1h_tokens",
        "conversation_index", "turn",
        "input_o200k_tokens", "output_o200k_tokens",
    ]

    static let list = names.joined(separator: ", ")

    /// The SELECT list that reads a file of schema `version` into `decode`'s column order: columns a
    /// version did not have yet read as NULL (version 1 had no `reasoning_tokens_source`), so an old
    /// file opened read-only still reports (version 3 had no `cache_write_1h_tokens`).
    /// Columns in `omitting` read as NULL (`RequestFields.figures`).
    static func selectList(schemaVersion version: Int, table: String = "", omitting: Set<String> = []) -> String {
        names.map { name in
            if omitting.contains(name) { return "NULL AS \(name)" }
            if version < 2 && ["reasoning_tokens_source", "raw_usage", "response_bytes"].contains(name) {
                return "NULL AS \(name)"
            }
            if version < 4 && name == "cache_write_1h_tokens" { return "NULL AS \(name)" }
            if version < Self.conversationColumnsVersion && ["conversation_index", "turn"].contains(name) {
                return "NULL AS \(name)"
            }
            // A file before version 6 has no o200k counts: such a file reports without the common-unit figures.
            if version < Schema.commonUnitCountsVersion && (name == "input_o200k_tokens" || name == "output_o200k_tokens") { return "NULL AS \(name)" }
            return table.isEmpty ? name : "\(table).\(name)"
        }.joined(separator: ", ")
    }
    /// The schema version that added `conversation_index` and `turn` (`Schema.conversationTurns`).
    static var conversationColumnsVersion: Int { Schema.conversationTurnsVersion }

    static let insertSQL = "INSERT INTO requests (\(list)) VALUES (\(Array(repeating: "?", count: names.count).joined(separator: ",")))"

    /// Binds every column of `r` to an `insertSQL` statement.
    static func bind(_ r: RequestRecord, to s: Statement) throws {
        try s.bind(r.runId, 1)
        try s.bind(r.requestIndex, 2)
        try s.bind(r.attempt, 3)
        try s.bind(r.model, 4)
        try s.bind(r.dataset, 5)
        try s.bind(r.itemId, 6)
        try s.bind(r.warmup, 7)
        try s.bind(r.status.rawValue, 8)
        try s.bind(r.errorKind?.rawValue, 9)
        try s.bind(r.errorMessage, 10)
        try s.bind(r.httpStatus, 11)
        try s.bind(r.intendedStartNs, 12)
        try s.bind(r.sentNs, 13)
        try s.bind(r.firstByteNs, 14)
        try s.bind(r.firstTokenNs, 15)
        try s.bind(r.firstOutputNs, 16)
        try s.bind(r.lastTokenNs, 17)
        try s.bind(r.doneNs, 18)
        try s.bind(r.usage?.inputTokens, 19)
        try s.bind(r.usage?.outputTokens, 20)
        try s.bind(r.usage?.cachedInputTokens, 21)
        try s.bind(r.usage?.cacheWriteTokens, 22)
        try s.bind(r.usage?.reasoningTokens, 23)
        try s.bind(r.usage?.source.rawValue ?? (r.invalidUsageJSON != nil ? TokenSource.invalid.rawValue : nil), 24)
        try s.bind(r.responseText, 25)
        try s.bind(r.finishReason, 26)
        try s.bind(r.providerRequestId, 27)
        try s.bind(r.systemFingerprint, 28)
        try s.bind(r.servedModel, 29)
        try s.bind(r.rateLimitHeaders.isEmpty ? nil : encodeHeaders(r.rateLimitHeaders), 30)
        try s.bind(r.phases.nameLookupNs, 31)
        try s.bind(r.phases.connectNs, 32)
        try s.bind(r.phases.tlsHandshakeNs, 33)
        try s.bind(r.phases.preTransferNs, 34)
        try s.bind(r.phases.startTransferNs, 35)
        try s.bind(r.phases.totalNs, 36)
        try s.bindLittleEndian(r.chunkArrivalsNs, 37)
        try s.bind(r.usage.map { ($0.reasoningSource.isReported ? TokenSource.server : .estimated).rawValue }, 38)
        try s.bind(r.usage == nil ? r.invalidUsageJSON : nil, 39)
        try s.bind(r.responseBytes, 40)
        try s.bind(r.usage?.cacheWrite1hTokens, 41)
        try s.bind(r.conversationTurn?.conversation, 42)
        try s.bind(r.conversationTurn?.turn, 43)
        try s.bind(r.inputO200kTokens, 44)
        try s.bind(r.outputO200kTokens, 45)
    }

    /// Reads the row a `SELECT list FROM requests` statement is on.
    static func decode(_ s: Statement) throws -> RequestRecord {
        var names = RepeatedNames()
        return try decode(s, reusing: &names)
    }

    /// `decode`, taking the run id, model, dataset and the status-like values from `names` (the
    /// previous row's) when the row holds the same bytes, and leaving this row's in it. The columns
    /// `fields` omits are not read at all (the SELECT list gives them as NULL): they decode as NULL does.
    static func decode(_ s: Statement, reusing names: inout RepeatedNames, fields: RequestFields = .all) throws -> RequestRecord {
        let runId = s.text(0, cached: &names.runId) { $0 }!, index = s.int(1), attempt = s.int(2)
        let model = s.text(3, cached: &names.model) { $0 }!, dataset = s.text(4, cached: &names.dataset) { $0 }!
        func where_() -> String { "run \(runId), request_index \(index), attempt \(attempt)" }
        guard let status = s.text(7, cached: &names.status, RequestStatus.init(rawValue:)) else {
            throw StoreError.invalidValue(column: "requests.status", value: s.text(7), row: where_())
        }
        var errorKind: ErrorKind?
        if !s.isNull(8) {
            guard let kind = s.text(8, cached: &names.errorKind, ErrorKind.init(rawValue:)) else {
                throw StoreError.invalidValue(column: "requests.error_kind", value: s.text(8), row: where_())
            }
            errorKind = kind
        }
        var usage: Usage?
        var invalidUsage: String?
        var tokenSource: TokenSource?
        if !s.isNull(23) {
            guard let source = s.text(23, cached: &names.tokenSource, TokenSource.init(rawValue:)) else {
                throw StoreError.invalidValue(column: "requests.tokens_source", value: s.text(23), row: where_())
            }
            if source == .invalid { invalidUsage = fields == .all ? s.optionalText(38) ?? "" : "" }
            tokenSource = source
        }
        if let source = tokenSource, source != .invalid {
            var reasoningSource = source
            if !s.isNull(37) {
                guard let rs = s.text(37, cached: &names.reasoningSource, TokenSource.init(rawValue:)) else {
                    throw StoreError.invalidValue(column: "requests.reasoning_tokens_source", value: s.text(37), row: where_())
                }
                reasoningSource = rs
            }
            usage = Usage(inputTokens: s.optionalInt(18) ?? 0, outputTokens: s.optionalInt(19) ?? 0,
                          cachedInputTokens: s.optionalInt(20) ?? 0, cacheWriteTokens: s.optionalInt(21) ?? 0,
                          reasoningTokens: s.optionalInt(22) ?? 0, source: source, reasoningSource: reasoningSource,
                          cacheWrite1hTokens: s.optionalInt(40) ?? 0)
        }
        var headers: [String: String] = [:]
        if fields == .all, let json = s.optionalText(29) {
            guard let decoded = decodeHeaders(json) else {
                throw StoreError.invalidValue(column: "requests.rate_limit_json", value: String(json.prefix(80)), row: where_())
            }
            headers = decoded
        }
        var arrivals: [Int64] = []
        if !s.isNull(36) {
            guard let decoded = s.littleEndianInt64s(36) else {
                throw StoreError.invalidValue(column: "requests.chunk_arrivals", value: "\(s.byteCount(36)) bytes (not a multiple of 8)", row: where_())
            }
            arrivals = decoded
        }
        var conversationTurn: ConversationTurn?
        if let c = s.optionalInt(41), let t = s.optionalInt(42) { conversationTurn = ConversationTurn(conversation: c, turn: t) }
        let all = fields == .all, figures = fields != .metrics
        var record = RequestRecord(
            runId: runId, requestIndex: index, attempt: attempt, model: model, dataset: dataset,
            itemId: figures ? s.text(5) : "", warmup: s.int64(6) != 0, status: status, errorKind: errorKind,
            errorMessage: s.optionalText(9), httpStatus: s.optionalInt(10), intendedStartNs: s.optionalInt64(11),
            sentNs: s.optionalInt64(12), firstByteNs: s.optionalInt64(13), firstTokenNs: s.optionalInt64(14),
            firstOutputNs: s.optionalInt64(15), lastTokenNs: s.optionalInt64(16), doneNs: s.optionalInt64(17),
            chunkArrivalsNs: arrivals, usage: usage, invalidUsageJSON: invalidUsage, responseText: all ? s.text(24) : "",
            responseBytes: figures ? s.optionalInt64(39) : nil, finishReason: figures ? s.optionalText(25) : nil,
            providerRequestId: all ? s.optionalText(26) : nil, systemFingerprint: all ? s.optionalText(27) : nil,
            servedModel: figures ? s.optionalText(28) : nil, rateLimitHeaders: headers,
            phases: figures ? TransferPhases(nameLookupNs: s.optionalInt64(30), connectNs: s.optionalInt64(31),
                                             tlsHandshakeNs: s.optionalInt64(32), preTransferNs: s.optionalInt64(33),
                                             startTransferNs: s.optionalInt64(34), totalNs: s.optionalInt64(35))
                : TransferPhases())
        record.conversationTurn = conversationTurn
        record.inputO200kTokens = s.optionalInt(43); record.outputO200kTokens = s.optionalInt(44)
        return record
    }

    /// `chunk_arrivals`: each arrival as an absolute 8-byte little-endian signed integer (ns from the
    /// run's start), in arrival order; `count = length(blob) / 8`.
    static func encodeArrivals(_ values: [Int64]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: values.count * 8)
        bytes.withUnsafeMutableBytes { raw in
            for (i, value) in values.enumerated() {
                raw.storeBytes(of: value.littleEndian, toByteOffset: i * 8, as: Int64.self)
            }
        }
        return bytes
    }

    static func decodeArrivals(_ bytes: [UInt8]) -> [Int64]? {
        guard bytes.count % 8 == 0 else { return nil }
        return bytes.withUnsafeBytes { raw in
            (0..<(bytes.count / 8)).map { Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) }
        }
    }

    /// `rate_limit_json`: a JSON object of header name → value, keys sorted (RFC 8259 string escaping).
    static func encodeHeaders(_ headers: [String: String]) -> String {
        var out = "{"
        for (i, key) in headers.keys.sorted().enumerated() {
            if i > 0 { out += "," }
            appendJSONString(key, to: &out)
            out += ":"
            appendJSONString(headers[key]!, to: &out)
        }
        return out + "}"
    }

    private static func appendJSONString(_ text: String, to out: inout String) {
        JSONValues.appendQuoted(text, to: &out)
    }

    static func decodeHeaders(_ json: String) -> [String: String]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
        var result: [String: String] = [:]
        for (key, value) in object {
            guard let text = value as? String else { return nil }
            result[key] = text
        }
        return result
    }
}
