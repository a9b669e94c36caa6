// GELU, x·Φ(x), and its slope Φ(x) + x·φ(x) in AVX-512 (see CVectorKernels.h): the same formulas as the portable
// Swift code (`Activation.apply` / `applyKeepingSlopes` in the Models module), Φ from erf by Abramowitz & Stegun
// 7.1.26 (absolute error ≤ 6e-7, harmless once added to 1), sixteen lanes at a time with fused multiply-adds.

#include "CVectorKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#include "exp_avx512.h"

/// Φ(x) = ½ (1 + erf(x / √2)) given g = e^(−x²/2).
VK_AVX512 static inline __m512 gaussian_cdf(__m512 x, __m512 g) {
    const __m512 z = _mm512_mul_ps(x, _mm512_set1_ps(0.707106781f));
    const __m512 magnitude = _mm512_abs_ps(z);
    const __m512 t = _mm512_div_ps(_mm512_set1_ps(1.0f), _mm512_fmadd_ps(magnitude, _mm512_set1_ps(0.3275911f),
                                                                        _mm512_set1_ps(1.0f)));
    __m512 p = _mm512_set1_ps(1.061405429f);
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-1.453152027f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(1.421413741f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-0.284496736f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(0.254829592f));
    __m512 erf_magnitude = _mm512_fnmadd_ps(_mm512_mul_ps(p, t), g, _mm512_set1_ps(1.0f));
    __mmask16 negative = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_LT_OQ);
    __m512 erf = _mm512_mask_sub_ps(erf_magnitude, negative, _mm512_setzero_ps(), erf_magnitude);
    return _mm512_mul_ps(_mm512_set1_ps(0.5f), _mm512_add_ps(erf, _mm512_set1_ps(1.0f)));
}

VK_AVX512 void vk_gelu_avx512(float *values, float *slopes, size_t count) {
    const __m512 inverse_sqrt_2pi = _mm512_set1_ps(0.398942280f);
    for (size_t i = 0; i < count; i += 16) {
        const __mmask16 lanes = count - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (count - i)) - 1u);
        const __m512 x = _mm512_maskz_loadu_ps(lanes, values + i);
        const __m512 g = vk_exp_non_positive(_mm512_mul_ps(_mm512_set1_ps(-0.5f), _mm512_mul_ps(x, x)));
        const __m512 phi = gaussian_cdf(x, g);
        if (slopes) {
            const __m512 slope = _mm512_fmadd_ps(_mm512_mul_ps(x, inverse_sqrt_2pi), g, phi);
            _mm512_mask_storeu_ps(slopes + i, lanes, slope);
        }
        _mm512_mask_storeu_ps(values + i, lanes, _mm512_mul_ps(x, phi));
    }
}

#else

void vk_gelu_avx512(float *values, float *slopes, size_t count) {
    (void)values, (void)slopes, (void)count;
    __builtin_trap();  // callers check vk_has_avx512() first
}

#endif
