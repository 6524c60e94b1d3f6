import AttriJSON
import Foundation

/// The cases of `BadInputMatrixTests`, by kind of input.
enum BadInputCases {
    static let sst2 = #"{"task": "sst2", "split": "dev", "examples": 1, "model": "{classifier}", "max_words": 8}"#

    /// `forward` on a model folder or file.
    static func forward(_ model: String) -> [String] { ["forward", "--model", model, "--json", "a fine film"] }

    /// A GGUF made from the first `bytes` bytes of the real decoder, with `patch` written at `offset`.
    static func gguf(_ workspace: BadInputWorkspace, bytes: Int, patch: (offset: Int, bytes: [UInt8])? = nil) throws -> String {
        let path = workspace.dir + "/m.gguf"
        try ModelFixtures.prefix(of: try CommandRunner.decoderFile(), bytes: bytes, to: path)
        if let patch {
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            try handle.seek(toOffset: UInt64(patch.offset))
            try handle.write(contentsOf: patch.bytes)
            try handle.close()
        }
        return path
    }

    /// An encoder whose `config.json` has `key` set to `value` (JSON text).
    static func config(_ workspace: BadInputWorkspace, _ key: String, _ value: String) throws -> String {
        let folder = try workspace.encoder()
        var text = try String(contentsOfFile: folder + "/config.json", encoding: .utf8)
        guard let range = text.range(of: #""\#(key)": [^,\n]*"#, options: .regularExpression) else {
            throw ModelFixtures.FixtureError("config.json has no \(key)")
        }
        text.replaceSubrange(range, with: #""\#(key)": \#(value)"#)
        try text.write(toFile: folder + "/config.json", atomically: true, encoding: .utf8)
        return folder
    }

    // MARK: - Corrupt, truncated and mis-shaped model files; models of the wrong kind

    static let models: [BadInput] = [
        BadInput("gguf: empty file", expect: ["--model {dir}/m.gguf", "neither a model folder nor a GGUF file"]) { forward(try gguf($0, bytes: 0)) },
        BadInput("gguf: magic only", expect: ["{dir}/m.gguf", "download it again"]) { forward(try gguf($0, bytes: 4)) },
        BadInput("gguf: truncated header", expect: ["{dir}/m.gguf", "download it again"]) { forward(try gguf($0, bytes: 20)) },
        BadInput("gguf: truncated metadata", expect: ["{dir}/m.gguf", "download it again"]) { forward(try gguf($0, bytes: 1 << 20)) },
        BadInput("gguf: truncated tensor data", expect: ["{dir}/m.gguf", "download it again"]) { forward(try gguf($0, bytes: 40 << 20)) },
        BadInput("gguf: bad magic", expect: ["{dir}/m.gguf", "neither a model folder nor a GGUF file"]) {
            forward(try gguf($0, bytes: 4096, patch: (0, Array("GGUX".utf8))))
        },
        BadInput("gguf: unsupported version", expect: ["{dir}/m.gguf", "unsupported GGUF version 99"]) {
            forward(try gguf($0, bytes: 4096, patch: (4, [99, 0, 0, 0])))
        },
        BadInput("gguf: huge tensor count", expect: ["{dir}/m.gguf", "download it again"]) {
            forward(try gguf($0, bytes: 4096, patch: (8, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])))
        },
        BadInput("gguf: huge metadata count", expect: ["{dir}/m.gguf", "download it again"]) {
            forward(try gguf($0, bytes: 4096, patch: (16, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])))
        },
        BadInput("model: a text file", expect: ["--model {dir}/notes.txt", "neither a model folder nor a GGUF file"]) {
            forward(try $0.file("notes.txt", "not a model\n"))
        },
        BadInput("model: no such path", expect: ["--model {dir}/nothing", "no such file or folder"]) { forward($0.dir + "/nothing") },
        BadInput("encoder: config.json missing", expect: ["{dir}/enc/config.json"]) {
            let folder = try $0.encoder()
            try FileManager.default.removeItem(atPath: folder + "/config.json")
            return forward(folder)
        },
        BadInput("encoder: config.json not JSON", expect: ["{dir}/enc/config.json"]) {
            let folder = try $0.encoder()
            try "{\"hidden_size\": 384,".write(toFile: folder + "/config.json", atomically: true, encoding: .utf8)
            return forward(folder)
        },
        BadInput("encoder: config field of the wrong type", expect: ["{dir}/enc/config.json", "hidden_size"]) {
            forward(try config($0, "hidden_size", "\"big\""))
        },
        BadInput("encoder: config hidden size does not match the weights", expect: ["{dir}/enc/model.safetensors", "expected"]) {
            forward(try config($0, "hidden_size", "192"))
        },
        BadInput("encoder: config has more layers than the weights", expect: ["{dir}/enc/model.safetensors", "encoder.layer.6", "is missing"]) {
            forward(try config($0, "num_hidden_layers", "7"))
        },
        BadInput("safetensors: empty file", expect: ["{dir}/enc/model.safetensors", "the file is empty", "download it again"]) {
            let folder = try $0.encoder()
            try Data().write(to: URL(fileURLWithPath: folder + "/model.safetensors"))
            return forward(folder)
        },
        BadInput("safetensors: truncated header", expect: ["{dir}/enc/model.safetensors", "download it again"]) {
            let folder = try $0.encoder()
            try ModelFixtures.prefix(of: try CommandRunner.encoderFolder() + "/model.safetensors", bytes: 5000, to: folder + "/model.safetensors")
            return forward(folder)
        },
        BadInput("safetensors: truncated data", expect: ["{dir}/enc/model.safetensors", "download it again"]) {
            let folder = try $0.encoder()
            try ModelFixtures.prefix(of: try CommandRunner.encoderFolder() + "/model.safetensors", bytes: 30 << 20, to: folder + "/model.safetensors")
            return forward(folder)
        },
        BadInput("safetensors: header not JSON", expect: ["{dir}/enc/model.safetensors", "not valid JSON"]) {
            let folder = try $0.encoder()
            try Data([8, 0, 0, 0, 0, 0, 0, 0] + Array("{oops!!}".utf8)).write(to: URL(fileURLWithPath: folder + "/model.safetensors"))
            return forward(folder)
        },
        BadInput("safetensors: an extra tensor", expect: ["{dir}/enc/model.safetensors", "unexpected tensor \"extra.weight\""]) {
            forward(try $0.encoder { $0.append("extra.weight", shape: [2], values: [1, 2]) })
        },
        BadInput("safetensors: a missing tensor", expect: ["{dir}/enc/model.safetensors", "encoder.layer.0.output.dense.bias", "is missing"]) {
            forward(try $0.encoder { $0.entries.removeAll { $0.name == "encoder.layer.0.output.dense.bias" } })
        },
        BadInput("safetensors: a mis-shaped tensor", expect: ["{dir}/enc/model.safetensors", "embeddings.LayerNorm.bias", "[2, 192]"]) {
            forward(try $0.encoder { weights in
                let entry = weights.entries.first { $0.name == "embeddings.LayerNorm.bias" }!.value
                guard case .object(let fields) = entry else { return }
                weights.replace("embeddings.LayerNorm.bias", with: .object(JSONObject([
                    ("dtype", JSONValue("F32")), ("shape", JSONValue([2, 192])), ("data_offsets", fields["data_offsets"]!)])))
            })
        },
        BadInput("safetensors: unsupported dtype", expect: ["{dir}/enc/model.safetensors", "unsupported dtype \"F8\""]) {
            forward(try $0.encoder { weights in
                let entry = weights.entries.first { $0.name == "embeddings.LayerNorm.bias" }!.value
                guard case .object(let fields) = entry else { return }
                weights.replace("embeddings.LayerNorm.bias", with: .object(JSONObject([
                    ("dtype", JSONValue("F8")), ("shape", JSONValue([384])), ("data_offsets", fields["data_offsets"]!)])))
            })
        },
        BadInput("encoder: vocab.txt missing", expect: ["{dir}/enc", "vocab.txt"]) {
            let folder = try $0.encoder()
            try FileManager.default.removeItem(atPath: folder + "/vocab.txt")
            return forward(folder)
        },
        BadInput("encoder: vocab.txt empty", expect: ["{dir}/enc", "vocab.txt"]) {
            let folder = try $0.encoder()
            try "".write(toFile: folder + "/vocab.txt", atomically: true, encoding: .utf8)
            return forward(folder)
        },
        BadInput("wrong kind: generate with an encoder", expect: ["--model {encoder}", "needs a decoder"]) { _ in
            ["generate", "--model", try CommandRunner.encoderFolder(), "hello"]
        },
        BadInput("wrong kind: an encoder task on a decoder", expect: ["task sst2", "{decoder}", "encoder classifier"]) {
            try $0.run(task: #"{"task": "sst2", "split": "dev", "examples": 1, "model": "{decoder}"}"#)
        },
        BadInput("wrong kind: a decoder task on an encoder", expect: ["task xquad", "{classifier}", "decoder"]) {
            try $0.run(task: #"{"task": "xquad", "split": "dev", "examples": 1, "model": "{classifier}"}"#)
        },
        BadInput("wrong kind: an encoder without a classifier head", expect: ["task sst2", "{encoder}", "no classifier head"]) {
            try $0.run(task: #"{"task": "sst2", "split": "dev", "examples": 1, "model": "{encoder}"}"#)
        },
        BadInput("wrong kind: a classifier with three labels for a two-label task", expect: ["task sst2", "3 labels", "negative, positive"]) {
            let folder = try $0.encoder("three") { weights in
                weights.append("classifier.weight", shape: [3, 384], values: (0..<1152).map { Float($0 % 7) * 0.01 })
                weights.append("classifier.bias", shape: [3], values: [0, 0, 0])
            }
            return try $0.run(task: #"{"task": "sst2", "split": "dev", "examples": 1, "model": "\#(folder)"}"#)
        },
    ]
}
