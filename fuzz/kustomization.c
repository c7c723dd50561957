/*
 * kustomization.c - fuzz target: decoding a kustomization file (every field,
 * its types and kustomize's errors) after the loader accepted it.
 */
#include "fuzz.h"
#include "kustomize/kustomization.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/limits.h"
#include "yaml/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kr_arena *a = kr_arena_new(64u << 20);
	kr_limits lim;
	kr_yaml_stream s;
	kr_err err;

	if (!a)
		return 0;
	kr_limits_default(&lim);
	if (kr_yaml_load(&s, a, "kustomization.yaml", (const char *)data, size, &lim, 0, &err) == 0 && s.n == 1) {
		kr_kustomization k;
		kr_buf warnings;

		kr_buf_init(&warnings, 1 << 20);
		kr_kustomization_parse(&k, a, s.docs[0], "/fuzz", "kustomization.yaml", &warnings, &err);
		kr_buf_dispose(&warnings);
	}
	kr_arena_free(a);
	return 0;
}
