import ExplainerKit
import Foundation
import TensorCore

/// AT2's training data: for each training input, random ablation masks over its features (sources or
/// words), the model's output under each ablation, and the attention features of each mask — what
/// `LinearScoreEstimatorTrainer.compute_features_and_outputs` stores. Each feature is kept with
/// probability `keepProbability` (the reference's α = 0.5), 32 masks per input by default.
///
/// The output is the response's logit-probability log p − log(1 − p) on a decoder (the reference's
/// `aggregate_logit_probs`), and the predicted class's log-probability on an encoder.
public struct AT2TrainingData: Sendable, Equatable {
    /// One entry per training input.
    public var examples: [AT2Objective.Example]
    /// Ablated forward passes run (distinct masks) plus one attention pass per input.
    public var forwardPasses: Int
    /// Wall seconds spent generating the data (ablations and attention passes).
    public var seconds: Double

    /// Training data from its parts.
    public init(examples: [AT2Objective.Example], forwardPasses: Int = 0, seconds: Double = 0) {
        self.examples = examples
        self.forwardPasses = forwardPasses
        self.seconds = seconds
    }

    /// Generates the data for `subjects` with `ablations` masks each, seeded by `seed` and each input's
    /// fingerprint (so an input's masks do not depend on the rest of the training set).
    public static func generate(_ subjects: [ExplanationSubject], ablations: Int, keepProbability: Double,
                                seed: UInt64) throws -> AT2TrainingData {
        let start = DispatchTime.now().uptimeNanoseconds
        var examples: [AT2Objective.Example] = []
        var passes = 0
        for subject in subjects {
            let masks = randomMasks(count: ablations, features: subject.features.count, keepProbability: keepProbability,
                                    seed: seed ^ subject.fingerprint)
            let outputs: [Double], sourceFeatures: [Float]
            switch subject {
            case .decoder(let decoder):
                outputs = try decoder.responseLogProbabilities(keeping: masks).map { logitProbability(logProbability: Double($0)) }
                sourceFeatures = try AT2Features.sourceFeatures(
                    tokenFeatures: AT2Features.tokenFeatures(attentions: decoderAttentions(decoder)),
                    owners: decoder.sourceIDs, sources: decoder.sources.count)
            case .encoder(let encoder):
                outputs = try encoder.targetValues(keeping: masks, removal: .mask, output: .logProbability).map(Double.init)
                sourceFeatures = try AT2Features.sourceFeatures(
                    tokenFeatures: AT2Features.tokenFeatures(attentions: encoderAttentions(encoder)),
                    owners: encoder.wordIDs, sources: encoder.words.count)
            }
            passes += Set(masks).count + 1  // a repeated mask is evaluated once (`responseLogProbabilities`, `targetValues`)
            examples.append(AT2Objective.Example(features: AT2Features.maskFeatures(sourceFeatures: sourceFeatures, masks: masks),
                                                 outputs: outputs))
        }
        return AT2TrainingData(examples: examples, forwardPasses: passes,
                               seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// `count` masks over `features` features, each kept with `keepProbability`.
    public static func randomMasks(count: Int, features: Int, keepProbability: Double, seed: UInt64) -> [[Bool]] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in (0..<features).map { _ in random.nextDouble() < keepProbability } }
    }

    /// log p − log(1 − p) from log p, as the reference's `aggregate_logit_probs` (`log1p(−exp(log p))`);
    /// log p is capped at −1e-7 so a response of probability 1 in float stays finite.
    public static func logitProbability(logProbability: Double) -> Double {
        let value = min(logProbability, -1e-7)
        return value - log(-expm1(value))
    }

    /// Attention rows of the response tokens in every layer (L, H, R, T).
    static func decoderAttentions(_ subject: DecoderSubject) throws -> Tensor {
        try subject.responseAttentions(layers: Array(0..<subject.shape.layers))
    }

    /// The `[CLS]` row of every layer's attention (L, H, 1, T): what the classification token attends to.
    static func encoderAttentions(_ subject: EncoderSubject) throws -> Tensor {
        let attentions = try subject.forward().attentions   // (L,H,T,T)
        let l = attentions.shape[0], h = attentions.shape[1], t = attentions.shape[3]
        var rows = [Float]()
        rows.reserveCapacity(l * h * t)
        for block in 0..<(l * h) { rows += attentions.storage[(block * t * t)..<(block * t * t + t)] }
        return Tensor(shape: [l, h, 1, t], values: rows)
    }
}
