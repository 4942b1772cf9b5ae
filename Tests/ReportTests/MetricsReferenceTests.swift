import Foundation
import Testing
import Analysis
@testable import Report

/// The README's metric table is `llmbench metrics` output: regenerate it when a metric changes.
@Suite struct MetricsReferenceTests {
    static var readme: String {
        get throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            return try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        }
    }

    @Test func readmeBlockIsTheGeneratedReference() throws {
        let block = try #require(MetricsReference.block(in: try Self.readme), "README.md lacks the metrics markers")
        #expect(block == MetricsReference.readmeBlock(),
                "README.md's metric table is stale: replace the block between the markers with `llmbench metrics` output")
    }

    @Test func everyMetricIsListedWithItsFormula() throws {
        let md = MetricsReference.markdown()
        for m in MetricRegistry.all { #expect(md.contains("| `\(m.name)` |"), "\(m.name)") }
        #expect(md.contains("| `thinking_ms` | ms (stored in ns) | lower |"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(MetricsReference.json().utf8)) as? [String: Any])
        let list = try #require(json["metrics"] as? [[String: Any]])
        #expect(list.count == MetricRegistry.all.count)
        let names = list.flatMap { $0["names"] as? [String] ?? [] }
        #expect(names == MetricRegistry.names)
        #expect(list.first { $0["name"] as? String == "requests_per_s" }?["scope"] as? String == "model")
    }
}
