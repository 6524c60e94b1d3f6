import TensorCore

// The encoder's backward pass, from a cotangent on the logits down to the input embeddings.
// B batch, T tokens, C channels, H heads, D head channels, I intermediate, L labels.

/// Gradients of a linear function of the logits.
public struct BertGradients: Sendable {
    /// ∂/∂ word embeddings (B,T,C); equal to the gradient with respect to the summed input embeddings
    /// (word + position + token type), since the sum passes gradients through unchanged.
    public var wordEmbeddings: Tensor
    /// ∂/∂ attention probabilities of every layer (L,B,H,T,T), when asked.
    public var attentionProbabilities: Tensor?
}

extension BertModel {
    /// The gradient of Σ dLogits ⊙ logits with respect to the inputs, through the activations of a
    /// forward pass run with `forBackward: true`.
    public func backward(_ activations: BertActivations, dLogits: [Float],   // (B,L)
                         attentionGradients: Bool = false) throws -> BertGradients {
        guard let classifier = weights.classifier, let pooler = weights.pooler, let pooled = activations.pooled else {
            throw TransformerCoreError.invalidInput("\(folder): the model has no classifier head, so there are no logits to differentiate; use a fine-tuned classifier")
        }
        let b = activations.batchSize, t = activations.length, c = config.hiddenSize
        let h = config.numAttentionHeads, bt = b * t, labels = classifier.bias.count
        guard dLogits.count == b * labels else {
            throw TransformerCoreError.invalidInput("dLogits holds \(dLogits.count) values, expected batch \(b) × \(labels) labels")
        }
        // Classifier and pooler (tanh) on [CLS].
        var dPooled = [Float](repeating: 0, count: b * c)
        matmulBackward(dInput: &dPooled, dWeight: nil, dBias: nil, dOut: dLogits, input: pooled,
                       weight: classifier.weight.storage, n: b, c: c, oc: labels)
        for i in dPooled.indices { dPooled[i] *= 1 - pooled[i] * pooled[i] }
        var dCls = [Float](repeating: 0, count: b * c)
        matmulBackward(dInput: &dCls, dWeight: nil, dBias: nil, dOut: dPooled, input: activations.clsHidden,
                       weight: pooler.weight.storage, n: b, c: c, oc: c)
        // ∂ last layer's output: its [CLS] rows only when the forward pass kept only those, else (B·T, C).
        let clsRows = (0..<b).map { $0 * t }
        let lastKeptOnlyCLS = activations.layers.last?.keptRows != nil
        var dx = lastKeptOnlyCLS ? dCls : scatterRows(dCls, clsRows, count: bt, width: c)

        var attentionGrads = attentionGradients ? [[Float]](repeating: [], count: config.numHiddenLayers) : []
        let packed = BertPackedWeights.useful(rows: lastKeptOnlyCLS ? b : bt) ? packedWeights.backward(weights.layers) : nil
        for (index, layer) in weights.layers.enumerated().reversed() {
            let saved = activations.layers[index]
            let dProbs = layerBackward(&dx, layer: layer, packed: packed?[index], saved: saved, b: b, t: t,
                                       keepAttentionGradient: attentionGradients)
            if attentionGradients { attentionGrads[index] = dProbs }
        }
        var dEmbeddings = [Float](repeating: 0, count: bt * c)
        layerNormBackward(dInput: &dEmbeddings, dWeight: nil, dBias: nil, dOut: dx, input: activations.embeddingSum,
                          weight: weights.embeddingNormWeight.storage, mean: activations.embeddingMean,
                          rstd: activations.embeddingRstd, n: bt, c: c)
        return BertGradients(
            wordEmbeddings: Tensor(shape: [b, t, c], values: dEmbeddings),
            attentionProbabilities: attentionGradients
                ? Tensor(shape: [config.numHiddenLayers, b, h, t, t], values: attentionGrads.flatMap { $0 }) : nil)
    }

    /// One layer backward: dx holds ∂/∂ layer output on entry ((R, C): the rows the forward pass kept past
    /// the attention) and ∂/∂ layer input (B·T, C) on return. Returns ∂/∂ attention probabilities
    /// (B,H,T,T) when asked, else an empty array.
    func layerBackward(_ dx: inout [Float], layer: BertLayerWeights, packed: BertPackedLayer?, saved: BertActivations.Layer,
                       b: Int, t: Int, keepAttentionGradient: Bool) -> [Float] {
        let c = config.hiddenSize, intermediate = config.intermediateSize, bt = b * t
        let rows = saved.keptRows?.count ?? bt
        // Second layer norm, feed-forward, residual.
        var dFfnResidual = [Float](repeating: 0, count: rows * c)
        layerNormBackward(dInput: &dFfnResidual, dWeight: nil, dBias: nil, dOut: dx, input: saved.ffnResidual,
                          weight: layer.outputNormWeight.storage, mean: saved.norm2Mean, rstd: saved.norm2Rstd, n: rows, c: c)
        var dFfnPre = [Float](overwrittenCount: rows * intermediate)
        matmulBackwardThroughGelu(dPreActivation: &dFfnPre, dOut: dFfnResidual, weight: layer.outputWeight.storage,
                                  preActivation: saved.ffnPre, n: rows, c: intermediate, oc: c, packedWeight: packed?.output)
        var dNorm1Out = dFfnResidual
        matmulBackward(dInput: &dNorm1Out, dWeight: nil, dBias: nil, dOut: dFfnPre, input: saved.norm1Out,
                       weight: layer.intermediateWeight.storage, n: rows, c: c, oc: intermediate,
                       packedWeight: packed?.intermediate)
        // First layer norm, attention output projection, residual.
        var dAttentionResidual = [Float](repeating: 0, count: rows * c)
        layerNormBackward(dInput: &dAttentionResidual, dWeight: nil, dBias: nil, dOut: dNorm1Out,
                          input: saved.attentionResidual, weight: layer.attentionNormWeight.storage,
                          mean: saved.norm1Mean, rstd: saved.norm1Rstd, n: rows, c: c)
        var dKeptContext = [Float](repeating: 0, count: rows * c)
        matmulBackward(dInput: &dKeptContext, dWeight: nil, dBias: nil, dOut: dAttentionResidual,
                       input: saved.keptRows.map { gatherRows(saved.context, $0, width: c) } ?? saved.context,
                       weight: layer.attentionOutputWeight.storage, n: rows, c: c, oc: c,
                       packedWeight: packed?.attentionOutput)
        let dContext = saved.keptRows.map { scatterRows(dKeptContext, $0, count: bt, width: c) } ?? dKeptContext
        var dQKV = [Float](overwrittenCount: bt * 3 * c)   // every (batch, head) block is written
        var dProbs = [Float](overwrittenCount: b * config.numAttentionHeads * t * t)
        attentionBackward(dQKV: &dQKV, dProbs: &dProbs, dContext: dContext, qkv: saved.qkv, probs: saved.probs, b: b, t: t)
        dx = saved.keptRows.map { scatterRows(dAttentionResidual, $0, count: bt, width: c) } ?? dAttentionResidual
        matmulBackward(dInput: &dx, dWeight: nil, dBias: nil, dOut: dQKV, input: saved.input,
                       weight: layer.qkvWeight.storage, n: bt, c: c, oc: 3 * c, packedWeight: packed?.qkv)
        return keepAttentionGradient ? dProbs : []
    }

    /// Backward of `attentionForward` for every (batch, head), side by side.
    func attentionBackward(dQKV: inout [Float],   // (B·T, 3C), overwritten per head block
                           dProbs: inout [Float], // (B,H,T,T)
                           dContext: [Float],     // (B·T, C)
                           qkv: [Float],          // (B·T, 3C)
                           probs: [Float],        // (B,H,T,T)
                           b: Int, t: Int) {
        let c = config.hiddenSize, h = config.numAttentionHeads, d = config.headDim
        let scale = 1 / Float(d).squareRoot()
        var dScores = [Float](overwrittenCount: b * h * t * t)
        qkv.withUnsafeBufferPointer { qkvBuffer in probs.withUnsafeBufferPointer { probsBuffer in
        dContext.withUnsafeBufferPointer { dContextBuffer in dQKV.withUnsafeMutableBufferPointer { dQKVBuffer in
        dProbs.withUnsafeMutableBufferPointer { dProbsBuffer in dScores.withUnsafeMutableBufferPointer { dScoresBuffer in
            let pointers = UncheckedSendable((qkvBuffer.baseAddress!, probsBuffer.baseAddress!, dContextBuffer.baseAddress!,
                                              dQKVBuffer.baseAddress!, dProbsBuffer.baseAddress!, dScoresBuffer.baseAddress!))
            parallelFor(b * h, workPerItem: 8 * t * t * d) { index in
                let batch = index / h, head = index % h
                let (qkv0, probs0, dContext0, dQKV0, dProbs0, dScores0) = pointers.value
                let q = qkv0 + batch * t * 3 * c + head * d
                let p = probs0 + index * t * t
                let dCtx = dContext0 + batch * t * c + head * d
                let dq = dQKV0 + batch * t * 3 * c + head * d
                let dp = dProbs0 + index * t * t
                let ds = dScores0 + index * t * t
                // context = P·V: dP = dContext·Vᵀ, dV = Pᵀ·dContext.
                gemm(transposeA: false, transposeB: true, m: t, n: t, k: d, a: dCtx, lda: c, b: q + 2 * c, ldb: 3 * c,
                     c: dp, ldc: t)
                gemm(transposeA: true, transposeB: false, m: t, n: d, k: t, a: p, lda: t, b: dCtx, ldb: c,
                     c: dq + 2 * c, ldc: 3 * c)
                // P = softmax(S): dS = P ⊙ (dP − rowsum(dP ⊙ P)).
                softmaxBackward(dScores: ds, dProbs: dp, probs: p, rows: t, cols: t)
                // S = scale·Q·Kᵀ: dQ = scale·dS·K, dK = scale·dSᵀ·Q.
                gemm(transposeA: false, transposeB: false, m: t, n: d, k: t, alpha: scale, a: ds, lda: t,
                     b: q + c, ldb: 3 * c, c: dq, ldc: 3 * c)
                gemm(transposeA: true, transposeB: false, m: t, n: d, k: t, alpha: scale, a: ds, lda: t,
                     b: q, ldb: 3 * c, c: dq + c, ldc: 3 * c)
            }
        } } } } } }
    }
}
