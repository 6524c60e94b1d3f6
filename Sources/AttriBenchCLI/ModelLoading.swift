import Foundation
import TransformerCore

/// The model a `--model` option names: a BERT folder or a llama GGUF file.
enum LoadedModel {
    case encoder(BertModel)
    case decoder(LlamaModel)
}

/// Loads the model a `--model` option names, with an actionable message when it is not one.
enum ModelLoading {
    static let expectation = "pass an HF BERT model folder (config.json, model.safetensors, vocab.txt) or a llama-family .gguf file"

    /// The encoder folder or decoder file at `path`.
    static func model(at path: String) throws -> LoadedModel {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure("--model \(path): no such file or folder; \(expectation)")
        }
        do {
            if isDirectory.boolValue { return .encoder(try BertModel(folder: path)) }
            guard isGGUF(path) else {
                throw CommandFailure("--model \(path): is neither a model folder nor a GGUF file; \(expectation)")
            }
            return .decoder(try LlamaModel(path: path))
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    /// The BERT encoder at `path`, or an error saying the command needs one.
    static func encoder(at path: String, command: String) throws -> BertModel {
        guard case .encoder(let model) = try model(at: path) else {
            throw CommandFailure("--model \(path): `\(command)` needs an encoder (an HF BERT model folder)")
        }
        return model
    }

    /// The llama decoder at `path`, or an error saying the command needs one.
    static func decoder(at path: String, command: String) throws -> LlamaModel {
        guard case .decoder(let model) = try model(at: path) else {
            throw CommandFailure("--model \(path): `\(command)` needs a decoder (a llama-family .gguf file)")
        }
        return model
    }

    /// Whether the file starts with the GGUF magic.
    static func isGGUF(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)) == Data("GGUF".utf8)
    }
}
