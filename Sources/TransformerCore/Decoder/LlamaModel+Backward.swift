import TensorCore

// Gradients of the decoder down to its input embeddings (for gradient attribution on the decoder).
// T tokens, C channels, H heads, KVH key/value heads, D head channels, I intermediate, V vocabulary.

/// Everything the backward pass needs from a full-sequence forward pass.
public struct LlamaActivations: Sendable {
    struct Layer: Sendable {
        var input: [Float], normalized1: [Float], rstd1: [Float]
        var q: [Float], k: [Float], v: [Float], probs: [Float], context: [Float]
        var middle: [Float], normalized2: [Float], rstd2: [Float]
        var gate: [Float], up: [Float], activated: [Float]
    }
    var layers: [Layer]
    var final: [Float], finalNormalized: [Float], finalRstd: [Float]
    /// Tokens in the pass.
    public let length: Int

    /// Every layer's attention probabilities (L, H, T, T; causal, 0 above the diagonal).
    public var attentionProbabilities: [Float] { layers.flatMap(\.probs) }
}

extension LlamaModel {
    /// A forward pass from input embeddings (T, C) that keeps what `backward` needs, and the logits at
    /// `positions` (P, V).
    public func forwardForGradient(embeddings: [Float], positions: [Int]) throws -> (LlamaActivations, [Float]) {
        let c = config.hiddenSize, t = embeddings.count / c
        guard t > 0, embeddings.count == t * c else { throw TransformerCoreError.invalidInput("embeddings must hold T·\(c) values") }
        let d = config.headDim, h = config.heads, kvh = config.kvHeads, i = config.intermediateSize
        let ids = (0..<t).map { Int32($0) }
        var x = embeddings
        var saved: [LlamaActivations.Layer] = []
        for layer in weights.layers {
            var a = LlamaActivations.Layer(input: x, normalized1: .init(repeating: 0, count: t * c), rstd1: .init(repeating: 0, count: t),
                                           q: .init(repeating: 0, count: t * h * d), k: .init(repeating: 0, count: t * kvh * d),
                                           v: .init(repeating: 0, count: t * kvh * d), probs: [], context: [],
                                           middle: [], normalized2: .init(repeating: 0, count: t * c), rstd2: .init(repeating: 0, count: t),
                                           gate: .init(repeating: 0, count: t * i), up: .init(repeating: 0, count: t * i),
                                           activated: .init(repeating: 0, count: t * i))
            rmsNormForward(out: &a.normalized1, rstd: &a.rstd1, input: x, weight: layer.attentionNorm.storage, n: t, c: c, eps: config.rmsEpsilon)
            matmulForward(out: &a.q, input: a.normalized1, weight: layer.query.storage, bias: nil, n: t, c: c, oc: h * d)
            matmulForward(out: &a.k, input: a.normalized1, weight: layer.key.storage, bias: nil, n: t, c: c, oc: kvh * d)
            matmulForward(out: &a.v, input: a.normalized1, weight: layer.value.storage, bias: nil, n: t, c: c, oc: kvh * d)
            ropeForward(x: &a.q, positions: ids, n: t, heads: h, headDim: d, base: config.ropeBase)
            ropeForward(x: &a.k, positions: ids, n: t, heads: kvh, headDim: d, base: config.ropeBase)
            let (context, probs) = causalAttention(q: a.q, keys: a.k, values: a.v, past: 0, keepQueries: Array(0..<t))
            a.context = context
            a.probs = probs
            var attended = [Float](repeating: 0, count: t * c)
            matmulForward(out: &attended, input: context, weight: layer.output.storage, bias: nil, n: t, c: h * d, oc: c)
            a.middle = zip(x, attended).map(+)
            rmsNormForward(out: &a.normalized2, rstd: &a.rstd2, input: a.middle, weight: layer.mlpNorm.storage, n: t, c: c, eps: config.rmsEpsilon)
            matmulForward(out: &a.gate, input: a.normalized2, weight: layer.gate.storage, bias: nil, n: t, c: c, oc: i)
            matmulForward(out: &a.up, input: a.normalized2, weight: layer.up.storage, bias: nil, n: t, c: c, oc: i)
            swigluForward(out: &a.activated, gate: a.gate, up: a.up, count: t * i)
            var down = [Float](repeating: 0, count: t * c)
            matmulForward(out: &down, input: a.activated, weight: layer.down.storage, bias: nil, n: t, c: i, oc: c)
            x = zip(a.middle, down).map(+)
            saved.append(a)
        }
        var finalNormalized = [Float](repeating: 0, count: t * c), finalRstd = [Float](repeating: 0, count: t)
        rmsNormForward(out: &finalNormalized, rstd: &finalRstd, input: x, weight: weights.outputNorm.storage, n: t, c: c, eps: config.rmsEpsilon)
        let rows = positions.flatMap { finalNormalized[($0 * c)..<(($0 + 1) * c)] }
        var logits = [Float](repeating: 0, count: positions.count * config.vocabSize)
        matmulForward(out: &logits, input: rows, weight: (weights.output ?? weights.embeddings).storage, bias: nil,
                      n: positions.count, c: c, oc: config.vocabSize)
        return (LlamaActivations(layers: saved, final: x, finalNormalized: finalNormalized, finalRstd: finalRstd, length: t), logits)
    }

    /// ∂(Σ dLogits ⊙ logits at `positions`)/∂ input embeddings, (T, C).
    public func backward(_ activations: LlamaActivations, positions: [Int], dLogits: [Float]) -> [Float] {
        backward(activations, positions: positions, dLogits: dLogits, attentionGradients: false).embeddings
    }

    /// ∂(Σ dLogits ⊙ logits at `positions`)/∂ input embeddings (T, C) and, with `attentionGradients`,
    /// ∂/∂ every layer's attention probabilities (L, H, T, T; the entries above the causal diagonal are
    /// dContext·Vᵀ as in PyTorch's eager attention, multiplying probabilities that are 0).
    public func backward(_ activations: LlamaActivations, positions: [Int], dLogits: [Float],
                         attentionGradients: Bool) -> (embeddings: [Float], attentionProbabilities: [Float]?) {
        let c = config.hiddenSize, t = activations.length, d = config.headDim
        let h = config.heads, kvh = config.kvHeads, i = config.intermediateSize, group = h / kvh
        var dNormalized = [Float](repeating: 0, count: t * c)
        var dRows = [Float](repeating: 0, count: positions.count * c)
        let rows = positions.flatMap { activations.finalNormalized[($0 * c)..<(($0 + 1) * c)] }
        matmulBackward(dInput: &dRows, dWeight: nil, dBias: nil, dOut: dLogits, input: rows,
                       weight: (weights.output ?? weights.embeddings).storage, n: positions.count, c: c, oc: config.vocabSize)
        for (row, position) in positions.enumerated() { for j in 0..<c { dNormalized[position * c + j] += dRows[row * c + j] } }
        var dx = [Float](repeating: 0, count: t * c)
        rmsNormBackward(dInput: &dx, dWeight: nil, dOut: dNormalized, input: activations.final, weight: weights.outputNorm.storage,
                        rstd: activations.finalRstd, n: t, c: c)
        let ids = (0..<t).map { Int32($0) }
        let scale = 1 / Float(d).squareRoot()
        var dProbabilities = attentionGradients ? [Float](repeating: 0, count: weights.layers.count * h * t * t) : []
        for (index, layer) in weights.layers.enumerated().reversed() {
            let a = activations.layers[index]
            // MLP: x = middle + down(swiglu(gate(n2), up(n2))), n2 = rmsnorm(middle).
            var dActivated = [Float](repeating: 0, count: t * i)
            matmulBackward(dInput: &dActivated, dWeight: nil, dBias: nil, dOut: dx, input: a.activated, weight: layer.down.storage, n: t, c: i, oc: c)
            var dGate = [Float](repeating: 0, count: t * i), dUp = [Float](repeating: 0, count: t * i)
            swigluBackward(dGate: &dGate, dUp: &dUp, dOut: dActivated, gate: a.gate, up: a.up, count: t * i)
            var dNorm2 = [Float](repeating: 0, count: t * c)
            matmulBackward(dInput: &dNorm2, dWeight: nil, dBias: nil, dOut: dGate, input: a.normalized2, weight: layer.gate.storage, n: t, c: c, oc: i)
            matmulBackward(dInput: &dNorm2, dWeight: nil, dBias: nil, dOut: dUp, input: a.normalized2, weight: layer.up.storage, n: t, c: c, oc: i)
            var dMiddle = dx
            rmsNormBackward(dInput: &dMiddle, dWeight: nil, dOut: dNorm2, input: a.middle, weight: layer.mlpNorm.storage, rstd: a.rstd2, n: t, c: c)
            // Attention: middle = input + output(attention(q, k, v)).
            var dContext = [Float](repeating: 0, count: t * h * d)
            matmulBackward(dInput: &dContext, dWeight: nil, dBias: nil, dOut: dMiddle, input: a.context, weight: layer.output.storage, n: t, c: h * d, oc: c)
            var dq = [Float](repeating: 0, count: t * h * d), dk = [Float](repeating: 0, count: t * kvh * d)
            var dv = [Float](repeating: 0, count: t * kvh * d)
            for head in 0..<h {
                let kv = head / group
                let p = Array(a.probs[(head * t * t)..<((head + 1) * t * t)])
                var dp = [Float](repeating: 0, count: t * t)
                dContext.withUnsafeBufferPointer { dc in a.v.withUnsafeBufferPointer { v in
                    gemm(transposeA: false, transposeB: true, m: t, n: t, k: d, a: dc.baseAddress! + head * d, lda: h * d,
                         b: v.baseAddress! + kv * d, ldb: kvh * d, c: &dp, ldc: t)
                } }
                dContext.withUnsafeBufferPointer { dc in dv.withUnsafeMutableBufferPointer { dvb in
                    gemm(transposeA: true, transposeB: false, m: t, n: d, k: t, a: p, lda: t, b: dc.baseAddress! + head * d, ldb: h * d,
                         beta: 1, c: dvb.baseAddress! + kv * d, ldc: kvh * d)
                } }
                if attentionGradients {
                    let offset = (index * h + head) * t * t
                    dProbabilities.replaceSubrange(offset..<(offset + t * t), with: dp)
                }
                var ds = [Float](repeating: 0, count: t * t)
                softmaxBackward(dScores: &ds, dProbs: dp, probs: p, rows: t, cols: t)
                a.k.withUnsafeBufferPointer { k in dq.withUnsafeMutableBufferPointer { dqb in
                    gemm(transposeA: false, transposeB: false, m: t, n: d, k: t, alpha: scale, a: ds, lda: t,
                         b: k.baseAddress! + kv * d, ldb: kvh * d, beta: 1, c: dqb.baseAddress! + head * d, ldc: h * d)
                } }
                a.q.withUnsafeBufferPointer { q in dk.withUnsafeMutableBufferPointer { dkb in
                    gemm(transposeA: true, transposeB: false, m: t, n: d, k: t, alpha: scale, a: ds, lda: t,
                         b: q.baseAddress! + head * d, ldb: h * d, beta: 1, c: dkb.baseAddress! + kv * d, ldc: kvh * d)
                } }
            }
            ropeBackward(dX: &dq, positions: ids, n: t, heads: h, headDim: d, base: config.ropeBase)
            ropeBackward(dX: &dk, positions: ids, n: t, heads: kvh, headDim: d, base: config.ropeBase)
            var dNorm1 = [Float](repeating: 0, count: t * c)
            matmulBackward(dInput: &dNorm1, dWeight: nil, dBias: nil, dOut: dq, input: a.normalized1, weight: layer.query.storage, n: t, c: c, oc: h * d)
            matmulBackward(dInput: &dNorm1, dWeight: nil, dBias: nil, dOut: dk, input: a.normalized1, weight: layer.key.storage, n: t, c: c, oc: kvh * d)
            matmulBackward(dInput: &dNorm1, dWeight: nil, dBias: nil, dOut: dv, input: a.normalized1, weight: layer.value.storage, n: t, c: c, oc: kvh * d)
            dx = dMiddle
            rmsNormBackward(dInput: &dx, dWeight: nil, dOut: dNorm1, input: a.input, weight: layer.attentionNorm.storage, rstd: a.rstd1, n: t, c: c)
        }
        return (dx, attentionGradients ? dProbabilities : nil)
    }
}
