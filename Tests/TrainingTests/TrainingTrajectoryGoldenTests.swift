import AttriJSON
import Foundation
import NumericTestKit
import Testing
import Training
import TransformerCore

/// The fine-tuning loop against PyTorch on the real all-MiniLM-L6-v2: six AdamW steps on SST-2
/// sentences from the same classifier head (seed 0's, drawn alike on both sides) give the same losses, gradient norms and final logits as
/// HF transformers + torch.optim.AdamW (golden: scripts/golden/training_golden.py), both with dropout
/// off and with dropout 0.1 — torch then applies the very masks AttriBench draws, so the whole training
/// step is compared; real fine-tunes of the two differ only in their random draws.
@Suite struct TrainingTrajectoryGoldenTests {
    static var home: String {
        ProcessInfo.processInfo.environment["ATTRIBENCH_HOME"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/attribench").path
    }

    static func golden() throws -> JSONCursor {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/training_golden.json").path
        return JSONCursor(try JSONParser.parse(contentsOf: path), source: JSONSource(name: path))
    }

    /// Runs the golden's steps from its head; returns each step's loss and gradient norm and the
    /// logits of every sentence afterwards. Step k's dropout masks come from seed `dropoutSeed + k`.
    static func trajectory(_ golden: JSONCursor, dropout: DropoutRates, dropoutSeed: UInt64)
        throws -> (losses: [Double], norms: [Double], logits: [Float]) {
        let folder = "\(home)/models/all-MiniLM-L6-v2"
        try #require(FileManager.default.fileExists(atPath: "\(folder)/model.safetensors"),
                     "the encoder model is missing at \(folder): run scripts/setup-models.sh")
        let model = try BertModel(folder: folder)
        // The head of seed 0, drawn as the PyTorch side (scripts/swift_dropout.py) drew it.
        var parameters = BertParameterSet(weights: model.weights, numLabels: 2, seed: 0)
        let weightIndex = try #require(parameters.names.firstIndex(of: "classifier.weight"))
        let biasIndex = try #require(parameters.names.firstIndex(of: "classifier.bias"))
        #expect(parameters.values[weightIndex] == (try golden.field("classifier_weight").array().map { Float(try $0.double()) }))
        #expect(parameters.values[biasIndex] == (try golden.field("classifier_bias").array().map { Float(try $0.double()) }))

        let rows = try golden.field("rows").array().map { try $0.array().map { Int32(try $0.integer()) } }
        let labels = try golden.field("labels").array().map { try $0.integer() }
        let batches = try golden.field("batches").array().map { try $0.array().map { try $0.integer() } }
        let epochs = try golden.field("epochs").integer()
        let settings = AdamW.Settings(learningRate: Float(try golden.field("learning_rate").double()),
                                      weightDecay: Float(try golden.field("weight_decay").double()),
                                      maxGradientNorm: Float(try golden.field("max_grad_norm").double()),
                                      warmupFraction: try golden.field("warmup_fraction").double())
        var optimizer = AdamW(settings: settings, parameters: parameters, totalSteps: epochs * batches.count)
        var losses: [Double] = [], norms: [Double] = []
        for _ in 0..<epochs {
            for indices in batches {
                let batch = TrainingBatch(rows: indices.map { rows[$0] }, labels: indices.map { labels[$0] }, padID: 0)
                var gradients = parameters.zeros()
                let (loss, _) = BertTraining.lossAndGradients(parameters, batch: batch, dropout: dropout,
                                                              seed: dropoutSeed + UInt64(losses.count), gradients: &gradients)
                losses.append(Double(loss))
                norms.append(optimizer.update(&parameters, gradients: gradients))
            }
        }
        var unused = parameters.zeros()
        let logits = BertTraining.lossAndGradients(parameters, batch: TrainingBatch(rows: rows, labels: labels, padID: 0),
                                                   dropout: DropoutRates(hidden: 0, attention: 0), seed: 0,
                                                   gradients: &unused).logits
        return (losses, norms, logits)
    }

    static func check(_ run: (losses: [Double], norms: [Double], logits: [Float]), steps: [JSONCursor], logits: JSONCursor,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        assertClose(run.losses, try steps.map { try $0.field("loss").double() }, atol: 0, rtol: 5e-6, "loss per step",
                    sourceLocation: sourceLocation)
        assertClose(run.norms, try steps.map { try $0.field("gradient_norm").double() }, atol: 0, rtol: 1e-4,
                    "gradient norm per step", sourceLocation: sourceLocation)
        assertClose(run.logits, try logits.array().flatMap { try $0.array().map { try $0.double() } }, atol: 1e-5,
                    "logits after six steps", sourceLocation: sourceLocation)
    }

    @Test func sixAdamWStepsWithoutDropoutMatchPyTorch() throws {
        let golden = try Self.golden()
        let run = try Self.trajectory(golden, dropout: DropoutRates(hidden: 0, attention: 0), dropoutSeed: 0)
        try Self.check(run, steps: try golden.field("steps").array(), logits: try golden.field("final_logits"))
    }

    @Test func sixAdamWStepsWithTheSameDropoutMasksMatchPyTorch() throws {
        let golden = try Self.golden()
        let rate = Float(try golden.field("dropout").double())
        let run = try Self.trajectory(golden, dropout: DropoutRates(hidden: rate, attention: rate),
                                      dropoutSeed: UInt64(try golden.field("dropout_seed").integer()))
        try Self.check(run, steps: try golden.field("dropout_steps").array(), logits: try golden.field("dropout_final_logits"))
    }
}
