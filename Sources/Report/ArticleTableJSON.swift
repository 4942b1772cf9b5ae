import Analysis

/// The article table as JSON: stable keys, `null` for no value, USD as dollars.
///
/// Shape: `{"format_version": 1, "view": "article", "run_id", "label" (string|null), "date",
/// "simulated", "models": […], "include_retired", "catalog_status": {model: "current"|phrase},
/// "quality_margin_points", "rows": [{key, label, unit, values: {model: number|null}}] (the first two
/// `requests` and `succeeded`), "relative_cost": {model: label|null},
/// "relative_speed_answer_starts", "relative_speed_writes": {model: label|null}, "writes_metric",
/// "datasets": [{dataset, task, quality_metric, quality_margin, best_for: {model, quality,
/// cost_usd_per_request_mean, best_model, best_quality, within_margin} | null,
/// quality_per_usd_per_1k_requests: {model: …}, cost_usd_per_exact_match: {model: …} (qa only),
/// scored_requests: {model: …}, pareto: {frontier: […], dominated: {model: [by…]},
/// within_noise: {model: [of…]}, not_compared: […]}}]}`.
public enum ArticleTableJSON {
    public static let formatVersion = 1

    public static func render(_ c: ArticleComparison) -> String { document(c).serialized() }

    public static func document(_ c: ArticleComparison) -> JSONValue {
        func byModel(_ values: [Double?]) -> JSONValue {
            .object(Dictionary(uniqueKeysWithValues: zip(c.models, values.map(JSONValue.optional))))
        }
        func labels(_ values: [String?]) -> JSONValue {
            .object(Dictionary(uniqueKeysWithValues: zip(c.models, values.map(JSONValue.optional))))
        }
        func row(_ r: ArticleComparison.Row) -> JSONValue {
            .object(["key": .string(r.key), "label": .string(r.label), "unit": .string(r.unit.rawValue), "values": byModel(r.values)])
        }
        var rows = [c.requests, c.succeeded, c.blended, c.costPerRequest] + c.speed + [c.writes] + c.thinking + [c.throughput]
        for s in c.sections { rows += s.quality.map { var q = $0; q.key = "\(q.key).\(s.dataset)"; return q } }
        rows.append(c.contextWindow)
        let datasets: [JSONValue] = c.sections.map { s in
            var o: [String: JSONValue] = [
                "dataset": .string(s.dataset), "task": .string(s.task.rawValue),
                "quality_metric": .string(s.task.primary.metric),
                "quality_margin": .number(s.task.margin(points: c.marginPoints)),
                "quality_per_usd_per_1k_requests": byModel(s.qualityPerDollar.values),
                "scored_requests": byModel(s.scored),
                "pareto": .object([
                    "frontier": .array(s.pareto.frontier.map(JSONValue.string)),
                    "dominated": .object(Dictionary(uniqueKeysWithValues: s.pareto.dominated.map {
                        ($0.model, JSONValue.array($0.by.map(JSONValue.string)))
                    })),
                    "within_noise": .object(Dictionary(uniqueKeysWithValues: s.pareto.withinNoise.map {
                        ($0.model, JSONValue.array($0.of.map(JSONValue.string)))
                    })),
                    "not_compared": .array(s.pareto.notCompared.map(JSONValue.string)),
                ]),
                "best_for": s.bestFor.map { b in
                    .object(["model": .string(b.model), "quality": .number(b.quality),
                             "cost_usd_per_request_mean": .optional(b.cost), "best_model": .string(b.bestModel),
                             "best_quality": .number(b.bestQuality),
                             "within_margin": .array(b.withinMargin.map(JSONValue.string))])
                } ?? .null,
            ]
            if let m = s.costPerExactMatch { o["cost_usd_per_exact_match"] = byModel(m.values) }
            return .object(o)
        }
        return .object([
            "format_version": .number(Double(formatVersion)),
            "view": .string("article"),
            "run_id": .string(c.runId),
            "label": .optional(c.label),
            "date": .string(c.date),
            "include_retired": .bool(c.includeRetired),
            "catalog_status": labels(c.status.map { $0 ?? "current" }),
            "writes_metric": .string(c.writes.key),
            "simulated": .bool(c.simulated),
            "models": .array(c.models.map(JSONValue.string)),
            "quality_margin_points": .number(c.marginPoints),
            "rows": .array(rows.map(row)),
            "relative_cost": labels(c.costLabels.map { $0?.rawValue }),
            "relative_speed_answer_starts": labels(c.startsLabels.map { $0?.rawValue }),
            "relative_speed_writes": labels(c.writesLabels.map { $0?.rawValue }),
            "datasets": .array(datasets),
        ])
    }
}
