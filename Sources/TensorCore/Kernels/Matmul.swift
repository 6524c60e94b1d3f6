// Linear layer in PyTorch's layout (weight (OC,C)), as llm.c's matmul_forward / matmul_backward.
// N rows (B·T), C input channels, OC output channels.

/// What a linear layer does to its output after the product and bias, fused into the packed kernel's
/// stores (and done as a pass of its own on the BLAS path).
public enum LinearEpilogue {
    /// Nothing.
    case none
    /// Adds a residual of the output's shape (N, OC), e.g. a post-LN transformer's skip connection.
    case residual(UnsafePointer<Float>)
    /// Applies GELU (BERT's erf form), writing the sum before it to `preActivation` (N, OC) when given.
    case gelu(preActivation: UnsafeMutablePointer<Float>?)
    /// Multiplies by GELU'(x) at x = `input` (N, OC): the backward pass through a GELU whose output
    /// gradient the product computes.
    case geluDerivative(input: UnsafePointer<Float>)
}

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
    if let bias {
        for row in 0..<n { (out + row * oc).update(from: bias, count: oc) }
    }
    gemm(transposeA: false, transposeB: true, m: n, n: oc, k: c, a: input, lda: c, b: weight, ldb: c,
         beta: bias == nil ? 0 : 1, c: out, ldc: oc)
    switch epilogue {
    case .none: break
    case .residual(let residual): for i in 0..<(n * oc) { out[i] += residual[i] }
    case .gelu(let preActivation):
        preActivation?.update(from: out, count: n * oc)
        geluForward(out: out, input: out, count: n * oc)
    case .geluDerivative(let input):
        let gradient = Array(UnsafeBufferPointer(start: out, count: n * oc))
        out.update(repeating: 0, count: n * oc)
        geluBackward(dInput: out, input: input, dOut: gradient, count: n * oc)
    }
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
    var dActivation = [Float](repeating: 0, count: n * c)
    matmulBackward(dInput: &dActivation, dWeight: nil, dBias: nil, dOut: dOut, input: preActivation, weight: weight,
                   n: n, c: c, oc: oc)
    dPreActivation.update(repeating: 0, count: n * c)
    geluBackward(dInput: dPreActivation, input: preActivation, dOut: dActivation, count: n * c)
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
