import Foundation
import Testing
import LLMBenchCore
import Store

/// `llmbench price` on a database built by hand: a run with server-reported usage, projected and
/// checked against a hand calculation from the catalog (`datasets/pricing.json`: gpt-4o-mini is
/// 150000 µ$/1M input = 150000 pico-$ per input token, 600000 per output token).
@Suite struct PriceEndToEndTests {
    static let settings = """
    {"models": [
      {"name": "gpt-4o-mini", "kind": "openai", "model": "gpt-4o-mini",
       "limits": {"requests_per_minute": 500, "tokens_per_minute": 50000, "max_concurrency": 4}},
      {"name": "mystery", "kind": "openai", "model": "mystery-1"}
    ]}
    """

    /// Four gpt-4o-mini requests: (1000 in, 100 out, 1200 ms), (2000, 200, 1400 ms), twice each;
    /// two for a model the catalog does not know.
    static func makeDatabase(source: TokenSource = .server) throws -> String {
        let path = try makeTempDir().appendingPathComponent("price.sqlite").path
        let db = try Database.open(path: path)
        defer { try? db.close() }
        let run = RunInfo(id: "0a1b2c3d-0000-4000-8000-000000000001", startedAt: "2026-11-24T00:00:00Z", label: "price-e2e",
                          llmbenchVersion: "0.1.0", host: "test", os: "Linux", cpuCount: 2, curlVersion: "7.88.1",
                          sqliteVersion: "3.40.1", simulated: false, settingsJSON: settings, datasetHashes: [:],
                          status: .completed, durationNs: 10_000_000_000)
        try db.insertRun(run)
        var records: [RequestRecord] = []
        let shapes = [(1000, 100, 1200), (2000, 200, 1400), (1000, 100, 1200), (2000, 200, 1400)]
        for (i, s) in shapes.enumerated() {
            for (j, model) in ["gpt-4o-mini", "mystery"].enumerated() where model == "gpt-4o-mini" || i < 2 {
                let start = Int64(i) * 2_000_000_000
                records.append(RequestRecord(runId: run.id, requestIndex: i * 2 + j, model: model, dataset: "qa", itemId: "q\(i)",
                                             status: .ok, httpStatus: 200, intendedStartNs: start, sentNs: start,
                                             firstByteNs: start + 100_000_000, firstTokenNs: start + 200_000_000,
                                             lastTokenNs: start + Int64(s.2) * 1_000_000 - 1, doneNs: start + Int64(s.2) * 1_000_000,
                                             usage: Usage(inputTokens: s.0, outputTokens: s.1, source: source), responseText: "a"))
            }
        }
        try db.insertRequests(records)
        return path
    }

    static func json(_ r: Binary.Result) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    static func model(_ doc: [String: Any], _ name: String) throws -> [String: Any] {
        let models = try #require(doc["models"] as? [[String: Any]])
        return try #require(models.first { $0["model"] as? String == name })
    }

    @Test func projectionMatchesTheHandCalculation() throws {
        let db = try Self.makeDatabase()
        let r = try Binary.run(["price", "--db", db, "--volume", "2000000", "--per", "month", "--format", "json", "--seed", "7"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try Self.json(r)
        let mini = try Self.model(doc, "gpt-4o-mini")
        #expect(mini["priced_requests"] as? Double == 4)
        let p = try #require(mini["projection"] as? [String: Any])
        // Costs: 1000×150000 + 100×600000 = 210e6 pico-$; 2000/200 → 420e6. Mean 315e6 × 2e6 = 6.3e14 pico-$ = $630.
        #expect(p["expected_pico_usd_per_month"] as? Double == 630_000_000_000_000)
        #expect(p["expected_usd_per_month"] as? Double == 630)
        let interval = try #require(p["interval_usd_per_month"] as? [Double])
        #expect(interval.count == 2 && interval[0] >= 420 && interval[0] <= 630 && interval[1] >= 630 && interval[1] <= 840)
        // p95 of [1000, 1000, 2000, 2000] (h = 2.85) = 2000 in, 200 out: 420e6 × 2e6 = $840.
        #expect(p["p95_input_tokens"] as? Double == 2000 && p["p95_output_tokens"] as? Double == 200)
        #expect(p["p95_worst_case_usd_per_month"] as? Double == 840)
        // 2e6 / 43200 req/min; tokens = that × (1500 + 150); concurrency = req/s × 1.3 s.
        let rpm = 2_000_000.0 / 43_200
        let req = try #require(p["requests_per_min"] as? [String: Any])
        #expect(abs((req["needed"] as? Double ?? 0) - rpm) < 1e-9 && req["limit"] as? Double == 500 && req["over"] as? Bool == false)
        let tok = try #require(p["tokens_per_min"] as? [String: Any])
        #expect(abs((tok["needed"] as? Double ?? 0) - rpm * 1650) < 1e-6 && tok["over"] as? Bool == true)
        let conc = try #require(p["concurrency"] as? [String: Any])
        #expect(abs((conc["needed"] as? Double ?? 0) - rpm / 60 * 1.3) < 1e-9 && conc["limit"] as? Double == 4)
        // The unknown model: no price, never 0, and a warning naming it.
        let mystery = try Self.model(doc, "mystery")
        #expect(mystery["note"] as? String == "no price" && mystery["projection"] is NSNull)
        #expect(r.stderr.contains("warning: model mystery has no price"))
    }

    @Test func overridesChangeTheNumbersAndOtherFormatsRender() throws {
        let db = try Self.makeDatabase()
        let prices = try makeTempDir().appendingPathComponent("mine.json")
        try Data(#"{"models": [{"provider": "openai", "model": "gpt-4o-mini", "prices_micro_usd_per_mtok": {"input": 300000, "output": 1200000}}]}"#.utf8)
            .write(to: prices)
        let r = try Binary.run(["price", "--db", db, "--volume", "50000", "--per", "day", "--prices", prices.path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let p = try #require(try Self.model(try Self.json(r), "gpt-4o-mini")["projection"] as? [String: Any])
        // Doubled prices: 630e6 pico-$ mean × 1.5e6 requests (50000 × 30) = 9.45e14 = $945.
        #expect(p["expected_usd_per_month"] as? Double == 945)

        let md = try Binary.run(["price", "--db", db, "--volume", "2000000"])
        #expect(md.status == 0)
        #expect(md.stdout.contains("| gpt-4o-mini | gpt-4o-mini | 4 | $630.00 |"))
        #expect(md.stdout.contains("| mystery | no price |"))
        let csv = try Binary.run(["price", "--db", db, "--volume", "2000000", "--format", "csv", "--dataset", "qa"])
        #expect(csv.status == 0)
        #expect(csv.stdout.contains(",qa,gpt-4o-mini,gpt-4o-mini,4,2000000,630,"))
    }

    @Test func badInput() throws {
        let db = try Self.makeDatabase(source: .estimated)
        let none = try Binary.run(["price", "--db", db, "--volume", "1000"])
        #expect(none.status == 65)
        #expect(none.stderr.contains("has no priced requests"))
        #expect(try Binary.run(["price", "--db", db]).status == 64)
        #expect(try Binary.run(["price", "--db", db, "--volume", "10", "--per", "week"]).status == 64)
        #expect(try Binary.run(["price", "--db", db, "--volume", "10", "--dataset", "nope"]).status == 65)
        #expect(try Binary.run(["price", "--db", db + ".missing", "--volume", "10"]).status == 66)
    }
}
