import TensorCore
import TransformerCore

/// Which class an encoder explanation targets.
public enum TargetChoice: Sendable, Equatable {
    /// The class the model predicts (the default).
    case predicted
    /// A given class index (the gold label, or `--target K`).
    case classIndex(Int)
}

/// An encoder classifier on one input, as explainers see it: the tokens and the words they came
/// from, the target class, forward passes (logits, attentions), gradients to the input embeddings and
/// batched forward passes with words removed. Weights and kernels stay behind it.
///
/// B batch, T tokens, C channels, H heads, L layers.
public final class EncoderSubject: Sendable {
    let model: BertModel
    let counter = PassCounter()
    /// The input's words (features).
    public let words: [String]
    /// Token ids, [CLS] … [SEP].
    public let ids: [Int32]
    /// Token strings.
    public let tokens: [String]
    /// The word of each token; nil for [CLS], [SEP] and special tokens.
    public let wordIDs: [Int?]
    /// The class explained.
    public let target: Int
    /// Label names by class index.
    public let labelNames: [String]
    /// Logits of the unperturbed input (computed when the subject is made; not counted as the explainer's).
    public let logits: [Float]
    /// Rows per batched forward pass.
    public let maximumBatchRows: Int

    /// The subject for pre-split words (task data). An input without words is a valid subject; explaining
    /// it is an `emptyInput` error.
    public init(model: BertModel, words: [String], target: TargetChoice = .predicted, maximumBatchRows: Int = 64) throws {
        guard let labels = model.numLabels else {
            throw ExplainerError.model("\(model.folder): the encoder has no classifier head; explain a fine-tuned classifier")
        }
        let encoded = model.tokenizer.encode(words: words)
        self.model = model
        self.words = words
        self.ids = encoded.ids
        self.tokens = encoded.tokens
        self.wordIDs = encoded.wordIDs
        self.maximumBatchRows = max(1, maximumBatchRows)
        let id2label = model.config.id2label
        self.labelNames = (0..<labels).map { id2label?[String($0)] ?? "LABEL_\($0)" }
        do {
            let output = try model.forward(BertBatch(sequences: [encoded.ids], padID: model.tokenizer.padID))
            self.logits = output.logits!.storage
        } catch {
            throw ExplainerError.model("\(error)")
        }
        let logits = self.logits
        switch target {
        case .predicted:
            self.target = logits.indices.max { logits[$0] < logits[$1] }!
        case .classIndex(let k):
            guard (0..<labels).contains(k) else {
                throw ExplainerError.invalidTarget("class \(k) is outside 0..<\(labels) of \(model.folder)")
            }
            self.target = k
        }
    }

    /// The subject for raw text, split into words as the tokenizer pre-tokenises it.
    public convenience init(model: BertModel, text: String, target: TargetChoice = .predicted) throws {
        try self.init(model: model, words: model.tokenizer.preTokenize(text), target: target)
    }

    /// Layers, heads and hidden size of the model.
    public var shape: (layers: Int, heads: Int, hiddenSize: Int) {
        (model.config.numHiddenLayers, model.config.numAttentionHeads, model.config.hiddenSize)
    }

    /// `[PAD]`, `[MASK]`, `[CLS]`, `[SEP]` ids.
    public var specialIDs: (pad: Int32, mask: Int32, cls: Int32, sep: Int32) {
        (model.tokenizer.padID, model.tokenizer.maskID, model.tokenizer.clsID, model.tokenizer.sepID)
    }

    // MARK: - Forward

    /// One forward pass of the input: logits (labels) and every layer's attention (L,H,T,T).
    public func forward() throws -> (logits: [Float], attentions: Tensor) {
        counter.add(forward: 1)
        let output = try run { try model.forward(BertBatch(sequences: [ids], padID: specialIDs.pad),
                                                 options: BertForwardOptions(attentions: true)) }
        return (output.logits!.storage, Self.row(0, of: output.attentions!, batch: 1))
    }

    /// The target's `output` for the input with each mask's words kept (one Bool per word), removing
    /// the others by `removal`; evaluated in batches of at most `maximumBatchRows`.
    public func targetValues(keeping masks: [[Bool]], removal: WordRemoval = .mask,
                             output: TargetOutput = .probability) throws -> [Float] {
        try logits(keeping: masks, removal: removal).map { output.value(logits: $0[...], target: target) }
    }

    /// Logits for the input with each mask's words kept, removing the others by `removal`; a mask
    /// repeated in `masks` is evaluated once.
    public func logits(keeping masks: [[Bool]], removal: WordRemoval = .mask) throws -> [[Float]] {
        if let bad = masks.first(where: { $0.count != words.count }) {
            throw ExplainerError.invalidTarget("a mask has \(bad.count) entries for \(words.count) words")
        }
        return try evaluatingDistinct(masks) { try distinctLogits(keeping: $0, removal: removal) }
    }

    private func distinctLogits(keeping masks: [[Bool]], removal: WordRemoval) throws -> [[Float]] {
        let masker = TokenMasker(ids: ids, wordIDs: wordIDs, maskID: specialIDs.mask, padID: specialIDs.pad, removal: removal)
        var result: [[Float]] = []
        result.reserveCapacity(masks.count)
        for start in stride(from: 0, to: masks.count, by: maximumBatchRows) {
            let rows = masks[start..<min(masks.count, start + maximumBatchRows)].map(masker.apply(keeping:))
            let length = rows.map(\.ids.count).max()!
            var batchIDs: [Int32] = [], keyMask: [Float] = []
            for row in rows {
                let padding = length - row.ids.count
                batchIDs += row.ids + [Int32](repeating: specialIDs.pad, count: padding)
                keyMask += row.keyMask + [Float](repeating: 0, count: padding)
            }
            counter.add(forward: rows.count)
            let output = try run {
                try model.forward(BertBatch(ids: batchIDs, keyMask: keyMask, batchSize: rows.count, length: length))
            }
            let labels = labelNames.count, all = output.logits!.storage
            for row in rows.indices { result.append(Array(all[(row * labels)..<((row + 1) * labels)])) }
        }
        return result
    }

    // MARK: - Gradients

    /// The input's word embeddings (T,C): the points gradient methods differentiate at.
    public func inputEmbeddings() -> [Float] {
        embeddingRows(ids)
    }

    /// The word-embedding rows of `tokenIDs` (T,C), e.g. `[PAD]` baselines for integrated gradients.
    public func embeddingRows(_ tokenIDs: [Int32]) -> [Float] {
        let c = shape.hiddenSize, table = model.weights.wordEmbeddings.storage
        return tokenIDs.flatMap { table[(Int($0) * c)..<((Int($0) + 1) * c)] }
    }

    /// The target's `output` and its gradient with respect to the word embeddings, at the input.
    /// With `attentionGradients`, also every layer's attention (L,H,T,T) and its gradient (L,H,T,T).
    public func gradient(output: TargetOutput = .logit, attentionGradients: Bool = false) throws -> EncoderGradient {
        try gradients(atEmbeddings: [inputEmbeddings()], output: output, attentionGradients: attentionGradients)[0]
    }

    /// The target's `output` and its gradient with respect to the word embeddings, at each point of
    /// `points` (each T·C values; the input's positions, token types and attention mask), batched.
    public func gradients(atEmbeddings points: [[Float]], output: TargetOutput = .logit,
                          attentionGradients: Bool = false) throws -> [EncoderGradient] {
        let t = ids.count, c = shape.hiddenSize, labels = labelNames.count
        if let bad = points.first(where: { $0.count != t * c }) {
            throw ExplainerError.invalidTarget("an embedding point has \(bad.count) values, expected \(t)·\(c)")
        }
        var result: [EncoderGradient] = []
        for start in stride(from: 0, to: points.count, by: maximumBatchRows) {
            let chunk = Array(points[start..<min(points.count, start + maximumBatchRows)])
            let b = chunk.count
            let batch = BertBatch(ids: [Int32]((0..<b).flatMap { _ in ids }), keyMask: [Float](repeating: 1, count: b * t),
                                  batchSize: b, length: t, wordEmbeddings: chunk.flatMap { $0 })
            counter.add(forward: b, backward: b)
            let (forward, grads) = try run { () throws -> (BertOutput, BertGradients) in
                let forward = try model.forward(batch, options: BertForwardOptions(attentions: attentionGradients, forBackward: true))
                let all = forward.logits!.storage
                let dLogits = (0..<b).flatMap { output.gradient(logits: all[($0 * labels)..<(($0 + 1) * labels)], target: target) }
                return (forward, try model.backward(forward.activations!, dLogits: dLogits, attentionGradients: attentionGradients))
            }
            let all = forward.logits!.storage
            for row in 0..<b {
                let value = output.value(logits: all[(row * labels)..<((row + 1) * labels)], target: target)
                let gradient = Array(grads.wordEmbeddings.storage[(row * t * c)..<((row + 1) * t * c)])
                var attentions: Tensor?, attentionGradient: Tensor?
                if attentionGradients {
                    attentions = Self.row(row, of: forward.attentions!, batch: b)
                    attentionGradient = Self.row(row, of: grads.attentionProbabilities!, batch: b)
                }
                result.append(EncoderGradient(value: value, embeddings: chunk[row], gradient: gradient,
                                              attentions: attentions, attentionGradients: attentionGradient))
            }
        }
        return result
    }

    // MARK: - Helpers

    /// Example `row` of an (L,B,H,T,T) tensor, as (L,H,T,T).
    static func row(_ row: Int, of tensor: Tensor, batch: Int) -> Tensor {
        let l = tensor.shape[0], rest = tensor.shape.dropFirst(2).reduce(1, *)
        var values: [Float] = []
        values.reserveCapacity(l * rest)
        for layer in 0..<l {
            let offset = (layer * batch + row) * rest
            values += tensor.storage[offset..<(offset + rest)]
        }
        return Tensor(shape: [l] + Array(tensor.shape.dropFirst(2)), values: values)
    }

    /// Runs a model call, turning its errors into `ExplainerError.model`.
    func run<R>(_ body: () throws -> R) throws -> R {
        do { return try body() } catch let error as ExplainerError { throw error } catch {
            throw ExplainerError.model("\(error)")
        }
    }
}

/// A target value and its gradient at one point in word-embedding space.
public struct EncoderGradient: Sendable {
    /// The target's value there.
    public var value: Float
    /// The point (T,C).
    public var embeddings: [Float]
    /// ∂ value / ∂ embeddings (T,C).
    public var gradient: [Float]
    /// Attention probabilities (L,H,T,T), when asked.
    public var attentions: Tensor?
    /// ∂ value / ∂ attention probabilities (L,H,T,T), when asked.
    public var attentionGradients: Tensor?
}
