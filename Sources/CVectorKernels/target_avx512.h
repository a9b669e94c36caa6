// The function attribute every AVX-512 kernel of this target carries (private to this target): the package builds
// for baseline x86-64, so the kernels ask the compiler for AVX-512F and FMA themselves and run only after
// vk_has_avx512() said yes.
#pragma once

#define VK_AVX512 __attribute__((target("avx512f,fma")))
