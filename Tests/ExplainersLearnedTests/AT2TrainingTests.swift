import AttriJSON
import ExplainerKit
import ExplainerTestKit
@testable import ExplainersLearned
import Foundation
import NumericTestKit
import Testing

/// AT2's objective, optimiser, training and learned state.
@Suite struct AT2TrainingTests {
    /// Synthetic training data: outputs = θ* · x + noise, K = 32 masks, F features.
    static func syntheticData(examples: Int, features f: Int, seed: UInt64) -> (AT2TrainingData, [Double]) {
        var random = TestData(seed: seed)
        let truth = random.values(f).map { $0 * $0 }
        let data = (0..<examples).map { _ -> AT2Objective.Example in
            let x = random.values(32 * f)
            let y = (0..<32).map { k in (0..<f).reduce(0.0) { $0 + x[k * f + $1] * truth[$1] } + 0.05 * random.uniform() }
            return AT2Objective.Example(features: x, outputs: y)
        }
        return (AT2TrainingData(examples: data), truth)
    }

    @Test func lossIsTheNegativePearsonCorrelation() {
        let example = AT2Objective.Example(features: [1, 0, 2, 1, 3, 5, 4, 2], outputs: [1, 3, 2, 7])
        let theta = [0.3, -0.2]
        let p = [0.3, 0.4, -0.1, 0.8]
        let mp = p.reduce(0, +) / 4, my = 13.0 / 4
        let cov = zip(p, example.outputs).reduce(0) { $0 + ($1.0 - mp) * ($1.1 - my) }
        let sp = p.reduce(0) { $0 + ($1 - mp) * ($1 - mp) }.squareRoot(), sy = example.outputs.reduce(0) { $0 + ($1 - my) * ($1 - my) }.squareRoot()
        let (loss, _) = AT2Objective.lossAndGradient(theta: theta, example: example)
        // Population moments, ε = 1e-8 beside the standard deviations' product (the reference's formula).
        #expect(abs(loss + (cov / 4) / ((sp / 2) * (sy / 2) + 1e-8)) < 1e-14)
        #expect(abs(loss + cov / (sp * sy)) < 1e-7, "≈ −Pearson's r")
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func gradientPassesFiniteDifferences(seed: UInt64) {
        let (data, _) = Self.syntheticData(examples: 3, features: 6, seed: seed)
        var random = TestData(seed: seed + 100)
        let theta = random.values(6)
        let analytic = AT2Objective.meanLossAndGradient(theta: theta, examples: data.examples).gradient
        let numeric = FiniteDifferences.gradient(of: { AT2Objective.meanLossAndGradient(theta: $0, examples: data.examples).loss },
                                                 at: theta, step: 1e-6)
        assertClose(analytic, numeric, atol: 1e-7, rtol: 1e-5)
    }

    @Test func adamMatchesItsDefinition() {
        // Two steps by hand: PyTorch's Adam, cosine-annealed over 4 steps, no clipping at these norms.
        var optimizer = AdamOptimizer(count: 1, learningRate: 0.1, steps: 4, maxGradientNorm: 10)
        var x = [1.0]
        optimizer.update(&x, gradient: [0.5])
        let first = 1 - 0.1 * 0.5 / (0.5 + 1e-8)
        #expect(abs(x[0] - first) < 1e-15, "the first step moves by lr · g / (|g| + ε)")
        optimizer.update(&x, gradient: [-0.25])
        let m = 0.9 * 0.05 + 0.1 * -0.25, v = 0.999 * 0.00025 + 0.001 * 0.0625
        let rate = 0.1 * (1 + cos(Double.pi / 4)) / 2
        let expected = first - rate * (m / (1 - 0.81)) / ((v / (1 - 0.999 * 0.999)).squareRoot() + 1e-8)
        #expect(abs(x[0] - expected) < 1e-12)
    }

    @Test func clippingScalesTheGradientToTheMaximumNorm() {
        var clipped = AdamOptimizer(count: 2, learningRate: 1, steps: 1, maxGradientNorm: 1)
        var unclipped = AdamOptimizer(count: 2, learningRate: 1, steps: 1, maxGradientNorm: 0)
        var a = [0.0, 0.0], b = [0.0, 0.0]
        clipped.update(&a, gradient: [30, 40])
        unclipped.update(&b, gradient: [30, 40])
        let coefficient = 1 / (50 + 1e-6)   // torch's clip_grad_norm_: max_norm / (total_norm + 1e-6)
        #expect(abs(clipped.m[0] - 0.1 * 30 * coefficient) < 1e-15 && abs(unclipped.m[0] - 3) < 1e-15)
        #expect(abs(a[0] + 30 * coefficient / (30 * coefficient + 1e-8)) < 1e-15)
    }

    @Test func trainingRecoversTheDirectionOfALinearTarget() throws {
        let (data, truth) = Self.syntheticData(examples: 40, features: 8, seed: 9)
        var configuration = AT2Explainer.Configuration()
        configuration.learningRate = 1e-2
        configuration.batchSize = 16
        let explainer = try AT2Explainer(configuration: configuration).fitted(to: data, layers: 2, heads: 4, description: "synthetic")
        let state = try #require(explainer.state)
        #expect(state.provenance.finalLoss < -0.99 && state.provenance.finalLoss < state.provenance.initialLoss)
        #expect(abs(state.theta.reduce(0) { $0 + abs($1) } - 1) < 1e-12, "θ is L1-normalised")
        let scale = truth.reduce(0) { $0 + abs($1) }
        assertClose(state.theta, truth.map { $0 / scale }, atol: 0.02, "θ ∝ θ*")
    }

    @Test func trainingIsDeterministicUnderASeed() throws {
        let (data, _) = Self.syntheticData(examples: 20, features: 8, seed: 4)
        var configuration = AT2Explainer.Configuration()
        configuration.batchSize = 5
        configuration.iterations = 200
        let first = try AT2Explainer(configuration: configuration).fitted(to: data, layers: 2, heads: 4, description: "d")
        let second = try AT2Explainer(configuration: configuration).fitted(to: data, layers: 2, heads: 4, description: "d")
        configuration.seed = 1
        let other = try AT2Explainer(configuration: configuration).fitted(to: data, layers: 2, heads: 4, description: "d")
        #expect(first.state == second.state)
        #expect(first.state?.theta != other.state?.theta, "another seed draws other batches")
    }

    @Test func trainingOnTheTinyDecoderIsDeterministic() throws {
        let subjects = try TinyModels.decoderSubjects(model: TinyModels.decoder())
        var configuration = AT2Explainer.Configuration()
        configuration.iterations = 100
        let a = try AT2Explainer(configuration: configuration).trained(on: subjects, description: "tiny")
        let b = try AT2Explainer(configuration: configuration).trained(on: subjects, description: "tiny")
        #expect(a.state == b.state)
        let distinctMasks = subjects.map { subject in
            Set(AT2TrainingData.randomMasks(count: 32, features: subject.features.count, keepProbability: 0.5,
                                            seed: configuration.seed ^ subject.fingerprint)).count
        }
        #expect(a.trainingCost?.forwardPasses == distinctMasks.reduce(0, +) + subjects.count,
                "one pass per distinct mask and one attention pass per input")
    }

    @Test func stateRoundTripsThroughItsDirectory() throws {
        let subjects = try TinyModels.decoderSubjects(model: TinyModels.decoder())
        var configuration = AT2Explainer.Configuration()
        configuration.iterations = 20
        let trained = try AT2Explainer(configuration: configuration).trained(on: subjects, description: "tiny")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("at2-state-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try trained.saveState(to: directory)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + AT2State.fileName))
        try trained.saveState(to: directory)
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + AT2State.fileName)) == bytes, "the same state, the same bytes")
        let loaded = try AT2Explainer().loadingState(from: directory)
        #expect(loaded.state == trained.state && loaded.trainingCost == trained.trainingCost)
        configuration.stateDirectory = directory
        let configured = try AT2Explainer(configuration: configuration)
        for subject in subjects {
            #expect(try subject.explain(with: configured).tokenScores == subject.explain(with: trained).tokenScores)
        }
        #expect(throws: ExplainerError.self) { try AT2Explainer(variant: .encoder).loadingState(from: directory) }
    }

    @Test func anUntrainedExplainerSaysHowToTrain() throws {
        let subject = try TinyModels.decoderSubjects(model: TinyModels.decoder())[0]
        #expect {
            _ = try subject.explain(with: AT2Explainer())
        } throws: { error in
            "\(error)".contains("train it first")
        }
    }

    @Test func logitProbabilityIsLogOdds() {
        #expect(abs(AT2TrainingData.logitProbability(logProbability: log(0.25)) - log(0.25 / 0.75)) < 1e-12)
        #expect(AT2TrainingData.logitProbability(logProbability: 0).isFinite)
    }
}

/// AT2's objective against the reference's `PearsonCorrelationLoss` under torch autograd.
@Suite struct AT2ObjectiveGoldenTests {
    @Test func lossAndGradientMatchTorch() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/at2_objective.json")
        let cases = try JSONCursor(JSONParser.parse(contentsOf: url.path), source: JSONSource(name: url.path)).field("cases").array()
        #expect(cases.count == 3)
        for entry in cases {
            let examples = try zip(entry.field("features").array(), entry.field("outputs").array()).map { x, y in
                AT2Objective.Example(features: try x.array().flatMap { try $0.doubles() }, outputs: try y.doubles())
            }
            let theta = try entry.field("theta").doubles()
            let (loss, gradient) = AT2Objective.meanLossAndGradient(theta: theta, examples: examples)
            assertClose([loss], [try entry.field("loss").double()], atol: 1e-12, rtol: 1e-10, "loss \(entry.path)")
            assertClose(gradient, try entry.field("gradient").doubles(), atol: 1e-12, rtol: 1e-9, "gradient \(entry.path)")
        }
    }
}
