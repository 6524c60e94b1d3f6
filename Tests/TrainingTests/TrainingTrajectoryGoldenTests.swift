import AttriJSON
import Foundation
import NumericTestKit
import Testing
import Training
import TransformerCore

/// The fine-tuning loop against PyTorch on the real all-MiniLM-L6-v2: six AdamW steps on SST-2
/// sentences with dropout off, from the same classifier head, give the same losses, gradient norms
/// and final logits as HF transformers + torch.optim.AdamW (golden: scripts/golden/training_golden.py).
/// Dropout is the only part of a fine-tune this cannot compare; its masks come from different generators.
@Suite struct TrainingTrajectoryGoldenTests {
    static var home: String {
        ProcessInfo.processInfo.environment["ATTRIBENCH_HOME"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/attribench").path
    }

    @Test func sixAdamWStepsOnMiniLMMatchPyTorch() throws {
        let goldenPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/training_golden.json").path
        let golden = JSONCursor(try JSONParser.parse(contentsOf: goldenPath), source: JSONSource(name: goldenPath))
        let folder = "\(Self.home)/models/all-MiniLM-L6-v2"
        try #require(FileManager.default.fileExists(atPath: "\(folder)/model.safetensors"),
                     "the encoder model is missing at \(folder): run scripts/setup-models.sh")
        let model = try BertModel(folder: folder)
        var parameters = BertParameterSet(weights: model.weights, numLabels: 2, seed: 0)
        let weightIndex = try #require(parameters.names.firstIndex(of: "classifier.weight"))
        let biasIndex = try #require(parameters.names.firstIndex(of: "classifier.bias"))
        parameters.values[weightIndex] = try golden.field("classifier_weight").array().map { Float(try $0.double()) }
        parameters.values[biasIndex] = try golden.field("classifier_bias").array().map { Float(try $0.double()) }

        let rows = try golden.field("rows").array().map { try $0.array().map { Int32(try $0.integer()) } }
        let labels = try golden.field("labels").array().map { try $0.integer() }
        let batches = try golden.field("batches").array().map { try $0.array().map { try $0.integer() } }
        let epochs = try golden.field("epochs").integer()
        let settings = AdamW.Settings(learningRate: Float(try golden.field("learning_rate").double()),
                                      weightDecay: Float(try golden.field("weight_decay").double()),
                                      maxGradientNorm: Float(try golden.field("max_grad_norm").double()),
                                      warmupFraction: try golden.field("warmup_fraction").double())
        var optimizer = AdamW(settings: settings, parameters: parameters, totalSteps: epochs * batches.count)
        let noDropout = DropoutRates(hidden: 0, attention: 0)

        var losses: [Double] = [], norms: [Double] = []
        for _ in 0..<epochs {
            for indices in batches {
                let batch = TrainingBatch(rows: indices.map { rows[$0] }, labels: indices.map { labels[$0] }, padID: 0)
                var gradients = parameters.zeros()
                let (loss, _) = BertTraining.lossAndGradients(parameters, batch: batch, dropout: noDropout, seed: 0,
                                                              gradients: &gradients)
                losses.append(Double(loss))
                norms.append(optimizer.update(&parameters, gradients: gradients))
            }
        }
        let steps = try golden.field("steps").array()
        assertClose(losses, try steps.map { try $0.field("loss").double() }, atol: 0, rtol: 5e-6, "loss per step")
        assertClose(norms, try steps.map { try $0.field("gradient_norm").double() }, atol: 0, rtol: 1e-4,
                    "gradient norm per step")

        let all = TrainingBatch(rows: rows, labels: labels, padID: 0)
        var unused = parameters.zeros()
        let logits = BertTraining.lossAndGradients(parameters, batch: all, dropout: noDropout, seed: 0, gradients: &unused).logits
        let expected = try golden.field("final_logits").array().flatMap { try $0.array().map { try $0.double() } }
        assertClose(logits, expected, atol: 1e-5, "logits after six steps")
    }
}
