import Foundation
import Logging
import TensorCore
import TransformerCore

/// Fine-tunes a BERT encoder classifier on tokenised examples: length-bucketed mini-batches, dropout,
/// mean cross-entropy, gradient clipping and AdamW with a linear schedule; resumable from the state
/// it saves every `checkpointEvery` steps and at the end of each epoch.
public struct FineTuner: Sendable {
    /// The version of the training code, part of every cache key: bump it when a change alters results.
    public static let codeVersion = "finetune-1"

    /// Where training is, for progress displays.
    public struct Progress: Sendable {
        /// The current epoch (1-based) and the number of epochs.
        public var epoch: Int, epochs: Int
        /// Optimizer steps done and in total.
        public var step: Int, totalSteps: Int
        /// The mean loss over the last (up to) 50 steps.
        public var loss: Double
        /// Training examples per second since this process started training.
        public var examplesPerSecond: Double
        /// Estimated seconds left.
        public var etaSeconds: Double
    }

    /// The settings.
    public let settings: FineTuneSettings
    /// The cache key of the run (recorded in its saved state).
    public let key: String
    /// Where the resumable state lives, or nil for none.
    public let statePath: String?
    private let logger = Logger(label: "attribench.training")

    /// A fine-tuner for the run `key`.
    public init(settings: FineTuneSettings, key: String, statePath: String?) {
        self.settings = settings
        self.key = key
        self.statePath = statePath
    }

    /// Trains `initial` on `rows` (token ids with [CLS] and [SEP], at most `maxLength`) and `labels`,
    /// reporting after every step (an error thrown by `progress` stops training, as a kill would);
    /// returns the trained parameters.
    public func train(_ initial: BertParameterSet, rows: [[Int32]], labels: [Int], padID: Int32,
                      progress: (Progress) throws -> Void = { _ in }) throws -> BertParameterSet {
        try settings.validate(maxPositions: initial.config.maxPositionEmbeddings)
        guard !rows.isEmpty, rows.count == labels.count else {
            throw TrainingError.invalidData("\(rows.count) token rows for \(labels.count) labels; need one label per row and at least one row")
        }
        if let bad = labels.first(where: { $0 < 0 || $0 >= initial.numLabels }) {
            throw TrainingError.invalidData("label \(bad) outside 0..<\(initial.numLabels)")
        }
        if let long = rows.first(where: { $0.count > settings.maxLength }) {
            throw TrainingError.invalidData("a row of \(long.count) tokens exceeds max_length \(settings.maxLength); encode with the tokenizer's maximumLength set")
        }
        let lengths = rows.map(\.count)
        let plans = (0..<settings.epochs).map {
            LengthBuckets.plan(lengths: lengths, batchSize: settings.batchSize, poolBatches: settings.poolBatches,
                               seed: settings.seed, epoch: $0)
        }
        let totalSteps = plans.reduce(0) { $0 + $1.count }
        var parameters = initial
        var optimizer = AdamW(settings: settings.optimizer, parameters: parameters, totalSteps: totalSteps)
        var recentLosses: [Double] = []
        if let statePath, FileManager.default.fileExists(atPath: statePath),
           let loss = try TrainingState.restore(from: statePath, key: key, parameters: &parameters, optimizer: &optimizer) {
            logger.info("resuming the fine-tune", metadata: ["state": "\(statePath)", "step": "\(optimizer.step)/\(totalSteps)"])
            recentLosses = [loss]
        }
        let dropoutRoot = SeededRandom(seed: settings.seed ^ 0x6472_6f70_6f75_7421)
        let start = Date()
        var examplesThisRun = 0
        var step = 0
        for (epoch, plan) in plans.enumerated() {
            for (k, batchIndices) in plan.enumerated() {
                defer { step += 1 }
                guard step >= optimizer.step else { continue }
                let batch = TrainingBatch(rows: batchIndices.map { rows[$0] }, labels: batchIndices.map { labels[$0] }, padID: padID)
                var gradients = parameters.zeros()
                var dropoutSeed = dropoutRoot.fork(UInt64(step))
                let (loss, _) = BertTraining.lossAndGradients(parameters, batch: batch, dropout: settings.dropout,
                                                              seed: dropoutSeed.next(), gradients: &gradients)
                guard loss.isFinite else {
                    throw TrainingError.invalidSettings(field: "learning_rate", reason: "gave a non-finite loss at step \(step + 1); lower it")
                }
                optimizer.update(&parameters, gradients: gradients)
                examplesThisRun += batch.batchSize
                recentLosses.append(Double(loss))
                if recentLosses.count > 50 { recentLosses.removeFirst() }
                let elapsed = Date().timeIntervalSince(start)
                let rate = Double(examplesThisRun) / max(elapsed, 1e-9)
                let remainingExamples = Double(settings.epochs * rows.count) * Double(totalSteps - step - 1) / Double(totalSteps)
                let running = recentLosses.reduce(0, +) / Double(recentLosses.count)
                let endOfEpoch = k == plan.count - 1
                if let statePath, (step + 1) % settings.checkpointEvery == 0 || endOfEpoch, step + 1 < totalSteps {
                    try TrainingState.save(parameters, optimizer: optimizer, key: key, runningLoss: running, to: statePath)
                }
                try progress(Progress(epoch: epoch + 1, epochs: settings.epochs, step: step + 1, totalSteps: totalSteps,
                                  loss: running, examplesPerSecond: rate, etaSeconds: remainingExamples / max(rate, 1e-9)))
            }
        }
        return parameters
    }
}
