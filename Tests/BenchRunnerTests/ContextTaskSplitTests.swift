import AttriJSON
import BenchRunner
import Datasets
import Testing

/// AT2's article split of a one-split context task, and the suite options that select it.
@Suite struct ContextTaskSplitTests {
    static func example(_ id: Int, article: String) -> ContextExample {
        ContextExample(id: "q\(id)", title: article, context: "c", question: "?", answers: ["a"], answerStarts: [0], split: "dev")
    }

    @Test func trainAndEvalAreDisjointByArticleAndCoverEverything() {
        let titles = ["A", "A", "B", "C", "C", "D", "E", "F", "F", "G"]
        let all = titles.enumerated().map { Self.example($0.offset, article: $0.element) }
        let train = ContextTaskSplit.examples(all, part: .train), eval = ContextTaskSplit.examples(all, part: .eval)
        #expect(Set(eval.map(\.title)) == ["C", "F"], "articles 2 and 5 (file order) are held out")
        #expect(Set(train.map(\.title)).isDisjoint(with: Set(eval.map(\.title))))
        #expect(Set((train + eval).map(\.id)) == Set(all.map(\.id)) && train.count + eval.count == all.count)
        #expect(ContextTaskSplit.examples(all, part: .all) == all)
    }

    @Test func suitesReadResponseAndPart() throws {
        let text = #"{"name": "x", "tasks": [{"task": "xquad", "split": "dev", "model": "decoder", "response": "greedy", "part": "eval"}], "explainers": ["random"]}"#
        let suite = try Suite(JSONCursor(JSONParser.parse(text), source: JSONSource(name: "suite.json")))
        #expect(suite.tasks[0].response == "greedy" && suite.tasks[0].part == "eval")
        let bad = #"{"name": "x", "tasks": [{"task": "xquad", "split": "dev", "model": "decoder", "response": "sampled"}], "explainers": ["random"]}"#
        #expect { try Suite(JSONCursor(JSONParser.parse(bad), source: JSONSource(name: "suite.json"))) } throws: { "\($0)".contains("gold or greedy") }
    }
}
