import AttriJSON
import NumericTestKit
import TensorCore
import Testing
@testable import TransformerCore

/// The encoder against HF transformers + PyTorch on the real all-MiniLM-L6-v2
/// (`scripts/golden/encoder_golden.py`): ids exactly, activations and attentions within 1e-4,
/// gradients within 1e-3 relative.
@Suite(.serialized) struct EncoderGoldenTests {
    static let golden = Result { try ModelLocations.goldenJSON("encoder_golden.json") }
    static let model = Result { () throws -> BertModel in
        let base = try BertModel(folder: try ModelLocations.encoderFolder())
        let head = try SafetensorsFile(path: ModelLocations.golden("encoder_head.safetensors"))
        return base.replacingClassifier(weight: try head.tensor("classifier.weight"), bias: try head.tensor("classifier.bias"))
    }

    @Test func tokenizerIDsMatchExactly() throws {
        let model = try Self.model.get()
        let cases = try Self.golden.get().field("tokenizer").array()
        #expect(cases.count >= 19)
        for c in cases {
            var tokenizer = model.tokenizer
            if let maximum = try c.optionalField("max_length") { tokenizer.maximumLength = try maximum.integer() }
            let encoded: EncodedText
            let label: String
            if let words = try c.optionalField("words") {
                label = "\(try words.strings())"
                encoded = tokenizer.encode(words: try words.strings())
            } else {
                label = try c.field("text").string()
                encoded = tokenizer.encode(label)
            }
            #expect(encoded.ids.map(Int.init) == (try c.field("ids").integers()), "ids of \(label.debugDescription)")
            let wordIDs = try c.field("word_ids").array().map { $0.value == .null ? nil : try $0.integer() }
            #expect(encoded.wordIDs == wordIDs, "word ids of \(label.debugDescription)")
            if let tokens = try c.optionalField("tokens") {
                #expect(encoded.tokens == (try tokens.strings()), "tokens of \(label.debugDescription)")
            }
        }
    }

    @Test func forwardMatchesPyTorch() throws {
        let model = try Self.model.get()
        for example in try Self.golden.get().field("forward").array() {
            let ids = try example.field("ids").integers().map(Int32.init)
            let output = try model.forward(BertBatch(sequences: [ids], padID: model.tokenizer.padID),
                                           options: BertForwardOptions(attentions: true, hiddenStates: true))
            let hidden = try #require(output.hiddenStates), attentions = try #require(output.attentions)
            let values = ids.count * model.config.hiddenSize
            assertClose(Array(hidden.storage[0..<values]), try example.field("embedding_output").doubles(), atol: 1e-4,
                        "embedding output")
            assertClose(Array(hidden.storage[(hidden.count - values)...]), try example.field("last_hidden_state").doubles(),
                        atol: 1e-4, "last hidden state")
            assertClose(attentions.storage, try example.field("attentions").doubles(), atol: 1e-4, "attentions")
            assertClose(try #require(output.logits).storage, try example.field("logits").doubles(), atol: 1e-4, "logits")
        }
    }

    @Test func gradientOfOneLogitMatchesPyTorch() throws {
        let model = try Self.model.get()
        for example in try Self.golden.get().field("forward").array() {
            let ids = try example.field("ids").integers().map(Int32.init)
            let label = try example.field("grad_label").integer()
            let batch = BertBatch(sequences: [ids], padID: model.tokenizer.padID)
            let output = try model.forward(batch, options: BertForwardOptions(forBackward: true))
            var dLogits = [Float](repeating: 0, count: try #require(model.numLabels))
            dLogits[label] = 1
            let gradients = try model.backward(try #require(output.activations), dLogits: dLogits)
            let expected = try example.field("grad_wrt_word_embeddings").doubles()
            let scale = expected.map(abs).max() ?? 1
            // Within 1e-3 relative to the gradient's largest entry.
            assertClose(gradients.wordEmbeddings.storage, expected, atol: 1e-3 * scale, rtol: 1e-3, "∂logit/∂embeddings")
        }
    }

    @Test func paddedBatchMatchesPyTorch() throws {
        let model = try Self.model.get()
        let padded = try Self.golden.get().field("padded_batch")
        let rows = try padded.field("ids").array().map { try $0.integers().map(Int32.init) }
        let mask = try padded.field("attention_mask").array().flatMap { try $0.integers().map(Float.init) }
        let batch = BertBatch(ids: rows.flatMap { $0 }, keyMask: mask, batchSize: rows.count, length: rows[0].count)
        let output = try model.forward(batch, options: BertForwardOptions(attentions: true))
        let expectedLogits = try padded.field("logits").array().flatMap { try $0.doubles() }
        assertClose(try #require(output.logits).storage, expectedLogits, atol: 1e-4, "padded logits")
        let attentions = try #require(output.attentions)
        let lastLayer = Array(attentions.storage[(attentions.count / model.config.numHiddenLayers * (model.config.numHiddenLayers - 1))...])
        assertClose(lastLayer, try padded.field("last_layer_attentions").doubles(), atol: 1e-4, "last-layer attentions")
    }
}
