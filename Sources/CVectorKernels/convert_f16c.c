// Checkpoint weights to float: IEEE half with F16C and bfloat16 with AVX2 shifts (see CVectorKernels.h), sixteen
// elements at a time. Both are bit-identical to the portable Swift loop (`FloatConversion.convert` in the Tensors
// module) for every one of the 65,536 bit patterns: vcvtph2ps quiets a signalling NaN, which the Swift loop keeps
// as it is, so a block holding an infinity or NaN is converted by the same integer formula as the Swift loop.

#include "CVectorKernels.h"

#include <stdint.h>
#include <string.h>

/// binary16 bits → binary32 bits, as `FloatConversion.halfToFloat`.
static inline uint32_t half_bits_to_float_bits(uint16_t h) {
    const uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    const uint32_t exponent = (h >> 10) & 0x1Fu;
    const uint32_t mantissa = h & 0x3FFu;
    if (exponent == 0) {
        // Zero or subnormal: mantissa × 2^-24, exact in binary32.
        float magnitude = (float)mantissa * 0x1p-24f;
        uint32_t bits;
        memcpy(&bits, &magnitude, 4);
        return sign | bits;
    }
    if (exponent == 0x1F) return sign | 0x7F800000u | (mantissa << 13);
    return sign | ((exponent + 112) << 23) | (mantissa << 13);
}

#if defined(__x86_64__)
#include <immintrin.h>

#define VK_F16C __attribute__((target("avx2,f16c")))

int vk_has_f16c(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("f16c");
}

VK_F16C int vk_half_to_float_f16c(const void *source, float *target, size_t count) {
    const uint8_t *bytes = (const uint8_t *)source;
    const __m256i exponent_mask = _mm256_set1_epi16(0x7C00);
    int special = 0;
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        const __m256i halves = _mm256_loadu_si256((const __m256i *)(bytes + 2 * i));
        const __m256i exponents = _mm256_and_si256(halves, exponent_mask);
        if (_mm256_movemask_epi8(_mm256_cmpeq_epi16(exponents, exponent_mask)) == 0) {
            _mm256_storeu_ps(target + i, _mm256_cvtph_ps(_mm256_castsi256_si128(halves)));
            _mm256_storeu_ps(target + i + 8, _mm256_cvtph_ps(_mm256_extracti128_si256(halves, 1)));
        } else {
            special = 1;
            for (size_t j = i; j < i + 16; j++) {
                uint16_t h;
                memcpy(&h, bytes + 2 * j, 2);
                const uint32_t bits = half_bits_to_float_bits(h);
                memcpy(target + j, &bits, 4);
            }
        }
    }
    for (; i < count; i++) {
        uint16_t h;
        memcpy(&h, bytes + 2 * i, 2);
        special |= (h & 0x7C00u) == 0x7C00u;
        const uint32_t bits = half_bits_to_float_bits(h);
        memcpy(target + i, &bits, 4);
    }
    return !special;
}

VK_F16C int vk_bfloat16_to_float_avx2(const void *source, float *target, size_t count) {
    const uint8_t *bytes = (const uint8_t *)source;
    const __m256i exponent_mask = _mm256_set1_epi16(0x7F80);
    __m256i special = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        const __m256i values = _mm256_loadu_si256((const __m256i *)(bytes + 2 * i));
        special = _mm256_or_si256(special, _mm256_cmpeq_epi16(_mm256_and_si256(values, exponent_mask), exponent_mask));
        const __m256i low = _mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm256_castsi256_si128(values)), 16);
        const __m256i high = _mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm256_extracti128_si256(values, 1)), 16);
        _mm256_storeu_si256((__m256i *)(target + i), low);
        _mm256_storeu_si256((__m256i *)(target + i + 8), high);
    }
    int any_special = _mm256_movemask_epi8(special) != 0;
    for (; i < count; i++) {
        uint16_t b;
        memcpy(&b, bytes + 2 * i, 2);
        any_special |= (b & 0x7F80u) == 0x7F80u;
        const uint32_t bits = (uint32_t)b << 16;
        memcpy(target + i, &bits, 4);
    }
    return !any_special;
}

#else

int vk_has_f16c(void) { return 0; }

int vk_half_to_float_f16c(const void *source, float *target, size_t count) {
    (void)source, (void)target, (void)count;
    __builtin_trap();  // callers check vk_has_f16c() first
}

int vk_bfloat16_to_float_avx2(const void *source, float *target, size_t count) {
    (void)source, (void)target, (void)count;
    __builtin_trap();  // callers check vk_has_f16c() first
}

#endif
