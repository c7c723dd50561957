/*
 * patches.c - fuzz target: strategic merge and JSON 6902. The input is two
 * YAML documents, a target and a patch; the patch is applied both ways
 * (a mapping as a strategic merge, a sequence as JSON 6902 operations) to
 * a copy of the target, for a built-in kind and for an unknown one.
 */
#include "fuzz.h"
#include "kustomize/patch_json6902.h"
#include "kustomize/patch_smp.h"
#include "util/arena.h"
#include "util/limits.h"
#include "yaml/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const kr_resid ids[] = {{"apps", "v1", "Deployment", "d", ""}, {"x.io", "v1", "Thing", "t", ""}};
	kr_arena *a = kr_arena_new(64u << 20);
	kr_limits lim;
	kr_yaml_stream s;
	kr_err err;
	size_t i;

	if (!a)
		return 0;
	kr_limits_default(&lim);
	if (kr_yaml_load(&s, a, "fuzz.yaml", (const char *)data, size, &lim, KR_LOAD_RESOURCE, &err) == 0 &&
	    s.n >= 2 && s.docs[0]->kind == KR_NODE_MAP) {
		for (i = 0; i < 2; i++) {
			kr_node *target = kr_node_copy(a, s.docs[0], NULL);
			bool deleted;

			if (!target)
				break;
			if (s.docs[1]->kind == KR_NODE_MAP) {
				kr_smp_apply(a, target, s.docs[1], &ids[i], NULL, &deleted, &err);
			} else if (s.docs[1]->kind == KR_NODE_SEQ) {
				kr_json6902 *ops = NULL;

				if (kr_json6902_parse(a, s.docs[1], &ops, &err) == 0)
					kr_json6902_apply(a, target, ops, &err);
			}
		}
	}
	kr_arena_free(a);
	return 0;
}
