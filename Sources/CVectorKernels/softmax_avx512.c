// The attention softmax in AVX-512 (see CVectorKernels.h); the same three passes and the same Cephes
// exponential as the portable Swift code (`Softmax.rows`, `VectorMath.exponential(ofClamped:)`), sixteen lanes at
// a time with fused multiply-adds, so results agree with it to rounding (probabilities tested to 2e-7).

#include "CVectorKernels.h"

#include <math.h>

#if defined(__x86_64__)
#include <immintrin.h>

#include "exp_avx512.h"

int vk_has_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
}

VK_AVX512 void vk_softmax_rows_avx512(float *data, size_t rows, size_t valid, size_t stride, float *summaries) {
    const size_t whole = valid & ~(size_t)15;
    const __mmask16 tail = (__mmask16)((1u << (valid - whole)) - 1u);
    const __m512 minus_infinity = _mm512_set1_ps(-INFINITY);
    const __m512 lanes = _mm512_setr_ps(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (size_t r = 0; r < rows; r++) {
        float *row = data + r * stride;
        // Pass 1: the row maximum (tail lanes read −∞).
        __m512 maxima = minus_infinity;
        for (size_t j = 0; j < whole; j += 16) maxima = _mm512_max_ps(maxima, _mm512_loadu_ps(row + j));
        if (tail) maxima = _mm512_max_ps(maxima, _mm512_mask_loadu_ps(minus_infinity, tail, row + whole));
        const __m512 maximum = _mm512_set1_ps(_mm512_reduce_max_ps(maxima));
        // Pass 2: e_j = exp(s_j − max), Z = Σ e_j and, for the entropy, Σ e_j (s_j − max) (0 · −∞ taken as 0).
        __m512 sums = _mm512_setzero_ps();
        __m512 weighted = _mm512_setzero_ps();
        for (size_t j = 0; j <= whole; j += 16) {
            const int last = j == whole;
            if (last && !tail) break;
            __m512 s = last ? _mm512_mask_loadu_ps(minus_infinity, tail, row + j) : _mm512_loadu_ps(row + j);
            __m512 shifted = _mm512_sub_ps(s, maximum);
            __m512 e = vk_exp_non_positive(shifted);
            sums = _mm512_add_ps(sums, e);
            if (summaries) {
                __mmask16 positive = _mm512_cmp_ps_mask(e, _mm512_setzero_ps(), _CMP_NEQ_UQ);
                weighted = _mm512_add_ps(weighted, _mm512_maskz_mul_ps(positive, e, shifted));
            }
            if (last) _mm512_mask_storeu_ps(row + j, tail, e);
            else _mm512_storeu_ps(row + j, e);
        }
        const float total = _mm512_reduce_add_ps(sums);
        const float inverse = 1.0f / total;
        const __m512 scale = _mm512_set1_ps(inverse);
        // Pass 3: p_j = e_j / Z, with Σ_j p_j |r − j| and Σ_j p_j on the way when summarising.
        __m512 distances = _mm512_setzero_ps();
        __m512 totals = _mm512_setzero_ps();
        __m512 offset = _mm512_sub_ps(lanes, _mm512_set1_ps((float)r));  // j − r per lane
        for (size_t j = 0; j <= whole; j += 16) {
            const int last = j == whole;
            if (last && !tail) break;
            __m512 e = last ? _mm512_maskz_loadu_ps(tail, row + j) : _mm512_loadu_ps(row + j);
            __m512 p = _mm512_mul_ps(e, scale);
            if (summaries) {
                distances = _mm512_fmadd_ps(p, _mm512_abs_ps(offset), distances);
                totals = _mm512_add_ps(totals, p);
                offset = _mm512_add_ps(offset, _mm512_set1_ps(16.0f));
            }
            if (last) _mm512_mask_storeu_ps(row + j, tail, p);
            else _mm512_storeu_ps(row + j, p);
        }
        for (size_t j = valid; j < stride; j++) row[j] = 0;
        if (summaries) {
            float *summary = summaries + 4 * r;
            summary[0] = logf(total) - _mm512_reduce_add_ps(weighted) * inverse;
            summary[1] = inverse;
            summary[2] = _mm512_reduce_add_ps(distances);
            summary[3] = _mm512_reduce_add_ps(totals);
        }
    }
}

#else

int vk_has_avx512(void) { return 0; }

void vk_softmax_rows_avx512(float *data, size_t rows, size_t valid, size_t stride, float *summaries) {
    (void)data, (void)rows, (void)valid, (void)stride, (void)summaries;
    __builtin_trap();  // callers check vk_has_avx512() first
}

#endif
