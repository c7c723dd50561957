/*
 * yaml_load.c - fuzz target: the YAML loader, both as kustomize reads
 * resources (string keys, zero-copy scalars) and as it reads
 * kustomization files, under the default limits.
 */
#include "fuzz.h"
#include "util/arena.h"
#include "util/limits.h"
#include "yaml/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned modes[] = {KR_LOAD_RESOURCE | KR_LOAD_BORROW, 0};
	kr_limits lim;
	size_t m;

	kr_limits_default(&lim);
	for (m = 0; m < 2; m++) {
		kr_arena *a = kr_arena_new(64u << 20);
		kr_yaml_stream s;
		kr_err err;

		if (!a)
			return 0;
		kr_yaml_load(&s, a, "fuzz.yaml", (const char *)data, size, &lim, modes[m], &err);
		kr_arena_free(a);
	}
	return 0;
}
