import Foundation
import Testing

/// `compare --plan` (issue 12) through the binary: two baseline nights marked, a plan read from the
/// baseline's history; figures are not asserted (they depend on timing), only their presence and shape.
@Suite struct ComparePlanEndToEndTests {
    @Test func planReadsSeveralBaselineRunsAndSizesTheGate() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("p.sqlite").path
        for night in 1...2 {
            let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa", "--requests", "30",
                                    "--time-scale", "0.05", "--seed", "\(night)", "--label", "nightly-\(night)", "--quiet",
                                    "--format", "none"])
            #expect(r.status == 0, "\(r.stderr)")
            let b = try Binary.run(["baseline", "set", "last-good", "nightly-\(night)", "--db", db])
            #expect(b.status == 0, "\(b.stderr)")
        }
        let plan = try Binary.run(["compare", "--plan", "--db", db, "--baseline", "last-good~2",
                                   "--gate", "e2e_ms_p95<=+15%,error_rate<=+0.01"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("## Gate plan") && plan.stdout.contains("2 runs"), "\(plan.stdout)")
        #expect(plan.stdout.contains("| gpt-4o-mini | qa | `e2e_ms_p95` | +15.0% | 30 |"), "\(plan.stdout)")
        #expect(plan.stdout.contains("Not planned: error_rate<=+0.01"), "absolute thresholds are named as not planned")
        let byLabel = try Binary.run(["compare", "--plan", "--db", db, "--baseline", "nightly-*~2", "--gate", "ttft_ms_p95<=+20%"])
        #expect(byLabel.status == 0 && byLabel.stdout.contains("`ttft_ms_p95`"), "\(byLabel.stderr)")
        let noGate = try Binary.run(["compare", "--plan", "--db", db, "--baseline", "last-good~2"])
        #expect(noGate.status == 64 && noGate.stderr.contains("--gate"), "\(noGate.stderr)")
    }
}
