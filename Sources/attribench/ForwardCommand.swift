import ArgumentParser
import AttriJSON
import Logging
import TensorCore
import TransformerCore

/// `attribench forward`: one forward (and optionally backward) pass of the encoder on a text.
struct ForwardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forward",
        abstract: "Run the model on a text: logits, and optionally attentions and a gradient.",
        discussion: """
            A bare BertModel folder (no classifier in the checkpoint) prints its pooled [CLS] output as \
            "pooled" instead of logits, and says so on standard error.
            Example: attribench forward --model ~/.cache/attribench/models/all-MiniLM-L6-v2 --json --attentions "Hello"
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "An HF BERT model folder (config.json, model.safetensors, vocab.txt).") var model: String
    @Flag(help: "Print JSON: {\"ids\", \"logits\", \"attentions\" (L,H,T,T), \"grad_wrt_word_embeddings\" (T,C)}.")
    var json = false
    @Flag(help: "Include every layer's attention probabilities.") var attentions = false
    @Option(help: "Include the gradient of logit K with respect to the word embeddings.") var gradLabel: Int?
    @Argument(help: "The text to run.") var text: String

    func run() throws {
        global.bootstrapLogging()
        let logger = Logger(label: "attribench.forward")
        let encoder = try ModelLoading.encoder(at: model)
        let encoded = encoder.tokenizer.encode(text)
        if encoded.truncatedWords > 0 {
            logger.warning("the text was truncated to \(encoder.tokenizer.maximumLength) tokens (\(encoded.truncatedWords) words dropped)")
        }
        if let gradLabel {
            guard let labels = encoder.numLabels else {
                throw CommandFailure("--grad-label \(gradLabel): \(model) has no classifier head, so there is no logit to differentiate")
            }
            guard (0..<labels).contains(gradLabel) else {
                throw CommandFailure("--grad-label \(gradLabel): must be a class index from 0 to \(labels - 1)")
            }
        }
        let batch = BertBatch(sequences: [encoded.ids], padID: encoder.tokenizer.padID)
        let output = try encoder.forward(batch, options: BertForwardOptions(attentions: attentions,
                                                                            forBackward: gradLabel != nil))
        var result: [(String, JSONValue)] = [("ids", encoded.ids.map(Int.init).json)]
        if let logits = output.logits {
            result.append(("logits", JSONValue(logits.storage)))
        } else if let pooled = output.pooled {
            logger.warning("\(model) has no classifier head: printing the pooled [CLS] output instead of logits")
            result.append(("pooled", JSONValue(pooled.storage)))
        }
        if let attentionTensor = output.attentions {
            let shape = attentionTensor.shape   // (L,1,H,T,T)
            result.append(("attentions", Output.nested(attentionTensor.storage[...], shape: [shape[0], shape[2], shape[3], shape[4]])))
        }
        if let gradLabel, let activations = output.activations, let labels = encoder.numLabels {
            var dLogits = [Float](repeating: 0, count: labels)
            dLogits[gradLabel] = 1
            let gradients = try encoder.backward(activations, dLogits: dLogits)
            let shape = gradients.wordEmbeddings.shape
            result.append(("grad_wrt_word_embeddings", Output.nested(gradients.wordEmbeddings.storage[...], shape: [shape[1], shape[2]])))
        }
        if json {
            Output.json(.object(JSONObject(result)))
        } else {
            for (key, value) in result { Output.text("\(key): \(JSONWriter.string(value))") }
        }
    }
}
