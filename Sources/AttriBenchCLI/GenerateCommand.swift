import ArgumentParser
import AttriJSON
import TransformerCore

/// `attribench generate`: greedy generation with a decoder.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate text greedily with a llama-family GGUF model.",
        discussion: """
            Example: attribench generate --model ~/.cache/attribench/models/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf \
            --chat --json "What is the capital of France?"
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "A llama-family .gguf file.") var model: String
    @Flag(help: "Wrap the prompt as a user message in the model's chat template.") var chat = false
    @Option(help: "The most tokens to generate.") var maxTokens = 64
    @Flag(help: "Print JSON: {\"ids\" (generated only), \"text\"}.") var json = false
    @Argument(help: "The prompt.") var prompt: String

    func run() throws {
        global.bootstrapLogging()
        guard maxTokens > 0 else { throw CommandFailure("--max-tokens \(maxTokens): must be positive") }
        let decoder = try ModelLoading.decoder(at: model, command: "generate")
        let ids = chat ? decoder.chatPromptIDs([.init(role: "user", content: prompt)]) : decoder.tokenizer.encode(prompt)
        guard !ids.isEmpty else { throw CommandFailure("the prompt is empty; give some text to continue") }
        let generated = try decoder.generate(prompt: ids, maxTokens: maxTokens)
        let text = decoder.tokenizer.decode(generated)
        if json {
            Output.json(.object(JSONObject([("ids", generated.map(Int.init).json), ("text", JSONValue(text))])))
        } else {
            Output.text(text)
        }
    }
}
