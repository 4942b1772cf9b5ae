import Analysis
import Foundation
import LLMBenchCore

/// The run report as JSON: stable (sorted) keys, units in metric names, `null` for no value.
///
/// Shape: `{"format_version": 1, "run": {…}, "simulated": bool, "metric_definitions": [{name, label,
/// unit, direction, scope}], "groups": [{model, dataset, metrics: {name: value}}], "model_totals": [{model,
/// metrics}]}`, and for a run with conversations `"by_turn": [{model, dataset, turn, metrics}]`. Numbers are unrounded; `run.settings` is the run's `RunSettings`, embedded. Every
/// group and model total also carries `failures`: `[{kind, count, http_status, hint, messages: [{text,
/// count}]}]`, the top error messages per kind (empty when nothing failed).
public enum JSONReport {
    public static let formatVersion = 1

    public static func render(_ a: RunAnalysis) -> String { document(a).serialized() }

    public static func document(_ a: RunAnalysis) -> JSONValue {
        var o = fields(a)
        if !a.byTurn.isEmpty {
            o["by_turn"] = .array(a.byTurn.map { g in
                .object(["model": .string(g.key.model), "dataset": .optional(g.key.dataset),
                         "turn": .number(Double(g.key.turn ?? 0)), "metrics": metrics(g, a)])
            })
        }
        return .object(o)
    }

    static func fields(_ a: RunAnalysis) -> [String: JSONValue] {
        [
            "format_version": .number(Double(formatVersion)),
            "run": run(a.run),
            "simulated": .bool(a.run.simulated),
            "notes": .array(a.notes.map(JSONValue.string)),
            "metric_definitions": .array(a.definitions.map { d in
                .object(["name": .string(d.name), "label": .string(d.label), "unit": .string(d.unit.rawValue),
                         "direction": .string(d.direction.rawValue), "scope": .string(d.scope.rawValue)])
            }),
            "groups": .array(a.groups.map { g in
                .object(["model": .string(g.key.model), "dataset": .optional(g.key.dataset), "metrics": metrics(g, a),
                         "failures": failures(g)])
            }),
            "model_totals": .array(a.modelTotals.map { g in
                .object(["model": .string(g.key.model), "metrics": metrics(g, a), "failures": failures(g)])
            }),
        ]
    }

    static func metrics(_ g: GroupAnalysis, _ a: RunAnalysis) -> JSONValue {
        var o: [String: JSONValue] = [:]
        for d in a.definitions { o[d.name] = .optional(g.value(d.name)) }
        return .object(o)
    }

    static func failures(_ g: GroupAnalysis) -> JSONValue {
        .array(g.failures.map { f in
            .object(["kind": .string(f.kind.rawValue), "count": .number(Double(f.count)),
                     "http_status": .optional(f.httpStatus.map(Double.init)), "hint": .optional(f.hint),
                     "messages": .array(f.top.map { .object(["text": .string($0.text), "count": .number(Double($0.count))]) })])
        })
    }

    static func run(_ r: RunInfo) -> JSONValue {
        // The typed settings (either stored version, normalised by `RunSettings`); the stored text as
        // is when it is not a settings object.
        let text = RunSettings.decode(r.settingsJSON)?.jsonText ?? r.settingsJSON
        var settings: JSONValue = .string(r.settingsJSON)
        if let data = text.data(using: .utf8),
           let any = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
           let parsed = JSONValue.from(foundation: any) {
            settings = parsed
        }
        return .object([
            "id": .string(r.id),
            "started_at": .string(r.startedAt),
            "finished_at": .optional(r.finishedAt),
            "label": .optional(r.label),
            "llmbench_version": .string(r.llmbenchVersion),
            "git_commit": .optional(r.gitCommit),
            "host": .string(r.host),
            "os": .string(r.os),
            "cpu_count": .number(Double(r.cpuCount)),
            "curl_version": .string(r.curlVersion),
            "sqlite_version": .string(r.sqliteVersion),
            "simulated": .bool(r.simulated),
            "status": .string(r.status.rawValue),
            "duration_ns": .optional(r.durationNs.map(Double.init)),
            "dataset_hashes": .object(r.datasetHashes.mapValues(JSONValue.string)),
            "dataset_tasks": .object(r.datasetTasks.mapValues(JSONValue.string)),
            "dataset_template_hashes": .object(r.templateHashes.mapValues(JSONValue.string)),
            "datasets_not_scored": .array(r.datasetTasks.filter { $0.value == TaskKind.prompt.rawValue }.keys.sorted().map(JSONValue.string)),
            "settings": settings,
        ])
    }
}
