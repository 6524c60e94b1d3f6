import ExplainerKit
import ExplainerTestKit
@testable import ExplainersLearned
import Foundation
import TensorCore
import Testing

/// ExpNet on tiny models: features from the attention tensor, reproducible training, learning, the
/// saved state, the binary prediction and the conformance kit.
@Suite struct ExpNetExplainerTests {
    static let model = Result { try TinyModels.encoder() }

    /// Tiny training examples: the rationale marks words whose index is odd.
    static func examples() throws -> [RationaleExample] {
        try TinyModels.encoderSubjects(model: model.get()).map { subject in
            RationaleExample(subject: subject, rationale: subject.features.indices.map { UInt8($0 % 2) })
        }
    }

    static func quick(seed: UInt64 = 0) -> ExpNetExplainer.Configuration {
        var c = ExpNetExplainer.Configuration()
        c.hiddenSize = 8
        c.epochs = 5
        c.batchSize = 4
        c.seed = seed
        return c
    }

    @Test(arguments: [(-1, [ExpNetFeatures.Direction.clsToToken, .tokenToCls]), (0, [.tokenToCls]), (1, [.clsToToken])])
    func featuresAreTheAttentionEntriesOfTheLayer(layer: Int, directions: [ExpNetFeatures.Direction]) throws {
        let subject = try EncoderSubject(model: Self.model.get(), words: ["w4", "w5s", "w6", "w7ing"])
        var configuration = ExpNetExplainer.Configuration()
        configuration.layer = layer
        configuration.directions = directions
        let features = try ExpNetExplainer(configuration: configuration).features(of: subject)
        let attentions = try subject.forward().attentions
        let (l, h, t) = (attentions.shape[0], attentions.shape[1], attentions.shape[2])
        let resolved = layer < 0 ? l + layer : layer
        #expect(features.count == t * h * directions.count)
        for token in 0..<t {
            for (block, direction) in directions.enumerated() {
                for head in 0..<h {
                    let (row, column) = direction == .clsToToken ? (0, token) : (token, 0)
                    let expected = attentions.storage[((resolved * h + head) * t + row) * t + column]
                    #expect(features[token * h * directions.count + block * h + head] == Double(expected),
                            "token \(token) \(direction) head \(head)")
                }
            }
        }
    }

    @Test func decoderFeaturesAreTheResponseAttentionMeanAndMax() throws {
        let decoder = try TinyModels.decoder()
        let subject = try TinyModels.decoderSubjects(model: decoder)[0]
        guard case .decoder(let inner) = subject else { Issue.record("not a decoder subject"); return }
        let features = try ExpNetExplainer().features(of: subject)
        let attentions = try inner.responseAttentions(layers: [0, 1])
        let (l, h, r, t) = (attentions.shape[0], attentions.shape[1], attentions.shape[2], attentions.shape[3])
        #expect(t == subject.tokens.count && r >= 1 && features.count == t * 2 * l * h)
        for j in 0..<t {
            for layer in 0..<l {
                for head in 0..<h {
                    let column = (0..<r).map { Double(attentions.storage[((layer * h + head) * r + $0) * t + j]) }
                    let mean = features[j * 2 * l * h + layer * h + head], maximum = features[j * 2 * l * h + l * h + layer * h + head]
                    #expect(abs(mean - column.reduce(0, +) / Double(r)) < 1e-15 && maximum == column.max()!, "position \(j) layer \(layer) head \(head)")
                }
            }
        }
        let trained = try ExpNetExplainer(configuration: Self.quick()).trained(on: TinyModels.decoderSubjects(model: decoder).map {
            RationaleExample(subject: $0, rationale: $0.features.indices.map { $0 == 0 ? 1 : 0 })
        })
        let attribution = try subject.explain(with: trained)
        #expect(attribution.aggregation == .mean && attribution.featureScores.allSatisfy { (0...1).contains($0) })
        #expect(zip(attribution.tokenScores, attribution.tokenFeatures).allSatisfy { $1 != nil || $0 == 0 })
    }

    @Test func anOutOfRangeLayerIsAnErrorNamingIt() throws {
        var configuration = ExpNetExplainer.Configuration()
        configuration.layer = 9
        let error = #expect(throws: ExplainerError.self) { try ExpNetExplainer(configuration: configuration).trained(on: Self.examples()) }
        #expect("\(error!)".contains("layer 9"))
    }

    @Test func trainingIsBitReproducibleUnderASeed() throws {
        let examples = try Self.examples()
        let a = try ExpNetExplainer(configuration: Self.quick()).trained(on: examples)
        let b = try ExpNetExplainer(configuration: Self.quick()).trained(on: examples)
        let c = try ExpNetExplainer(configuration: Self.quick(seed: 1)).trained(on: examples)
        #expect(a.state!.model.parameters.map(\.bitPattern) == b.state!.model.parameters.map(\.bitPattern))
        #expect(a.state!.parametersHash == b.state!.parametersHash)
        #expect(a.state!.model.parameters != c.state!.model.parameters)
        #expect(a.state!.provenance.examples == 5 && a.state!.provenance.tokens == 35)
        #expect(a.state!.provenance.dataHash == c.state!.provenance.dataHash)
    }

    @Test func trainingLearnsASeparableRule() {
        // Label = first feature > 0.5: the network must fit it far better than chance.
        var random = SeededRandom(seed: 3)
        let n = 400, width = 4
        let rows = (0..<(n * width)).map { _ in random.nextDouble() }
        let labels = (0..<n).map { rows[$0 * width] > 0.5 }
        var c = ExpNetExplainer.Configuration()
        c.epochs = 60
        c.batchSize = 32
        c.learningRate = 1e-2
        c.focalAlpha = 0.5
        let (model, loss) = ExpNetExplainer(configuration: c).fit(rows: rows, labels: labels, width: width)
        let p = model.probabilities(rows)
        let accuracy = Double(zip(p, labels).filter { ($0 >= 0.5) == $1 }.count) / Double(n)
        #expect(accuracy > 0.95, "accuracy \(accuracy), final loss \(loss)")
    }

    @Test func savedStateLoadsToTheSameExplainer() throws {
        let trained = try ExpNetExplainer(configuration: Self.quick()).trained(on: Self.examples())
        let folder = NSTemporaryDirectory() + "expnet-state-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try trained.saveState(to: folder)
        let loaded = try ExpNetExplainer(configuration: Self.quick()).loadingState(from: folder)
        #expect(loaded.state == trained.state)
        for subject in try TinyModels.encoderSubjects(model: Self.model.get()) {
            #expect(try subject.explain(with: loaded).tokenScores == subject.explain(with: trained).tokenScores)
        }
        // A damaged parameters file is an error naming it.
        let path = folder + "/" + ExpNetState.parametersName
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[3] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ExplainerError.self) { try ExpNetExplainer(configuration: Self.quick()).loadingState(from: folder) }
        #expect("\(error!)".contains(ExpNetState.parametersName) && "\(error!)".contains("hash"))
        // A state trained with other sizes does not load silently.
        var other = Self.quick()
        other.hiddenSize = 9
        #expect(throws: ExplainerError.self) { try ExpNetExplainer(configuration: other).loadingState(from: folder) }
    }

    @Test func scoresAreProbabilitiesFoldedOntoWordsByTheirBestPiece() throws {
        let trained = try ExpNetExplainer(configuration: Self.quick()).trained(on: Self.examples())
        let subject = try TinyModels.encoderSubjects(model: Self.model.get())[1]
        let attribution = try subject.explain(with: trained)
        #expect(attribution.cost.forwardPasses == 1)
        #expect(attribution.tokenScores.allSatisfy { (0...1).contains($0) })
        #expect(attribution.aggregation == .maxAbsolute)
        for (word, score) in attribution.featureScores.enumerated() {
            let pieces = zip(attribution.tokenScores, attribution.tokenFeatures).filter { $0.1 == word }.map(\.0)
            #expect(score == pieces.max())
        }
        #expect(attribution.diagnostics["rationale_threshold"] == 0.5)
    }

    @Test func predictionThresholdsWithTheSingleBestFallback() throws {
        let explainer = ExpNetExplainer()
        let subject = ExplanationSubject.encoder(try EncoderSubject(model: Self.model.get(), words: ["w1", "w2", "w3"]))
        let some = Attribution(featureScores: [0.7, 0.2, 0.5], of: subject)
        #expect(explainer.prediction(from: some) == [true, false, true])
        let none = Attribution(featureScores: [0.1, 0.3, 0.3], of: subject)
        #expect(explainer.prediction(from: none) == [false, true, false])
    }

    @Test func anUntrainedExplainerSaysSo() throws {
        let subject = try TinyModels.encoderSubjects(model: Self.model.get())[0]
        let error = #expect(throws: ExplainerError.self) { try subject.explain(with: ExpNetExplainer()) }
        #expect("\(error!)".contains("not trained"))
    }

    @Test func passesTheConformanceKit() throws {
        try ExplainerConformance.verify(LearnedExplainers.entries[0])
    }
}
