// libFuzzer's driver entry point (compiler-rt's FuzzerInterface.h), present when linking with
// -sanitize=fuzzer. SwiftPM gives every executable its own `main` on Linux, so the fuzz targets call the driver
// from there instead of linking libFuzzer's `main`.
#ifndef CFUZZDRIVER_H
#define CFUZZDRIVER_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
