// llmbench-fuzz: seeded fuzzing of the parsers that read untrusted bytes (the SSE parser, the JSON
// scanner, the three wire formats' decoders, error bodies, response heads), as a child process of the test suite,
// so a trap ends this process and not the tests. Each case is rebuilt from (seed, index) alone.
//
//   llmbench-fuzz --seed S --cases N        run cases 0..<N; prints "case K" to stderr before each
//   llmbench-fuzz --seed S --case K --dump  print case K's target and input (escaped), run nothing
//
// Exit 0: every case ended in success or a documented error; 1: an invariant failed (printed with
// its case, seed and input); a crash (signal) means a trap, and the parent names the last case.
import Foundation
import LLMBenchCore
import Providers

/// How the recorded cases ended, by error kind (printed at the end, to show the mutations reach them).
nonisolated(unsafe) var outcomes: [String: Int] = [:]

enum Fuzz {
    /// A configured key: every stored field must come out without it (nor any 12-byte slice of it).
    static let secret = "sk-fuzz-0123456789abcdefghij"

    struct Case {
        var index: Int
        var target: Target
        var input: [UInt8]
        /// Where the input is split into transport chunks.
        var splits: [Int]
    }

    static func make(seed: UInt64, index: Int) -> Case {
        var rng = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        let target = Target.allCases[index % Target.allCases.count]
        let seeds = target.seeds
        var input = Array(seeds[rng.nextInt(below: seeds.count)].utf8)
        // One case in eight is the seed unchanged: the positive control.
        if index % 8 != 0 { input = Mutator.mutate(input, &rng) }
        var splits: [Int] = []
        if !input.isEmpty {
            for _ in 0..<rng.nextInt(below: 6) { splits.append(rng.nextInt(below: input.count)) }
        }
        return Case(index: index, target: target, input: input, splits: splits.sorted())
    }

    /// The input as printable text: ASCII kept, everything else `\xNN`.
    static func escaped(_ b: [UInt8]) -> String {
        var s = ""
        for c in b {
            if c >= 0x20 && c < 0x7F && c != 0x5C { s.unicodeScalars.append(Unicode.Scalar(c)) }
            else if c == 0x0A { s += "\\n" } else if c == 0x0D { s += "\\r" } else if c == 0x5C { s += "\\\\" }
            else { s += String(format: "\\x%02X", c) }
        }
        return s
    }

    struct Failure: Error { var reason: String }

    static func check(_ ok: Bool, _ reason: @autoclosure () -> String) throws {
        if !ok { throw Failure(reason: reason()) }
    }

    /// Feeds `input` in the case's chunks.
    static func chunks(_ c: Case) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var start = 0
        for s in c.splits + [c.input.count] where s >= start {
            out.append(Array(c.input[start..<s])); start = s
        }
        return out
    }

    static func run(_ c: Case) throws {
        switch c.target {
        case .sse: try runSSE(c)
        case .scanner: try runScanner(c)
        default: try runRecorder(c)
        }
    }

    static func runSSE(_ c: Case) throws {
        let limit = 4096
        var p = SSEParser(maxEventBytes: limit)
        var events = 0
        for chunk in chunks(c) {
            chunk.withUnsafeBytes { buf in
                var offset = 0
                while p.next(buf, from: &offset) {
                    events += 1
                    _ = p.data.count
                }
            }
            try check(p.data.count <= limit, "SSE data grew to \(p.data.count) bytes past its \(limit)-byte limit")
            if p.overflowed { break }
        }
        try check(events == p.eventCount, "event count \(p.eventCount) is not the \(events) dispatched")
    }

    static func runScanner(_ c: Case) throws {
        try c.input.withUnsafeBytes { buf in
            var s = JSONScanner(buf)
            do {
                try s.skipValue()
                try check(s.position <= buf.count, "position \(s.position) past the end \(buf.count)")
            } catch is JSONScanError {
                // A documented error.
            }
            try check(s.depth == 0 || s.depth <= JSONScanner.maxDepth, "depth \(s.depth) past the limit")
            // Typed reads over the same bytes never crash either.
            var t = JSONScanner(buf)
            _ = try? t.string()
            var u = JSONScanner(buf)
            _ = try? u.tokenCount()
            var v = JSONScanner(buf)
            try? v.forEachMember { s, _ in _ = try s.tokenCount() }
        }
    }

    static func runRecorder(_ c: Case) throws {
        let skeleton = RequestRecord(runId: "fuzz", requestIndex: c.index, model: "m", dataset: "d", itemId: "i",
                                     status: .error, intendedStartNs: 0)
        let stream = c.target.streamed
        var rec = RequestRecorder(skeleton: skeleton, format: c.target.format, stream: stream, runStartNs: 0,
                                  secrets: [secret], estimatedInputTokens: 3)
        rec.markSent(atNs: 1)
        var ns: Int64 = 3
        var stopped = false
        var body = chunks(c)
        if c.target == .headers {
            // The input is the head, cut into lines as libcurl hands them over; a good stream follows.
            var line: [UInt8] = []
            for b in c.input {
                line.append(b)
                if b == 0x0A, !stopped { stopped = !line.withUnsafeBytes { rec.headerLine($0, atNs: 2) }; line = [] }
            }
            if !line.isEmpty, !stopped { stopped = !line.withUnsafeBytes { rec.headerLine($0, atNs: 2) } }
            body = [Array(Target.openaiStream.seeds[0].utf8)]
        } else {
            let status = c.target == .errorBody ? "HTTP/1.1 500 Internal Server Error\r\n" : "HTTP/1.1 200 OK\r\n"
            let type = stream ? "content-type: text/event-stream\r\n" : "content-type: application/json\r\n"
            for line in [status, type, "x-request-id: req-\(secret)\r\n", "\r\n"] {
                Array(line.utf8).withUnsafeBytes { _ = rec.headerLine($0, atNs: 2) }
            }
        }
        for chunk in body where !stopped {
            ns += 1
            stopped = !chunk.withUnsafeBytes { rec.body($0, atNs: ns) }
        }
        let outcome: TransportOutcome = stopped ? .failed(.protocol, "aborted by the recorder") : .completed
        let r = rec.finish(outcome, atNs: ns + 1, phases: TransferPhases())
        outcomes[r.errorKind?.rawValue ?? (r.invalidUsageJSON != nil ? "ok(invalid usage)" : "ok"), default: 0] += 1
        try check(r.status == .ok || r.status == .error, "status \(r.status)")
        if r.status == .error {
            try check(r.errorKind != nil && !(r.errorMessage ?? "").isEmpty, "an error without a kind or a message")
        } else {
            try check(r.errorKind == nil, "ok with error kind \(r.errorKind!.rawValue)")
        }
        if c.target == .errorBody {
            try check(r.errorKind == .http5xx || r.errorKind == .overloaded, "a 500 recorded as \(r.errorKind?.rawValue ?? "ok")")
        }
        try check(r.responseText.utf8.count <= ResponseLimits.maxStoredTextBytes, "stored text of \(r.responseText.utf8.count) bytes")
        try check((r.errorMessage?.utf8.count ?? 0) <= ResponseLimits.maxErrorMessageBytes, "error message too long")
        try check((r.invalidUsageJSON?.utf8.count ?? 0) <= ResponseLimits.maxRawUsageBytes, "raw usage too long")
        if let u = r.usage {
            try check(u.inputTokens >= 0 && u.outputTokens >= 0 && u.cachedInputTokens >= 0 && u.reasoningTokens >= 0
                      && u.cacheWriteTokens >= 0, "a negative count was trusted: \(u)")
            try check(u.inputTokens <= ResponseLimits.maxTokensPerRequest && u.outputTokens <= ResponseLimits.maxTokensPerRequest,
                      "an absurd count was trusted: \(u)")
            try check(u.cachedInputTokens + u.cacheWriteTokens <= u.inputTokens && u.reasoningTokens <= u.outputTokens,
                      "inconsistent counts were trusted: \(u)")
            try check(r.invalidUsageJSON == nil, "usage both trusted and invalid")
        }
        // The key, or any 12-byte slice of it, stored anywhere.
        let fields = [r.responseText, r.errorMessage ?? "", r.invalidUsageJSON ?? "", r.providerRequestId ?? "",
                      r.servedModel ?? "", r.systemFingerprint ?? "", r.finishReason ?? ""]
            + r.rateLimitHeaders.flatMap { [$0.key, $0.value] }
        let key = Array(secret.utf8)
        for f in fields {
            let b = Array(f.utf8)
            guard b.count >= 12 else { continue }
            for i in 0...(key.count - 12) {
                let slice = Array(key[i..<(i + 12)])
                try check(!contains(b, slice), "a slice of the key is stored: \(f.prefix(200))")
            }
        }
    }

    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard hay.count >= needle.count else { return false }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] {
            if Array(hay[i..<(i + needle.count)]) == needle { return true }
        }
        return false
    }
}

// MARK: - Command line

func value(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

let seed = UInt64(value("--seed") ?? "") ?? 20_261_201
if let k = value("--case").flatMap(Int.init), CommandLine.arguments.contains("--dump") {
    let c = Fuzz.make(seed: seed, index: k)
    print("seed \(seed) case \(k) target \(c.target.name) splits \(c.splits) (\(c.input.count) bytes):")
    print(Fuzz.escaped(c.input))
    exit(0)
}
let count = Int(value("--cases") ?? "") ?? 3000
let first = Int(value("--first") ?? "") ?? 0
let started = DispatchTime.now().uptimeNanoseconds
var perTarget = [String: Int]()
/// Progress to stderr with write(2): unbuffered, so the parent sees the last case even after a trap.
func note(_ text: String) {
    var t = text
    t.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
for k in first..<(first + count) {
    let c = Fuzz.make(seed: seed, index: k)
    note("case \(k)\n")
    do {
        try Fuzz.run(c)
    } catch let f as Fuzz.Failure {
        print("FAIL seed \(seed) case \(k) target \(c.target.name): \(f.reason)")
        print("input (\(c.input.count) bytes, splits \(c.splits)): \(Fuzz.escaped(Array(c.input.prefix(4000))))")
        exit(1)
    }
    perTarget[c.target.name, default: 0] += 1
}
let ms = (DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
print("ok: \(count) cases, seed \(seed), \(ms) ms; " + perTarget.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
print("outcomes: " + outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
