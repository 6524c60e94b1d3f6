import AttriJSON
import Foundation
import TransformerCore

/// Writes a fine-tuned classifier as an HF `BertForSequenceClassification` folder that
/// `transformers` and `BertModel(folder:)` both load: `model.safetensors` (names under `bert.` plus
/// `classifier.*`, Q/K/V split again), `config.json` with `id2label`/`label2id`, and the base
/// model's tokenizer files.
public enum CheckpointExport {
    /// The tokenizer files copied from the base model folder when present.
    public static let tokenizerFiles = ["vocab.txt", "tokenizer_config.json", "special_tokens_map.json", "tokenizer.json"]

    /// The checkpoint tensors of `parameters` by their HF names.
    public static func entries(_ parameters: BertParameterSet) -> [SafetensorsWriter.Entry] {
        let c = parameters.config.hiddenSize
        var entries: [SafetensorsWriter.Entry] = []
        for (i, (name, shape)) in zip(parameters.names, parameters.shapes).enumerated() {
            let values = parameters.values[i]
            if name.contains(".attention.self.qkv.") {
                let prefix = name.replacingOccurrences(of: "qkv.weight", with: "").replacingOccurrences(of: "qkv.bias", with: "")
                let isWeight = name.hasSuffix(".weight")
                let part = isWeight ? c * c : c
                for (k, head) in ["query", "key", "value"].enumerated() {
                    entries.append(SafetensorsWriter.Entry(
                        name: prefix + head + (isWeight ? ".weight" : ".bias"), shape: isWeight ? [c, c] : [c],
                        values: Array(values[(k * part)..<((k + 1) * part)])))
                }
            } else {
                entries.append(SafetensorsWriter.Entry(name: name, shape: shape, values: values))
            }
        }
        return entries
    }

    /// The HF `config.json` of a BERT classifier with `labelNames` and the given dropout rates.
    public static func configJSON(_ config: BertConfig, labelNames: [String], dropout: DropoutRates) -> JSONValue {
        let id2label = JSONObject(labelNames.enumerated().map { (String($0.offset), JSONValue($0.element)) })
        let label2id = JSONObject(labelNames.enumerated().map { ($0.element, JSONValue($0.offset)) })
        return .object(JSONObject([
            ("architectures", .array([.string("BertForSequenceClassification")])),
            ("model_type", .string("bert")),
            ("attention_probs_dropout_prob", JSONValue(Double(dropout.attention))),
            ("hidden_dropout_prob", JSONValue(Double(dropout.hidden))),
            ("classifier_dropout", .null),
            ("hidden_act", .string(config.hiddenAct)),
            ("hidden_size", JSONValue(config.hiddenSize)),
            ("intermediate_size", JSONValue(config.intermediateSize)),
            ("num_attention_heads", JSONValue(config.numAttentionHeads)),
            ("num_hidden_layers", JSONValue(config.numHiddenLayers)),
            ("max_position_embeddings", JSONValue(config.maxPositionEmbeddings)),
            ("type_vocab_size", JSONValue(config.typeVocabSize)),
            ("vocab_size", JSONValue(config.vocabSize)),
            ("layer_norm_eps", JSONValue(config.layerNormEps)),
            ("pad_token_id", JSONValue(config.padTokenId)),
            ("position_embedding_type", .string("absolute")),
            ("problem_type", .string("single_label_classification")),
            ("id2label", .object(id2label)),
            ("label2id", .object(label2id)),
        ]))
    }

    /// Writes the folder at `folder` (created if needed): weights, config and the tokenizer files
    /// of `tokenizerFolder` (or a `vocab.txt` from `vocabulary` when nil).
    public static func write(_ parameters: BertParameterSet, labelNames: [String], dropout: DropoutRates,
                             tokenizerFolder: String?, vocabulary: [String], to folder: String) throws {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw TrainingError.io(path: folder, reason: "cannot create the checkpoint folder: \(error.localizedDescription)")
        }
        try SafetensorsWriter.write(entries(parameters), metadata: ["format": "pt"], to: "\(folder)/model.safetensors")
        do {
            try JSONWriter.write(configJSON(parameters.config, labelNames: labelNames, dropout: dropout),
                                 toFile: "\(folder)/config.json")
            if let tokenizerFolder {
                for file in tokenizerFiles where manager.fileExists(atPath: "\(tokenizerFolder)/\(file)") {
                    if manager.fileExists(atPath: "\(folder)/\(file)") { try manager.removeItem(atPath: "\(folder)/\(file)") }
                    try manager.copyItem(atPath: "\(tokenizerFolder)/\(file)", toPath: "\(folder)/\(file)")
                }
            } else {
                try (vocabulary.joined(separator: "\n") + "\n").write(toFile: "\(folder)/vocab.txt", atomically: true, encoding: .utf8)
            }
        } catch let error as TrainingError {
            throw error
        } catch {
            throw TrainingError.io(path: folder, reason: "cannot write the checkpoint's config or tokenizer: \(error)")
        }
    }
}
