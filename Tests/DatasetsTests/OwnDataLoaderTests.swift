import Foundation
import Testing
import LLMBenchCore
@testable import Datasets

/// A team's own files: CSV and JSONL, mapped fields, manifests, templates, numeric ids, prompt-only items.
@Suite("Dataset loader: own data")
struct OwnDataLoaderTests {
    /// A temporary directory holding `files` (name → text); removed by `body`'s caller.
    func withFiles<T>(_ files: [String: String], _ body: (String) throws -> T) throws -> T {
        let dir = try TestSupport.makeTempDirectory()
        defer { TestSupport.remove(dir) }
        for (name, text) in files { try TestSupport.write(text, to: dir, name: name) }
        return try body(dir)
    }

    func error(_ body: () throws -> Any) -> LLMBenchError? {
        do { _ = try body() } catch let e as LLMBenchError { return e } catch { Issue.record("\(error)") }
        return nil
    }

    @Test func csvWithAManifestAndATemplate() throws {
        let csv = "ticket,body,reply\r\n7,\"My order, #12, is late\",Sorry!\r\n8,\"It said \"\"broken\"\"\nthen stopped\",Fixed.\r\n"
        let manifest = #"""
        {"data": "tickets.csv", "name": "support", "task": "summarization",
         "fields": {"id": "ticket", "document": "body", "summary": "reply"},
         "template": {"system": "You answer support tickets.", "user": "Ticket {id}:\n{body}\n\nReply briefly. {{not a field}}"},
         "max_output_tokens": 64}
        """#
        let d = try withFiles(["tickets.csv": csv, "support.json": manifest]) { dir in
            try DatasetLoader.load(path: dir + "/support.json")
        }
        #expect(d.name == "support" && d.task == .summarization && d.items.map(\.id) == ["7", "8"])
        #expect(d.items[1].text == "It said \"broken\"\nthen stopped" && d.items[1].references == ["Fixed."])
        let work = try Workload.build(datasets: [d])
        #expect(work[0].system == "You answer support tickets.")
        #expect(work[0].user == "Ticket 7:\nMy order, #12, is late\n\nReply briefly. {not a field}")
        #expect(work[0].maxOutputTokens == 64)
        #expect(d.template?.sha256.count == 64)
        #expect(Dataset.templateHashes(of: [d]) == ["support": d.template!.sha256])
    }

    @Test func manifestBesideTheDataFileIsRead() throws {
        let d = try withFiles([
            "cnn.jsonl": #"{"id":"a","article":"Text one.","highlights":"One."}"# + "\n",
            "cnn.manifest.json": #"{"fields": {"document": "article", "summary": "highlights"}}"#,
        ]) { dir in try DatasetLoader.load(path: dir + "/cnn.jsonl") }
        #expect(d.name == "cnn" && d.task == .summarization && d.items[0].references == ["One."])
    }

    @Test func jsonlWithMappedFieldsAndNumericIds() throws {
        let lines = (1...3).map { #"{"id": \#($0), "article": "Article \#($0).", "highlights": "H\#($0)."}"# }
        let declaration = DatasetDeclaration(fields: try DatasetDeclaration.parseFields("document=article,summary=highlights"))
        let d = try withFiles(["cnn.jsonl": lines.joined(separator: "\n")]) { dir in
            try DatasetLoader.load(path: dir + "/cnn.jsonl", declaration: declaration)
        }
        #expect(d.items.map(\.id) == ["1", "2", "3"] && d.task == .summarization)
        // The built-in prompt is used when no template is given.
        #expect(try d.render(d.items[0]).user.hasPrefix("Summarize the following document."))
    }

    @Test func numericIdsAreStillUniqueAndBooleansAreNot() throws {
        let dup = [#"{"id": 1, "prompt": "a"}"#, #"{"id": 1.0, "prompt": "b"}"#, #"{"id": true, "prompt": "c"}"#, #"{"id": 2.5, "prompt": "d"}"#]
        let e = try withFiles(["p.jsonl": dup.joined(separator: "\n")]) { dir in
            error { try DatasetLoader.load(path: dir + "/p.jsonl") }
        }
        let lines = e?.message.split(separator: "\n").map(String.init) ?? []
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix(":2: field \"id\" duplicates line 1 (\"1\")"))
        #expect(lines[1].hasSuffix(":3: field \"id\" must be a string or a number (found a boolean)"))
    }

    @Test func promptOnlyCSVWithoutIdsIsNumberedByLine() throws {
        let d = try withFiles(["prompts.csv": "prompt\nWrite a haiku\n\"Explain TCP,\nbriefly\"\n"]) { dir in
            try DatasetLoader.load(path: dir + "/prompts.csv")
        }
        #expect(d.task == .prompt && !d.isScored && d.items.map(\.id) == ["2", "3"])
        #expect(d.items.allSatisfy { $0.references.isEmpty })
        let w = try d.render(d.items[1])
        #expect(w.system.isEmpty && w.user == "Explain TCP,\nbriefly" && w.maxOutputTokens == PromptTemplate.promptMaxOutputTokens)
    }

    @Test func aTemplateOverOtherColumnsMakesAPromptDataset() throws {
        let template = "Customer wrote about {product}:\n{message}"
        let d = try withFiles(["t.csv": "id,product,message\nx,router,It blinks\n", "t.txt": template + "\n"]) { dir in
            try DatasetLoader.load(path: dir + "/t.csv",
                                   declaration: DatasetDeclaration(template: try CustomTemplate.load(path: dir + "/t.txt")))
        }
        #expect(d.task == .prompt)
        #expect(try d.render(d.items[0]).user == "Customer wrote about router:\nIt blinks")
    }

    @Test func templatePlaceholderMissingFromTheFileIsNamedOnceThenCounted() throws {
        let csv = "id,prompt\n" + (1...5).map { "\($0),p\($0)" }.joined(separator: "\n")
        let e = try withFiles(["p.csv": csv, "t.txt": "{prompt} for {customer}"]) { dir in
            error {
                try DatasetLoader.load(path: dir + "/p.csv",
                                       declaration: DatasetDeclaration(template: try CustomTemplate.load(path: dir + "/t.txt")))
            }
        }
        let lines = e?.message.split(separator: "\n").map(String.init) ?? []
        #expect(e?.exitCode == .dataError && lines.count == 2)
        #expect(lines[0].contains("p.csv:2: field \"customer\" is missing:") && lines[0].contains("uses {customer}"))
        #expect(lines[1].hasSuffix("… and 4 more lines share this problem (lines 3–6)"))
    }

    @Test func unmappedColumnsGiveOneErrorThatSaysHowToMapThem() throws {
        let lines = (1...10).map { #"{"id":"a\#($0)","text":"Long article \#($0).","reference":"R."}"# }
        let e = try withFiles(["mine.jsonl": lines.joined(separator: "\n")]) { dir in
            error { try DatasetLoader.load(path: dir + "/mine.jsonl") }
        }
        let shown = e?.message.split(separator: "\n").map(String.init) ?? []
        #expect(shown.count == 2)
        #expect(shown[0].contains("mine.jsonl:1: field \"task\" is missing and the fields (id, reference, text) match no task") && shown[0].contains("--fields"))
        #expect(shown[1].hasSuffix("… and 9 more lines share this problem (lines 2–10)"))
    }

    @Test func aMissingMappedColumnIsNamedByItsOwnName() throws {
        let declaration = DatasetDeclaration(task: .summarization, fields: ["document": "article", "summary": "highlights"])
        let e = try withFiles(["m.csv": "id,article\n1,a\n2,b\n"]) { dir in
            error { try DatasetLoader.load(path: dir + "/m.csv", declaration: declaration) }
        }
        #expect(e?.message.split(separator: "\n").map(String.init).first?
            .hasSuffix("m.csv:2: field \"highlights\" (mapped to \"summary\") is missing (expected a string)") == true)
    }

    @Test func referencesFromSeveralColumnsSkipEmptyCells() throws {
        let csv = "id,context,question,a1,a2\nq1,Paris is in France.,Where is Paris?,France,in France\nq2,Sky is blue.,Colour?,blue,\n"
        let d = try withFiles(["qa.csv": csv]) { dir in
            try DatasetLoader.load(path: dir + "/qa.csv", declaration: DatasetDeclaration(task: .qa, references: ["a1", "a2"]))
        }
        #expect(d.items.map(\.references) == [["France", "in France"], ["blue"]])
    }

    @Test func csvCellStandsForAOneElementArray() throws {
        let csv = "id,source_lang,target_lang,source,references\nt1,en,de,Hello,Hallo\n"
        let d = try withFiles(["tr.csv": csv]) { dir in try DatasetLoader.load(path: dir + "/tr.csv") }
        #expect(d.task == .translation && d.items[0].references == ["Hallo"])
    }

    @Test func csvStructureErrorsNameFileLineAndField() throws {
        let e = try withFiles(["b.csv": "id,prompt\n1,ok\n2,\"open\n"]) { dir in
            error { try DatasetLoader.load(path: dir + "/b.csv") }
        }
        #expect(e?.exitCode == .dataError)
        #expect(e?.message.hasSuffix("b.csv:3: field \"prompt\" has a quoted field that is never closed (a \" is missing)") == true)
        let counts = try withFiles(["c.csv": "id,prompt\n1,a,b\n2,c,d\n"]) { dir in
            error { try DatasetLoader.load(path: dir + "/c.csv") }
        }
        let lines = counts?.message.split(separator: "\n").map(String.init) ?? []
        #expect(lines.count == 2 && lines[0].contains("c.csv:2: has 3 fields but the header row has 2"))
    }

    @Test func manifestErrorsNameTheKey() throws {
        func manifestError(_ json: String) throws -> String? {
            try withFiles(["d.csv": "prompt\nx\n", "d.json": json]) { dir in
                error { try DatasetLoader.load(path: dir + "/d.json") }?.message
            }
        }
        #expect(try manifestError(#"{"data": "d.csv", "feilds": {}}"#)?.contains("unknown key \"feilds\"") == true)
        #expect(try manifestError(#"{"data": "d.csv", "task": "poetry"}"#)?.contains("\"task\" is \"poetry\"") == true)
        #expect(try manifestError(#"{"data": "d.csv", "fields": {"body": "x"}}"#)?.contains("maps \"body\", which is not a field") == true)
        #expect(try manifestError(#"{"data": "d.csv", "max_output_tokens": 0}"#)?.contains("\"max_output_tokens\" must be") == true)
        #expect(try manifestError(#"{"task": "prompt"}"#)?.contains("needs \"data\"") == true)
        #expect(try manifestError(#"{"data": "d.csv", "task": "prompt", "references": "x"}"#)?.contains("never scored") == true)
        #expect(try manifestError(#"{"data": "d.csv", "template": {"user": "u", "sys": "s"}}"#)?.contains("unknown key \"sys\"") == true)
        #expect(try manifestError("[1]")?.contains("must be one JSON object") == true)
    }

    @Test func commandLineFieldsOverrideTheManifest() throws {
        let manifest = #"{"data": "d.csv", "fields": {"document": "wrong", "summary": "s"}}"#
        let d = try withFiles(["d.csv": "id,doc,s\n1,text,sum\n", "d.json": manifest]) { dir in
            try DatasetLoader.load(path: dir + "/d.json", declaration: DatasetDeclaration(fields: ["document": "doc"]))
        }
        #expect(d.items[0].text == "text" && d.items[0].references == ["sum"])
    }

    @Test func fieldsOptionParsing() throws {
        #expect(try DatasetDeclaration.parseFields("document=article, summary = highlights") == ["document": "article", "summary": "highlights"])
        for bad in ["document", "=x", "document=", "body=x", "id=a,id=b", ","] {
            #expect(throws: LLMBenchError.self) { try DatasetDeclaration.parseFields(bad) }
        }
    }

    @Test func templatePlaceholders() throws {
        let t = try CustomTemplate(system: "Be {tone}.", user: "{{literal}} {question} {not valid!} { id }", origin: "t")
        #expect(t.placeholders == ["tone", "question", "id"])
        #expect(t.render(t.userParts, fields: ["question": "Why?", "id": "7"]) == "{literal} Why? {not valid!} 7")
        let other = try CustomTemplate(system: "", user: "Be {tone}.{question}", origin: "t")
        #expect(t.sha256 != other.sha256)
        #expect(throws: LLMBenchError.self) { try CustomTemplate(system: "s", user: "  ", origin: "t") }
    }
}
