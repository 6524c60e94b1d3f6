// Abnar & Zuidema's residual-augmented attention graph, shared by rollout and flow.
// L layers, H heads, T tokens (queries = keys).

/// Per-layer attention with the residual connection folded in: Â = rownorm(reduce_h(A) + I), in Double.
enum ResidualAttention {
    /// Â for every layer (L,T,T) from attention probabilities (L,H,T,T).
    static func augmented(_ attentions: [Float], layers: Int, heads: Int, tokens t: Int, reduction: HeadReduction) -> [[Double]] {
        (0..<layers).map { layer in
            var matrix = reduction.reduce(attentions, offset: layer * heads * t * t, heads: heads, rows: t, columns: t).map(Double.init)
            for i in 0..<t { matrix[i * t + i] += 1 }
            for i in 0..<t {
                let total = matrix[(i * t)..<((i + 1) * t)].reduce(0, +)
                for j in 0..<t { matrix[i * t + j] /= total }
            }
            return matrix
        }
    }

    /// The rollout Âₗ·…·Â₁ (T,T), multiplied from the first layer up (Abnar & Zuidema's
    /// `compute_joint_attention`).
    static func rollout(_ augmented: [[Double]], tokens t: Int) -> [Double] {
        var joint = augmented[0]
        for layer in augmented.dropFirst() {
            var next = [Double](repeating: 0, count: t * t)
            for i in 0..<t {
                for k in 0..<t {
                    let a = layer[i * t + k]
                    if a == 0 { continue }
                    for j in 0..<t { next[i * t + j] += a * joint[k * t + j] }
                }
            }
            joint = next
        }
        return joint
    }
}
