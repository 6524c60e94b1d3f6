import Foundation
import TensorCore
import TransformerCore

// The training forward pass of a BERT classifier (dropout on, every activation kept for the weight
// gradients) and the mean cross-entropy loss. The structure follows HF's BertForSequenceClassification.
// B batch, T tokens, C channels, H heads, I intermediate channels, L labels.

/// Loss and gradients of a BERT encoder classifier with respect to every parameter.
public enum BertTraining {
    /// What one layer's backward pass needs.
    struct SavedLayer {
        var input: [Float]                   // (B·T, C)
        var qkv: [Float]                     // (B·T, 3C)
        var probs: [Float]                   // (B,H,T,T) before dropout
        var attentionDropout: [Float]?       // (B,H,T,T)
        var context: [Float]                 // (B·T, C)
        var attentionOutputDropout: [Float]? // (B·T, C)
        var residual1: [Float]               // (B·T, C)
        var norm1Mean: [Float], norm1Rstd: [Float] // (B·T)
        var norm1Out: [Float]                // (B·T, C)
        var ffnPre: [Float], ffnAct: [Float] // (B·T, I)
        var ffnOutputDropout: [Float]?       // (B·T, C)
        var residual2: [Float]               // (B·T, C)
        var norm2Mean: [Float], norm2Rstd: [Float] // (B·T)
    }

    /// What the whole backward pass needs.
    struct Saved {
        var embeddingSum: [Float]            // (B·T, C)
        var embeddingMean: [Float], embeddingRstd: [Float] // (B·T)
        var embeddingDropout: [Float]?       // (B·T, C)
        var layers: [SavedLayer]
        var cls: [Float]                     // (B, C) final hidden state of [CLS]
        var pooled: [Float]                  // (B, C) after tanh
        var pooledDropout: [Float]?          // (B, C)
        var classifierInput: [Float]         // (B, C) pooled after dropout
        var logits: [Float]                  // (B, L)
    }

    /// The mean cross-entropy of `batch` under `parameters`, with dropout drawn from `seed`; adds
    /// the gradient of that loss with respect to every parameter to `gradients` (same layout).
    /// Returns the loss and the logits (B, L).
    public static func lossAndGradients(_ parameters: BertParameterSet, batch: TrainingBatch, dropout: DropoutRates,
                                        seed: UInt64, gradients: inout BertParameterSet) -> (loss: Float, logits: [Float]) {
        let saved = forward(parameters, batch: batch, dropout: dropout, seed: seed)
        let b = batch.batchSize, labels = parameters.numLabels
        var losses = [Float](repeating: 0, count: b)
        crossEntropyForward(losses: &losses, logits: saved.logits, targets: batch.labels, rows: b, cols: labels)
        let loss = losses.reduce(0, +) / Float(b)
        var dLogits = [Float](repeating: 0, count: b * labels)
        crossEntropyBackward(dLogits: &dLogits, dLosses: [Float](repeating: 1 / Float(b), count: b),
                             logits: saved.logits, targets: batch.labels, rows: b, cols: labels)
        backward(parameters, batch: batch, saved: saved, dLogits: dLogits, gradients: &gradients.values)
        return (loss, saved.logits)
    }

    /// The mean loss alone (no gradients), for finite-difference checks and validation loss.
    public static func loss(_ parameters: BertParameterSet, batch: TrainingBatch, dropout: DropoutRates, seed: UInt64) -> Float {
        let saved = forward(parameters, batch: batch, dropout: dropout, seed: seed)
        var losses = [Float](repeating: 0, count: batch.batchSize)
        crossEntropyForward(losses: &losses, logits: saved.logits, targets: batch.labels,
                            rows: batch.batchSize, cols: parameters.numLabels)
        return losses.reduce(0, +) / Float(batch.batchSize)
    }

    /// The forward pass, keeping everything `backward` needs. Dropout masks are drawn in a fixed order
    /// from `seed` (embeddings; per layer attention, attention output, feed-forward output; pooled).
    static func forward(_ p: BertParameterSet, batch: TrainingBatch, dropout: DropoutRates, seed: UInt64) -> Saved {
        let config = p.config
        let b = batch.batchSize, t = batch.length, c = config.hiddenSize, h = config.numAttentionHeads
        let inner = config.intermediateSize, bt = b * t, eps = Float(config.layerNormEps)
        precondition(t <= config.maxPositionEmbeddings, "BertTraining: \(t) tokens exceed max_position_embeddings")
        var seeds = SeededRandom(seed: seed)
        func mask(_ count: Int, _ rate: Float) -> [Float]? {
            let draw = seeds.next()
            guard rate > 0 else { return nil }
            var m = [Float](repeating: 0, count: count)
            dropoutMask(out: &m, count: count, probability: rate, seed: draw)
            return m
        }
        func drop(_ x: inout [Float], _ m: [Float]?) {
            guard let m else { return }
            for i in x.indices { x[i] *= m[i] }
        }
        let additiveMask = batch.keyMask.map { $0 > 0.5 ? Float(0) : -Float.infinity }

        // Embeddings: word + position + token type (0), layer norm, dropout.
        var embeddingSum = [Float](repeating: 0, count: bt * c)
        embeddingForward(out: &embeddingSum, ids: batch.ids, table: p.values[BertParameterSet.wordEmbeddings],
                         vocabularySize: config.vocabSize, n: bt, c: c)
        let positions = p.values[BertParameterSet.positionEmbeddings], types = p.values[BertParameterSet.tokenTypeEmbeddings]
        for row in 0..<bt {
            let position = (row % t) * c
            for j in 0..<c { embeddingSum[row * c + j] += positions[position + j] + types[j] }
        }
        var embeddingMean = [Float](repeating: 0, count: bt), embeddingRstd = [Float](repeating: 0, count: bt)
        var x = [Float](repeating: 0, count: bt * c)
        layerNormForward(out: &x, mean: &embeddingMean, rstd: &embeddingRstd, input: embeddingSum,
                         weight: p.values[BertParameterSet.embeddingNormWeight],
                         bias: p.values[BertParameterSet.embeddingNormBias], n: bt, c: c, eps: eps)
        let embeddingDropout = mask(bt * c, dropout.hidden)
        drop(&x, embeddingDropout)

        var layers: [SavedLayer] = []
        for l in 0..<config.numHiddenLayers {
            func w(_ slot: BertParameterSet.LayerSlot) -> [Float] { p.values[p.index(layer: l, slot)] }
            let input = x
            var qkv = [Float](repeating: 0, count: bt * 3 * c)
            matmulForward(out: &qkv, input: input, weight: w(.qkvWeight), bias: w(.qkvBias), n: bt, c: c, oc: 3 * c)
            let attentionDropout = mask(b * h * t * t, dropout.attention)
            var probs = [Float](repeating: 0, count: b * h * t * t), context = [Float](repeating: 0, count: bt * c)
            attentionForward(context: &context, probs: &probs, qkv: qkv, additiveMask: additiveMask,
                             dropout: attentionDropout, b: b, t: t, c: c, h: h)
            var residual1 = [Float](repeating: 0, count: bt * c)
            matmulForward(out: &residual1, input: context, weight: w(.attentionOutputWeight), bias: w(.attentionOutputBias),
                          n: bt, c: c, oc: c)
            let attentionOutputDropout = mask(bt * c, dropout.hidden)
            drop(&residual1, attentionOutputDropout)
            for i in 0..<(bt * c) { residual1[i] += input[i] }
            var norm1Out = [Float](repeating: 0, count: bt * c)
            var norm1Mean = [Float](repeating: 0, count: bt), norm1Rstd = [Float](repeating: 0, count: bt)
            layerNormForward(out: &norm1Out, mean: &norm1Mean, rstd: &norm1Rstd, input: residual1,
                             weight: w(.attentionNormWeight), bias: w(.attentionNormBias), n: bt, c: c, eps: eps)
            var ffnPre = [Float](repeating: 0, count: bt * inner), ffnAct = [Float](repeating: 0, count: bt * inner)
            matmulForward(out: &ffnPre, input: norm1Out, weight: w(.intermediateWeight), bias: w(.intermediateBias),
                          n: bt, c: c, oc: inner)
            geluForward(out: &ffnAct, input: ffnPre, count: bt * inner)
            var residual2 = [Float](repeating: 0, count: bt * c)
            matmulForward(out: &residual2, input: ffnAct, weight: w(.outputWeight), bias: w(.outputBias),
                          n: bt, c: inner, oc: c)
            let ffnOutputDropout = mask(bt * c, dropout.hidden)
            drop(&residual2, ffnOutputDropout)
            for i in 0..<(bt * c) { residual2[i] += norm1Out[i] }
            var norm2Mean = [Float](repeating: 0, count: bt), norm2Rstd = [Float](repeating: 0, count: bt)
            layerNormForward(out: &x, mean: &norm2Mean, rstd: &norm2Rstd, input: residual2,
                             weight: w(.outputNormWeight), bias: w(.outputNormBias), n: bt, c: c, eps: eps)
            layers.append(SavedLayer(input: input, qkv: qkv, probs: probs, attentionDropout: attentionDropout,
                                     context: context, attentionOutputDropout: attentionOutputDropout,
                                     residual1: residual1, norm1Mean: norm1Mean, norm1Rstd: norm1Rstd, norm1Out: norm1Out,
                                     ffnPre: ffnPre, ffnAct: ffnAct, ffnOutputDropout: ffnOutputDropout,
                                     residual2: residual2, norm2Mean: norm2Mean, norm2Rstd: norm2Rstd))
        }

        // Pooler (tanh on [CLS]), dropout, classifier.
        var cls = [Float](repeating: 0, count: b * c)
        for i in 0..<b { for j in 0..<c { cls[i * c + j] = x[i * t * c + j] } }
        var pooled = [Float](repeating: 0, count: b * c)
        matmulForward(out: &pooled, input: cls, weight: p.values[p.poolerWeight], bias: p.values[p.poolerBias],
                      n: b, c: c, oc: c)
        for i in pooled.indices { pooled[i] = tanhf(pooled[i]) }
        let pooledDropout = mask(b * c, dropout.hidden)
        var classifierInput = pooled
        drop(&classifierInput, pooledDropout)
        var logits = [Float](repeating: 0, count: b * p.numLabels)
        matmulForward(out: &logits, input: classifierInput, weight: p.values[p.classifierWeight],
                      bias: p.values[p.classifierBias], n: b, c: c, oc: p.numLabels)
        return Saved(embeddingSum: embeddingSum, embeddingMean: embeddingMean, embeddingRstd: embeddingRstd,
                     embeddingDropout: embeddingDropout, layers: layers, cls: cls, pooled: pooled,
                     pooledDropout: pooledDropout, classifierInput: classifierInput, logits: logits)
    }
}
