/*
 * fuzz.h - the one entry point every fuzz target defines (libFuzzer's), and
 * what the targets share. A target builds two ways: with clang's
 * -fsanitize=fuzzer for fuzzing (`make fuzz`), and with replay.c as a plain
 * program that runs its stored corpus (fuzz/corpus/<target>/) in make check.
 * Any input must return 0 without crashing, leaking or reading outside its
 * buffers; a target aborts on a broken invariant.
 */
#ifndef KR_FUZZ_FUZZ_H
#define KR_FUZZ_FUZZ_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
#endif
