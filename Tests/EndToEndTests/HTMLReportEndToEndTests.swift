import Foundation
import Testing
import TestFixtures

/// `report --format html` and `compare --format html` through the binary against simulated runs (issue 16):
/// each page is well-formed and refers to nothing outside itself; an open-loop run with faults shows
/// failures and dispatch lag over time; a sweep's label gathers its segments into capacity curves with the SLO line.
@Suite struct HTMLReportEndToEndTests {
    @Test func runSweepAndComparePages() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("h.sqlite").path
        let open = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa", "--requests", "12",
                                   "--profile", "poisson", "--rate", "50", "--faults", "http_429=0.3", "--time-scale", "0.02",
                                   "--label", "open", "--quiet", "--format", "none"])
        #expect(open.status == 0, "\(open.stderr)")
        let page = dir.appendingPathComponent("open.html").path
        let r = try Binary.run(["report", "--db", db, "--run", "open", "--format", "html", "--out", page])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(PageChecks.problems(html) == [])
        for part in [">Models compared<", ">TTFT: distribution", ">Failed attempts by kind over the run", ">Dispatch lag over the run",
                     "class=\"simulated\"", ">http_429<"] {
            #expect(html.contains(part), "missing \(part)")
        }

        let sweep = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa", "--requests", "4",
                                    "--sweep", "concurrency=1,2", "--slo", "ttft_ms=400", "--time-scale", "0.02",
                                    "--label", "cap", "--quiet", "--format", "none"])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let s = try Binary.run(["report", "--db", db, "--run", "cap", "--format", "html"])
        #expect(s.status == 0, "\(s.stderr)")
        #expect(PageChecks.problems(s.stdout) == [])
        #expect(s.stdout.contains(">TTFT p95 against throughput"))
        #expect(s.stdout.contains(">SLO ttft_ms ≤ 400 ms</text>"))
        #expect(s.stdout.contains("2 segments: concurrency=1, concurrency=2"))

        let c = try Binary.run(["compare", "--db", db, "--baseline", "cap/concurrency=1", "--candidate", "cap/concurrency=2",
                                "--gate", "ttft_ms_p95<=+50%", "--allow-different", "--format", "html"])
        #expect(c.status == 0 || c.status == 1, "\(c.stderr)")
        #expect(PageChecks.problems(c.stdout) == [])
        #expect(c.stdout.contains(">TTFT p95: change, candidate − baseline"))
        #expect(c.stdout.contains("gpt-4o-mini: TTFT, baseline against candidate"))
    }
}
