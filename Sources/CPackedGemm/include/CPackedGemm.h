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

/// C[:, panels firstPanel..<endPanel] = (accumulate ? C : 0) + A . B for the packed B (K x N);
/// A is M x K row-major (lda), C is M x N row-major (ldc). Needs `attribench_packed_gemm_available`.
void attribench_packed_gemm(int m, int n, int k, const float *a, int lda, const float *packed,
                            int firstPanel, int endPanel, float *c, int ldc, int accumulate);

#ifdef __cplusplus
}
#endif

#endif
