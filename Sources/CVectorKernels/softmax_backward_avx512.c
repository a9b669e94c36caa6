// The softmax's backward pass in AVX-512 (see CVectorKernels.h): the same two steps per row as the portable Swift
// code (`Softmax.backwardRows` in the Models module), sixteen lanes at a time with fused multiply-adds.

#include "CVectorKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#include "target_avx512.h"

VK_AVX512 void vk_softmax_backward_rows_avx512(const float *probabilities, const float *gradient, float *scores,
                                                size_t rows, size_t valid, size_t stride) {
    const size_t whole = valid & ~(size_t)15;
    const __mmask16 tail = (__mmask16)((1u << (valid - whole)) - 1u);
    for (size_t r = 0; r < rows; r++) {
        const float *p = probabilities + r * stride;
        const float *g = gradient + r * stride;
        float *out = scores + r * stride;
        // Σ_k dP[k] · P[k]
        __m512 sums = _mm512_setzero_ps();
        for (size_t j = 0; j < whole; j += 16) sums = _mm512_fmadd_ps(_mm512_loadu_ps(g + j), _mm512_loadu_ps(p + j), sums);
        if (tail) sums = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, g + whole), _mm512_maskz_loadu_ps(tail, p + whole), sums);
        const __m512 dot = _mm512_set1_ps(_mm512_reduce_add_ps(sums));
        // dS[j] = P[j] · (dP[j] − dot); `gradient` and `scores` may be the same buffer (read before written).
        for (size_t j = 0; j < whole; j += 16) {
            _mm512_storeu_ps(out + j, _mm512_mul_ps(_mm512_loadu_ps(p + j), _mm512_sub_ps(_mm512_loadu_ps(g + j), dot)));
        }
        if (tail) {
            __m512 value = _mm512_mul_ps(_mm512_maskz_loadu_ps(tail, p + whole),
                                         _mm512_sub_ps(_mm512_maskz_loadu_ps(tail, g + whole), dot));
            _mm512_mask_storeu_ps(out + whole, tail, value);
        }
        for (size_t j = valid; j < stride; j++) out[j] = 0;
    }
}

VK_AVX512 float vk_attention_map_sums_avx512(const float *attention, const float *gradient, size_t gradient_rows,
                                             size_t rows, size_t length, const float *rollout_weights,
                                             const float *weighted_weights, float *columns, float *rollout,
                                             float *weighted) {
    const size_t t = length;
    const size_t whole = t & ~(size_t)15;
    const __mmask16 tail = (__mmask16)((1u << (t - whole)) - 1u);
    __m512 products = _mm512_setzero_ps();
    for (size_t i = 0; i < rows; i++) {
        const float *a = attention + i * t;
        const __m512 w = _mm512_set1_ps(rollout_weights[i]);
        if (i < gradient_rows) {
            const float *g = gradient + i * t;
            const __m512 v = _mm512_set1_ps(weighted_weights[i]);
            for (size_t j = 0; j <= whole; j += 16) {
                const __mmask16 lanes = j == whole ? tail : (__mmask16)0xFFFF;
                if (!lanes) break;
                const __m512 value = _mm512_maskz_loadu_ps(lanes, a + j);
                const __m512 product = _mm512_mul_ps(value, _mm512_maskz_loadu_ps(lanes, g + j));
                products = _mm512_add_ps(products, product);
                _mm512_mask_storeu_ps(columns + j, lanes, _mm512_add_ps(_mm512_maskz_loadu_ps(lanes, columns + j), value));
                _mm512_mask_storeu_ps(rollout + j, lanes, _mm512_fmadd_ps(w, value, _mm512_maskz_loadu_ps(lanes, rollout + j)));
                const __m512 positive = _mm512_max_ps(product, _mm512_setzero_ps());
                _mm512_mask_storeu_ps(weighted + j, lanes,
                                      _mm512_fmadd_ps(v, positive, _mm512_maskz_loadu_ps(lanes, weighted + j)));
            }
        } else {
            const int rolls = rollout_weights[i] != 0;
            for (size_t j = 0; j <= whole; j += 16) {
                const __mmask16 lanes = j == whole ? tail : (__mmask16)0xFFFF;
                if (!lanes) break;
                const __m512 value = _mm512_maskz_loadu_ps(lanes, a + j);
                _mm512_mask_storeu_ps(columns + j, lanes, _mm512_add_ps(_mm512_maskz_loadu_ps(lanes, columns + j), value));
                if (rolls) {
                    _mm512_mask_storeu_ps(rollout + j, lanes,
                                          _mm512_fmadd_ps(w, value, _mm512_maskz_loadu_ps(lanes, rollout + j)));
                }
            }
        }
    }
    return _mm512_reduce_add_ps(products);
}

#else

void vk_softmax_backward_rows_avx512(const float *probabilities, const float *gradient, float *scores, size_t rows,
                                     size_t valid, size_t stride) {
    (void)probabilities, (void)gradient, (void)scores, (void)rows, (void)valid, (void)stride;
    __builtin_trap();  // callers check vk_has_avx512() first
}

float vk_attention_map_sums_avx512(const float *attention, const float *gradient, size_t gradient_rows, size_t rows,
                                   size_t length, const float *rollout_weights, const float *weighted_weights,
                                   float *columns, float *rollout, float *weighted) {
    (void)attention, (void)gradient, (void)gradient_rows, (void)rows, (void)length, (void)rollout_weights;
    (void)weighted_weights, (void)columns, (void)rollout, (void)weighted;
    __builtin_trap();  // callers check vk_has_avx512() first
}

#endif
