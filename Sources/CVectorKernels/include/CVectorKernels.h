#pragma once
// Element-wise kernels in AVX-512, chosen at run time: the Swift engine builds for baseline x86-64 (SSE, no
// fused multiply-add), where the passes over the attention maps (the softmax and its backward pass, the sums the
// attributions take from every map) are the largest cost after the BLAS products. Callers check
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

/// The softmax's backward pass over the first `valid` columns of `rows` rows of stride `stride`:
/// `scores[j] = probabilities[j] · (gradient[j] − Σ_k gradient[k] · probabilities[k])`, columns past `valid` set to
/// 0, as `Softmax.backwardRows` in the Models module. `gradient` and `scores` may be the same buffer. Only when
/// vk_has_avx512() is 1.
void vk_softmax_backward_rows_avx512(const float *probabilities, const float *gradient, float *scores, size_t rows,
                                     size_t valid, size_t stride);

/// One head's sums for attention rollout, gradient-weighted attention and the head measures, over its map A
/// `[length, length]` and the gradient G of its first `gradient_rows` rows (stride `length`), as
/// `BackwardAttribution.observe` in the Attribution module: for every row i, `columns += A[i]`,
/// `rollout += rollout_weights[i] · A[i]` (skipped where that weight is 0 and the row has no gradient), and for
/// rows with gradient `weighted += weighted_weights[i] · max(0, A[i] ⊙ G[i])`. Returns Σ A ⊙ G. Only when
/// vk_has_avx512() is 1.
float vk_attention_map_sums_avx512(const float *attention, const float *gradient, size_t gradient_rows, size_t length,
                                   const float *rollout_weights, const float *weighted_weights, float *columns,
                                   float *rollout, float *weighted);

#ifdef __cplusplus
}
#endif
