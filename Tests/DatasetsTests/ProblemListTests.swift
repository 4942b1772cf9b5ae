import Testing
@testable import Datasets

/// Each distinct problem is named once, at its first line, then counted.
@Suite("Dataset problems: grouping")
struct ProblemListTests {
    @Test func identicalMessagesAreShownOnceWithACount() {
        var list = ProblemList(path: "t.csv")
        for line in 2...11 { list.add(line: line, "field \"document\" is missing") }
        list.add(line: 7, "field \"id\" is an empty string")
        #expect(list.error().message.split(separator: "\n").map(String.init) == [
            "t.csv:2: field \"document\" is missing",
            "t.csv: … and 9 more lines share this problem (lines 3–11)",
            "t.csv:7: field \"id\" is an empty string",
        ])
        #expect(list.total == 11)
    }

    @Test func lineListsAreCompactAndBounded() {
        #expect(ProblemList.describe([4], total: 1) == "line 4")
        #expect(ProblemList.describe([2, 3, 5, 9, 10], total: 5) == "lines 2–3, 5, 9–10")
        #expect(ProblemList.describe([1, 3, 5, 7, 9, 11], total: 6) == "lines 1, 3, 5, 7, 9, …")
        #expect(ProblemList.describe([1, 2], total: 1000) == "lines 1–2, …")
        var list = ProblemList(path: "big.jsonl")
        for line in 1...100_000 { list.add(line: line, "same") }
        let lines = list.error().message.split(separator: "\n")
        #expect(lines.count == 2 && lines[1].hasSuffix("(lines 2–65, …)"))
    }

    @Test func distinctMessagesBeyondTheLimitAreCounted() {
        var list = ProblemList(path: "m.jsonl")
        for line in 1...25 { list.add(line: line, "problem \(line)") }
        let lines = list.error().message.split(separator: "\n").map(String.init)
        #expect(lines.count == 21)
        #expect(lines[20] == "m.jsonl: … and 5 more problems (the first 20 kinds are shown)")
    }
}
