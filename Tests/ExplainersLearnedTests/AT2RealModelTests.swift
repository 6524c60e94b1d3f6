import ExplainerKit
@testable import ExplainersLearned
import Foundation
import NumericTestKit
import Testing
import TransformerCore

/// AT2's features on the real SmolLM2-135M-Instruct: equal to the direct computation from the full
/// attention tensors, and one forward pass.
@Suite struct AT2RealModelTests {
    /// The SmolLM2-135M-Instruct GGUF; the test fails (never skips) when it is missing.
    static func decoderFile() throws -> String {
        let home = ProcessInfo.processInfo.environment["ATTRIBENCH_HOME"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/attribench").path
        let file = "\(home)/models/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf"
        try #require(FileManager.default.fileExists(atPath: file), "the decoder model is missing at \(file): run scripts/setup-models.sh")
        return file
    }

    @Test func featuresOnTheRealDecoderEqualTheDirectComputation() throws {
        let model = try LlamaModel(path: Self.decoderFile())
        let subject = try DecoderSubject(model: model, sources: ["The tower is in Paris. ", "It was finished in 1889."],
                                         question: "When was it finished?", response: " In 1889.")
        let expected = try AT2FeatureTests.directFeatures(model: model, context: subject.context).flatMap { $0 }
        let features = AT2Features.sourceFeatures(
            tokenFeatures: AT2Features.tokenFeatures(attentions: try subject.responseAttentions(layers: Array(0..<30))),
            owners: subject.sourceIDs, sources: 2)
        #expect(features.count == 2 * 30 * 9)
        assertClose(features, expected, atol: 1e-6, rtol: 1e-5)
        let attribution = try ExplanationSubject.decoder(subject).explain(with: AverageAttentionExplainer())
        #expect(attribution.cost.forwardPasses == 1)
        assertClose(attribution.featureScores, (0..<2).map { s in expected[(s * 270)..<((s + 1) * 270)].reduce(0, +) / 270 },
                    atol: 1e-6, rtol: 1e-5)
    }
}
