import Foundation
@testable import ExplainersLearned
import NumericTestKit
import TensorCore
import Testing

/// Focal loss and the MLP's backward pass against central finite differences in Double.
@Suite struct ExpNetGradientTests {
    @Test(arguments: [(0.25, 2.0), (0.5, 0.0), (0.8, 1.5)])
    func focalLossGradientMatchesFiniteDifferences(alpha: Double, gamma: Double) {
        let loss = FocalLoss(alpha: alpha, gamma: gamma)
        for positive in [true, false] {
            for z in [-6.0, -1.3, -0.2, 0.0, 0.4, 2.5, 7.0] {
                let numeric = FiniteDifferences.gradient(of: { loss.value(logit: $0[0], positive: positive) }, at: [z], step: 1e-5)[0]
                let analytic = loss.gradient(logit: z, positive: positive)
                #expect(abs(analytic - numeric) <= 1e-8 + 1e-6 * abs(numeric), "z \(z) positive \(positive): \(analytic) vs \(numeric)")
            }
        }
    }

    @Test func focalLossWithoutFocusingIsWeightedCrossEntropy() {
        let loss = FocalLoss(alpha: 0.5, gamma: 0)
        for z in [-3.0, -0.5, 0.0, 1.2, 30.0] {
            let p = 1 / (1 + exp(-z))
            #expect(abs(loss.value(logit: z, positive: true) - 0.5 * -log(p)) < 1e-12)
            #expect(abs(loss.value(logit: z, positive: false) - 0.5 * log1p(exp(z))) <= 1e-12 * max(1, z), "−log(1 − p) = log(1 + eᶻ) at z \(z)")
        }
        #expect(FocalLoss().value(logit: 800, positive: false).isFinite)
        #expect(FocalLoss().value(logit: -800, positive: true).isFinite)
    }

    @Test func focusingDownWeightsConfidentTokens() {
        let plain = FocalLoss(alpha: 0.25, gamma: 0), focal = FocalLoss(alpha: 0.25, gamma: 2)
        // p = 0.95 for a positive token: well classified, so γ = 2 scales its loss by (1 − p)² = 0.0025.
        let z = log(0.95 / 0.05)
        #expect(abs(focal.value(logit: z, positive: true) / plain.value(logit: z, positive: true) - 0.0025) < 1e-12)
    }

    @Test func mlpBackwardMatchesFiniteDifferences() {
        var data = TestData(seed: 5)
        let f = 3, h = 4, n = 5
        let model = ExpNetModel(inputSize: f, hiddenSize: h, parameters: data.values(ExpNetModel.parameterCount(inputSize: f, hiddenSize: h)))
        let inputs = data.values(n * f, scale: 2)
        let dropout = (0..<(n * h)).map { $0 % 3 == 0 ? 0.0 : 1 / 0.9 }
        let labels = (0..<n).map { $0 % 2 == 0 }
        let loss = FocalLoss()
        func total(_ parameters: [Double]) -> Double {
            let logits = ExpNetModel(inputSize: f, hiddenSize: h, parameters: parameters).forward(inputs, dropoutScale: dropout).logits
            return zip(logits, labels).map { loss.value(logit: $0, positive: $1) }.reduce(0, +)
        }
        let activations = model.forward(inputs, dropoutScale: dropout)
        #expect(activations.preActivations.allSatisfy { abs($0) > 1e-4 }, "a pre-activation sits on the ReLU kink")
        let dLogits = zip(activations.logits, labels).map { loss.gradient(logit: $0, positive: $1) }
        let analytic = model.backward(activations, dLogits: dLogits)
        let numeric = FiniteDifferences.gradient(of: total, at: model.parameters, step: 1e-6)
        #expect(analytic.contains { $0 != 0 } && analytic.count == model.parameters.count)
        assertClose(analytic, numeric, atol: 1e-8, rtol: 1e-6, "∂ focal loss / ∂ parameters")
    }
}
