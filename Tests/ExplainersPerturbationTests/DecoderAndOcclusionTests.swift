import ExplainerKit
import ExplainerTestKit
import ExplainersPerturbation
import NumericTestKit
import TensorCore
import Testing

/// The decoder path (sources deleted by context ablation) and leave-one-out occlusion.
@Suite struct DecoderAndOcclusionTests {
    @Test func kernelAndPartitionShapOnDecoderSourcesAreExact() throws {
        let subject = try TinyModels.decoderSubjects(model: TinyModels.decoder())[2]
        guard case .decoder(let decoder) = subject else { Issue.record("not a decoder subject"); return }
        let m = decoder.sources.count
        let all = (0..<(1 << m)).map { bits in (0..<m).map { bits & (1 << $0) != 0 } }
        let table = Dictionary(uniqueKeysWithValues: zip(all, try decoder.responseLogProbabilities(keeping: all).map(Double.init)))
        let exact = Games.shapley(m) { table[$0]! }
        let kernel = try subject.explain(with: KernelShapExplainer())
        assertClose(kernel.featureScores, exact, atol: 1e-5, "kernel-shap on \(m) sources")
        let partition = try subject.explain(with: PartitionShapExplainer())
        let tree = PartitionTree(featureTokens: (0..<m).map { source in
            zip(decoder.tokens, decoder.sourceIDs).filter { $0.1 == source }.map(\.0)
        })
        assertClose(partition.featureScores, Games.owen(tree) { table[$0]! }, atol: 1e-5, "partition-shap on \(m) sources")
    }

    @Test func aWordWithoutTokensGetsOwenValueZeroAndTheOthersTheReducedGames() throws {
        // HateXplain has posts with a lone zero-width joiner as a word; the tokenizer removes it, so the
        // word has no token. Partition SHAP used to stop on a precondition there.
        let sentence = TinyModels.encoderSentences.last!
        let empty = try #require(sentence.firstIndex(of: "\u{200D}"))
        let subject = ExplanationSubject.encoder(try EncoderSubject(model: TinyModels.encoder(), words: sentence))
        guard case .encoder(let encoder) = subject else { Issue.record("not an encoder subject"); return }
        #expect(!encoder.wordIDs.contains(empty), "the joiner has no token")
        let kept = sentence.indices.filter { $0 != empty }
        let tree = PartitionTree(featureTokens: kept.map { word in
            zip(encoder.tokens, encoder.wordIDs).filter { $0.1 == word }.map(\.0)
        })
        let value = { (mask: [Bool]) throws -> Double in
            var full = [Bool](repeating: true, count: sentence.count)
            for (position, word) in kept.enumerated() { full[word] = mask[position] }
            return Double(try encoder.targetValues(keeping: [full])[0])
        }
        var table: [[Bool]: Double] = [:]
        for bits in 0..<(1 << kept.count) {
            let mask = (0..<kept.count).map { bits & (1 << $0) != 0 }
            table[mask] = try value(mask)
        }
        let attribution = try subject.explain(with: PartitionShapExplainer())
        #expect(attribution.featureScores[empty] == 0)
        assertClose(kept.map { attribution.featureScores[$0] }, Games.owen(tree) { table[$0]! }, atol: 1e-5,
                    "the other words' Owen values are the reduced game's")
    }

    @Test func decoderOcclusionEqualsTheExplicitLeaveOneOutLoop() throws {
        let subject = try TinyModels.decoderSubjects(model: TinyModels.decoder())[0]
        guard case .decoder(let decoder) = subject else { Issue.record("not a decoder subject"); return }
        let m = decoder.sources.count
        let attribution = try subject.explain(with: OcclusionExplainer())
        let full = try decoder.responseLogProbabilities(keeping: [[Bool](repeating: true, count: m)])[0]
        for source in 0..<m {
            let without = try decoder.responseLogProbabilities(keeping: [(0..<m).map { $0 != source }])[0]
            #expect(abs(attribution.featureScores[source] - (full - without)) < 1e-6)
        }
        #expect(attribution.cost.forwardPasses == m + 1)
    }

    @Test(arguments: WordRemoval.allCases) func limeAndShapAcceptEveryRemoval(removal: WordRemoval) throws {
        let subject = ExplanationSubject.encoder(try EncoderSubject(model: TinyModels.encoder(), words: ["w1", "w2s", "w3", "w4ing"]))
        var kernel = KernelShapExplainer.Configuration()
        kernel.removal = removal
        var lime = LimeExplainer.Configuration()
        lime.removal = removal
        lime.samples = 200
        let shap = try subject.explain(with: KernelShapExplainer(configuration: kernel))
        #expect(abs(shap.diagnostics["efficiency_gap"]!) < 1e-6 && shap.cost.forwardPasses == 16)
        let local = try subject.explain(with: LimeExplainer(configuration: lime))
        // 200 samples over 4 words meet at most 2^4 distinct coalitions, each evaluated once.
        #expect(local.cost.forwardPasses <= 16 && local.cost.forwardPasses >= 8 && local.featureScores.allSatisfy(\.isFinite))
    }

    @Test func repeatedCoalitionsAreEvaluatedOnceWithTheSameResult() throws {
        let encoder = try EncoderSubject(model: TinyModels.encoder(), words: ["w1", "w2s", "w3", "w4ing", "w5"])
        let subject = ExplanationSubject.encoder(encoder)
        var options = LimeExplainer.Configuration()
        options.samples = 300
        let lime = try subject.explain(with: LimeExplainer(configuration: options))
        // The same samples, every one evaluated in a pass of its own, fitted the same way.
        var random = SeededRandom(seed: options.seed ^ subject.fingerprint)
        let masks = LimeExplainer.samples(features: 5, count: 300, random: &random)
        let values = try masks.map { Double(try encoder.targetValues(keeping: [$0], removal: options.removal, output: options.output)[0]) }
        let fit = LimeExplainer.fit(masks: masks, values: values, kernelWidth: options.kernelWidth, alpha: options.alpha)
        assertClose(lime.featureScores.map(Double.init), fit.coefficients, atol: 1e-5, "deduplicated LIME against one pass per sample")
        #expect(lime.cost.forwardPasses == Set(masks).count, "one pass per distinct coalition")
        #expect(Set(masks).count < 300 && Set(masks).count <= 32)
    }
}
