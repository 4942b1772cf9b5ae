import Foundation
import Testing
import LLMBenchCore
@testable import Datasets

@Suite("Dataset loader: task inference and items")
struct TaskInferenceTests {
    func load(_ text: String, name: String = "custom.jsonl") throws -> Dataset {
        try DatasetLoader.parse(bytes: Array(text.utf8), path: name, name: "custom")
    }

    @Test func inferredFromFieldsWhenNoTaskField() throws {
        let qa = try load(#"{"id":"a","context":"Cats sleep a lot.","question":"What do cats do?","answers":["sleep a lot"]}"#)
        #expect(qa.task == .qa)
        #expect(qa.items == [DatasetItem(id: "a", task: .qa, text: "Cats sleep a lot.", question: "What do cats do?",
                                         references: ["sleep a lot"])])
        let summary = try load(#"{"id":"a","document":"D.","summary":"S."}"#)
        #expect(summary.task == .summarization)
        #expect(summary.items[0].references == ["S."])
        let translation = try load(#"{"id":"a","source_lang":"pt-BR","target_lang":"en","source":"Olá","references":["Hello","Hi"]}"#)
        #expect(translation.task == .translation)
        #expect(translation.items[0].sourceLanguage == "pt-BR")
        #expect(translation.items[0].targetLanguage == "en")
        #expect(translation.items[0].references == ["Hello", "Hi"])
    }

    @Test func noMatchingSchemaIsAnError() {
        #expect {
            try load(#"{"id":"a","text":"t","label":"x"}"#)
        } throws: { error in
            let message = (error as? LLMBenchError)?.message ?? ""
            return message.hasPrefix("custom.jsonl:1: field \"task\" is missing and the fields (id, label, text) match no task")
                && (error as? LLMBenchError)?.exitCode == .dataError
        }
    }

    @Test func ambiguousSchemaIsAnError() {
        #expect {
            try load(#"{"id":"a","document":"d","summary":"s","context":"c","question":"q","answers":["c"]}"#)
        } throws: { error in
            (error as? LLMBenchError)?.message
                == "custom.jsonl:1: field \"task\" is missing and the fields match more than one task (summarization, qa); add a \"task\" field"
        }
    }

    @Test func taskFieldDecidesEvenWithExtraFields() throws {
        let dataset = try load(#"{"id":"a","task":"summarization","document":"d","summary":"s","context":"c","question":"q","answers":["c"]}"#)
        #expect(dataset.task == .summarization)
    }

    @Test func nameIsTheFileStemAndHashIsOfTheBytes() throws {
        let directory = try TestSupport.makeTempDirectory()
        defer { TestSupport.remove(directory) }
        let text = "{\"id\":\"a\",\"document\":\"d\",\"summary\":\"s\"}\r\n\n{\"id\":\"b\",\"document\":\"e\",\"summary\":\"t\"}"
        let path = try TestSupport.write(text, to: directory, name: "my-notes.jsonl")
        let dataset = try DatasetLoader.load(path, dataDirectory: nil)
        #expect(dataset.name == "my-notes")
        #expect(dataset.path == path)
        #expect(dataset.items.map(\.id) == ["a", "b"])
        #expect(dataset.sha256 == SHA256.hex(of: text))
    }
}

@Suite("Dataset loader: several files")
struct LoadAllTests {
    @Test func loadsShippedNamesAndReportsEveryBadFile() throws {
        let shipped = TestSupport.repoDatasetsDirectory()
        let datasets = try DatasetLoader.loadAll(Dataset.shippedNames, dataDirectory: shipped)
        #expect(datasets.map(\.name) == ["summarization", "qa", "translation"])
        #expect(Dataset.hashes(of: datasets).count == 3)

        let directory = try TestSupport.makeTempDirectory()
        defer { TestSupport.remove(directory) }
        let bad1 = try TestSupport.write(#"{"id":"a","task":"qa"}"#, to: directory, name: "one.jsonl")
        let bad2 = try TestSupport.write(#"{"id":"a","task":"summarization","document":"d"}"#, to: directory, name: "two.jsonl")
        #expect {
            try DatasetLoader.loadAll(["qa", bad1, bad2], dataDirectory: shipped)
        } throws: { error in
            guard let error = error as? LLMBenchError else { return false }
            return error.exitCode == .dataError && error.message.contains("\(bad1):1: field \"context\" is missing")
                && error.message.contains("\(bad2):1: field \"summary\" is missing")
        }
    }

    @Test func duplicateNamesAreAUsageError() throws {
        let directory = try TestSupport.makeTempDirectory()
        defer { TestSupport.remove(directory) }
        let copy = try TestSupport.write(#"{"id":"a","document":"d","summary":"s"}"#, to: directory, name: "qa.jsonl")
        #expect {
            try DatasetLoader.loadAll(["qa", copy], dataDirectory: TestSupport.repoDatasetsDirectory())
        } throws: { ($0 as? LLMBenchError)?.exitCode == .usage }
    }
}
