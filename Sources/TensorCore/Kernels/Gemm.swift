import CBLAS

// General matrix multiply on row-major buffers, through OpenBLAS's cblas_sgemm.
// M, N, K: C (M,N) = alpha · op(A) (M,K) · op(B) (K,N) + beta · C.

/// C = alpha · op(A) · op(B) + beta · C, row-major; op transposes when asked.
@inlinable
public func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                 a: UnsafePointer<Float>, lda: Int,   // (M,K), or (K,M) when transposed
                 b: UnsafePointer<Float>, ldb: Int,   // (K,N), or (N,K) when transposed
                 beta: Float = 0,
                 c: UnsafeMutablePointer<Float>, ldc: Int) {  // (M,N)
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
        if beta != 1 { for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } } }
        return
    }
    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// `count` independent GEMMs on strided buffers (e.g. one per batch·head), run one after another with
/// OpenBLAS threading each; for many small products, `parallelFor` over them with one BLAS thread each.
public func batchedGemm(count: Int, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                        alpha: Float = 1,
                        a: UnsafePointer<Float>, lda: Int, strideA: Int,
                        b: UnsafePointer<Float>, ldb: Int, strideB: Int,
                        beta: Float = 0,
                        c: UnsafeMutablePointer<Float>, ldc: Int, strideC: Int) {
    let flopsEach = 2 * m * n * k
    let threads = ComputeThreads.count
    if threads > 1 && count >= threads && flopsEach < 4_000_000 {
        // Many small products: run them side by side with single-threaded BLAS.
        let saved = openblas_get_num_threads()
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(saved) }
        let aAddress = UInt(bitPattern: a), bAddress = UInt(bitPattern: b), cAddress = UInt(bitPattern: c)
        parallelFor(count, workPerItem: flopsEach) { i in
            let ai = UnsafePointer<Float>(bitPattern: aAddress)! + i * strideA
            let bi = UnsafePointer<Float>(bitPattern: bAddress)! + i * strideB
            let ci = UnsafeMutablePointer<Float>(bitPattern: cAddress)! + i * strideC
            gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                 a: ai, lda: lda, b: bi, ldb: ldb, beta: beta, c: ci, ldc: ldc)
        }
    } else {
        for i in 0..<count {
            gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                 a: a + i * strideA, lda: lda, b: b + i * strideB, ldb: ldb, beta: beta,
                 c: c + i * strideC, ldc: ldc)
        }
    }
}
