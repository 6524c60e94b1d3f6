import AttriJSON
import Foundation
import Testing

/// `attribench list explainers`, `explain` and `new-explainer`: the JSON keys of ../shared/INTERFACES.md
/// and exit code 2 with a named cause on bad input.
@Suite struct ExplainCommandTests {
    @Test func listExplainersJSONHasTheDescriptorKeys() throws {
        let result = try CommandRunner.run(["list", "explainers", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let list = try result.json().array()
        let ids = try list.map { try $0.field("id").string() }
        #expect(ids.contains("random") && ids.contains("raw-attention") && ids.contains("occlusion"))
        for entry in list {
            for key in ["name", "family", "reference"] { #expect(!(try entry.field(key).string()).isEmpty) }
            #expect(!(try entry.field("model_kinds").strings()).isEmpty)
            _ = try entry.field("needs").strings()
        }
        let raw = try #require(list.first { try $0.field("id").string() == "raw-attention" })
        #expect(try raw.field("needs").strings() == ["attentions"])
        #expect(try raw.field("default_configuration").field("layer").integer() == -1)
    }

    @Test func listSuitesNamesEverySuiteInFull() throws {
        let result = try CommandRunner.run(["list", "suites"])
        #expect(result.status == 0, "\(result.stderr)")
        let names = result.stdout.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(names == ["at2-paper", "default", "expnet-decoder", "expnet-in-task", "expnet-paper", "full", "smoke"])
    }

    @Test func explainOnTheDecoderScoresEverySource() throws {
        let result = try CommandRunner.run([
            "explain", "--model", try CommandRunner.decoderFile(), "--explainer", "occlusion", "--json",
            "--question", "When was the tower finished?", "--response", "It was finished in 1889.",
            "The Eiffel Tower is in Paris. It was finished in 1889. Gustave Eiffel's company built it.",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(try json.field("explainer").string() == "occlusion")
        #expect(try json.field("words").strings().count == 3)
        let scores = try json.field("word_scores").doubles()
        #expect(scores.count == 3)
        #expect(scores[1] == scores.max(), "removing the sentence with the answer must hurt most: \(scores)")
        #expect(try json.field("forward_passes").integer() == 4)
        #expect(try json.field("backward_passes").integer() == 0)
        #expect(try json.field("token_scores").doubles().count == (try json.field("tokens").strings()).count)
        #expect(try json.field("seconds").double() > 0)
        #expect(try json.field("seed").value == .null)
    }

    @Test func explainWithSeveralExplainersPrintsOneObjectEachAndWritesTheHTMLPage() throws {
        let page = NSTemporaryDirectory() + "attribench-explain-\(UUID().uuidString).html"
        defer { try? FileManager.default.removeItem(atPath: page) }
        let result = try CommandRunner.run([
            "explain", "--model", try CommandRunner.decoderFile(), "--explainer", "occlusion", "--explainer", "raw-attention",
            "--json", "--html", page, "--question", "When was it finished?", "--response", "In 1889.",
            "The tower is in Paris. It was finished in 1889.",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let list = try result.json().array()
        #expect(try list.map { try $0.field("explainer").string() } == ["occlusion", "raw-attention"])
        for item in list { #expect(try item.field("word_scores").doubles().count == 2) }
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<td>occlusion</td>") && html.contains("<td>raw-attention</td>"))
        #expect(html.contains("It was finished in 1889."))
        #expect(!html.contains("<script"), "the page is self-contained and script-free")
    }

    @Test func explainWithASeedRecordsIt() throws {
        let arguments = ["explain", "--model", try CommandRunner.decoderFile(), "--explainer", "random", "--seed", "42", "--json",
                         "--question", "Q?", "--response", "A.", "One. Two. Three."]
        let first = try CommandRunner.run(arguments), second = try CommandRunner.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try first.json().field("seed").integer() == 42)
        #expect(try first.json().field("word_scores").doubles() == second.json().field("word_scores").doubles())
    }

    @Test(arguments: [
        (["--explainer", "no-such"], "unknown explainer \"no-such\"; known explainers: random, raw-attention"),
        (["--explainer", "raw-attention", "--options", "{\"layers\": 2}"], "unknown option \"layers\""),
        (["--explainer", "raw-attention", "--options", "[1]"], "--options must be a JSON object"),
        (["--explainer", "raw-attention", "--seed", "3"], "has no seed"),
        (["--explainer", "raw-attention", "--options", "{\"layer\": 99}", "--question", "Q?", "--response", "A."], "layer 99 is outside the model's 30 layers"),
        (["--explainer", "raw-attention"], "--question is required for a decoder"),
    ])
    func badExplainInputsExitWithTwoAndSayWhy(extra: [String], message: String) throws {
        let result = try CommandRunner.run(["explain", "--model", try CommandRunner.decoderFile()] + extra + ["Some text."])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func explainingABareEncoderSaysItNeedsAClassifier() throws {
        let result = try CommandRunner.run(["explain", "--model", try CommandRunner.encoderFolder(), "--explainer", "random", "A film."])
        #expect(result.status == 2)
        #expect(result.stderr.contains("has no classifier head"), "\(result.stderr)")
    }

    @Test func newExplainerRejectsBadNamesAndUnknownRepositories() throws {
        let bad = try CommandRunner.run(["new-explainer", "My_Method"])
        #expect(bad.status == 2 && bad.stderr.contains("not a lower-kebab id"), "\(bad.stderr)")
        let elsewhere = try CommandRunner.run(["new-explainer", "my-method", "--root", NSTemporaryDirectory()])
        #expect(elsewhere.status == 2 && elsewhere.stderr.contains("not the AttriBench repository"), "\(elsewhere.stderr)")
    }
}
