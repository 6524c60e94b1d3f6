import RealModule
import TensorCore
@testable import TransformerCore

/// A naive llama forward pass over plain arrays, generic over the scalar, from TensorCore's reference
/// kernels: the Double model finite differences are taken through.
struct ReferenceLlama<T: Real & BinaryFloatingPoint> {
    let model: LlamaModel

    func array(_ tensor: Tensor) -> [T] { tensor.storage.map { T($0) } }

    /// Logits (P, V) at `positions` from input embeddings (T·C).
    func logits(embeddings: [T], positions: [Int]) -> [T] {
        let cfg = model.config, w = model.weights
        let c = cfg.hiddenSize, d = cfg.headDim, h = cfg.heads, kvh = cfg.kvHeads, t = embeddings.count / c
        let eps = T(cfg.rmsEpsilon), ids = (0..<t).map { Int32($0) }
        var x = embeddings
        for layer in w.layers {
            let n1 = ReferenceKernels.rmsNorm(x, weight: array(layer.attentionNorm), n: t, c: c, eps: eps)
            let q = ReferenceKernels.rope(ReferenceKernels.matmul(n1, array(layer.query), nil, n: t, c: c, oc: h * d),
                                          positions: ids, heads: h, headDim: d, base: T(cfg.ropeBase), layout: .adjacentPairs)
            let k = ReferenceKernels.rope(ReferenceKernels.matmul(n1, array(layer.key), nil, n: t, c: c, oc: kvh * d),
                                          positions: ids, heads: kvh, headDim: d, base: T(cfg.ropeBase), layout: .adjacentPairs)
            let v = ReferenceKernels.matmul(n1, array(layer.value), nil, n: t, c: c, oc: kvh * d)
            var context = [T](repeating: 0, count: t * h * d)
            for head in 0..<h {
                let kv = head / (h / kvh)
                var scores = [T](repeating: 0, count: t * t), mask = [T](repeating: 0, count: t * t)
                for i in 0..<t { for j in 0..<t {
                    var s: T = 0
                    for e in 0..<d { s += q[i * h * d + head * d + e] * k[j * kvh * d + kv * d + e] }
                    scores[i * t + j] = s / T.sqrt(T(d))
                    mask[i * t + j] = j > i ? -T.infinity : 0
                } }
                let p = ReferenceKernels.softmax(scores, mask: mask, rows: t, cols: t)
                for i in 0..<t { for e in 0..<d {
                    var s: T = 0
                    for j in 0..<t { s += p[i * t + j] * v[j * kvh * d + kv * d + e] }
                    context[i * h * d + head * d + e] = s
                } }
            }
            let middle = zip(x, ReferenceKernels.matmul(context, array(layer.output), nil, n: t, c: h * d, oc: c)).map(+)
            let n2 = ReferenceKernels.rmsNorm(middle, weight: array(layer.mlpNorm), n: t, c: c, eps: eps)
            let i = cfg.intermediateSize
            let act = ReferenceKernels.swiglu(gate: ReferenceKernels.matmul(n2, array(layer.gate), nil, n: t, c: c, oc: i),
                                              up: ReferenceKernels.matmul(n2, array(layer.up), nil, n: t, c: c, oc: i))
            x = zip(middle, ReferenceKernels.matmul(act, array(layer.down), nil, n: t, c: i, oc: c)).map(+)
        }
        let normalized = ReferenceKernels.rmsNorm(x, weight: array(w.outputNorm), n: t, c: c, eps: eps)
        let rows = positions.flatMap { normalized[($0 * c)..<(($0 + 1) * c)] }
        return ReferenceKernels.matmul(rows, array(w.output ?? w.embeddings), nil, n: positions.count, c: c, oc: cfg.vocabSize)
    }
}
