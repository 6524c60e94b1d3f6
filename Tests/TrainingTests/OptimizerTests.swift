import Foundation
import NumericTestKit
import TensorCore
import Testing
import Training

/// AdamW, the schedule and clipping against the formulas of torch.optim.AdamW,
/// get_linear_schedule_with_warmup and clip_grad_norm_, computed here in Double.
@Suite struct OptimizerTests {
    @Test func scheduleWarmsUpLinearlyThenDecaysToZero() {
        let parameters = try! TinyTraining.parameters()
        let adam = AdamW(settings: AdamW.Settings(learningRate: 1e-3, warmupFraction: 0.1), parameters: parameters, totalSteps: 95)
        #expect(adam.warmupSteps == 10)  // ⌈9.5⌉
        #expect(adam.learningRate(afterSteps: 0) == 0)
        #expect(abs(adam.learningRate(afterSteps: 5) - 5e-4) < 1e-9)
        #expect(abs(adam.learningRate(afterSteps: 10) - 1e-3) < 1e-9)
        #expect(abs(adam.learningRate(afterSteps: 52) - Float(1e-3 * 43.0 / 85.0)) < 1e-9)
        #expect(adam.learningRate(afterSteps: 95) == 0)
    }

    @Test func twoStepsMatchTheAdamWFormulaWithClippingAndDecayGroups() throws {
        let start = try TinyTraining.parameters()
        var parameters = start
        let settings = AdamW.Settings(learningRate: 1e-2, weightDecay: 0.1, maxGradientNorm: 0.5, warmupFraction: 0)
        var adam = AdamW(settings: settings, parameters: parameters, totalSteps: 4)
        var random = SeededRandom(seed: 3)
        let gradientSets = (0..<2).map { _ in
            BertParameterSet(config: start.config, numLabels: start.numLabels,
                             values: start.values.map { $0.map { _ in Float(random.nextGaussian()) * 0.05 } })
        }
        for g in gradientSets { adam.update(&parameters, gradients: g) }

        // The reference, in Double.
        let decays = start.decays
        for i in start.values.indices {
            var p = start.values[i].map(Double.init)
            var m = [Double](repeating: 0, count: p.count), v = m
            for (t, g) in gradientSets.enumerated() {
                let norm = g.values.reduce(0.0) { $0 + $1.reduce(0.0) { $0 + Double($1) * Double($1) } }.squareRoot()
                let scale = norm > 0.5 ? 0.5 / (norm + 1e-6) : 1
                let lr = 1e-2 * Double(4 - t) / 4
                for j in p.indices {
                    let grad = Double(g.values[i][j]) * scale
                    p[j] *= 1 - lr * (decays[i] ? 0.1 : 0)
                    m[j] = 0.9 * m[j] + 0.1 * grad
                    v[j] = 0.999 * v[j] + 0.001 * grad * grad
                    let mHat = m[j] / (1 - pow(0.9, Double(t + 1))), vHat = v[j] / (1 - pow(0.999, Double(t + 1)))
                    p[j] -= lr * mHat / (vHat.squareRoot() + 1e-8)
                }
            }
            assertClose(parameters.values[i], p, atol: 2e-6, rtol: 1e-5, start.names[i])
        }
    }

    @Test func decayExcludesBiasesAndLayerNormWeights() throws {
        let parameters = try TinyTraining.parameters()
        for (name, decays) in zip(parameters.names, parameters.decays) {
            let excluded = name.hasSuffix(".bias") || name.contains("LayerNorm")
            #expect(decays == !excluded, "\(name)")
        }
        #expect(parameters.decays.filter { $0 }.count == 3 + 4 * TinyTraining.config.numHiddenLayers + 2)
    }

    @Test func dropoutMaskIsSeededScaledAndDropsAtTheRate() {
        var a = [Float](repeating: 0, count: 100_000), b = a, c = a
        dropoutMask(out: &a, count: a.count, probability: 0.1, seed: 5)
        dropoutMask(out: &b, count: b.count, probability: 0.1, seed: 5)
        dropoutMask(out: &c, count: c.count, probability: 0.1, seed: 6)
        #expect(a == b)
        #expect(a != c)
        let dropped = Double(a.filter { $0 == 0 }.count) / Double(a.count)
        #expect(abs(dropped - 0.1) < 0.005)  // 5 standard deviations
        let scale = a.first { $0 != 0 }!
        #expect(abs(Double(scale) - 65536.0 / (65536 - 6554)) < 1e-6)
        #expect(a.allSatisfy { $0 == 0 || $0 == scale })
    }
}
