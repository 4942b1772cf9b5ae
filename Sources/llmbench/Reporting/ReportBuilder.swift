import Analysis
import LLMBenchCore
import Pricing
import Report
import Store

/// Renders one stored run in a format, from the database alone.
struct ReportBuilder {
    var db: Database
    var reprice: PriceCatalog? = nil
    var priceEstimates = false
    var batch = false

    func analysis(runRef: String) throws -> RunAnalysis {
        try RunAnalysisLoader(db: db, reprice: reprice, priceEstimates: priceEstimates, batch: batch).load(runRef)
    }

    func render(runRef: String, format: ReportFormat) throws -> String {
        let a = try analysis(runRef: runRef)
        return try format.render(a)
    }
}
