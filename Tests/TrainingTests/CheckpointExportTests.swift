import AttriJSON
import Foundation
import NumericTestKit
import Testing
import Training
import TransformerCore

/// A checkpoint written by AttriBench loads back into `BertModel` unchanged and, loaded by HF
/// transformers, gives the same logits (golden: scripts/golden/checkpoint_golden.py, run on the very
/// checkpoint this test writes to $TMPDIR/attribench-tiny-checkpoint; its bytes are pinned by FNV-1a).
@Suite(.serialized) struct CheckpointExportTests {
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attribench-tiny-checkpoint").path
    static let rows: [[Int32]] = [[2, 5, 9, 7, 13, 3], [2, 6, 11, 3], [2, 8, 8, 12, 3]]

    static func writeTinyCheckpoint() throws -> BertParameterSet {
        let model = try BertModel.random(config: TinyTraining.config, numLabels: 3, seed: 42, scale: 0.3)
        let parameters = BertParameterSet(weights: model.weights, numLabels: 3, seed: 42)
        try CheckpointExport.write(parameters, labelNames: ["neg", "neu", "pos"], dropout: DropoutRates(),
                                   tokenizerFolder: nil, vocabulary: model.tokenizer.tokens, to: folder)
        return parameters
    }

    static func fnv1a(_ path: String) throws -> String {
        var fingerprint = Fingerprint()
        fingerprint.add(bytes: try Data(contentsOf: URL(fileURLWithPath: path)))
        return fingerprint.hex
    }

    @Test func writtenCheckpointLoadsBackWithTheSameWeightsAndLabels() throws {
        let parameters = try Self.writeTinyCheckpoint()
        let loaded = try BertModel(folder: Self.folder)
        #expect(loaded.config.labelNames(numLabels: 3) == ["neg", "neu", "pos"])
        let again = BertParameterSet(weights: loaded.weights, numLabels: 3, seed: 0)
        #expect(again.values == parameters.values)
        let file = try SafetensorsFile(path: "\(Self.folder)/model.safetensors")
        #expect(file.tensorNames.contains("bert.encoder.layer.1.attention.self.key.weight"))
        #expect(file.tensorNames.contains("classifier.weight"))
        #expect(!file.tensorNames.contains { $0.contains("qkv") })
    }

    @Test func huggingFaceLoadsTheCheckpointToTheSameLogits() throws {
        _ = try Self.writeTinyCheckpoint()
        let goldenPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/checkpoint_golden.json").path
        let golden = JSONCursor(try JSONParser.parse(contentsOf: goldenPath), source: JSONSource(name: goldenPath))
        #expect(try golden.field("safetensors_fnv1a").string() == Self.fnv1a("\(Self.folder)/model.safetensors"),
                "the checkpoint bytes changed: rerun scripts/golden/checkpoint_golden.py")
        #expect(try golden.field("missing_keys").array().isEmpty && golden.field("unexpected_keys").array().isEmpty)
        let expected = try golden.field("logits").array().flatMap { try $0.array().map { try $0.double() } }
        let model = try BertModel(folder: Self.folder)
        let logits = try model.forward(BertBatch(sequences: Self.rows, padID: 0)).logits!.storage
        assertClose(logits, expected, atol: 1e-5, "HF logits")
    }
}
