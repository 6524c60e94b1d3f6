import NumericTestKit
import TensorCore
import Testing
@testable import TransformerCore

/// Batched passes for perturbation methods: results do not depend on batch composition or padding,
/// and a key dropped from the mask receives no attention.
@Suite struct EncoderMaskingTests {
    static let model = EncoderGradientTests.tiny

    @Test func resultsDoNotDependOnBatchCompositionOrPadding() throws {
        let rows: [[Int32]] = [[2, 7, 9, 5, 3], [2, 6, 3], [2, 8, 8, 8, 8, 10, 3]]
        let together = try #require(try Self.model.forward(BertBatch(sequences: rows, padID: 0)).logits)
        for (i, row) in rows.enumerated() {
            let alone = try #require(try Self.model.forward(BertBatch(sequences: [row], padID: 0)).logits)
            assertClose(Array(together.storage[(3 * i)..<(3 * i + 3)]), alone.storage, atol: 1e-5, rtol: 1e-5, "row \(i)")
        }
    }

    @Test func droppedKeysGetNoAttentionAndTheRestSumsToOne() throws {
        // The same sentence twice: the second copy hides token 2 from every query.
        let row: [Int32] = [2, 7, 9, 5, 3]
        var mask = [Float](repeating: 1, count: 10)
        mask[7] = 0
        let batch = BertBatch(ids: row + row, keyMask: mask, batchSize: 2, length: 5)
        let attentions = try #require(try Self.model.forward(batch, options: .init(attentions: true)).attentions)
        let (l, h, t) = (Self.model.config.numHiddenLayers, Self.model.config.numAttentionHeads, 5)
        for layer in 0..<l {
            for head in 0..<h {
                for query in 0..<t {
                    let start = (((layer * 2 + 1) * h + head) * t + query) * t
                    let probs = Array(attentions.storage[start..<(start + t)])
                    #expect(probs[2] == 0)
                    #expect(abs(probs.reduce(0, +) - 1) < 1e-5)
                }
            }
        }
    }

    @Test func replacingATokenChangesOnlyThatExample() throws {
        let row: [Int32] = [2, 7, 9, 5, 3]
        var replaced = row
        replaced[2] = Self.model.tokenizer.maskID
        let logits = try #require(try Self.model.forward(BertBatch(sequences: [row, replaced], padID: 0)).logits)
        let original = try #require(try Self.model.forward(BertBatch(sequences: [row], padID: 0)).logits)
        assertClose(Array(logits.storage[0..<3]), original.storage, atol: 1e-6)
        #expect(closeness(Array(logits.storage[3..<6]), original.storage, atol: 1e-4).passed == false)
    }
}
