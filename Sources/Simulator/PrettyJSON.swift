/// Re-indents compact JSON the way Google's and Python's `json.dumps(indent=2)` servers print it
/// (`{\n  "error": {\n    "code": 500, …`), so the client is tested against white space where the
/// real services put it. The input is JSON the simulator wrote itself (valid, compact).
enum PrettyJSON {
    static func indent(_ compact: String, by step: Int = 2) -> String {
        var out = ""
        out.reserveCapacity(compact.utf8.count * 2)
        var level = 0
        var inString = false
        var escaped = false
        let chars = Array(compact)
        func newline() { out.append("\n"); out.append(String(repeating: " ", count: level * step)) }
        for (i, c) in chars.enumerated() {
            if inString {
                out.append(c)
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                continue
            }
            switch c {
            case "\"": inString = true; out.append(c)
            case "{", "[":
                out.append(c)
                let next = i + 1 < chars.count ? chars[i + 1] : " "
                if next == "}" || next == "]" { continue }
                level += 1; newline()
            case "}", "]":
                let prev = i > 0 ? chars[i - 1] : " "
                if prev != "{" && prev != "[" { level = max(0, level - 1); newline() }
                out.append(c)
            case ",": out.append(c); newline()
            case ":": out.append(": ")
            default: out.append(c)
            }
        }
        return out
    }

    /// An SSE event whose `data:` line holds JSON, with the JSON pretty-printed over several
    /// `data:` lines (a client joins them with `\n`, as the SSE standard says).
    static func indentEvent(_ event: String) -> String {
        var lines: [String] = []
        var trailing = ""
        var body = Substring(event)
        while body.hasSuffix("\n") || body.hasSuffix("\r") { trailing = String(body.last!) + trailing; body = body.dropLast() }
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let l = line.hasSuffix("\r") ? line.dropLast() : line
            if l.hasPrefix("data: {") {
                for p in indent(String(l.dropFirst(6))).split(separator: "\n") { lines.append("data: " + p) }
            } else {
                lines.append(String(l))
            }
        }
        return lines.joined(separator: "\n") + trailing
    }
}
