import Analysis
import LLMBenchCore

/// A run as JUnit checks: one test case per model, "requests succeed", failed when any of its
/// attempts ended with status `error`; the failure message gives the top error messages per kind
/// and the hint, so a CI page shows the cause. `--fail-on` verdicts, when given, are more cases.
public enum RunJUnit {
    public static func render(_ a: RunAnalysis, verdicts: [FailOnViolation] = [], rules: [FailOnRule] = []) -> String {
        var cases: [JUnitTestCase] = a.modelTotals.map { g in
            let requests = g.requests
            guard g.errors > 0 else {
                return JUnitTestCase(name: "requests succeed", passed: true,
                                     message: "\(requests) requests, no errors", className: g.key.model)
            }
            var lines = ["\(g.errors) of \(g.attempts) attempts failed"]
            for f in g.failures {
                lines.append(f.line)
                if let h = f.hint { lines.append("hint: \(h)") }
            }
            return JUnitTestCase(name: "requests succeed", passed: false, message: lines.joined(separator: "\n"),
                                 className: g.key.model)
        }
        for rule in rules {
            let tripped = verdicts.filter { $0.rule == rule }
            cases.append(JUnitTestCase(name: "--fail-on \(rule.text)", passed: tripped.isEmpty,
                                       message: tripped.map(\.message).joined(separator: "\n")))
        }
        return JUnitReport.render(suiteName: "llmbench run \(a.run.label ?? String(a.run.id.prefix(8)))", cases: cases)
    }
}
