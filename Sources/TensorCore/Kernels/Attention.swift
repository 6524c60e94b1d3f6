// Multi-head scaled dot-product attention on fused Q/K/V rows with attention-probability dropout,
// forward and backward, one (batch, head) per parallelFor item and one BLAS thread each.
// B batch, T tokens, C channels, H heads, D = C/H head channels.

/// probs = softmax(Q·Kᵀ/√D + mask) (saved before dropout), context = (probs ⊙ dropout)·V.
public func attentionForward(context: UnsafeMutablePointer<Float>,   // (B,T,C)
                             probs: UnsafeMutablePointer<Float>,     // (B,H,T,T)
                             qkv: UnsafePointer<Float>,              // (B,T,3C)
                             additiveMask: UnsafePointer<Float>,     // (B,T)
                             dropout: UnsafePointer<Float>?,         // (B,H,T,T) scales, nil for none
                             b: Int, t: Int, c: Int, h: Int) {
    let d = c / h
    let scale = 1 / Float(d).squareRoot()
    let pointers = UncheckedSendable((context, probs))
    parallelFor(b * h, workPerItem: 4 * t * t * d) { index in
        let (context, probs) = pointers.value
        let batch = index / h, head = index % h
        let q = qkv + batch * t * 3 * c + head * d
        let p = probs + index * t * t
        gemm(transposeA: false, transposeB: true, m: t, n: t, k: d, alpha: scale, a: q, lda: 3 * c,
             b: q + c, ldb: 3 * c, c: p, ldc: t)
        softmaxRowsInPlace(p, mask: additiveMask + batch * t, rows: t, cols: t)
        let out = context + batch * t * c + head * d
        if let dropout {
            let dropped = UnsafeMutablePointer<Float>.allocate(capacity: t * t)
            defer { dropped.deallocate() }
            dropoutApply(out: dropped, input: p, mask: dropout + index * t * t, count: t * t)
            gemm(transposeA: false, transposeB: false, m: t, n: d, k: t, a: dropped, lda: t, b: q + 2 * c, ldb: 3 * c,
                 c: out, ldc: c)
        } else {
            gemm(transposeA: false, transposeB: false, m: t, n: d, k: t, a: p, lda: t, b: q + 2 * c, ldb: 3 * c,
                 c: out, ldc: c)
        }
    }
}

/// Writes ∂/∂qkv (overwriting each head's block) from ∂/∂context, through the saved probabilities
/// and dropout scales of `attentionForward`.
public func attentionBackward(dQKV: UnsafeMutablePointer<Float>,     // (B,T,3C)
                              dContext: UnsafePointer<Float>,        // (B,T,C)
                              qkv: UnsafePointer<Float>,             // (B,T,3C)
                              probs: UnsafePointer<Float>,           // (B,H,T,T)
                              dropout: UnsafePointer<Float>?,        // (B,H,T,T) scales, nil for none
                              b: Int, t: Int, c: Int, h: Int) {
    let d = c / h
    let scale = 1 / Float(d).squareRoot()
    let output = UncheckedSendable(dQKV)
    parallelFor(b * h, workPerItem: 8 * t * t * d) { index in
        let batch = index / h, head = index % h
        let q = qkv + batch * t * 3 * c + head * d
        let dq = output.value + batch * t * 3 * c + head * d
        let dCtx = dContext + batch * t * c + head * d
        let p = probs + index * t * t
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * t * t)
        defer { scratch.deallocate() }
        let dp = scratch, dropped = scratch + t * t
        let mask = dropout.map { $0 + index * t * t }
        if let mask { dropoutApply(out: dropped, input: p, mask: mask, count: t * t) }
        // context = P̃·V: dP̃ = dContext·Vᵀ, dV = P̃ᵀ·dContext.
        gemm(transposeA: false, transposeB: true, m: t, n: t, k: d, a: dCtx, lda: c, b: q + 2 * c, ldb: 3 * c,
             c: dp, ldc: t)
        gemm(transposeA: true, transposeB: false, m: t, n: d, k: t, a: mask == nil ? p : UnsafePointer(dropped), lda: t,
             b: dCtx, ldb: c, c: dq + 2 * c, ldc: 3 * c)
        if let mask { dropoutApply(out: dp, input: dp, mask: mask, count: t * t) }
        // P = softmax(S): dS = P ⊙ (dP − rowsum(dP ⊙ P)), in place.
        for r in 0..<t {
            var dot: Float = 0
            for j in 0..<t { dot += dp[r * t + j] * p[r * t + j] }
            for j in 0..<t { dp[r * t + j] = p[r * t + j] * (dp[r * t + j] - dot) }
        }
        // S = scale·Q·Kᵀ: dQ = scale·dS·K, dK = scale·dSᵀ·Q.
        gemm(transposeA: false, transposeB: false, m: t, n: d, k: t, alpha: scale, a: dp, lda: t,
             b: q + c, ldb: 3 * c, c: dq, ldc: 3 * c)
        gemm(transposeA: true, transposeB: false, m: t, n: d, k: t, alpha: scale, a: dp, lda: t,
             b: q, ldb: 3 * c, c: dq + c, ldc: 3 * c)
    }
}
