import CBLAS

// General matrix multiply on row-major buffers, through OpenBLAS's cblas_sgemm.
// M, N, K: C (M,N) = alpha · op(A) (M,K) · op(B) (K,N) + beta · C.

/// C = alpha · op(A) · op(B) + beta · C, row-major; op transposes when asked.
///
/// Threads: OpenBLAS runs single-threaded (see `ComputeThreads`); a product large enough to share is
/// split into row blocks (column blocks when it has fewer than 64 rows a thread and enough columns) run
/// side by side by `parallelFor`,
/// so BLAS never spins threads of its own against the other kernels'.
public func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                 a: UnsafePointer<Float>, lda: Int,   // (M,K), or (K,M) when transposed
                 b: UnsafePointer<Float>, ldb: Int,   // (K,N), or (N,K) when transposed
                 beta: Float = 0,
                 c: UnsafeMutablePointer<Float>, ldc: Int) {  // (M,N)
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
        for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
        return
    }
    let threads = ComputeThreads.isInsideParallelRegion ? 1 : min(ComputeThreads.count, max(m, n) / 16)
    guard threads > 1, 2 * m * n * k >= 2_000_000 else {
        sgemmSerial(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
        return
    }
    let pointers = UncheckedSendable((a, b, c))
    if m >= 64 * threads || n < 64 * threads {
        // Split rows: block i computes C[rows] from A[rows].
        parallelFor(threads, workPerItem: Int.max / 4) { part in
            let (a, b, c) = pointers.value
            let start = m * part / threads, end = m * (part + 1) / threads
            let aBlock = transposeA ? a + start : a + start * lda
            sgemmSerial(transposeA, transposeB, end - start, n, k, alpha, aBlock, lda, b, ldb, beta, c + start * ldc, ldc)
        }
    } else {
        // Split columns: block i computes C[:, cols] from B[cols].
        parallelFor(threads, workPerItem: Int.max / 4) { part in
            let (a, b, c) = pointers.value
            let start = n * part / threads, end = n * (part + 1) / threads
            let bBlock = transposeB ? b + start * ldb : b + start
            sgemmSerial(transposeA, transposeB, m, end - start, k, alpha, a, lda, bBlock, ldb, beta, c + start, ldc)
        }
    }
}

/// One single-threaded cblas_sgemm call.
@inline(__always)
func sgemmSerial(_ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
                 _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float,
                 _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// `count` independent GEMMs on strided buffers (e.g. one per batch·head), side by side.
public func batchedGemm(count: Int, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                        alpha: Float = 1,
                        a: UnsafePointer<Float>, lda: Int, strideA: Int,
                        b: UnsafePointer<Float>, ldb: Int, strideB: Int,
                        beta: Float = 0,
                        c: UnsafeMutablePointer<Float>, ldc: Int, strideC: Int) {
    let pointers = UncheckedSendable((a, b, c))
    parallelFor(count, workPerItem: 2 * m * n * k) { i in
        let (a, b, c) = pointers.value
        gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
             a: a + i * strideA, lda: lda, b: b + i * strideB, ldb: ldb, beta: beta, c: c + i * strideC, ldc: ldc)
    }
}
