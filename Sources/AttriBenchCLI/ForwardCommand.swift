import ArgumentParser
import AttriJSON
import Logging
import TensorCore
import TransformerCore

/// `attribench forward`: one forward (and optionally backward) pass on a text.
struct ForwardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forward",
        abstract: "Run the model on a text: logits or next-token log-probabilities, attentions, a gradient.",
        discussion: """
            Encoder (a BERT folder): {"ids", "logits", "attentions" (L,H,T,T) with --attentions, \
            "grad_wrt_word_embeddings" (T,C) with --grad-label K}. A bare BertModel (no classifier in the \
            checkpoint) prints its pooled [CLS] output as "pooled" instead of logits, and says so on stderr.
            Decoder (a .gguf file): {"ids", "next_token_logprobs" (T-1), "top10_ids" (T,10), "top10_logprobs" \
            (T,10)}, and "attentions" (layers,H,T,T) with --attentions (every layer, or --attention-layers 0,29).
            Example: attribench forward --model ~/.cache/attribench/models/all-MiniLM-L6-v2 --json --attentions "Hello"
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "An HF BERT model folder or a llama-family .gguf file.") var model: String
    @Flag(help: "Print JSON (keys above).") var json = false
    @Flag(help: "Include attention probabilities.") var attentions = false
    @Option(help: "Decoder only: the layers whose attentions to include, e.g. 0,29 (default: all).")
    var attentionLayers: String?
    @Option(help: "Encoder only: include the gradient of logit K with respect to the word embeddings.") var gradLabel: Int?
    @Argument(help: "The text to run.") var text: String

    func run() throws {
        global.bootstrapLogging()
        let result: [(String, JSONValue)]
        switch try ModelLoading.model(at: model) {
        case .encoder(let encoder):
            guard attentionLayers == nil else { throw CommandFailure("--attention-layers: only for a decoder (.gguf) model") }
            result = try EncoderForward(model: encoder, path: model, attentions: attentions, gradLabel: gradLabel).run(text)
        case .decoder(let decoder):
            guard gradLabel == nil else { throw CommandFailure("--grad-label: only for an encoder classifier") }
            result = try decoderForward(decoder)
        }
        if json {
            Output.json(.object(JSONObject(result)))
        } else {
            for (key, value) in result { Output.text("\(key): \(JSONWriter.string(value))") }
        }
    }

    private func decoderForward(_ decoder: LlamaModel) throws -> [(String, JSONValue)] {
        let ids = decoder.tokenizer.encode(text)
        guard !ids.isEmpty else { throw CommandFailure("the text is empty; give some text to run") }
        var layers: [Int] = []
        if attentions {
            if let attentionLayers {
                layers = try attentionLayers.split(separator: ",").map {
                    guard let layer = Int($0.trimmingCharacters(in: .whitespaces)), (0..<decoder.config.layers).contains(layer) else {
                        throw CommandFailure("--attention-layers \(attentionLayers): each must be a layer from 0 to \(decoder.config.layers - 1)")
                    }
                    return layer
                }
            } else {
                layers = Array(0..<decoder.config.layers)
            }
        } else if attentionLayers != nil {
            throw CommandFailure("--attention-layers needs --attentions")
        }
        var cache = KVCache(config: decoder.config)
        let output = try decoder.forward(ids, cache: &cache, logProbPositions: Array(ids.indices), attentionLayers: layers,
                                         attentionQueries: layers.isEmpty ? [] : Array(ids.indices))
        let v = decoder.config.vocabSize, logProbs = output.logProbs!.storage
        let next = (0..<(ids.count - 1)).map { logProbs[$0 * v + Int(ids[$0 + 1])] }
        var topIDs: [JSONValue] = [], topLogProbs: [JSONValue] = []
        for position in ids.indices {
            let row = logProbs[(position * v)..<((position + 1) * v)]
            let best = row.indices.sorted { row[$0] > row[$1] || (row[$0] == row[$1] && $0 < $1) }.prefix(10)
            topIDs.append(best.map { $0 - position * v }.json)
            topLogProbs.append(JSONValue(best.map { row[$0] }))
        }
        var result: [(String, JSONValue)] = [("ids", ids.map(Int.init).json), ("next_token_logprobs", JSONValue(next)),
                                            ("top10_ids", .array(topIDs)), ("top10_logprobs", .array(topLogProbs))]
        if let tensor = output.attentions {
            result.append(("attentions", Output.nested(tensor.storage[...], shape: tensor.shape)))
        }
        return result
    }
}

/// The encoder half of `forward`.
struct EncoderForward {
    let model: BertModel
    let path: String
    let attentions: Bool
    let gradLabel: Int?

    func run(_ text: String) throws -> [(String, JSONValue)] {
        let logger = Logger(label: "attribench.forward")
        let encoded = model.tokenizer.encode(text)
        if encoded.truncatedWords > 0 {
            logger.warning("the text was truncated to \(model.tokenizer.maximumLength) tokens (\(encoded.truncatedWords) words dropped)")
        }
        if let gradLabel {
            guard let labels = model.numLabels else {
                throw CommandFailure("--grad-label \(gradLabel): \(path) has no classifier head, so there is no logit to differentiate")
            }
            guard (0..<labels).contains(gradLabel) else {
                throw CommandFailure("--grad-label \(gradLabel): must be a class index from 0 to \(labels - 1)")
            }
        }
        let batch = BertBatch(sequences: [encoded.ids], padID: model.tokenizer.padID)
        let output = try model.forward(batch, options: BertForwardOptions(attentions: attentions, forBackward: gradLabel != nil))
        var result: [(String, JSONValue)] = [("ids", encoded.ids.map(Int.init).json)]
        if let logits = output.logits {
            result.append(("logits", JSONValue(logits.storage)))
        } else if let pooled = output.pooled {
            logger.warning("\(path) has no classifier head: printing the pooled [CLS] output instead of logits")
            result.append(("pooled", JSONValue(pooled.storage)))
        }
        if let tensor = output.attentions {
            let shape = tensor.shape   // (L,1,H,T,T)
            result.append(("attentions", Output.nested(tensor.storage[...], shape: [shape[0], shape[2], shape[3], shape[4]])))
        }
        if let gradLabel, let activations = output.activations, let labels = model.numLabels {
            var dLogits = [Float](repeating: 0, count: labels)
            dLogits[gradLabel] = 1
            let gradients = try model.backward(activations, dLogits: dLogits)
            let shape = gradients.wordEmbeddings.shape
            result.append(("grad_wrt_word_embeddings", Output.nested(gradients.wordEmbeddings.storage[...], shape: [shape[1], shape[2]])))
        }
        return result
    }
}
