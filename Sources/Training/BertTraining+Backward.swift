import TensorCore
import TransformerCore

// The training backward pass: from ∂loss/∂logits to the gradient of every parameter.
// B batch, T tokens, C channels, H heads, I intermediate channels, L labels.

extension BertTraining {
    /// Adds ∂/∂ every parameter to `g` (the layout of `BertParameterSet.values`), given
    /// dLogits (B, L) and the activations of `forward`.
    static func backward(_ p: BertParameterSet, batch: TrainingBatch, saved: Saved, dLogits: [Float],
                         gradients g: inout [[Float]]) {
        let config = p.config
        let b = batch.batchSize, t = batch.length, c = config.hiddenSize, h = config.numAttentionHeads
        let inner = config.intermediateSize, bt = b * t, labels = p.numLabels
        func masked(_ x: [Float], _ m: [Float]?) -> [Float] {
            guard let m else { return x }
            var y = x
            for i in y.indices { y[i] *= m[i] }
            return y
        }

        // Classifier, dropout, pooler.
        var dClassifierInput = [Float](repeating: 0, count: b * c)
        matmulBackward(dInput: &dClassifierInput, dWeight: &g[p.classifierWeight], dBias: nil, dOut: dLogits,
                       input: saved.classifierInput, weight: p.values[p.classifierWeight], n: b, c: c, oc: labels)
        matmulBackward(dInput: nil, dWeight: nil, dBias: &g[p.classifierBias], dOut: dLogits,
                       input: saved.classifierInput, weight: p.values[p.classifierWeight], n: b, c: c, oc: labels)
        var dPooledPre = masked(dClassifierInput, saved.pooledDropout)
        for i in dPooledPre.indices { dPooledPre[i] *= 1 - saved.pooled[i] * saved.pooled[i] }
        var dCls = [Float](repeating: 0, count: b * c)
        matmulBackward(dInput: &dCls, dWeight: &g[p.poolerWeight], dBias: nil, dOut: dPooledPre, input: saved.cls,
                       weight: p.values[p.poolerWeight], n: b, c: c, oc: c)
        matmulBackward(dInput: nil, dWeight: nil, dBias: &g[p.poolerBias], dOut: dPooledPre, input: saved.cls,
                       weight: p.values[p.poolerWeight], n: b, c: c, oc: c)
        var dx = [Float](repeating: 0, count: bt * c)
        for i in 0..<b { for j in 0..<c { dx[i * t * c + j] = dCls[i * c + j] } }

        for l in (0..<config.numHiddenLayers).reversed() {
            let s = saved.layers[l]
            func w(_ slot: BertParameterSet.LayerSlot) -> [Float] { p.values[p.index(layer: l, slot)] }
            func gi(_ slot: BertParameterSet.LayerSlot) -> Int { p.index(layer: l, slot) }
            // Second layer norm; its input is norm1Out + dropout(ffn output).
            var dResidual2 = [Float](repeating: 0, count: bt * c)
            layerNormBackward(dInput: &dResidual2, dWeight: &g[gi(.outputNormWeight)], dBias: nil, dOut: dx,
                              input: s.residual2, weight: w(.outputNormWeight), mean: s.norm2Mean, rstd: s.norm2Rstd, n: bt, c: c)
            layerNormBackward(dInput: nil, dWeight: nil, dBias: &g[gi(.outputNormBias)], dOut: dx,
                              input: s.residual2, weight: w(.outputNormWeight), mean: s.norm2Mean, rstd: s.norm2Rstd, n: bt, c: c)
            let dFfnOut = masked(dResidual2, s.ffnOutputDropout)
            var dFfnAct = [Float](repeating: 0, count: bt * inner)
            matmulBackward(dInput: &dFfnAct, dWeight: &g[gi(.outputWeight)], dBias: nil, dOut: dFfnOut, input: s.ffnAct,
                           weight: w(.outputWeight), n: bt, c: inner, oc: c)
            matmulBackward(dInput: nil, dWeight: nil, dBias: &g[gi(.outputBias)], dOut: dFfnOut, input: s.ffnAct,
                           weight: w(.outputWeight), n: bt, c: inner, oc: c)
            var dFfnPre = [Float](repeating: 0, count: bt * inner)
            geluBackward(dInput: &dFfnPre, input: s.ffnPre, dOut: dFfnAct, count: bt * inner)
            var dNorm1Out = dResidual2
            matmulBackward(dInput: &dNorm1Out, dWeight: &g[gi(.intermediateWeight)], dBias: nil, dOut: dFfnPre,
                           input: s.norm1Out, weight: w(.intermediateWeight), n: bt, c: c, oc: inner)
            matmulBackward(dInput: nil, dWeight: nil, dBias: &g[gi(.intermediateBias)], dOut: dFfnPre,
                           input: s.norm1Out, weight: w(.intermediateWeight), n: bt, c: c, oc: inner)
            // First layer norm; its input is the layer input + dropout(attention output).
            var dResidual1 = [Float](repeating: 0, count: bt * c)
            layerNormBackward(dInput: &dResidual1, dWeight: &g[gi(.attentionNormWeight)], dBias: nil, dOut: dNorm1Out,
                              input: s.residual1, weight: w(.attentionNormWeight), mean: s.norm1Mean, rstd: s.norm1Rstd,
                              n: bt, c: c)
            layerNormBackward(dInput: nil, dWeight: nil, dBias: &g[gi(.attentionNormBias)], dOut: dNorm1Out,
                              input: s.residual1, weight: w(.attentionNormWeight), mean: s.norm1Mean, rstd: s.norm1Rstd,
                              n: bt, c: c)
            let dAttentionOut = masked(dResidual1, s.attentionOutputDropout)
            var dContext = [Float](repeating: 0, count: bt * c)
            matmulBackward(dInput: &dContext, dWeight: &g[gi(.attentionOutputWeight)], dBias: nil, dOut: dAttentionOut,
                           input: s.context, weight: w(.attentionOutputWeight), n: bt, c: c, oc: c)
            matmulBackward(dInput: nil, dWeight: nil, dBias: &g[gi(.attentionOutputBias)], dOut: dAttentionOut,
                           input: s.context, weight: w(.attentionOutputWeight), n: bt, c: c, oc: c)
            var dQKV = [Float](repeating: 0, count: bt * 3 * c)
            attentionBackward(dQKV: &dQKV, dContext: dContext, qkv: s.qkv, probs: s.probs, dropout: s.attentionDropout,
                              b: b, t: t, c: c, h: h)
            dx = dResidual1
            matmulBackward(dInput: &dx, dWeight: &g[gi(.qkvWeight)], dBias: nil, dOut: dQKV, input: s.input,
                           weight: w(.qkvWeight), n: bt, c: c, oc: 3 * c)
            matmulBackward(dInput: nil, dWeight: nil, dBias: &g[gi(.qkvBias)], dOut: dQKV, input: s.input,
                           weight: w(.qkvWeight), n: bt, c: c, oc: 3 * c)
        }

        // Embedding dropout, layer norm, and the three lookups.
        let dNormOut = masked(dx, saved.embeddingDropout)
        var dSum = [Float](repeating: 0, count: bt * c)
        layerNormBackward(dInput: &dSum, dWeight: &g[BertParameterSet.embeddingNormWeight], dBias: nil, dOut: dNormOut,
                          input: saved.embeddingSum, weight: p.values[BertParameterSet.embeddingNormWeight],
                          mean: saved.embeddingMean, rstd: saved.embeddingRstd, n: bt, c: c)
        layerNormBackward(dInput: nil, dWeight: nil, dBias: &g[BertParameterSet.embeddingNormBias], dOut: dNormOut,
                          input: saved.embeddingSum, weight: p.values[BertParameterSet.embeddingNormWeight],
                          mean: saved.embeddingMean, rstd: saved.embeddingRstd, n: bt, c: c)
        embeddingBackward(dTable: &g[BertParameterSet.wordEmbeddings], dOut: dSum, ids: batch.ids, n: bt, c: c)
        for row in 0..<bt {
            let position = (row % t) * c
            for j in 0..<c {
                g[BertParameterSet.positionEmbeddings][position + j] += dSum[row * c + j]
                g[BertParameterSet.tokenTypeEmbeddings][j] += dSum[row * c + j]
            }
        }
    }
}
