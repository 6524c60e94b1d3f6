import ArgumentParser
import AttriJSON
import TransformerCore

/// `attribench tokenize`: the model's token ids for a text.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Print a text's token ids, tokens and the word each token came from.",
        discussion: "Example: attribench tokenize --model ~/.cache/attribench/models/all-MiniLM-L6-v2 --json \"It's lovely.\""
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "An HF BERT model folder (config.json, model.safetensors, vocab.txt).") var model: String
    @Flag(help: "Print JSON: {\"ids\", \"tokens\", \"word_ids\"}.") var json = false
    @Argument(help: "The text to tokenize.") var text: String

    func run() throws {
        global.bootstrapLogging()
        let encoder = try ModelLoading.encoder(at: model)
        let encoded = encoder.tokenizer.encode(text)
        if json {
            Output.json(.object(JSONObject([
                ("ids", encoded.ids.map(Int.init).json),
                ("tokens", .array(encoded.tokens.map(JSONValue.init))),
                ("word_ids", .array(encoded.wordIDs.map { $0.map(JSONValue.init) ?? .null })),
            ])))
        } else {
            for (index, token) in encoded.tokens.enumerated() {
                Output.text("\(encoded.ids[index])\t\(token)\t\(encoded.wordIDs[index].map(String.init) ?? "-")")
            }
        }
    }
}
