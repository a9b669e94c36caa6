// The exponential both AVX-512 kernels share (private to this target): the Cephes polynomial of
// `VectorMath.exponential(ofClamped:)` in the Tensors module, with fused multiply-adds and 2ⁿ by scalef.
#pragma once

#include <immintrin.h>

#include "target_avx512.h"

/// e^x for x ≤ 0 (−∞ included): x clamped at −87.34, x = n·ln 2 + r, e^r = 1 + r + r²·P(r), times 2ⁿ;
/// 0 below the clamp.
VK_AVX512 static inline __m512 vk_exp_non_positive(__m512 x) {
    const __m512 low = _mm512_set1_ps(-87.33654f);
    __mmask16 underflow = _mm512_cmp_ps_mask(x, low, _CMP_LT_OQ);
    __m512 clamped = _mm512_max_ps(x, low);
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(clamped, _mm512_set1_ps(1.44269504f)),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), clamped);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
    __m512 p = _mm512_set1_ps(1.9875691500e-4f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
    __m512 er = _mm512_add_ps(_mm512_fmadd_ps(p, _mm512_mul_ps(r, r), r), _mm512_set1_ps(1.0f));
    __m512 result = _mm512_scalef_ps(er, n);
    return _mm512_maskz_mov_ps(~underflow, result);
}
