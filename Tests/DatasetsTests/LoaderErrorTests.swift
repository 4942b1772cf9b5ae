import Foundation
import Testing
import LLMBenchCore
@testable import Datasets

/// Each kind of bad line gives `path:LINE: field "x" …` and exit 65; all problems are reported together.
@Suite("Dataset loader: validation")
struct LoaderErrorTests {
    /// Writes `lines` (joined by newlines) to a temp file and returns the loader's error.
    func loadError(_ lines: [String], name: String = "mine.jsonl") throws -> (path: String, error: LLMBenchError) {
        let directory = try TestSupport.makeTempDirectory()
        defer { TestSupport.remove(directory) }
        let path = try TestSupport.write(lines.joined(separator: "\n") + "\n", to: directory, name: name)
        do {
            _ = try DatasetLoader.load(path: path)
        } catch let error as LLMBenchError {
            return (path, error)
        }
        Issue.record("no error for \(lines)")
        return (path, LLMBenchError(.ok, ""))
    }

    let goodQA = #"{"id":"q1","task":"qa","context":"Paris is in France.","question":"Where is Paris?","answers":["France"]}"#

    @Test func malformedJSON() throws {
        let (path, error) = try loadError([goodQA, #"{"id":"q2","task":"qa","#])
        #expect(error.exitCode == .dataError)
        #expect(error.message.hasPrefix("\(path):2: not valid JSON"))
    }

    @Test func notAnObject() throws {
        let (path, error) = try loadError([#"["a","b"]"#])
        #expect(error.message == "\(path):1: expected a JSON object, found an array")
    }

    @Test func missingField() throws {
        let (path, error) = try loadError([goodQA, #"{"id":"q2","task":"qa","context":"c","answers":["c"]}"#])
        #expect(error.exitCode == .dataError)
        #expect(error.message == "\(path):2: field \"question\" is missing (expected a string)")
    }

    @Test func wrongType() throws {
        let (path, error) = try loadError([#"{"id":false,"task":"summarization","document":true,"summary":"s"}"#])
        #expect(error.message.split(separator: "\n").map(String.init) == [
            "\(path):1: field \"id\" must be a string or a number (found a boolean)",
            "\(path):1: field \"document\" must be a string (found a boolean)",
        ])
    }

    @Test func emptyString() throws {
        let (path, error) = try loadError([#"{"id":"s1","task":"summarization","document":"","summary":"s"}"#])
        #expect(error.message == "\(path):1: field \"document\" is an empty string")
        let (path2, blank) = try loadError([#"{"id":"s1","task":"summarization","document":"d","summary":"  "}"#])
        #expect(blank.message == "\(path2):1: field \"summary\" is only whitespace")
    }

    @Test func answersMustBeANonEmptyArrayOfStrings() throws {
        let (path, error) = try loadError([
            #"{"id":"q1","task":"qa","context":"c","question":"q","answers":[]}"#,
            #"{"id":"q2","task":"qa","context":"c","question":"q","answers":"c"}"#,
            #"{"id":"q3","task":"qa","context":"c","question":"q","answers":["c",3]}"#,
            #"{"id":"q4","task":"qa","context":"c","question":"q","answers":[""]}"#,
            #"{"id":"q5","task":"qa","context":"c","question":"q","answers":null}"#,
        ])
        let expected = "a non-empty array of strings"
        #expect(error.message.split(separator: "\n").map(String.init) == [
            "\(path):1: field \"answers\" must be \(expected) (found an empty array)",
            "\(path):2: field \"answers\" must be \(expected) (found a string)",
            "\(path):3: field \"answers\" must be \(expected) (found a number at index 1)",
            "\(path):4: field \"answers\" must be \(expected) (found an empty string at index 0)",
            "\(path):5: field \"answers\" must be \(expected) (found null)",
        ])
    }

    @Test func duplicateId() throws {
        let (path, error) = try loadError([goodQA, "", goodQA])
        #expect(error.message == "\(path):3: field \"id\" duplicates line 1 (\"q1\")")
    }

    @Test func unknownTask() throws {
        let (path, error) = try loadError([#"{"id":"x","task":"poetry","text":"t"}"#])
        #expect(error.message.hasPrefix("\(path):1: field \"task\" is \"poetry\", not a task a dataset can hold"))
        let (_, synthetic) = try loadError([#"{"id":"x","task":"synthetic"}"#])
        #expect(synthetic.message.contains("field \"task\" is \"synthetic\""))
    }

    @Test func badLanguageCode() throws {
        let (path, error) = try loadError([
            #"{"id":"t1","source_lang":"English","target_lang":"de","source":"Hi","references":["Hallo"]}"#,
        ])
        #expect(error.message.hasPrefix("\(path):1: field \"source_lang\" must be an ISO 639-1 language code"))
    }

    @Test func mixedTasksInOneFile() throws {
        let (path, error) = try loadError([
            goodQA, #"{"id":"s1","task":"summarization","document":"d","summary":"s"}"#,
        ])
        #expect(error.message == "\(path):2: field \"task\" is \"summarization\" but line 1 is \"qa\"; a file holds one task")
    }

    @Test func oneProblemOnManyLinesIsNamedOnceThenCounted() throws {
        let bad = (1...25).map { #"{"id":"s\#($0)","task":"summarization","document":"d"}"# }
        let (path, error) = try loadError(bad)
        let lines = error.message.split(separator: "\n").map(String.init)
        #expect(lines == [
            "\(path):1: field \"summary\" is missing (expected a string)",
            "\(path): … and 24 more lines share this problem (lines 2–25)",
        ])
    }

    @Test func blankLinesAreSkippedAndCountedInLineNumbers() throws {
        let (path, error) = try loadError(["", "   ", goodQA, "\r", #"{"id":"q2","task":"qa"}"#])
        #expect(error.message.hasPrefix("\(path):5: field \"context\" is missing"))
    }

    @Test func emptyFileIsADataError() throws {
        let (_, error) = try loadError(["", ""])
        #expect(error.exitCode == .dataError)
        #expect(error.message.contains("holds no items"))
    }

    @Test func missingFileIsNoInput() throws {
        let directory = try TestSupport.makeTempDirectory()
        defer { TestSupport.remove(directory) }
        let path = directory + "/absent.jsonl"
        #expect(throws: LLMBenchError.self) { try DatasetLoader.load(path: path) }
        do {
            _ = try DatasetLoader.load(path: path)
        } catch let error as LLMBenchError {
            #expect(error.exitCode == .noInput)
            #expect(error.message == "\(path): no such dataset file")
        }
        // A shipped name looked up in a directory without it is also a missing file.
        do {
            _ = try DatasetLoader.load("qa", dataDirectory: directory)
            Issue.record("expected an error")
        } catch let error as LLMBenchError {
            #expect(error.exitCode == .noInput)
        }
    }

    @Test func unknownDatasetNameIsAUsageError() {
        do {
            _ = try DatasetLoader.load("poems", dataDirectory: "/nonexistent")
            Issue.record("expected an error")
        } catch let error as LLMBenchError {
            #expect(error.exitCode == .usage)
            #expect(error.message.contains("summarization, qa, translation"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
