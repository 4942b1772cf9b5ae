import Analysis
import Datasets
import Report
import Foundation
import LLMBenchCore
import Providers
import Scheduler
import Simulator
import Store

/// One execution of `llmbench run`: validate everything, start the embedded simulator when needed,
/// send the requests, stream the records to SQLite, then print the report from the database.
struct RunSession {
    var options: RunOptions
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// The models compared when no config is given: the simulator's three OpenAI profiles.
    static let defaultModels = ["gpt-4o-mini", "gpt-4o", "gpt-3.5-turbo"]

    /// What one run ended with: its exit code and, when it ran, its id and analysis.
    struct Result {
        var code: ExitCode
        var runId: String?
        var analysis: RunAnalysis?
    }

    func execute() throws -> ExitCode { try executeRun().code }

    func executeRun() throws -> Result {
        // 1. Everything that can be wrong with the input is found before a request is sent.
        var models = try resolveModels()
        let missing = ConfigFile.missingEnvironment(models, environment: environment)
        guard missing.isEmpty else {
            throw LLMBenchError.data("environment variable\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) "
                                     + "\(missing.count > 1 ? "are" : "is") not set (the config names \(missing.count > 1 ? "them" : "it") in api_key_env/headers)")
        }
        var workload = try WorkloadBuilder(options: options, environment: environment).build()
        let shard = options.shard ?? .whole
        if !shard.isWhole, !workload.conversations.isEmpty {
            throw LLMBenchError.usage("--shard does not apply to conversation datasets yet (a conversation's turns must stay on one machine): run them unsharded")
        }
        try PromptCounting.count(&workload, models: models, dataDir: options.dataDir, environment: environment)
        let prices = try PriceSetup.load(dataDir: options.dataDir, overrides: options.pricesPath, environment: environment)
        let entries = prices.entries(for: models)
        if !options.quiet { prices.notices(for: models, today: HostInfo.today()).forEach(Console.warn) }
        if options.maxCostUSD != nil {
            let unpriced = models.filter { entries[$0.name] == nil || entries[$0.name]!.isSelfHosted }.map(\.name)
            guard unpriced.isEmpty else {
                throw LLMBenchError.usage("--max-cost needs a per-token price for every model; none for: \(unpriced.joined(separator: ", ")) (add them with --prices FILE)")
            }
        }
        if options.dryRun {
            Console.out(try DryRun.render(models: models, workload: workload, shard: shard, entries: entries,
                                          simulated: models.allSatisfy { $0.kind == .simulated }))
            return Result(code: .ok)
        }

        // 2. The embedded simulator, when any model needs it.
        var simulator: SimulatorServer?
        if models.contains(where: \.usesEmbeddedSimulator) {
            var config = SimulatorConfig.default
            config.seed = shard.seed(from: options.seed)
            config.timeScale = options.timeScale
            if let f = options.faults {
                do { config.faults = try FaultConfig.parse(f) } catch { throw LLMBenchError.usage("--faults: \(error)") }
            }
            let server = SimulatorServer(config: config)
            let port = try server.start(host: "127.0.0.1", port: 0)
            simulator = server
            for i in models.indices where models[i].usesEmbeddedSimulator {
                models[i].baseURL = "http://127.0.0.1:\(port)/v1"
            }
        } else if options.faults != nil || options.timeScale != 1 {
            throw LLMBenchError.usage("--faults and --time-scale apply to the embedded simulator only; use them on 'llmbench simulate' instead")
        }
        defer { simulator?.stop() }

        // 3. The run row, then the requests.
        let db = try Database.open(path: options.dbPath)
        let runId = UUID().uuidString.lowercased()
        let simulated = models.allSatisfy { $0.kind == .simulated }
        // The run clock's zero and the wall clock read together: `started_wall_ns` puts shards on one time line.
        let clock = SystemMonotonicClock()
        let runStart = clock.nowNs()
        let wallStart = HostInfo.wallClockNs()
        var info = RunInfo(
            id: runId, startedAt: HostInfo.isoNow(), label: options.label, llmbenchVersion: BuildInfo.version,
            gitCommit: BuildInfo.commit, host: HostInfo.hostname, os: HostInfo.os, cpuCount: HostInfo.cpuCount,
            curlVersion: CurlInfo.version, sqliteVersion: Database.sqliteVersion, simulated: simulated,
            settingsJSON: options.settings(models: models).jsonText,
            datasetHashes: workload.hashes, status: .running)
        info.templateHashes = workload.templateHashes
        info.datasetTasks = workload.tasks
        info.heartbeatAt = info.startedAt
        info.startedWallNs = wallStart
        info.runGroup = options.runGroup
        if options.shard != nil || options.runGroup != nil { info.shard = shard; info.shardCount = shard.count }
        // A run left `running` by a process that died is marked for good (its rows are kept).
        for id in (try? db.markCrashedRuns(now: Date())) ?? [] {
            if !options.quiet { Console.note("llmbench: run \(id.prefix(8)) had crashed (no heartbeat); marked failed") }
        }
        try db.insertRun(info)
        let heartbeat = Heartbeat(db: db, runId: runId)
        heartbeat.start()
        defer { heartbeat.stop() }
        try prices.record(runId: runId, models: models, db: db, quiet: options.quiet)

        var timeouts = Timeouts.default
        if let v = options.timeouts.connect { timeouts.connectNs = v }
        if let v = options.timeouts.firstByte { timeouts.firstByteNs = v }
        if let v = options.timeouts.idle { timeouts.idleNs = v }
        if let v = options.timeouts.total { timeouts.totalNs = v }
        // Connections follow the streams asked for, as far as the open-file limit (raised to its hard value) allows.
        let files = OpenFileLimit.raiseToHard()
        let budget = StreamBudget.plan(requested: RunPlan.openStreams(models: models, concurrency: options.concurrency),
                                       openFiles: files.soft, hardLimit: files.hard,
                                       descriptorsPerStream: simulator != nil ? 2 : 1)
        if let n = budget.notice, !options.quiet { Console.warn(n) }
        let client = LLMClient(clock: clock, runStartNs: runStart, environment: environment, timeouts: timeouts,
                               maxResponseTextBytes: options.maxResponseTextBytes ?? ResponseLimits.maxStoredTextBytes,
                               maxConnections: budget.connections)
        let writer = db.makeWriter()
        let detector = SimulatorDetector(next: writer)
        let interactive = !options.quiet && ProgressLine.isInteractive
        let notices = FailureNotices(next: detector, models: models, clearLine: interactive)
        for i in models.indices {
            if let r = options.rpm { models[i].limits.requestsPerMinute = r }
            if let t = options.tpm { models[i].limits.tokensPerMinute = t }
        }
        // A shard sends its part of the plan at its part of the rates, streams and limits (`RunPlan.sharded`).
        let plan = RunPlan(runId: runId, models: models, planned: workload.planned,
                           profile: options.profile, concurrency: options.concurrency, ratePerSecond: options.rate,
                           burst: options.burst, maxDurationNs: options.durationNs,
                           retry: RetryPolicy(maxRetries: options.retries), seed: options.seed,
                           failureStop: options.failureStop).sharded(shard)
        let spending = options.maxCostUSD.map { SpendingGuard(capUSD: shard.divide($0), entries: entries, models: plan.models) }
        // A conversation dataset runs turn by turn (`ConversationScheduler`); anything else request by request.
        let machine: any RunMachine = workload.conversations.isEmpty ? RunScheduler(plan: plan)
            : ConversationScheduler(plan: ConversationPlan(run: plan, conversations: workload.conversations,
                                                           replayAssistant: options.replayAssistant,
                                                           thinkTimeNs: options.thinkTimeNs ?? 0))
        let runner = Runner(plan: plan, machine: machine, sender: client, sink: notices, clock: clock, runStartNs: runStart,
                            sendGuard: spending)
        runner.onFailureStop = { notices.stopped($0) }

        let interrupts = InterruptHandler()
        interrupts.install { runner.interrupt() }
        let progress = interactive ? ProgressLine(maxDurationNs: options.durationNs, read: { runner.progress() }) : nil
        if !options.quiet {
            let where_ = simulated ? "the embedded simulator (simulated results)" : "\(models.count) model(s)"
            let part = shard.isWhole ? "" : " (shard \(shard) of run group \(options.runGroup ?? "-"))"
            Console.note("llmbench: run \(runId)\(part): \(plan.plannedRequests) requests to \(where_); database \(options.dbPath)")
        }
        progress?.start()
        let outcome = runner.run()
        progress?.stop()
        client.shutdown()

        heartbeat.stop()
        var writeError: (any Error)?
        do { try writer.close() } catch { writeError = error }
        let status: RunStatus = writeError != nil ? .failed : (outcome.stopReason == .interrupted ? .interrupted : .completed)
        let active = outcome.lastDoneNs.map { $0 - (outcome.firstSentNs ?? 0) }
        info.status = status
        let capped = outcome.stopReason == .capped
        let simulatedNow = models.allSatisfy { $0.kind == .simulated || detector.models.contains($0.name) }
        var notes: [String] = budget.notice.map { [$0] } ?? []
        if let f = outcome.workFailure {
            Console.warn("llmbench: \(f); that model's remaining requests were not planned")
            notes.append(f)
        }
        if capped { notes.append("stopped by --max-cost \(options.maxCostUSD!) USD after spending \(spending!.spentUSD) USD") }
        for e in outcome.failureStops {
            notes.append("\(e.model) stopped after \(e.failures) failed requests in a row (--stop-after-failures); "
                         + "its remaining requests are not_sent")
        }
        try db.updateRun(id: runId, status: status, finishedAt: HostInfo.isoNow(), durationNs: active, capped: capped,
                         notes: notes.isEmpty ? nil : notes.joined(separator: "; "),
                         simulated: simulatedNow != simulated ? simulatedNow : nil)
        // Stop signals stay handled until the run row says how the run ended.
        interrupts.uninstall()
        if let e = writeError { try? db.close(); throw e }

        // 4. Estimated counts recounted with a tokenizer and quality scores (both off the request path),
        //    then the report, read back from the database.
        try RunTokenCounting.count(runId: runId, db: db, models: models, promptO200k: workload.planned.promptO200kTokens(),
                                   dataDir: options.dataDir, environment: environment)
        try RunScoring.score(runId: runId, db: db, datasets: workload.datasets)
        let analysis = try ReportBuilder(db: db).analysis(runRef: runId)
        let rules = try options.failOn.map { try FailOn.parse($0, known: RunOptions.knownMetricNames) } ?? []
        let violations = FailOn.check(rules, analysis)
        let again = "llmbench report --db \(options.dbPath) --run \(String(runId.prefix(8)))"
        switch options.format {
        case .none: break
        case .summary:
            let path = RunReportFile.path(dbPath: options.dbPath, runId: runId)
            var written: String? = path
            do { try Console.emit(MarkdownReport.render(analysis), to: path) } catch {
                Console.warn("\(error); the full report is not written (render it with: \(again))")
                written = nil
            }
            Console.out(RunSummary.render(analysis, reportPath: written, again: again))
        case .junit:
            Console.out(RunJUnit.render(analysis, verdicts: violations, rules: rules))
        case .markdown, .csv, .json:
            if let report = options.format.report { Console.out(try report.render(analysis)) }
        }
        for line in FailOn.report(violations, analysis) { Console.note("llmbench: \(line)") }
        let failed = !violations.isEmpty
        if !options.quiet {
            let unsent = outcome.notSent > 0 ? ", \(outcome.notSent) planned but not sent" : ""
            let cancelled = outcome.cancelled > 0 ? ", \(outcome.cancelled) cancelled" : ""
            Console.note("llmbench: \(outcome.attempts) attempts, \(outcome.errors) errors\(cancelled)\(unsent), stopped: \(outcome.stopReason.rawValue)"
                         + (options.format == .summary ? "" : ". Render again: \(again)"))
        }
        try db.close()
        let code: ExitCode = status == .interrupted ? ExitCode.stopped(bySignal: interrupts.receivedSignal ?? SIGINT)
            : (failed ? .regression : .ok)
        return Result(code: code, runId: runId, analysis: analysis)
    }

    /// The models of the config (or the simulated defaults), filtered by `--models`.
    func resolveModels() throws -> [ModelSpec] {
        var models: [ModelSpec]
        if let path = options.configPath {
            models = try ConfigFile.load(path: path).models
        } else {
            let known = Set(LatencyProfile.builtIn.map(\.name))
            let names = options.modelFilter ?? Self.defaultModels
            for n in names where !known.contains(n) {
                throw LLMBenchError.usage("--models: '\(n)' is not a simulated model (valid: \(known.sorted().joined(separator: ", ")); give --config for real ones)")
            }
            // A simulated model that thinks unasked is asked at its own default effort, so its answer gets
            // room to think; one imitating OpenAI's reasoning models gets `max_completion_tokens` (it rejects `max_tokens`).
            let profiles = Dictionary(LatencyProfile.builtIn.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            return names.map { name in
                let r = profiles[name]?.reasoning
                return ModelSpec(name: name, kind: .simulated, baseURL: ModelSpec.embeddedSimulator, modelId: name,
                                 useMaxCompletionTokens: r?.strictParameters == true,
                                 reasoning: ReasoningSettings(effort: r?.defaultEffort))
            }
        }
        if let filter = options.modelFilter {
            let names = Set(models.map(\.name))
            for n in filter where !names.contains(n) {
                throw LLMBenchError.usage("--models: '\(n)' is not in \(options.configPath!) (valid: \(models.map(\.name).joined(separator: ", ")))")
            }
            models = models.filter { filter.contains($0.name) }
        }
        if let effort = options.reasoningEffort { models = models.map { $0.withReasoningEffort(effort) } }
        return models
    }
}
