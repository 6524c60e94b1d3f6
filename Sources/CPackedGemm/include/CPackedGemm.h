#ifndef ATTRIBENCH_CPACKEDGEMM_H
#define ATTRIBENCH_CPACKEDGEMM_H

// A GEMM for products with few rows against a fixed right-hand matrix (a layer's weight) that is
// packed once into column panels, so no call copies it again. OpenBLAS packs the weight on every call,
// which at batch 1 (16 to 64 rows against a 384 x 1536 weight) costs more than the multiply itself.
// AVX2 + FMA on x86-64, chosen at run time; elsewhere `attribench_packed_gemm_available` is 0 and
// callers keep to BLAS.

#ifdef __cplusplus
extern "C" {
#endif

/// The width, in columns, of one packed panel.
enum { ATTRIBENCH_PACKED_PANEL_WIDTH = 16 };

/// 1 when this CPU runs the packed kernel (x86-64 with AVX2 and FMA), else 0.
int attribench_packed_gemm_available(void);

/// The number of floats `attribench_pack` writes for a K x N matrix.
long attribench_packed_count(int k, int n);

/// Packs B (K x N) into panels of 16 columns, each K x 16 contiguous and zero-padded past N.
/// B is row-major with leading dimension ldb, or, when `transposed`, given as its transpose (N x K
/// row-major, as a PyTorch linear weight (out, in) is for the product x . W^T).
void attribench_pack(const float *b, int k, int n, int ldb, int transposed, float *packed);

/// What the kernel does with each sum S = (accumulate ? C : 0) + A . B before it stores it, so that a
/// linear layer's bias, residual and activation cost no pass of their own over the output.
typedef struct {
    /// (N): S += bias[column], or NULL.
    const float *bias;
    /// (M x N, leading dimension `residualStride`): S += residual[row, column], or NULL.
    const float *residual;
    long residualStride;
    /// (M x N, leading dimension `preActivationStride`): receives S before the activation, or NULL.
    float *preActivation;
    long preActivationStride;
    /// 1: C = GELU(S) in BERT's exact erf form, x . Phi(x); 0: C = S.
    int gelu;
    /// (M x N, leading dimension `geluInputStride`): C = S . GELU'(x) for x = geluInput[row, column] (the
    /// backward pass through GELU, S being the gradient of its output), or NULL.
    const float *geluInput;
    long geluInputStride;
} attribench_epilogue;

/// C[:, panels firstPanel..<endPanel] = epilogue((accumulate ? C : 0) + A . B) for the packed B
/// (K x N); A is M x K row-major (lda), C is M x N row-major (ldc); `epilogue` may be NULL (store S).
/// Needs `attribench_packed_gemm_available`.
void attribench_packed_gemm(int m, int n, int k, const float *a, int lda, const float *packed,
                            int firstPanel, int endPanel, float *c, int ldc, int accumulate,
                            const attribench_epilogue *epilogue);

/// Applies `epilogue` in place to rows rowBegin..<rowEnd of C (M x N row-major, ldc), each value taken
/// as the sum S: the same arithmetic as the kernel's stores, for a product another GEMM computed.
/// Needs `attribench_packed_gemm_available`.
void attribench_apply_epilogue(int rowBegin, int rowEnd, int n, float *c, int ldc, const attribench_epilogue *epilogue);

#ifdef __cplusplus
}
#endif

#endif
