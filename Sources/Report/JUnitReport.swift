/// One pass/fail check for JUnit output: a gated metric of compare, or a `--fail-on` level.
public struct JUnitTestCase: Sendable, Equatable {
    public var name: String
    public var passed: Bool
    /// Why it failed (or a note when it passed); shown by CI systems.
    public var message: String
    /// Grouping shown by CI systems, e.g. `gpt-4o-mini.qa`; the suite name when `nil`.
    public var className: String?
    public init(name: String, passed: Bool, message: String, className: String? = nil) {
        self.name = name; self.passed = passed; self.message = message; self.className = className
    }
}

/// JUnit XML as CI systems read it (the common Ant/Jenkins JUnit schema): one `<testsuites>` root
/// holding one `<testsuite>`, one `<testcase>` per check, a `<failure>` inside each failed one.
public enum JUnitReport {
    public static func render(suiteName: String, cases: [JUnitTestCase]) -> String {
        let failures = cases.filter { !$0.passed }.count
        let counts = "tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\""
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(attr(suiteName))\" \(counts) time=\"0\">\n"
        out += "  <testsuite name=\"\(attr(suiteName))\" \(counts) skipped=\"0\" time=\"0\">\n"
        for c in cases {
            let open = "    <testcase name=\"\(attr(c.name))\" classname=\"\(attr(c.className ?? suiteName))\" time=\"0\""
            if c.passed {
                out += c.message.isEmpty ? open + "/>\n"
                    : open + ">\n      <system-out>\(text(c.message))</system-out>\n    </testcase>\n"
            } else {
                out += open + ">\n"
                out += "      <failure message=\"\(attr(c.message))\" type=\"regression\">\(text(c.message))</failure>\n"
                out += "    </testcase>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// Convenience for `(name, passed, message)` tuples.
    public static func render(suiteName: String, cases: [(name: String, passed: Bool, message: String)]) -> String {
        render(suiteName: suiteName, cases: cases.map { JUnitTestCase(name: $0.name, passed: $0.passed, message: $0.message) })
    }

    /// Escapes text content; characters XML 1.0 forbids (controls other than tab, LF, CR) become `?`.
    static func text(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            case _ where u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF: out += "?"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Escapes an attribute value (quotes and line breaks as character references, so they survive).
    static func attr(_ s: String) -> String {
        text(s).replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "\n", with: "&#10;")
            .replacingOccurrences(of: "\r", with: "&#13;").replacingOccurrences(of: "\t", with: "&#9;")
    }
}
