#pragma once
// Element-wise kernels in AVX-512, chosen at run time: the Swift engine builds for baseline x86-64 (SSE, no
// fused multiply-add), where the attention softmax is the largest cost after the BLAS products. Callers check
// vk_has_avx512() once and otherwise run their portable Swift code, which stays the reference these kernels are
// tested against. Only the Tensors module imports this target (`AcceleratedKernels`).

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when the processor runs the kernels below (AVX-512F and FMA, as the C library's CPU check reports them).
int vk_has_avx512(void);

/// Row softmax in place over the first `valid` (≥ 1) columns of `rows` rows of stride `stride` (columns past
/// `valid` set to 0), as `Softmax.rows` in the Models module. With `summaries` non-null, also writes per row, at
/// `summaries + 4·r`: entropy (nats), largest probability, mean distance Σ_j p_j |r − j|, and Σ_j p_j as stored.
/// Only when vk_has_avx512() is 1.
void vk_softmax_rows_avx512(float *data, size_t rows, size_t valid, size_t stride, float *summaries);

/// GELU in place on `count` floats, `x·Φ(x)` with Φ from erf (as `Activation.gelu` in the Models module); with
/// `slopes` non-null, also writes the derivative `Φ(x) + x·φ(x)` at the original values there. Only when
/// vk_has_avx512() is 1.
void vk_gelu_avx512(float *values, float *slopes, size_t count);

#ifdef __cplusplus
}
#endif
