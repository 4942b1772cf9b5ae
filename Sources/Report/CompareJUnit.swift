import Analysis
import LLMBenchCore

/// `llmbench compare` as JUnit XML: one `<testcase>` per gated metric per (model, dataset).
///
/// Follows the common Ant/Jenkins JUnit schema: a `<testsuites>` root (name, tests, failures,
/// errors, time) holding one `<testsuite>` (name, tests, failures, errors, skipped, time); each
/// `<testcase>` has `classname` (`model.dataset`), `name` (the gate rule) and `time`; a regression
/// is a `<failure message type="regression">`; an inconclusive check is `<skipped>` with the reason
/// (a `<failure type="inconclusive">` under `--inconclusive fail`); a metric without a value in a
/// run is `<skipped>`.
/// The first night (no baseline) is one skipped test case carrying that message.
public enum CompareJUnit {
    public static let suiteName = "llmbench compare"

    struct Case {
        var className: String; var name: String; var failure: String?; var skipped: String?; var out: String?
        var failureType = "regression"
    }

    public static func render(_ outcome: CompareOutcome) -> String {
        let cases: [Case]
        switch outcome {
        case .noBaseline(let ref, _):
            cases = [Case(className: "llmbench.compare", name: "baseline \(ref)", failure: nil,
                          skipped: CompareOutcome.noBaselineMessage(ref), out: nil)]
        case .compared(let c):
            cases = c.gatedRows.map { row in
                let className = row.key.model + "." + (row.key.dataset ?? "all")
                let name = row.gate!.text
                switch row.verdict {
                case .regressed: return Case(className: className, name: name, failure: CompareText.regressionMessage(row), skipped: nil, out: nil)
                case .inconclusive:
                    let message = CompareText.regressionMessage(row)
                    if c.inconclusivePolicy == .fail {
                        return Case(className: className, name: name, failure: message, skipped: nil, out: nil, failureType: "inconclusive")
                    }
                    return Case(className: className, name: name, failure: nil, skipped: message, out: nil)
                case .noValue: return Case(className: className, name: name, failure: nil,
                                           skipped: "\(row.definition.name) has no value in one of the runs", out: nil)
                default: return Case(className: className, name: name, failure: nil, skipped: nil, out: CompareText.regressionMessage(row))
                }
            }
        }
        let failures = cases.filter { $0.failure != nil }.count
        let skipped = cases.filter { $0.skipped != nil }.count
        let name = JUnitReport.attr(suiteName)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(name)\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" time=\"0\">\n"
        out += "  <testsuite name=\"\(name)\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"0\">\n"
        for c in cases {
            let open = "    <testcase classname=\"\(JUnitReport.attr(c.className))\" name=\"\(JUnitReport.attr(c.name))\" time=\"0\""
            if let f = c.failure {
                out += open + ">\n      <failure message=\"\(JUnitReport.attr(f))\" type=\"\(c.failureType)\">\(JUnitReport.text(f))</failure>\n    </testcase>\n"
            } else if let s = c.skipped {
                out += open + ">\n      <skipped message=\"\(JUnitReport.attr(s))\"/>\n    </testcase>\n"
            } else if let o = c.out {
                out += open + ">\n      <system-out>\(JUnitReport.text(o))</system-out>\n    </testcase>\n"
            } else {
                out += open + "/>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}
