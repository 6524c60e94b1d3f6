import TensorCore

// The decoder's forward pass over new tokens, appending to a KV cache.
// T new tokens, P positions before them, L = P + T, C channels, H heads, KVH key/value heads, D head channels.

extension LlamaModel {
    /// Runs `ids` after what `cache` holds. Log-probabilities are computed only at `logProbPositions`
    /// (indices into `ids`), attentions only for `attentionLayers` and `attentionQueries` (indices into ids).
    public func forward(_ ids: [Int32], cache: inout KVCache, logProbPositions: [Int] = [],
                        attentionLayers: [Int] = [], attentionQueries: [Int] = []) throws -> LlamaOutput {
        let t = ids.count, c = config.hiddenSize, past = cache.count, length = past + t
        guard t > 0 else { throw TransformerCoreError.invalidInput("a forward pass needs at least one token") }
        guard length <= config.contextLength else {
            throw TransformerCoreError.invalidInput("\(length) tokens exceed the context length \(config.contextLength)")
        }
        if let bad = ids.first(where: { $0 < 0 || Int($0) >= config.vocabSize }) {
            throw TransformerCoreError.invalidInput("token id \(bad) is outside the vocabulary of \(config.vocabSize)")
        }
        if let bad = (logProbPositions + attentionQueries).first(where: { $0 < 0 || $0 >= t }) {
            throw TransformerCoreError.invalidInput("position \(bad) is outside the \(t) new tokens")
        }
        if let bad = attentionLayers.first(where: { $0 < 0 || $0 >= config.layers }) {
            throw TransformerCoreError.invalidInput("layer \(bad) is outside 0..<\(config.layers)")
        }
        var x = [Float](repeating: 0, count: t * c)
        embeddingForward(out: &x, ids: ids, table: weights.embeddings.storage, vocabularySize: config.vocabSize, n: t, c: c)
        let positions = (0..<t).map { Int32(past + $0) }
        var attentions: [Float] = []
        attentions.reserveCapacity(attentionLayers.count * config.heads * attentionQueries.count * length)
        for (index, layer) in weights.layers.enumerated() {
            let keep = attentionLayers.contains(index) ? attentionQueries : []
            attentions += layerForward(&x, layer: layer, index: index, positions: positions, cache: &cache, keepQueries: keep)
        }
        cache.advance(by: t)

        var logProbs: [Float]?
        if !logProbPositions.isEmpty {
            let p = logProbPositions.count, v = config.vocabSize
            var rows = [Float](repeating: 0, count: p * c)
            for (k, position) in logProbPositions.enumerated() {
                for j in 0..<c { rows[k * c + j] = x[position * c + j] }
            }
            var normalized = [Float](repeating: 0, count: p * c)
            rmsNormForward(out: &normalized, rstd: nil, input: rows, weight: weights.outputNorm.storage, n: p, c: c,
                           eps: config.rmsEpsilon)
            var logits = [Float](repeating: 0, count: p * v)
            matmulForward(out: &logits, input: normalized, weight: (weights.output ?? weights.embeddings).storage,
                          bias: nil, n: p, c: c, oc: v)
            var result = [Float](repeating: 0, count: p * v)
            logSoftmaxForward(out: &result, logits: logits, rows: p, cols: v)
            logProbs = result
        }
        let queries = attentionQueries.count
        return LlamaOutput(
            logProbs: logProbs.map { Tensor(shape: [logProbPositions.count, config.vocabSize], values: $0) },
            logProbPositions: logProbPositions,
            attentions: attentionLayers.isEmpty || queries == 0 ? nil
                : Tensor(shape: [attentionLayers.count, config.heads, queries, length], values: attentions))
    }

    /// One layer in place on x (T, C); returns the attention rows of `keepQueries` (H, Q, L).
    func layerForward(_ x: inout [Float], layer: LlamaLayerWeights, index: Int, positions: [Int32],
                      cache: inout KVCache, keepQueries: [Int]) -> [Float] {
        let t = positions.count, c = config.hiddenSize, d = config.headDim
        let h = config.heads, kvh = config.kvHeads, i = config.intermediateSize
        var normalized = [Float](repeating: 0, count: t * c)
        rmsNormForward(out: &normalized, rstd: nil, input: x, weight: layer.attentionNorm.storage, n: t, c: c, eps: config.rmsEpsilon)
        var q = [Float](repeating: 0, count: t * h * d)
        var k = [Float](repeating: 0, count: t * kvh * d), v = [Float](repeating: 0, count: t * kvh * d)
        matmulForward(out: &q, input: normalized, weight: layer.query.storage, bias: nil, n: t, c: c, oc: h * d)
        matmulForward(out: &k, input: normalized, weight: layer.key.storage, bias: nil, n: t, c: c, oc: kvh * d)
        matmulForward(out: &v, input: normalized, weight: layer.value.storage, bias: nil, n: t, c: c, oc: kvh * d)
        ropeForward(x: &q, positions: positions, n: t, heads: h, headDim: d, base: config.ropeBase)
        ropeForward(x: &k, positions: positions, n: t, heads: kvh, headDim: d, base: config.ropeBase)
        cache.append(layer: index, keys: k, values: v)

        let (context, kept) = causalAttention(q: q, keys: cache.keys[index], values: cache.values[index],
                                              past: Int(positions[0]), keepQueries: keepQueries)
        var attended = [Float](repeating: 0, count: t * c)
        matmulForward(out: &attended, input: context, weight: layer.output.storage, bias: nil, n: t, c: h * d, oc: c)
        for j in 0..<(t * c) { x[j] += attended[j] }

        rmsNormForward(out: &normalized, rstd: nil, input: x, weight: layer.mlpNorm.storage, n: t, c: c, eps: config.rmsEpsilon)
        var gate = [Float](repeating: 0, count: t * i), up = [Float](repeating: 0, count: t * i)
        matmulForward(out: &gate, input: normalized, weight: layer.gate.storage, bias: nil, n: t, c: c, oc: i)
        matmulForward(out: &up, input: normalized, weight: layer.up.storage, bias: nil, n: t, c: c, oc: i)
        var activated = [Float](repeating: 0, count: t * i)
        swigluForward(out: &activated, gate: gate, up: up, count: t * i)
        var down = [Float](repeating: 0, count: t * c)
        matmulForward(out: &down, input: activated, weight: layer.down.storage, bias: nil, n: t, c: i, oc: c)
        for j in 0..<(t * c) { x[j] += down[j] }
        return kept
    }

    /// Grouped-query causal attention of T new queries over L = past + T cached positions, one head per
    /// task: context (T, H·D), and the probability rows of `keepQueries` (H, Q, L).
    func causalAttention(q: [Float], keys: [Float], values: [Float], past: Int, keepQueries: [Int]) -> ([Float], [Float]) {
        let d = config.headDim, h = config.heads, kvh = config.kvHeads, group = h / kvh
        let t = q.count / (h * d), length = past + t
        let scale = 1 / Float(d).squareRoot()
        var context = [Float](repeating: 0, count: t * h * d)
        var probs = [Float](repeating: 0, count: h * t * length)
        q.withUnsafeBufferPointer { qb in keys.withUnsafeBufferPointer { kb in values.withUnsafeBufferPointer { vb in
        probs.withUnsafeMutableBufferPointer { pb in context.withUnsafeMutableBufferPointer { cb in
            let pointers = UncheckedSendable((qb.baseAddress!, kb.baseAddress!, vb.baseAddress!, pb.baseAddress!, cb.baseAddress!))
            parallelFor(h, workPerItem: 4 * t * length * d) { head in
                let (q0, k0, v0, p0, c0) = pointers.value
                let kvHead = head / group
                let p = p0 + head * t * length
                gemm(transposeA: false, transposeB: true, m: t, n: length, k: d, alpha: scale,
                     a: q0 + head * d, lda: h * d, b: k0 + kvHead * d, ldb: kvh * d, c: p, ldc: length)
                for row in 0..<t {
                    let visible = past + row + 1
                    softmaxRowsInPlace(p + row * length, mask: nil, rows: 1, cols: visible)
                    (p + row * length + visible).update(repeating: 0, count: length - visible)
                }
                gemm(transposeA: false, transposeB: false, m: t, n: d, k: length, a: p, lda: length,
                     b: v0 + kvHead * d, ldb: kvh * d, c: c0 + head * d, ldc: h * d)
            }
        } } } } }
        guard !keepQueries.isEmpty else { return (context, []) }
        if keepQueries == Array(0..<t) { return (context, probs) }
        var kept = [Float]()
        kept.reserveCapacity(h * keepQueries.count * length)
        for head in 0..<h {
            for query in keepQueries { kept += probs[((head * t + query) * length)..<((head * t + query + 1) * length)] }
        }
        return (context, kept)
    }
}
