import ExplainerKit
import ExplainerTestKit
import NumericTestKit
import Testing
import TensorCore
import TransformerCore
@testable import ExplainersAttention

/// What the gradient-weighted attention methods promise on the tiny models, encoder and decoder.
@Suite struct AttentionGradientPropertyTests {
    static let encoder = Result { try TinyModels.encoder() }
    static let decoder = Result { try TinyModels.decoder() }

    static func signed(layer: Int) -> AttentionGradientNormExplainer {
        var options = AttentionGradientNormExplainer.Configuration()
        (options.layer, options.absolute) = (layer, false)
        return AttentionGradientNormExplainer(configuration: options)
    }

    /// Scaling a layer's value projection by s scales every α f(x_j) of that layer by s, so
    /// d y/d s at s = 1 is Σ_ij ⟨∂y/∂o_i, Σ_h α^h_ij f^h(x_j)⟩: the signed scores' total, checked by central
    /// differences through the model's own forward pass.
    @Test func signedScoresSumToTheDerivativeOfScalingTheLayersValues() throws {
        let model = try Self.encoder.get()
        let words = ["w4", "w5s", "w6", "w7ing", "w8"]
        let target = try EncoderSubject(model: model, words: words).target
        for layer in 0..<2 {
            func logit(_ factor: Float) throws -> Double {
                var weights = model.weights
                let c = model.config.hiddenSize
                var w = weights.layers[layer].qkvWeight.storage, b = weights.layers[layer].qkvBias.storage
                for i in (2 * c * c)..<(3 * c * c) { w[i] *= factor }
                for i in (2 * c)..<(3 * c) { b[i] *= factor }
                weights.layers[layer].qkvWeight = Tensor(shape: weights.layers[layer].qkvWeight.shape, values: w)
                weights.layers[layer].qkvBias = Tensor(shape: weights.layers[layer].qkvBias.shape, values: b)
                let scaled = BertModel(weights: weights, tokenizer: model.tokenizer, folder: "<scaled values>")
                return Double(try EncoderSubject(model: scaled, words: words, target: .classIndex(target)).logits[target])
            }
            let numeric = (try logit(1.01) - logit(0.99)) / 0.02
            let subject = ExplanationSubject.encoder(try EncoderSubject(model: model, words: words))
            let signed = try subject.explain(with: Self.signed(layer: layer)).tokenScores.reduce(0.0) { $0 + Double($1) }
            #expect(abs(numeric) > 1e-3, "layer \(layer): scaling the values must move the logit")
            #expect(abs(signed - numeric) < 1e-2 * abs(numeric), "layer \(layer): Σ scores \(signed), numeric \(numeric)")
            let absolute = try subject.explain(with: AttentionGradientNormExplainer(configuration: {
                var options = AttentionGradientNormExplainer.Configuration()
                options.layer = layer
                return options
            }()))
            #expect(absolute.tokenScores.allSatisfy { $0 >= 0 })
            #expect(absolute.tokenScores.reduce(0, +) >= Float(abs(signed)) * (1 - 1e-5))
        }
    }

    @Test func theDecodersSignedScoresSumToTheDerivativeOfScalingTheLayersValues() throws {
        let model = try Self.decoder.get()
        let input = TinyModels.decoderInputs[0], encode = model.tokenizer.encode
        let context = AblationContext(prefix: encode("Ctx:"), sources: input.sources.map(encode),
                                      suffix: encode(input.question + "\nA:"), response: encode(input.response))
        for layer in 0..<2 {
            func logProbability(_ factor: Float) throws -> Double {
                var weights = model.weights
                weights.layers[layer].value = Tensor(shape: weights.layers[layer].value.shape,
                                                     values: weights.layers[layer].value.storage.map { $0 * factor })
                let scaled = LlamaModel(config: model.config, weights: weights, tokenizer: model.tokenizer)
                return Double(try DecoderSubject(model: scaled, context: context, sources: input.sources, response: input.response)
                    .fullLogProbability)
            }
            let numeric = (try logProbability(1.01) - logProbability(0.99)) / 0.02
            let subject = ExplanationSubject.decoder(try DecoderSubject(model: model, context: context, sources: input.sources,
                                                                        response: input.response))
            let signed = try subject.explain(with: Self.signed(layer: layer)).tokenScores.reduce(0.0) { $0 + Double($1) }
            #expect(abs(numeric) > 1e-3, "layer \(layer): scaling the values must move log p")
            #expect(abs(signed - numeric) < 1e-2 * abs(numeric), "layer \(layer): Σ scores \(signed), numeric \(numeric)")
        }
    }

    /// On a causal model nothing reads the last token in the last layer, and Chefer's R is lower
    /// triangular, so the last token scores exactly 0; every score is finite and the passes are one each.
    @Test func decoderVariantsAreCausal() throws {
        for subject in try TinyModels.decoderSubjects(model: Self.decoder.get()) {
            for explainer in [AttentionGradientNormExplainer() as any Explainer, GradAttentionExplainer()] {
                let attribution = try subject.explain(with: explainer)
                #expect(attribution.tokenScores.last == 0, "\(explainer.descriptor.id)")
                #expect(attribution.tokenScores.allSatisfy { $0.isFinite && $0 >= 0 }, "\(explainer.descriptor.id)")
                #expect(attribution.tokenScores.contains { $0 > 0 } && attribution.featureScores.contains { $0 > 0 })
                #expect(attribution.cost.forwardPasses == 1 && attribution.cost.backwardPasses == 1)
            }
        }
    }

    @Test func decoderFlowIsNormalisedOverSourcesAndBoundedByOneLayersCut() throws {
        for subject in try TinyModels.decoderSubjects(model: Self.decoder.get()) {
            guard case .decoder(let decoder) = subject else { Issue.record("not a decoder subject"); return }
            let attribution = try subject.explain(with: AttentionFlowExplainer())
            #expect(abs(attribution.featureScores.reduce(0, +) - 1) < 1e-5)
            #expect(attribution.featureScores.allSatisfy { $0 > 0 })
            #expect(attribution.diagnostics["max_flow_runs"] == Double(decoder.sources.count))
            #expect(attribution.cost.forwardPasses == 1)
            // With one layer, the flow into a source is the capacity of the edges from the response rows to
            // its tokens, Σ_r Σ_{j ∈ s} Â[r, j] (each row carries at most its one unit).
            let attentions = try decoder.attentions()
            let t = decoder.tokens.count, h = decoder.shape.heads, rows = Array(decoder.promptLength..<t)
            let one = AttentionFlowExplainer.sourceFlows(Array(attentions.storage[0..<(h * t * t)]), layers: 1, heads: h, tokens: t,
                                                         outputs: rows, sourceIDs: decoder.sourceIDs,
                                                         sourceCount: decoder.sources.count, reduction: .mean)
            let augmented = ResidualAttention.augmented(attentions.storage, layers: 1, heads: h, tokens: t, reduction: .mean)[0]
            var cut = [Double](repeating: 0, count: decoder.sources.count)
            for r in rows { for (j, owner) in decoder.sourceIDs.enumerated() { if let owner { cut[owner] += augmented[r * t + j] } } }
            let total = cut.reduce(0, +)
            assertClose(one, cut.map { $0 / total }, atol: 1e-12)
        }
    }

    @Test func aLayerOutsideTheModelIsAConfigurationError() throws {
        var options = AttentionGradientNormExplainer.Configuration()
        options.layer = 2
        let subject = ExplanationSubject.encoder(try EncoderSubject(model: Self.encoder.get(), words: ["w1"]))
        #expect { try subject.explain(with: AttentionGradientNormExplainer(configuration: options)) } throws: { error in
            "\(error)".contains("layer 2 is outside the model's 2 layers")
        }
    }
}
