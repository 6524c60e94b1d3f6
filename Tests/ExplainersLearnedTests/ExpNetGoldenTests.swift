import AttriJSON
import ExplainerKit
@testable import ExplainersLearned
import NumericTestKit
import Testing

/// ExpNet against HF transformers + PyTorch (`scripts/golden/expnet_golden.py`): the features on the
/// real all-MiniLM-L6-v2, and the MLP's probabilities, focal loss, gradient and Adam steps.
@Suite struct ExpNetGoldenTests {
    static let golden = Result { try GoldenFiles.json("expnet_golden.json") }

    @Test func featuresMatchTheReferenceOnTheRealEncoder() throws {
        let model = try GoldenFiles.goldenClassifier()
        let cases = try Self.golden.get().field("cases").array()
        #expect(cases.count == 2)
        for c in cases {
            let subject = try EncoderSubject(model: model, words: try c.field("words").strings())
            #expect(subject.ids.map(Int.init) == (try c.field("ids").integers()))
            let features = try ExpNetExplainer().features(of: subject)
            #expect(try c.field("width").integer() == 24)
            assertClose(features, try c.field("features").doubles(), atol: 2e-5, "features of \(try c.field("words").strings())")
        }
    }

    @Test func mlpLossGradientAndAdamMatchPyTorch() throws {
        let golden = try Self.golden.get()
        let mlp = try golden.field("mlp")
        let first = try golden.field("cases").array()[0]
        let inputs = try first.field("features").doubles(), width = try first.field("width").integer()
        let hidden = try mlp.field("hidden").integer()
        let labels = try mlp.field("labels").integers().map { $0 != 0 }
        var model = ExpNetModel(inputSize: width, hiddenSize: hidden, parameters: try mlp.field("parameters").doubles())
        let loss = FocalLoss(alpha: try mlp.field("alpha").double(), gamma: try mlp.field("gamma").double())
        assertClose(model.probabilities(inputs), try mlp.field("probabilities").doubles(), atol: 1e-12, "probabilities")

        func step(_ model: ExpNetModel) -> (loss: Double, gradient: [Double]) {
            let activations = model.forward(inputs)
            let n = Double(labels.count)
            let value = zip(activations.logits, labels).map { loss.value(logit: $0, positive: $1) }.reduce(0, +) / n
            let dLogits = zip(activations.logits, labels).map { loss.gradient(logit: $0, positive: $1) / n }
            return (value, model.backward(activations, dLogits: dLogits))
        }
        let (value, gradient) = step(model)
        #expect(abs(value - (try mlp.field("loss").double())) < 1e-12, "loss \(value)")
        assertClose(gradient, try mlp.field("gradient").doubles(), atol: 1e-12, rtol: 1e-9, "gradient")

        var adam = AdamOptimizer(count: model.parameters.count, learningRate: try mlp.field("lr").double())
        for _ in 0..<(try mlp.field("steps").integer()) { adam.update(&model.parameters, gradient: step(model).gradient) }
        assertClose(model.parameters, try mlp.field("after_adam").doubles(), atol: 1e-10, "parameters after Adam")
    }
}
