import Foundation
import Testing
import LLMBenchCore
@testable import Datasets

@Suite("The shipped datasets")
struct ShippedDatasetsTests {
    let directory = TestSupport.repoDatasetsDirectory()

    @Test(arguments: [("summarization", TaskKind.summarization), ("qa", .qa), ("translation", .translation)])
    func loadsWithAtLeastFiftyItems(name: String, task: TaskKind) throws {
        let dataset = try DatasetLoader.load(name, dataDirectory: directory)
        #expect(dataset.name == name)
        #expect(dataset.task == task)
        #expect(dataset.items.count >= 50)
        #expect(dataset.items.allSatisfy { $0.task == task && !$0.references.isEmpty })
        #expect(Set(dataset.items.map(\.id)).count == dataset.items.count)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dataset.path)))
        #expect(dataset.sha256 == SHA256.hex(of: bytes))
    }

    @Test func qaAnswersAreSpansOfTheirContext() throws {
        let dataset = try DatasetLoader.load("qa", dataDirectory: directory)
        for item in dataset.items {
            #expect(item.question != nil)
            for answer in item.references {
                #expect(item.text.contains(answer), "\(item.id): \"\(answer)\" is not in the context")
            }
        }
    }

    @Test func translationCoversTheRequiredTargets() throws {
        let dataset = try DatasetLoader.load("translation", dataDirectory: directory)
        var perTarget: [String: Int] = [:]
        for item in dataset.items { perTarget[item.targetLanguage ?? "", default: 0] += 1 }
        for target in ["de", "fr", "es", "ja", "zh"] {
            #expect(perTarget[target, default: 0] >= 8, "target \(target)")
        }
        #expect(perTarget["en", default: 0] >= 3)
        #expect(dataset.items.contains { $0.references.count >= 2 })
    }

    @Test func lengthsVary() throws {
        let dataset = try DatasetLoader.load("summarization", dataDirectory: directory)
        let tokens = dataset.items.map { TokenEstimate.tokens(in: $0.text) }
        #expect(tokens.min()! < 100)
        #expect(tokens.max()! > 400)
    }

    @Test func everyShippedItemRenders() throws {
        for name in Dataset.shippedNames {
            let dataset = try DatasetLoader.load(name, dataDirectory: directory)
            for item in dataset.items {
                let work = try PromptTemplate.render(item, dataset: name)
                #expect(work.estimatedInputTokens > 0)
                #expect(work.maxOutputTokens > 0 && work.maxOutputTokens <= 512)
            }
        }
    }
}
