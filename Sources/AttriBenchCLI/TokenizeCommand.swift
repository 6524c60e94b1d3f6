import ArgumentParser
import AttriJSON
import TransformerCore

/// `attribench tokenize`: the model's token ids for a text.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Print a text's token ids and tokens (and, for an encoder, the word each token came from).",
        discussion: "Example: attribench tokenize --model ~/.cache/attribench/models/all-MiniLM-L6-v2 --json \"It's lovely.\""
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "An HF BERT model folder or a llama-family .gguf file.") var model: String
    @Flag(help: "Print JSON: {\"ids\", \"tokens\"} and, for an encoder, \"word_ids\".") var json = false
    @Argument(help: "The text to tokenize.") var text: String

    func run() throws {
        global.bootstrapLogging()
        var result: [(String, JSONValue)]
        switch try ModelLoading.model(at: model) {
        case .encoder(let encoder):
            let encoded = encoder.tokenizer.encode(text)
            result = [("ids", encoded.ids.map(Int.init).json), ("tokens", .array(encoded.tokens.map(JSONValue.init))),
                      ("word_ids", .array(encoded.wordIDs.map { $0.map(JSONValue.init) ?? .null }))]
        case .decoder(let decoder):
            let ids = decoder.tokenizer.encode(text)
            result = [("ids", ids.map(Int.init).json),
                      ("tokens", .array(ids.map { JSONValue(decoder.tokenizer.tokens[Int($0)]) }))]
        }
        if json {
            Output.json(.object(JSONObject(result)))
        } else {
            for (key, value) in result { Output.text("\(key): \(JSONWriter.string(value))") }
        }
    }
}
