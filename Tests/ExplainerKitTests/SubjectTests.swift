import ExplainerKit
import ExplainerTestKit
import TensorCore
import Testing
import TransformerCore

/// The model access explainers see: masked passes, gradients and attentions, checked against the
/// model itself and against finite differences.
@Suite struct SubjectTests {
    static let encoder = Result { try TinyModels.encoder() }
    static let decoder = Result { try TinyModels.decoder() }

    @Test func keepingEveryWordGivesTheInputsLogits() throws {
        let subject = try EncoderSubject(model: Self.encoder.get(), words: ["w1", "w2s", "w3"])
        for removal in WordRemoval.allCases {
            let logits = try subject.logits(keeping: [[true, true, true]], removal: removal)[0]
            #expect(zip(logits, subject.logits).allSatisfy { abs($0 - $1) < 1e-6 }, "\(removal)")
        }
    }

    @Test func maskedPassesEqualTheModelOnTheMaskedIds() throws {
        let model = try Self.encoder.get()
        let subject = try EncoderSubject(model: model, words: ["w1", "w2s", "w3", "w4ing"])
        let masks: [[Bool]] = [[false, true, true, true], [true, false, false, true], [false, false, false, false]]
        for removal in WordRemoval.allCases {
            let batched = try subject.logits(keeping: masks, removal: removal)
            let masker = TokenMasker(ids: subject.ids, wordIDs: subject.wordIDs, maskID: model.tokenizer.maskID,
                                     padID: model.tokenizer.padID, removal: removal)
            for (mask, logits) in zip(masks, batched) {
                let row = masker.apply(keeping: mask)
                let alone = try model.forward(BertBatch(ids: row.ids, keyMask: row.keyMask, batchSize: 1, length: row.ids.count))
                #expect(zip(logits, alone.logits!.storage).allSatisfy { abs($0 - $1) < 1e-5 }, "\(removal) \(mask)")
            }
        }
    }

    @Test func anOutOfRangeTargetOrMaskIsAClearError() throws {
        let model = try Self.encoder.get()
        #expect { try EncoderSubject(model: model, words: ["w1"], target: .classIndex(3)) } throws: { "\($0)".contains("class 3 is outside 0..<3") }
        let subject = try EncoderSubject(model: model, words: ["w1", "w2"])
        #expect { try subject.logits(keeping: [[true]]) } throws: { "\($0)".contains("1 entries for 2 words") }
    }

    @Test(arguments: TargetOutput.allCases) func encoderGradientsMatchFiniteDifferences(output: TargetOutput) throws {
        let subject = try EncoderSubject(model: Self.encoder.get(), words: ["w1", "w2s", "w3"], target: .classIndex(1))
        let result = try subject.gradient(output: output)
        let point = subject.inputEmbeddings()
        #expect(result.embeddings == point)
        var worst: Double = 0, scale: Double = 0
        for index in stride(from: 0, to: point.count, by: 5) {
            var up = point, down = point
            up[index] += 1e-2
            down[index] -= 1e-2
            let values = try subject.gradients(atEmbeddings: [up, down], output: output).map { Double($0.value) }
            let numeric = (values[0] - values[1]) / 2e-2
            worst = max(worst, abs(numeric - Double(result.gradient[index])))
            scale = max(scale, abs(numeric))
        }
        #expect(scale > 1e-3, "the target must depend on the embeddings")
        #expect(worst <= 2e-2 * scale, "max |analytic − numeric| = \(worst), scale \(scale)")
    }

    @Test func batchedGradientsEqualOneAtATime() throws {
        let subject = try EncoderSubject(model: Self.encoder.get(), words: ["w1", "w2s", "w3"])
        let base = subject.inputEmbeddings()
        let points = (0..<5).map { k in base.map { $0 * Float(k + 1) / 5 } }
        let batched = try subject.gradients(atEmbeddings: points, attentionGradients: true)
        for (point, together) in zip(points, batched) {
            let alone = try subject.gradients(atEmbeddings: [point], attentionGradients: true)[0]
            #expect(abs(alone.value - together.value) < 1e-5)
            #expect(zip(alone.gradient, together.gradient).allSatisfy { abs($0 - $1) < 1e-5 })
            #expect(alone.attentionGradients == nil ? false : zip(alone.attentionGradients!.storage, together.attentionGradients!.storage).allSatisfy { abs($0 - $1) < 1e-5 })
        }
    }

    @Test func encoderAttentionRowsSumToOne() throws {
        let subject = try EncoderSubject(model: Self.encoder.get(), words: ["w1", "w2s", "w3"])
        let (_, attentions) = try subject.forward()
        let t = subject.tokens.count
        #expect(attentions.shape == [2, 2, t, t])
        for row in 0..<(attentions.count / t) {
            let sum = attentions.storage[(row * t)..<((row + 1) * t)].reduce(0, +)
            #expect(abs(sum - 1) < 1e-5)
        }
    }

    @Test func decoderGradientMatchesFiniteDifferences() throws {
        let subject = try TinyModels.decoderSubjects(model: Self.decoder.get())[0]
        guard case .decoder(let decoder) = subject else { Issue.record("not a decoder subject"); return }
        let result = try decoder.gradient()
        #expect(abs(result.value - decoder.fullLogProbability) < 1e-3)
        // Perturb one embedding channel at a time through the model's own forward pass.
        let model = try Self.decoder.get()
        let ids = decoder.context.prompt() + decoder.context.response
        let positions = Array((decoder.promptLength - 1)..<(ids.count - 1))
        func value(_ embeddings: [Float]) throws -> Double {
            let (_, logits) = try model.forwardForGradient(embeddings: embeddings, positions: positions)
            let v = model.config.vocabSize
            return positions.enumerated().reduce(0.0) { total, pair in
                total + Double(TargetOutput.logProbability.value(logits: logits[(pair.offset * v)..<((pair.offset + 1) * v)],
                                                                 target: Int(ids[pair.element + 1])))
            }
        }
        var worst: Double = 0, scale: Double = 0
        for index in stride(from: 0, to: result.embeddings.count, by: 37) {
            var up = result.embeddings, down = result.embeddings
            up[index] += 1e-2
            down[index] -= 1e-2
            let numeric = (try value(up) - value(down)) / 2e-2
            worst = max(worst, abs(numeric - Double(result.gradient[index])))
            scale = max(scale, abs(numeric))
        }
        #expect(scale > 1e-3)
        #expect(worst <= 2e-2 * scale, "max |analytic − numeric| = \(worst), scale \(scale)")
    }

    @Test func decoderAblationsAndAttentionsComeFromTheResponse() throws {
        let subject = try TinyModels.decoderSubjects(model: Self.decoder.get())[0]
        guard case .decoder(let decoder) = subject else { Issue.record("not a decoder subject"); return }
        let all = try decoder.responseLogProbabilities(keeping: [[true, true, true], [false, true, true]])
        #expect(abs(all[0] - decoder.fullLogProbability) < 1e-3)
        #expect(all[0] != all[1])
        let attentions = try decoder.responseAttentions(layers: [1])
        let r = decoder.context.response.count, t = decoder.tokens.count
        #expect(attentions.shape == [1, 4, r, t])
        for row in 0..<(4 * r) {
            let sum = attentions.storage[(row * t)..<((row + 1) * t)].reduce(0, +)
            #expect(abs(sum - 1) < 1e-5)
        }
        #expect(decoder.sourceIDs.compactMap { $0 }.count == decoder.context.sources.map(\.count).reduce(0, +))
    }
}
