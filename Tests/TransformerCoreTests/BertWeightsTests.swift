import Foundation
import TensorCore
import Testing
@testable import TransformerCore

/// Strict loading of BERT checkpoints: the key mapping, and the tensor each mistake names.
@Suite struct BertWeightsTests {
    static let config = BertConfig(vocabSize: 6, hiddenSize: 4, numHiddenLayers: 1, numAttentionHeads: 2,
                                   intermediateSize: 8, maxPositionEmbeddings: 5)

    /// A checkpoint with every parameter of `config` under `prefix`, edited by `edit`.
    static func checkpoint(prefix: String = "", classifier: Bool = false,
                           edit: (inout [String: [Int]]) -> Void = { _ in }) throws -> String {
        var shapes: [String: [Int]] = [:]
        var parameters: [BertParameter] = [.wordEmbeddings, .positionEmbeddings, .tokenTypeEmbeddings,
                                           .embeddingNormWeight, .embeddingNormBias, .poolerWeight, .poolerBias]
        parameters += BertLayerParameter.allCases.map { .layer(0, $0) }
        for p in parameters {
            let name = p.checkpointName.hasPrefix("bert.") ? String(p.checkpointName.dropFirst(5)) : p.checkpointName
            shapes[prefix + name] = p.expectedShape(config, numLabels: 3)
        }
        if classifier {
            shapes["classifier.weight"] = [3, 4]
            shapes["classifier.bias"] = [3]
        }
        edit(&shapes)
        var offset = 0
        var entries: [String] = []
        for (name, shape) in shapes.sorted(by: { $0.key < $1.key }) {
            let bytes = shape.reduce(1, *) * 4
            entries.append("\"\(name)\":{\"dtype\":\"F32\",\"shape\":\(shape),\"data_offsets\":[\(offset),\(offset + bytes)]}")
            offset += bytes
        }
        return try SafetensorsTests.file(header: "{" + entries.joined(separator: ",") + "}",
                                         data: [UInt8](repeating: 0, count: offset))
    }

    @Test(arguments: ["", "bert."])
    func loadsBareAndClassifierCheckpoints(prefix: String) throws {
        let path = try Self.checkpoint(prefix: prefix, classifier: !prefix.isEmpty)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let weights = try BertWeights.load(from: try SafetensorsFile(path: path), config: Self.config)
        #expect(weights.layers.count == 1)
        #expect(weights.layers[0].qkvWeight.shape == [12, 4])
        #expect(weights.numLabels == (prefix.isEmpty ? nil : 3))
    }

    @Test func keyMappingIsPure() {
        #expect(BertParameter.from(checkpointName: "bert.encoder.layer.11.attention.self.query.weight") == .layer(11, .queryWeight))
        #expect(BertParameter.from(checkpointName: "encoder.layer.0.output.LayerNorm.bias") == .layer(0, .outputNormBias))
        #expect(BertParameter.from(checkpointName: "classifier.weight") == .classifierWeight)
        #expect(BertParameter.from(checkpointName: "bert.classifier.weight") == nil)
        #expect(BertParameter.from(checkpointName: "encoder.layer.x.output.dense.bias") == nil)
        #expect(BertParameter.from(checkpointName: "cls.predictions.bias") == nil)
    }

    @Test(arguments: [
        ("missing", "tensor \"bert.encoder.layer.0.attention.self.key.bias\" is missing"),
        ("unexpected", "unexpected tensor \"cls.predictions.bias\""),
        ("wrong shape", "tensor \"encoder.layer.0.intermediate.dense.weight\" has shape [8, 5], expected [8, 4]"),
        ("extra layer", "unexpected tensor \"encoder.layer.1.output.dense.bias\""),
        ("half classifier", "tensor \"classifier.bias\" is missing"),
    ])
    func mistakesNameTheTensor(mistake: String, message: String) throws {
        let path = try Self.checkpoint { shapes in
            switch mistake {
            case "missing": shapes["encoder.layer.0.attention.self.key.bias"] = nil
            case "unexpected": shapes["cls.predictions.bias"] = [6]
            case "wrong shape": shapes["encoder.layer.0.intermediate.dense.weight"] = [8, 5]
            case "extra layer": shapes["encoder.layer.1.output.dense.bias"] = [4]
            default: shapes["classifier.weight"] = [3, 4]
            }
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try BertWeights.load(from: try SafetensorsFile(path: path), config: Self.config)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func invalidConfigIsNamed() {
        var config = Self.config
        config.numAttentionHeads = 3
        #expect { try config.validate(path: "config.json") } throws: {
            "\($0)" == "config.json: \"hidden_size\" (4) must be divisible by num_attention_heads (3)"
        }
        config = Self.config
        config.hiddenAct = "relu"
        #expect { try config.validate(path: "config.json") } throws: { "\($0)".contains("only \"gelu\"") }
    }
}
