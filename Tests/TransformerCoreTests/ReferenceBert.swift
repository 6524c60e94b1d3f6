import RealModule
import TensorCore
@testable import TransformerCore

/// A naive BERT classifier forward pass over plain arrays, generic over the scalar, built from
/// TensorCore's reference kernels: the Double model that finite differences are taken through.
/// `probsShift` (L,B,H,T,T), when given, is added to the attention probabilities after the softmax,
/// so that ∂logits/∂probs can be taken by finite differences too.
struct ReferenceBert<T: Real & BinaryFloatingPoint> {
    let model: BertModel

    func array(_ tensor: Tensor) -> [T] { tensor.storage.map { T($0) } }

    /// Logits (B,L) from word embeddings (B·T·C), a 0/1 key mask (B·T), and token types of 0.
    func logits(wordEmbeddings: [T], keyMask: [Float], b: Int, t: Int, probsShift: [T]? = nil) -> [T] {
        let config = model.config, w = model.weights
        let c = config.hiddenSize, h = config.numAttentionHeads, d = config.headDim, bt = b * t
        let eps = T(config.layerNormEps)
        let positions = array(w.positionEmbeddings), types = array(w.tokenTypeEmbeddings)
        var x = (0..<(bt * c)).map { wordEmbeddings[$0] + positions[($0 / c % t) * c + $0 % c] + types[$0 % c] }
        x = ReferenceKernels.layerNorm(x, weight: array(w.embeddingNormWeight), bias: array(w.embeddingNormBias),
                                       n: bt, c: c, eps: eps)
        let mask = keyMask.map { $0 > 0.5 ? T(0) : -T.infinity }
        for (l, layer) in w.layers.enumerated() {
            let qkv = ReferenceKernels.matmul(x, array(layer.qkvWeight), array(layer.qkvBias), n: bt, c: c, oc: 3 * c)
            var context = [T](repeating: 0, count: bt * c)
            for bi in 0..<b {
                for hi in 0..<h {
                    var scores = [T](repeating: 0, count: t * t)
                    for i in 0..<t { for j in 0..<t {
                        var s: T = 0
                        for k in 0..<d { s += qkv[(bi * t + i) * 3 * c + hi * d + k] * qkv[(bi * t + j) * 3 * c + c + hi * d + k] }
                        scores[i * t + j] = s / T.sqrt(T(d))
                    } }
                    var p = ReferenceKernels.softmax(scores, mask: Array(mask[(bi * t)..<((bi + 1) * t)]), rowsPerMask: t,
                                                     rows: t, cols: t)
                    if let probsShift {
                        let offset = ((l * b + bi) * h + hi) * t * t
                        for k in 0..<(t * t) { p[k] += probsShift[offset + k] }
                    }
                    for i in 0..<t { for k in 0..<d {
                        var s: T = 0
                        for j in 0..<t { s += p[i * t + j] * qkv[(bi * t + j) * 3 * c + 2 * c + hi * d + k] }
                        context[(bi * t + i) * c + hi * d + k] = s
                    } }
                }
            }
            let attended = ReferenceKernels.matmul(context, array(layer.attentionOutputWeight), array(layer.attentionOutputBias),
                                                   n: bt, c: c, oc: c)
            let norm1 = ReferenceKernels.layerNorm(zip(x, attended).map(+), weight: array(layer.attentionNormWeight),
                                                   bias: array(layer.attentionNormBias), n: bt, c: c, eps: eps)
            let up = ReferenceKernels.gelu(ReferenceKernels.matmul(norm1, array(layer.intermediateWeight),
                                                                   array(layer.intermediateBias), n: bt, c: c,
                                                                   oc: config.intermediateSize))
            let down = ReferenceKernels.matmul(up, array(layer.outputWeight), array(layer.outputBias), n: bt,
                                               c: config.intermediateSize, oc: c)
            x = ReferenceKernels.layerNorm(zip(norm1, down).map(+), weight: array(layer.outputNormWeight),
                                           bias: array(layer.outputNormBias), n: bt, c: c, eps: eps)
        }
        let cls = (0..<b).flatMap { Array(x[($0 * t * c)..<($0 * t * c + c)]) }
        let pooled = ReferenceKernels.matmul(cls, array(w.pooler!.weight), array(w.pooler!.bias), n: b, c: c, oc: c)
            .map { T.tanh($0) }
        let labels = w.classifier!.bias.count
        return ReferenceKernels.matmul(pooled, array(w.classifier!.weight), array(w.classifier!.bias), n: b, c: c, oc: labels)
    }
}
