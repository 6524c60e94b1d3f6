// The packed kernel's epilogue: bias, residual, GELU and GELU's derivative applied to a 6 x 16 block of
// sums as it is stored (see `attribench_epilogue`). The vector math is TensorCore's (VectorMath.swift) in AVX2
// intrinsics: Cephes expf and the Abramowitz & Stegun 7.1.26 tail of the normal CDF, so a fused GELU
// equals TensorCore's `geluForward` to rounding.
#ifndef ATTRIBENCH_EPILOGUE_H
#define ATTRIBENCH_EPILOGUE_H

#include <immintrin.h>
#include "CPackedGemm.h"

#define EPILOGUE_TARGET __attribute__((target("avx2,fma"), always_inline)) static inline

/// e^x, 8 lanes (Cephes expf: range reduction by ln 2 in two parts, degree-6 polynomial).
EPILOGUE_TARGET __m256 epilogueExp(__m256 x) {
    const __m256 low = _mm256_set1_ps(-87.3f), high = _mm256_set1_ps(88.3f);
    __m256 clamped = _mm256_min_ps(_mm256_max_ps(x, low), high);
    const __m256 magic = _mm256_set1_ps(12582912.0f);   // 1.5 . 2^23: rounds to nearest on the add
    __m256 shifted = _mm256_fmadd_ps(clamped, _mm256_set1_ps(1.44269504088896341f), magic);
    __m256 n = _mm256_sub_ps(shifted, magic);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), clamped);
    r = _mm256_fmadd_ps(n, _mm256_set1_ps(2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    p = _mm256_add_ps(_mm256_fmadd_ps(_mm256_mul_ps(p, r), r, r), _mm256_set1_ps(1.0f));
    __m256i integer = _mm256_sub_epi32(_mm256_castps_si256(shifted), _mm256_set1_epi32(0x4B400000));
    __m256 scale = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(integer, _mm256_set1_epi32(127)), 23));
    __m256 result = _mm256_mul_ps(p, scale);
    return _mm256_andnot_ps(_mm256_cmp_ps(x, low, _CMP_LT_OQ), result);
}

/// Phi(x) = 1 - q/2 for x >= 0 and q/2 below, q = erfc(|x|/sqrt 2), given exp(-x^2/2).
EPILOGUE_TARGET __m256 epilogueNormalCDF(__m256 x, __m256 gaussian) {
    __m256 absolute = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x);
    __m256 z = _mm256_mul_ps(absolute, _mm256_set1_ps(0.70710678118654752440f));
    __m256 t = _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_fmadd_ps(z, _mm256_set1_ps(0.3275911f), _mm256_set1_ps(1.0f)));
    __m256 poly = _mm256_set1_ps(1.061405429f);
    poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(-1.453152027f));
    poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(1.421413741f));
    poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(-0.284496736f));
    poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(0.254829592f));
    __m256 half = _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(poly, t), gaussian), _mm256_set1_ps(0.5f));
    return _mm256_blendv_ps(_mm256_sub_ps(_mm256_set1_ps(1.0f), half), half,
                            _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ));
}

/// exp(-x^2/2), the Gaussian factor shared by Phi and its density.
EPILOGUE_TARGET __m256 epilogueGaussian(__m256 x) {
    return epilogueExp(_mm256_mul_ps(_mm256_mul_ps(x, x), _mm256_set1_ps(-0.5f)));
}

/// GELU(x) = x . Phi(x).
EPILOGUE_TARGET __m256 epilogueGelu(__m256 x) {
    return _mm256_mul_ps(x, epilogueNormalCDF(x, epilogueGaussian(x)));
}

/// GELU'(x) = Phi(x) + x . phi(x), phi(x) = exp(-x^2/2) / sqrt(2 pi).
EPILOGUE_TARGET __m256 epilogueGeluDerivative(__m256 x) {
    __m256 gaussian = epilogueGaussian(x);
    __m256 density = _mm256_mul_ps(gaussian, _mm256_set1_ps(0.39894228040143267794f));
    return _mm256_fmadd_ps(x, density, epilogueNormalCDF(x, gaussian));
}

/// Lanes 0..<count on, the rest off, for masked loads and stores of a block's last columns.
EPILOGUE_TARGET __m256i epilogueMask(int count) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/// Loads 8 floats, or the first `lanes` through a mask (masked moves are slow on AMD cores: only the
/// last, partial block of a row takes them).
EPILOGUE_TARGET __m256 epilogueLoad(const float *p, int lanes, __m256i mask) {
    return lanes == 8 ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, mask);
}

/// Stores 8 floats, or the first `lanes` through a mask.
EPILOGUE_TARGET void epilogueStore(float *p, __m256 v, int lanes, __m256i mask) {
    if (lanes == 8) _mm256_storeu_ps(p, v); else _mm256_maskstore_ps(p, mask, v);
}

/// One 8-lane group (or the first `lanes` of it) of the sums at (row, column) through the epilogue.
EPILOGUE_TARGET __m256 epilogueApply(__m256 v, int lanes, __m256i mask, const attribench_epilogue *epilogue,
                                     long row, long column) {
    if (epilogue->residual)
        v = _mm256_add_ps(v, epilogueLoad(epilogue->residual + row * epilogue->residualStride + column, lanes, mask));
    if (epilogue->preActivation)
        epilogueStore(epilogue->preActivation + row * epilogue->preActivationStride + column, v, lanes, mask);
    if (epilogue->gelu) v = epilogueGelu(v);
    if (epilogue->geluInput)
        v = _mm256_mul_ps(v, epilogueGeluDerivative(
            epilogueLoad(epilogue->geluInput + row * epilogue->geluInputStride + column, lanes, mask)));
    return v;
}

/// Applies the epilogue to `rows` x `cols` (<= 6 x 16) sums and stores them at c; row0 and col0 place
/// the block in the whole product (for the bias, residual and pre-activation).
EPILOGUE_TARGET void storeBlock(__m256 sums[6][2], int rows, int cols, float *c, int ldc, int accumulate,
                                const attribench_epilogue *epilogue, long row0, long col0) {
    for (int half = 0; half < 2; half++) {
        int lanes = cols - 8 * half;
        if (lanes <= 0) break;
        if (lanes > 8) lanes = 8;
        __m256i mask = epilogueMask(lanes);
        long column = col0 + 8 * half;
        __m256 bias = epilogue && epilogue->bias ? epilogueLoad(epilogue->bias + column, lanes, mask) : _mm256_setzero_ps();
        for (int i = 0; i < rows; i++) {
            float *out = c + (long)i * ldc + 8 * half;
            __m256 v = _mm256_add_ps(sums[i][half], bias);
            if (accumulate) v = _mm256_add_ps(v, epilogueLoad(out, lanes, mask));
            if (epilogue) v = epilogueApply(v, lanes, mask, epilogue, row0 + i, column);
            epilogueStore(out, v, lanes, mask);
        }
    }
}

#endif
