import AttriJSON
import Foundation
import Testing

/// `attribench tokenize` and `forward` on the real encoder: the JSON keys of ../shared/INTERFACES.md,
/// and exit code 2 with a named cause on bad input.
@Suite struct EncoderCommandTests {
    @Test func tokenizeJSONHasIdsTokensAndWordIds() throws {
        let result = try CommandRunner.run(["tokenize", "--model", try CommandRunner.encoderFolder(), "--json", "It's a lovely film."])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(try json.field("ids").integers() == [101, 2009, 1005, 1055, 1037, 8403, 2143, 1012, 102])
        #expect(try json.field("tokens").strings() == ["[CLS]", "it", "'", "s", "a", "lovely", "film", ".", "[SEP]"])
        let wordIDs = try json.field("word_ids").array().map { $0.value == .null ? nil : try $0.integer() }
        #expect(wordIDs == [nil, 0, 1, 2, 3, 4, 5, 6, nil])
    }

    @Test func forwardWithAttentionsGivesRowsThatSumToOne() throws {
        let result = try CommandRunner.run(["forward", "--model", try CommandRunner.encoderFolder(), "--json", "--attentions",
                                            "a fine film"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let ids = try json.field("ids").integers()
        #expect(ids.count == 5)
        #expect(result.stderr.contains("has no classifier head"), "a bare BertModel must say it prints the pooled output")
        #expect(try json.field("pooled").doubles().count == 384)
        let layers = try json.field("attentions").array()
        #expect(layers.count == 6)
        for layer in layers {
            let heads = try layer.array()
            #expect(heads.count == 12)
            for head in heads {
                for row in try head.array() {
                    let values = try row.doubles()
                    #expect(values.count == ids.count)
                    #expect(abs(values.reduce(0, +) - 1) < 1e-5)
                }
            }
        }
    }

    @Test func gradientNeedsAClassifierHead() throws {
        let result = try CommandRunner.run(["forward", "--model", try CommandRunner.encoderFolder(), "--json",
                                            "--grad-label", "0", "x"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--grad-label 0:") && result.stderr.contains("has no classifier head"))
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: [
        (["forward", "--model", "/nonexistent/model", "--json", "x"], "--model /nonexistent/model: no such file or folder"),
        (["tokenize", "--json", "x"], "Missing expected argument '--model <model>'"),
        (["forward", "--model", "/etc/hostname", "x"], "is neither a model folder nor a GGUF file"),
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
    ])
    func badInputExitsWithTwoAndSaysWhy(arguments: [String], message: String) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
    }

    @Test(arguments: [["--help"], ["tokenize", "--help"], ["forward", "--help"], ["generate", "--help"]])
    func helpShowsAnExample(arguments: [String]) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: attribench"))
        if arguments.count > 1 { #expect(result.stdout.contains("Example: attribench \(arguments[0])")) }
    }
}
