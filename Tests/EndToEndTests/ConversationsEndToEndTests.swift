import Foundation
import Testing
import LLMBenchCore
import Store

/// Conversation datasets through the built binary and the embedded simulator (issue 15): an
/// OpenAI-shape `messages` file and a ShareGPT `conversations` file run turn by turn; every turn is a
/// row linked to its conversation and turn; the prompt grows by each answer; the simulated
/// gpt-4o-mini's prompt cache (1,024-token minimum, 128-token blocks) reports rising cached counts;
/// a turn that fails leaves the rest of its conversation `not_sent`.
@Suite(.serialized) struct ConversationsEndToEndTests {
    /// About 1,500 tokens of background, distinct per conversation so nothing is cached across them.
    static func background(_ c: Int) -> String {
        "Conversation \(c). Background: " + String(repeating: "The quarterly report covers revenue, costs and staffing across four regions. ", count: 75)
    }

    static func json(_ o: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]), as: UTF8.self)
    }

    static func openAIFile(conversations: Int, turns: Int) throws -> String {
        try (0..<conversations).map { c in
            var messages: [[String: Any]] = [["role": "system", "content": "You are a helpful analyst."]]
            for t in 1...turns {
                messages.append(["role": "user", "content": (t == 1 ? background(c) : "") + "Question \(t) about the report?"])
                messages.append(["role": "assistant", "content": "Recorded answer \(t)."])
            }
            return try json(["id": "conv-\(c)", "messages": messages])
        }.joined(separator: "\n") + "\n"
    }

    static func shareGPTFile(conversations: Int, turns: Int) throws -> String {
        try (0..<conversations).map { c in
            var messages: [[String: Any]] = [["from": "system", "value": "Be brief."]]
            for t in 1...turns {
                messages.append(["from": "human", "value": (t == 1 ? background(c) : "") + "Follow-up \(t)?"])
                if t < turns { messages.append(["from": "gpt", "value": "Recorded reply \(t)."]) }
            }
            return try json(["id": c + 100, "conversations": messages])
        }.joined(separator: "\n") + "\n"
    }

    /// Turn rows of one conversation, in turn order.
    static func conversationsOf(_ rows: [RequestRecord]) -> [Int: [RequestRecord]] {
        Dictionary(grouping: rows.filter { $0.conversationTurn != nil }, by: { $0.conversationTurn!.conversation })
            .mapValues { $0.sorted { ($0.conversationTurn!.turn, $0.attempt) < ($1.conversationTurn!.turn, $1.attempt) } }
    }

    @Test(arguments: ["openai", "sharegpt"])
    func turnsAreLinkedTheHistoryGrowsAndTheCacheFills(shape: String) throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("chat.jsonl")
        try (shape == "openai" ? Self.openAIFile(conversations: 2, turns: 4) : Self.shareGPTFile(conversations: 2, turns: 4))
            .write(to: file, atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("c.sqlite").path
        let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", file.path, "--requests", "2",
                                "--concurrency", "2", "--time-scale", "0.02", "--quiet", "--format", "json"], timeout: 120)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let (_, rows) = try storedRequests(db)
        #expect(rows.count == 8 && rows.allSatisfy { $0.status == .ok })
        let byConversation = Self.conversationsOf(rows)
        #expect(byConversation.keys.sorted() == [0, 1])
        for (c, turns) in byConversation {
            #expect(turns.map { $0.conversationTurn!.turn } == [1, 2, 3, 4], "conversation \(c)")
            #expect(Set(turns.map(\.itemId)).count == 1)
            let input = turns.map { $0.usage?.inputTokens ?? 0 }
            let output = turns.map { $0.usage?.outputTokens ?? 0 }
            let cached = turns.map { $0.usage?.cachedInputTokens ?? 0 }
            for k in 1..<4 {
                // Turn k+1 carries turn k's prompt, its answer and a new question.
                #expect(input[k] > input[k - 1] + output[k - 1] / 2, "conversation \(c) turn \(k + 1): \(input)")
                #expect(cached[k] >= cached[k - 1], "conversation \(c): \(cached)")
                // Turn k+1 starts when turn k ended (no think time): its intended start is that end.
                #expect(turns[k].intendedStartNs! >= turns[k - 1].doneNs!)
            }
            #expect(cached[0] == 0 && cached[1] > 0 && cached[3] > cached[1], "conversation \(c): \(cached)")
        }

        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let byTurn = try #require(report["by_turn"] as? [[String: Any]])
        #expect(byTurn.compactMap { ($0["turn"] as? NSNumber)?.intValue } == [1, 2, 3, 4])
        let cachedMeans = byTurn.compactMap { (($0["metrics"] as? [String: Any])?["cached_input_tokens_mean"] as? NSNumber)?.doubleValue }
        #expect(cachedMeans.count == 4 && cachedMeans[3] > cachedMeans[0])
        let totals = try #require((report["model_totals"] as? [[String: Any]])?.first?["metrics"] as? [String: Any])
        #expect((totals["conversations"] as? NSNumber)?.intValue == 2)
        #expect((totals["conversations_completed"] as? NSNumber)?.intValue == 2)
        #expect(((totals["conversation_ms_mean"] as? NSNumber)?.doubleValue ?? 0) > 0)
        #expect(((totals["conversation_cost_usd_mean"] as? NSNumber)?.doubleValue ?? 0) > 0)
    }

    /// Injected 500s, no retries: in every conversation the first failed turn is the last one sent;
    /// every later turn is a `not_sent` row of that conversation; every planned turn is a row.
    @Test func aFailedTurnLeavesTheRestOfItsConversationNotSent() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("chat.jsonl")
        try Self.openAIFile(conversations: 6, turns: 4).write(to: file, atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("c.sqlite").path
        let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", file.path, "--requests", "6",
                                "--concurrency", "1", "--seed", "3", "--faults", "http_500=0.3", "--time-scale", "0.02",
                                "--quiet", "--format", "none"], timeout: 120)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let (_, rows) = try storedRequests(db)
        #expect(rows.count == 24 && Set(rows.map(\.requestIndex)).count == 24)
        var failed = 0
        for (c, turns) in Self.conversationsOf(rows) {
            #expect(turns.map { $0.conversationTurn!.turn } == [1, 2, 3, 4], "conversation \(c)")
            guard let f = turns.firstIndex(where: { $0.status == .error }) else {
                #expect(turns.allSatisfy { $0.status == .ok }); continue
            }
            failed += 1
            #expect(turns[..<f].allSatisfy { $0.status == .ok })
            #expect(turns[(f + 1)...].allSatisfy { $0.status == .notSent && $0.sentNs == nil }, "conversation \(c)")
            #expect(turns[(f + 1)...].allSatisfy { $0.errorMessage == "not sent: turn \(f + 1) of this conversation failed" })
        }
        #expect(failed > 0, "no turn failed: the test proves nothing")
    }

    /// `--replay-assistant`: every model gets the same prompts (the recorded answers as history), so a
    /// later turn's prompt tokens match across models; `--think-time`: turn k+1 is intended exactly
    /// at turn k's end plus the think time; open loop: conversation starts follow the schedule.
    @Test func replayThinkTimeAndOpenLoopStarts() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("chat.jsonl")
        try Self.openAIFile(conversations: 3, turns: 3).write(to: file, atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("c.sqlite").path
        let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini,gpt-4o", "--datasets", file.path, "--requests", "3",
                                "--profile", "constant", "--rate", "5", "--replay-assistant", "--think-time", "300ms",
                                "--time-scale", "0.02", "--quiet", "--format", "none"], timeout: 120)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let (run, rows) = try storedRequests(db)
        #expect(rows.count == 18 && rows.allSatisfy { $0.status == .ok })
        let settings = RunSettings.decodeOrEmpty(run.settingsJSON)
        #expect(settings.replayAssistant == true && settings.thinkTimeNs == 300_000_000)
        for model in ["gpt-4o-mini", "gpt-4o"] {
            let mine = Self.conversationsOf(rows.filter { $0.model == model })
            for (c, turns) in mine {
                #expect(turns[0].intendedStartNs == Int64(c) * 200_000_000, "\(model) conversation \(c) starts on the schedule")
                for k in 1..<turns.count {
                    #expect(turns[k].intendedStartNs == turns[k - 1].doneNs! + 300_000_000, "\(model) conversation \(c) turn \(k + 1)")
                }
            }
        }
        let a = Self.conversationsOf(rows.filter { $0.model == "gpt-4o-mini" }), b = Self.conversationsOf(rows.filter { $0.model == "gpt-4o" })
        for c in 0..<3 {
            #expect(a[c]!.map { $0.usage?.inputTokens } == b[c]!.map { $0.usage?.inputTokens }, "conversation \(c)")
        }
    }

    /// Every wire format sends the history in its own shape to `llmbench simulate` (OpenAI chat,
    /// Responses input items, Anthropic alternating messages with the breakpoint on the newest one,
    /// Gemini role `model`): each later turn's prompt is longer and reads more from the cache.
    @Test func everyWireFormatCarriesTheHistoryAndReadsTheCache() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sim = try SimulatorProcess(["--time-scale", "0.02"])
        defer { sim.stop() }
        let base = "http://127.0.0.1:\(sim.port)"
        let models: [[String: Any]] = [
            ["name": "chat", "kind": "openai", "base_url": base + "/v1", "model": "gpt-4o-mini"],
            ["name": "responses", "kind": "openai-responses", "base_url": base + "/v1", "model": "gpt-4o"],
            ["name": "anthropic", "kind": "anthropic", "base_url": base + "/v1", "model": "claude-sonnet-4-5",
             "prompt_caching": true, "cache_placement": "prefix"],
            ["name": "gemini", "kind": "gemini", "base_url": base + "/v1beta", "model": "gemini-2.5-flash", "reasoning_effort": "low"],
        ]
        let config = dir.appendingPathComponent("config.json")
        try JSONSerialization.data(withJSONObject: ["models": models]).write(to: config)
        let file = dir.appendingPathComponent("chat.jsonl")
        try Self.openAIFile(conversations: 1, turns: 3).write(to: file, atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("c.sqlite").path
        let r = try Binary.run(["run", "--config", config.path, "--db", db, "--datasets", file.path, "--requests", "1",
                                "--quiet", "--format", "none"], timeout: 120)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let (_, rows) = try storedRequests(db)
        #expect(rows.count == 12)
        for name in ["chat", "responses", "anthropic", "gemini"] {
            let turns = try #require(Self.conversationsOf(rows.filter { $0.model == name })[0], "\(name)")
            #expect(turns.allSatisfy { $0.status == .ok }, "\(name): \(turns.map { $0.errorMessage ?? "" })")
            let input = turns.map { $0.usage?.inputTokens ?? 0 }, cached = turns.map { $0.usage?.cachedInputTokens ?? 0 }
            #expect(input[0] < input[1] && input[1] < input[2], "\(name): input \(input)")
            #expect(cached[0] == 0 && cached[1] > 0 && cached[2] > cached[1], "\(name): cached \(cached)")
        }
    }

    @Test func aBadLineIsNamedWithItsFileAndLine() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.jsonl")
        try "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}\n{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"user\", \"content\": \"b\"}]}\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let r = try Binary.run(["run", "--db", dir.appendingPathComponent("c.sqlite").path, "--datasets", file.path, "--quiet"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("bad.jsonl:2: messages[1]: two user messages in a row"), "stderr: \(r.stderr)")
    }
}
