// Matrix products of attention heads in AVX-512 (see CVectorKernels.h): register tiles fed by broadcasting one
// element of A against rows of B, with no packing and no separate pass to clear C.
//
// A head's backward products have one side as small as the head width (32 for MiniLM): ∂A = ∂context · Vᵀ is
// [T, T] with inner size 32; ∂scores · K, ∂scoresᵀ · Q and Pᵀ · ∂context are [T, 32]. The engine runs them on blocks
// of a few dozen query rows so that the block of the map and of its gradient stays in cache from one product to
// the next (`SelfAttention+Blocks.swift`); OpenBLAS would pack both operands of every such call (a whole map for
// three of them) and, for beta = 0, clear C in a pass of its own first.

#include "CVectorKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#include "target_avx512.h"

// One tile: R rows of C by V vectors of 16 columns (masks[v] says which lanes of vector v exist).
// C(i, j) = alpha · Σ_p A(i, p) · B(p, j), plus C(i, j) when accumulating, with A(i, p) = a[i·ar + p·ak] and
// B(p, j) = b[p·ldb + j]. The R·V ≤ 24 accumulators stay in registers; each step p loads V vectors of B's row p
// and broadcasts R elements of A's column p.
#define VK_PRODUCT_TILE(R, V)                                                                                     \
    static VK_AVX512 void vk_tile_##R##x##V(size_t k, float alpha, const float *a, ptrdiff_t ar, ptrdiff_t ak,    \
                                            const float *b, ptrdiff_t ldb, const __mmask16 *masks, float *c,      \
                                            ptrdiff_t ldc, int accumulate) {                                      \
        __m512 acc[R][V];                                                                                         \
        _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) {                                                    \
            _Pragma("GCC unroll 4") for (int v = 0; v < V; v++) acc[r][v] = _mm512_setzero_ps();                  \
        }                                                                                                         \
        for (size_t p = 0; p < k; p++) {                                                                          \
            __m512 row[V];                                                                                        \
            _Pragma("GCC unroll 4") for (int v = 0; v < V; v++) {                                                 \
                row[v] = _mm512_maskz_loadu_ps(masks[v], b + (ptrdiff_t)p * ldb + 16 * v);                        \
            }                                                                                                     \
            const float *column = a + (ptrdiff_t)p * ak;                                                          \
            _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) {                                                \
                const __m512 x = _mm512_set1_ps(column[r * ar]);                                                  \
                _Pragma("GCC unroll 4") for (int v = 0; v < V; v++) {                                             \
                    acc[r][v] = _mm512_fmadd_ps(x, row[v], acc[r][v]);                                            \
                }                                                                                                 \
            }                                                                                                     \
        }                                                                                                         \
        const __m512 scale = _mm512_set1_ps(alpha);                                                               \
        _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) {                                                    \
            _Pragma("GCC unroll 4") for (int v = 0; v < V; v++) {                                                 \
                float *out = c + r * ldc + 16 * v;                                                                \
                __m512 value = _mm512_mul_ps(scale, acc[r][v]);                                                   \
                if (accumulate) value = _mm512_add_ps(value, _mm512_maskz_loadu_ps(masks[v], out));               \
                _mm512_mask_storeu_ps(out, masks[v], value);                                                      \
            }                                                                                                     \
        }                                                                                                         \
    }

// Narrow products (n ≤ 32): 12 rows by 2 vectors, then fewer rows for the last ones.
VK_PRODUCT_TILE(12, 2)
VK_PRODUCT_TILE(8, 2)
VK_PRODUCT_TILE(4, 2)
VK_PRODUCT_TILE(2, 2)
VK_PRODUCT_TILE(1, 2)
// Wide products: 6 rows by 4 vectors (64 columns).
VK_PRODUCT_TILE(6, 4)
VK_PRODUCT_TILE(4, 4)
VK_PRODUCT_TILE(2, 4)
VK_PRODUCT_TILE(1, 4)

typedef void (*vk_tile)(size_t, float, const float *, ptrdiff_t, ptrdiff_t, const float *, ptrdiff_t,
                        const __mmask16 *, float *, ptrdiff_t, int);

static inline __mmask16 vk_lanes(ptrdiff_t count) {
    return count >= 16 ? (__mmask16)0xFFFF : count <= 0 ? (__mmask16)0 : (__mmask16)((1u << count) - 1u);
}

VK_AVX512 void vk_product_avx512(size_t m, size_t n, size_t k, float alpha, const float *a, ptrdiff_t ar,
                                 ptrdiff_t ak, const float *b, ptrdiff_t ldb, float *c, ptrdiff_t ldc,
                                 int accumulate) {
    static const size_t narrow_rows[] = {12, 8, 4, 2, 1};
    static const vk_tile narrow_tiles[] = {vk_tile_12x2, vk_tile_8x2, vk_tile_4x2, vk_tile_2x2, vk_tile_1x2};
    static const size_t wide_rows[] = {6, 4, 2, 1};
    static const vk_tile wide_tiles[] = {vk_tile_6x4, vk_tile_4x4, vk_tile_2x4, vk_tile_1x4};
    const int narrow = n <= 32;
    const size_t width = narrow ? 32 : 64;
    const size_t *rows = narrow ? narrow_rows : wide_rows;
    const vk_tile *tiles = narrow ? narrow_tiles : wide_tiles;
    const int sizes = narrow ? 5 : 4;
    for (size_t j = 0; j < n; j += width) {
        __mmask16 masks[4];
        for (int v = 0; v < 4; v++) masks[v] = vk_lanes((ptrdiff_t)(n - j) - 16 * v);
        size_t i = 0;
        for (int s = 0; s < sizes; s++) {
            for (; i + rows[s] <= m; i += rows[s]) {
                tiles[s](k, alpha, a + (ptrdiff_t)i * ar, ar, ak, b + j, ldb, masks, c + (ptrdiff_t)i * ldc + j, ldc,
                         accumulate);
            }
        }
    }
}

#else

void vk_product_avx512(size_t m, size_t n, size_t k, float alpha, const float *a, ptrdiff_t ar, ptrdiff_t ak,
                       const float *b, ptrdiff_t ldb, float *c, ptrdiff_t ldc, int accumulate) {
    (void)m, (void)n, (void)k, (void)alpha, (void)a, (void)ar, (void)ak, (void)b, (void)ldb, (void)c, (void)ldc;
    (void)accumulate;
    __builtin_trap();  // callers check vk_has_avx512() first
}

#endif
