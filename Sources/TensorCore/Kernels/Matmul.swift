// Linear layer in PyTorch's layout (weight (OC,C)), as llm.c's matmul_forward / matmul_backward.
// N rows (B·T), C input channels, OC output channels.

/// out = epilogue(input · weightᵀ + bias). `packedWeight`, when given, is the weight packed as weightᵀ
/// (`PackedMatrix(weight, k: C, n: OC, transposed: true)`) and serves products of few rows.
public func matmulForward(out: UnsafeMutablePointer<Float>,   // (N,OC)
                          input: UnsafePointer<Float>,        // (N,C)
                          weight: UnsafePointer<Float>,       // (OC,C)
                          bias: UnsafePointer<Float>?,        // (OC)
                          n: Int, c: Int, oc: Int, packedWeight: PackedMatrix? = nil,
                          epilogue: LinearEpilogue = .none) {
    if let packedWeight, n <= PackedMatrix.rowLimit, PackedMatrix.isAvailable {
        precondition(packedWeight.k == c && packedWeight.n == oc, "packed weight of \(packedWeight.k) × \(packedWeight.n), expected \(c) × \(oc)")
        packedGemm(m: n, a: input, lda: c, b: packedWeight, accumulate: false, bias: bias, epilogue: epilogue,
                   c: out, ldc: oc)
        return
    }
    gemm(transposeA: false, transposeB: true, m: n, n: oc, k: c, a: input, lda: c, b: weight, ldb: c,
         c: out, ldc: oc)
    applyLinearEpilogue(out, bias: bias, epilogue: epilogue, n: n, oc: oc)
}

/// dPreActivation = (dOut · weight) ⊙ GELU'(preActivation), overwritten: the gradient at GELU's input
/// when a linear layer reads GELU's output (BERT's feed-forward), one pass on the packed path.
/// `packedWeight` as for `matmulBackward`.
public func matmulBackwardThroughGelu(dPreActivation: UnsafeMutablePointer<Float>,  // (N,C)
                                      dOut: UnsafePointer<Float>,                   // (N,OC)
                                      weight: UnsafePointer<Float>,                 // (OC,C)
                                      preActivation: UnsafePointer<Float>,          // (N,C)
                                      n: Int, c: Int, oc: Int, packedWeight: PackedMatrix? = nil) {
    if let packedWeight, n <= PackedMatrix.rowLimit, PackedMatrix.isAvailable {
        precondition(packedWeight.k == oc && packedWeight.n == c, "packed weight of \(packedWeight.k) × \(packedWeight.n), expected \(oc) × \(c)")
        packedGemm(m: n, a: dOut, lda: oc, b: packedWeight, accumulate: false,
                   epilogue: .geluDerivative(input: preActivation), c: dPreActivation, ldc: c)
        return
    }
    gemm(transposeA: false, transposeB: false, m: n, n: c, k: oc, a: dOut, lda: oc, b: weight, ldb: c,
         c: dPreActivation, ldc: c)
    applyLinearEpilogue(dPreActivation, bias: nil, epilogue: .geluDerivative(input: preActivation), n: n, oc: c)
}

/// Accumulates (+=) the gradients of `matmulForward` into each non-nil d-buffer. `packedWeight`, when
/// given, is the weight packed as it is (`PackedMatrix(weight, k: OC, n: C, transposed: false)`) and
/// serves ∂input for few rows.
public func matmulBackward(dInput: UnsafeMutablePointer<Float>?,   // (N,C)
                           dWeight: UnsafeMutablePointer<Float>?,  // (OC,C)
                           dBias: UnsafeMutablePointer<Float>?,    // (OC)
                           dOut: UnsafePointer<Float>,             // (N,OC)
                           input: UnsafePointer<Float>,            // (N,C)
                           weight: UnsafePointer<Float>,           // (OC,C)
                           n: Int, c: Int, oc: Int, packedWeight: PackedMatrix? = nil) {
    if let dInput, let packedWeight, n <= PackedMatrix.rowLimit, PackedMatrix.isAvailable {
        precondition(packedWeight.k == oc && packedWeight.n == c, "packed weight of \(packedWeight.k) × \(packedWeight.n), expected \(oc) × \(c)")
        packedGemm(m: n, a: dOut, lda: oc, b: packedWeight, accumulate: true, c: dInput, ldc: c)
    } else if let dInput {
        gemm(transposeA: false, transposeB: false, m: n, n: c, k: oc, a: dOut, lda: oc, b: weight, ldb: c,
             beta: 1, c: dInput, ldc: c)
    }
    if let dWeight {
        gemm(transposeA: true, transposeB: false, m: oc, n: c, k: n, a: dOut, lda: oc, b: input, ldb: c,
             beta: 1, c: dWeight, ldc: c)
    }
    if let dBias {
        for row in 0..<n {
            let d = dOut + row * oc
            for o in 0..<oc { dBias[o] += d[o] }
        }
    }
}
