#pragma once
// Element-wise kernels and attention heads' small products in AVX-512, and the conversion of half and bfloat16
// checkpoint weights with F16C/AVX2, chosen at run time: the Swift engine builds for baseline x86-64 (SSE, no
// fused multiply-add), where the passes over the attention maps (the softmax and its backward pass, the sums the
// attributions take from every map) are the largest cost after the BLAS products. Callers check
// vk_has_avx512() (vk_has_f16c() for the conversions) once and otherwise run their portable Swift code, which stays the reference these kernels are
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

/// One head's sums for attention rollout, gradient-weighted attention and the head measures over `rows` rows of its
/// map A (stride `length`) and the gradient G of the first `gradient_rows` of them, as `BackwardAttribution.observe`
/// in the Attribution module: for every row i, `columns += A[i]`, `rollout += rollout_weights[i] · A[i]` (skipped
/// where that weight is 0 and the row has no gradient), and for rows with gradient
/// `weighted += weighted_weights[i] · max(0, A[i] ⊙ G[i])`. Returns Σ A ⊙ G. Only when vk_has_avx512() is 1.
float vk_attention_map_sums_avx512(const float *attention, const float *gradient, size_t gradient_rows, size_t rows,
                                   size_t length, const float *rollout_weights, const float *weighted_weights,
                                   float *columns, float *rollout, float *weighted);

/// C ← alpha · A · B (+ C when `accumulate` is 1) for C `[m, n]`, with A(i, p) = a[i·ar + p·ak] (any strides, so A
/// or Aᵀ of a row-major matrix) and B(p, j) = b[p·ldb + j] (rows contiguous), C(i, j) = c[i·ldc + j]. Register
/// tiles of 12 × 32 (n ≤ 32) or 6 × 64 outputs, B read in place, no packing, each tile of C written once: for the
/// small products of the attention heads' backward pass on blocks of query rows. k = 0 writes zeros (or leaves C
/// when accumulating).
/// Only when vk_has_avx512() is 1.
void vk_product_avx512(size_t m, size_t n, size_t k, float alpha, const float *a, ptrdiff_t ar, ptrdiff_t ak,
                       const float *b, ptrdiff_t ldb, float *c, ptrdiff_t ldc, int accumulate);

/// 1 when the processor runs the conversion kernels below (AVX2 and F16C, as the C library's CPU check reports them).
int vk_has_f16c(void);

/// `count` little-endian IEEE binary16 values at `source` (any alignment) to floats at `target`, bit-identical to
/// `FloatConversion.halfToFloat` in the Tensors module (NaN payloads and signalling NaNs kept). Returns 1 when every
/// value is finite, 0 when one is infinite or NaN. Only when vk_has_f16c() is 1.
int vk_half_to_float_f16c(const void *source, float *target, size_t count);

/// `count` little-endian bfloat16 values at `source` (any alignment) to floats at `target` (the bits shifted into the
/// upper half). Returns 1 when every value is finite, 0 when one is infinite or NaN. Only when vk_has_f16c() is 1.
int vk_bfloat16_to_float_avx2(const void *source, float *target, size_t count);

#ifdef __cplusplus
}
#endif
