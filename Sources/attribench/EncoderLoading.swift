import Foundation
import TransformerCore

/// Loads the model a `--model` option names, with an actionable message when it is not one.
enum ModelLoading {
    /// The BERT encoder in the folder `path`.
    static func encoder(at path: String) throws -> BertModel {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure("--model \(path): no such file or folder; pass an HF BERT model folder (config.json, model.safetensors, vocab.txt)")
        }
        guard isDirectory.boolValue else {
            throw CommandFailure("--model \(path): is a file; this command takes an HF BERT model folder (config.json, model.safetensors, vocab.txt)")
        }
        do {
            return try BertModel(folder: path)
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
