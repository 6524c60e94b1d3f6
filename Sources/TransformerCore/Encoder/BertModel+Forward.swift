import Foundation
import TensorCore

// The encoder's forward pass. B batch, T tokens, C channels, H heads, D head channels, I intermediate.

extension BertModel {
    /// Runs the batch through embeddings, every layer, pooler and classifier.
    public func forward(_ batch: BertBatch, options: BertForwardOptions = BertForwardOptions()) throws -> BertOutput {
        let b = batch.batchSize, t = batch.length, c = config.hiddenSize, h = config.numAttentionHeads
        let bt = b * t
        guard t <= config.maxPositionEmbeddings else {
            throw TransformerCoreError.invalidInput("input of \(t) tokens exceeds max_position_embeddings \(config.maxPositionEmbeddings); truncate it")
        }
        if let bad = batch.ids.first(where: { $0 < 0 || Int($0) >= config.vocabSize }) {
            throw TransformerCoreError.invalidInput("token id \(bad) is outside the vocabulary of \(config.vocabSize)")
        }
        if let bad = batch.tokenTypes.first(where: { $0 < 0 || Int($0) >= config.typeVocabSize }) {
            throw TransformerCoreError.invalidInput("token type \(bad) is outside 0..<\(config.typeVocabSize)")
        }
        let additiveMask = batch.keyMask.map { $0 > 0.5 ? Float(0) : -Float.infinity }

        // MARK: Embeddings
        var embeddingSum = [Float](overwrittenCount: bt * c)
        embeddingSum.withUnsafeMutableBufferPointer { e in
            let out = e.baseAddress!
            if let given = batch.wordEmbeddings {
                precondition(given.count == bt * c, "wordEmbeddings must hold B·T·C values")
                out.update(from: given, count: bt * c)
            } else {
                embeddingForward(out: out, ids: batch.ids, table: weights.wordEmbeddings.storage,
                                 vocabularySize: config.vocabSize, n: bt, c: c)
            }
            weights.positionEmbeddings.withUnsafeBufferPointer { pos in
                weights.tokenTypeEmbeddings.withUnsafeBufferPointer { types in
                    for row in 0..<bt {
                        let p = pos.baseAddress! + (row % t) * c, ty = types.baseAddress! + Int(batch.tokenTypes[row]) * c
                        let o = out + row * c
                        for i in 0..<c { o[i] += p[i] + ty[i] }
                    }
                }
            }
        }
        var embeddingMean = [Float](overwrittenCount: bt), embeddingRstd = [Float](overwrittenCount: bt)
        var x = [Float](overwrittenCount: bt * c)
        layerNormForward(out: &x, mean: &embeddingMean, rstd: &embeddingRstd, input: embeddingSum,
                         weight: weights.embeddingNormWeight.storage, bias: weights.embeddingNormBias.storage,
                         n: bt, c: c, eps: Float(config.layerNormEps))

        var hiddenStates: [Float] = options.hiddenStates ? x : []
        var attentions: [Float] = []
        if options.attentions { attentions.reserveCapacity(config.numHiddenLayers * b * h * t * t) }
        var savedLayers: [BertActivations.Layer] = []

        // MARK: Layers
        // Pooler and classifier read [CLS] alone, so unless every token's hidden state is asked for, the
        // last layer takes only the [CLS] rows past its attention (which still sees, and returns, every
        // token): an eighth less work for MiniLM, the same logits, attentions and gradients.
        let lastLayerRows: [Int]? = options.hiddenStates ? nil : (0..<b).map { $0 * t }
        let packed = BertPackedWeights.useful(rows: lastLayerRows == nil ? bt : b) ? packedWeights.forward(weights.layers) : nil
        for (index, layer) in weights.layers.enumerated() {
            let isLast = index == weights.layers.count - 1
            let saved = layerForward(&x, layer: layer, packed: packed?[index], additiveMask: additiveMask, b: b, t: t,
                                     keepRows: isLast ? lastLayerRows : nil, keepPreActivation: options.forBackward)
            if options.attentions { attentions += saved.probs }
            if options.hiddenStates { hiddenStates += x }
            if options.forBackward { savedLayers.append(saved) }
        }
        // [CLS] of every example (B,C).
        var cls = [Float](repeating: 0, count: b * c)
        let clsStride = lastLayerRows == nil || weights.layers.isEmpty ? t * c : c
        for i in 0..<b { for j in 0..<c { cls[i * c + j] = x[i * clsStride + j] } }

        // MARK: Pooler and classifier
        var pooled: [Float]?
        var logits: [Float]?
        if let pooler = weights.pooler {
            var p = [Float](repeating: 0, count: b * c)
            matmulForward(out: &p, input: cls, weight: pooler.weight.storage, bias: pooler.bias.storage, n: b, c: c, oc: c)
            for i in p.indices { p[i] = tanhf(p[i]) }
            pooled = p
            if let classifier = weights.classifier {
                let labels = classifier.bias.count
                var l = [Float](repeating: 0, count: b * labels)
                matmulForward(out: &l, input: p, weight: classifier.weight.storage, bias: classifier.bias.storage,
                              n: b, c: c, oc: labels)
                logits = l
            }
        }

        let activations = options.forBackward
            ? BertActivations(embeddingSum: embeddingSum, embeddingMean: embeddingMean, embeddingRstd: embeddingRstd,
                              layers: savedLayers, clsHidden: cls, pooled: pooled, additiveMask: additiveMask,
                              batchSize: b, length: t)
            : nil
        return BertOutput(
            logits: logits.map { Tensor(shape: [b, $0.count / b], values: $0) },
            pooled: pooled.map { Tensor(shape: [b, c], values: $0) },
            attentions: options.attentions ? Tensor(shape: [config.numHiddenLayers, b, h, t, t], values: attentions) : nil,
            hiddenStates: options.hiddenStates ? Tensor(shape: [config.numHiddenLayers + 1, b, t, c], values: hiddenStates) : nil,
            activations: activations)
    }

    /// One post-LN transformer layer on x (B·T, C); returns what backward needs (GELU's input only when
    /// `keepPreActivation`). With `keepRows`, only those rows go on past the attention (which every row
    /// still enters), and x leaves as (rows, C).
    func layerForward(_ x: inout [Float], layer: BertLayerWeights, packed: BertPackedLayer?, additiveMask: [Float],
                      b: Int, t: Int, keepRows: [Int]? = nil, keepPreActivation: Bool) -> BertActivations.Layer {
        let c = config.hiddenSize, intermediate = config.intermediateSize, bt = b * t
        let input = x
        var qkv = [Float](overwrittenCount: bt * 3 * c)
        matmulForward(out: &qkv, input: x, weight: layer.qkvWeight.storage, bias: layer.qkvBias.storage,
                      n: bt, c: c, oc: 3 * c, packedWeight: packed?.qkv)
        var probs = [Float](overwrittenCount: b * config.numAttentionHeads * t * t)
        var context = [Float](overwrittenCount: bt * c)
        attentionForward(context: &context, probs: &probs, qkv: qkv, additiveMask: additiveMask, b: b, t: t)

        // Attention output projection plus the residual, layer norm; from here on `rows` rows.
        let rows = keepRows?.count ?? bt
        let keptContext = keepRows.map { gatherRows(context, $0, width: c) } ?? context
        let keptInput = keepRows.map { gatherRows(input, $0, width: c) } ?? input
        var residual = [Float](overwrittenCount: rows * c)
        keptInput.withUnsafeBufferPointer { skip in
            matmulForward(out: &residual, input: keptContext, weight: layer.attentionOutputWeight.storage,
                          bias: layer.attentionOutputBias.storage, n: rows, c: c, oc: c, packedWeight: packed?.attentionOutput,
                          epilogue: .residual(skip.baseAddress!))
        }
        var norm1Out = [Float](overwrittenCount: rows * c)
        var norm1Mean = [Float](overwrittenCount: rows), norm1Rstd = [Float](overwrittenCount: rows)
        layerNormForward(out: &norm1Out, mean: &norm1Mean, rstd: &norm1Rstd, input: residual,
                         weight: layer.attentionNormWeight.storage, bias: layer.attentionNormBias.storage,
                         n: rows, c: c, eps: Float(config.layerNormEps))

        // Feed-forward (GELU's input kept only for a backward pass) plus the residual, layer norm.
        var ffnPre: [Float] = keepPreActivation ? [Float](overwrittenCount: rows * intermediate) : []
        var ffnAct = [Float](overwrittenCount: rows * intermediate)
        ffnPre.withUnsafeMutableBufferPointer { pre in
            matmulForward(out: &ffnAct, input: norm1Out, weight: layer.intermediateWeight.storage,
                          bias: layer.intermediateBias.storage, n: rows, c: c, oc: intermediate,
                          packedWeight: packed?.intermediate, epilogue: .gelu(preActivation: keepPreActivation ? pre.baseAddress : nil))
        }
        var ffnOut = [Float](overwrittenCount: rows * c)
        norm1Out.withUnsafeBufferPointer { skip in
            matmulForward(out: &ffnOut, input: ffnAct, weight: layer.outputWeight.storage, bias: layer.outputBias.storage,
                          n: rows, c: intermediate, oc: c, packedWeight: packed?.output, epilogue: .residual(skip.baseAddress!))
        }
        var norm2Mean = [Float](overwrittenCount: rows), norm2Rstd = [Float](overwrittenCount: rows)
        x = [Float](overwrittenCount: rows * c)
        layerNormForward(out: &x, mean: &norm2Mean, rstd: &norm2Rstd, input: ffnOut,
                         weight: layer.outputNormWeight.storage, bias: layer.outputNormBias.storage,
                         n: rows, c: c, eps: Float(config.layerNormEps))
        return BertActivations.Layer(input: input, qkv: qkv, probs: probs, context: context, keptRows: keepRows,
                                     attentionResidual: residual, norm1Mean: norm1Mean, norm1Rstd: norm1Rstd,
                                     norm1Out: norm1Out, ffnPre: ffnPre, ffnAct: ffnAct, ffnResidual: ffnOut,
                                     norm2Mean: norm2Mean, norm2Rstd: norm2Rstd)
    }

    /// Scaled dot-product attention for every (batch, head), side by side with one BLAS thread each:
    /// probs = softmax(Q·Kᵀ/√D + mask), context = probs·V.
    func attentionForward(context: inout [Float],   // (B·T, C)
                          probs: inout [Float],     // (B, H, T, T)
                          qkv: [Float],             // (B·T, 3C)
                          additiveMask: [Float],    // (B, T)
                          b: Int, t: Int) {
        let c = config.hiddenSize, h = config.numAttentionHeads, d = config.headDim
        let scale = 1 / Float(d).squareRoot()
        qkv.withUnsafeBufferPointer { qkvp in
            additiveMask.withUnsafeBufferPointer { maskp in
                probs.withUnsafeMutableBufferPointer { pp in
                    context.withUnsafeMutableBufferPointer { cp in
                        let q0 = UInt(bitPattern: qkvp.baseAddress!), m0 = UInt(bitPattern: maskp.baseAddress!)
                        let p0 = UInt(bitPattern: pp.baseAddress!), c0 = UInt(bitPattern: cp.baseAddress!)
                        parallelFor(b * h, workPerItem: 4 * t * t * d) { index in
                            let batch = index / h, head = index % h
                            let base = UnsafePointer<Float>(bitPattern: q0)! + batch * t * 3 * c + head * d
                            let p = UnsafeMutablePointer<Float>(bitPattern: p0)! + index * t * t
                            gemm(transposeA: false, transposeB: true, m: t, n: t, k: d, alpha: scale,
                                 a: base, lda: 3 * c, b: base + c, ldb: 3 * c, c: p, ldc: t)
                            softmaxRowsInPlace(p, mask: UnsafePointer<Float>(bitPattern: m0)! + batch * t, rows: t, cols: t)
                            gemm(transposeA: false, transposeB: false, m: t, n: d, k: t, a: p, lda: t,
                                 b: base + 2 * c, ldb: 3 * c,
                                 c: UnsafeMutablePointer<Float>(bitPattern: c0)! + batch * t * c + head * d, ldc: c)
                        }
                    }
                }
            }
        }
    }
}

/// The rows `rows` of a (N, width) row-major matrix, as a (rows.count, width) matrix.
func gatherRows(_ matrix: [Float], _ rows: [Int], width: Int) -> [Float] {
    var out = [Float](overwrittenCount: rows.count * width)
    for (i, row) in rows.enumerated() { for j in 0..<width { out[i * width + j] = matrix[row * width + j] } }
    return out
}

/// A (count, width) matrix of zeros with row `rows[i]` set to row i of `matrix`: the adjoint of `gatherRows`.
func scatterRows(_ matrix: [Float], _ rows: [Int], count: Int, width: Int) -> [Float] {
    var out = [Float](repeating: 0, count: count * width)
    for (i, row) in rows.enumerated() { for j in 0..<width { out[row * width + j] = matrix[i * width + j] } }
    return out
}
