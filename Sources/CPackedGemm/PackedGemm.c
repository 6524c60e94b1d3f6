#include "CPackedGemm.h"

#define NR ATTRIBENCH_PACKED_PANEL_WIDTH
#define MR 6
// How far ahead (in floats of the panel) the kernel asks for the weight: 4 KB, which keeps the
// stream from memory ahead of the multiply (measured: 4.7 against 5.9 ms per MiniLM pass at 16 rows).
#define PREFETCH_AHEAD 1024

long attribench_packed_count(int k, int n) {
    return (long)((n + NR - 1) / NR) * NR * k;
}

void attribench_pack(const float *b, int k, int n, int ldb, int transposed, float *packed) {
    int panels = (n + NR - 1) / NR;
    for (int p = 0; p < panels; p++) {
        float *out = packed + (long)p * k * NR;
        for (int row = 0; row < k; row++) {
            for (int jj = 0; jj < NR; jj++) {
                int col = p * NR + jj;
                float value = 0;
                if (col < n) value = transposed ? b[(long)col * ldb + row] : b[(long)row * ldb + col];
                out[(long)row * NR + jj] = value;
            }
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>
#include "Epilogue.h"

int attribench_packed_gemm_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

// rows (<= 6) x 16 block of C from rows of A and one packed panel: 12 accumulators.
__attribute__((target("avx2,fma")))
static void kernel6x16(int rows, int k, const float *a, int lda, const float *panel, float *c, int ldc,
                       int cols, int accumulate, const attribench_epilogue *epilogue, long row0, long col0) {
    __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    // Missing rows read row 0 again; their sums are never stored.
    const float *a0 = a, *a1 = a + (rows > 1) * lda, *a2 = a + 2 * (rows > 2) * lda;
    const float *a3 = a + 3 * (rows > 3) * lda, *a4 = a + 4 * (rows > 4) * lda, *a5 = a + 5 * (rows > 5) * lda;
    for (int p = 0; p < k; p++) {
        _mm_prefetch((const char *)(panel + p * NR + PREFETCH_AHEAD), _MM_HINT_T0);
        __m256 b0 = _mm256_load_ps(panel + p * NR), b1 = _mm256_load_ps(panel + p * NR + 8), x;
        x = _mm256_broadcast_ss(a0 + p); c00 = _mm256_fmadd_ps(x, b0, c00); c01 = _mm256_fmadd_ps(x, b1, c01);
        x = _mm256_broadcast_ss(a1 + p); c10 = _mm256_fmadd_ps(x, b0, c10); c11 = _mm256_fmadd_ps(x, b1, c11);
        x = _mm256_broadcast_ss(a2 + p); c20 = _mm256_fmadd_ps(x, b0, c20); c21 = _mm256_fmadd_ps(x, b1, c21);
        x = _mm256_broadcast_ss(a3 + p); c30 = _mm256_fmadd_ps(x, b0, c30); c31 = _mm256_fmadd_ps(x, b1, c31);
        x = _mm256_broadcast_ss(a4 + p); c40 = _mm256_fmadd_ps(x, b0, c40); c41 = _mm256_fmadd_ps(x, b1, c41);
        x = _mm256_broadcast_ss(a5 + p); c50 = _mm256_fmadd_ps(x, b0, c50); c51 = _mm256_fmadd_ps(x, b1, c51);
    }
    __m256 sums[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
    storeBlock(sums, rows, cols, c, ldc, accumulate, epilogue, row0, col0);
}

// Rows of A taken per block: as many as keep the block within about 384 KB, so it stays in the core's
// L2 while every panel of the range passes over it (without blocking, a product of hundreds of rows
// against a 1536-deep weight read A from L3 once per panel).
static int rowBlock(int k) {
    int rows = (384 * 1024 / 4) / (k > 0 ? k : 1);
    rows -= rows % MR;
    return rows < MR ? MR : rows;
}

void attribench_packed_gemm(int m, int n, int k, const float *a, int lda, const float *packed,
                            int firstPanel, int endPanel, float *c, int ldc, int accumulate,
                            const attribench_epilogue *epilogue) {
    int block = rowBlock(k);
    for (int i0 = 0; i0 < m; i0 += block) {
        int blockEnd = m - i0 < block ? m : i0 + block;
        for (int p = firstPanel; p < endPanel; p++) {
            int cols = n - p * NR < NR ? n - p * NR : NR;
            const float *panel = packed + (long)p * k * NR;
            for (int i = i0; i < blockEnd; i += MR) {
                int rows = blockEnd - i < MR ? blockEnd - i : MR;
                kernel6x16(rows, k, a + (long)i * lda, lda, panel, c + (long)i * ldc + p * NR, ldc, cols, accumulate,
                           epilogue, i, (long)p * NR);
            }
        }
    }
}

__attribute__((target("avx2,fma")))
void attribench_apply_epilogue(int rowBegin, int rowEnd, int n, float *c, int ldc, const attribench_epilogue *epilogue) {
    for (long row = rowBegin; row < rowEnd; row++) {
        float *out = c + row * ldc;
        for (int column = 0; column < n; column += 8) {
            int lanes = n - column < 8 ? n - column : 8;
            __m256i mask = epilogueMask(lanes);
            __m256 v = epilogueLoad(out + column, lanes, mask);
            if (epilogue->bias) v = _mm256_add_ps(v, epilogueLoad(epilogue->bias + column, lanes, mask));
            epilogueStore(out + column, epilogueApply(v, lanes, mask, epilogue, row, column), lanes, mask);
        }
    }
}

#else

int attribench_packed_gemm_available(void) { return 0; }

void attribench_apply_epilogue(int rowBegin, int rowEnd, int n, float *c, int ldc, const attribench_epilogue *epilogue) {
    (void)rowBegin; (void)rowEnd; (void)n; (void)c; (void)ldc; (void)epilogue;
}

void attribench_packed_gemm(int m, int n, int k, const float *a, int lda, const float *packed,
                            int firstPanel, int endPanel, float *c, int ldc, int accumulate,
                            const attribench_epilogue *epilogue) {
    (void)m; (void)n; (void)k; (void)a; (void)lda; (void)packed;
    (void)firstPanel; (void)endPanel; (void)c; (void)ldc; (void)accumulate; (void)epilogue;
}

#endif
