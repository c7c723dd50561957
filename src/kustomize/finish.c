/*
 * finish.c - local-config removal and annotation clean-up.
 *
 * kustomize always re-writes metadata.annotations through a
 * map[string]string: internal keys vanish, an empty map disappears, values
 * become strings with their source text (`1.10` stays "1.10", `~` stays
 * "~", an empty value becomes ""). Labels are left as they are.
 */
#include "kustomize/finish.h"

#include <stdlib.h>
#include <string.h>

static const char *const stripped[] = {
	"internal.config.kubernetes.io/previousKinds",
	"internal.config.kubernetes.io/previousNames",
	"internal.config.kubernetes.io/prefixes",
	"internal.config.kubernetes.io/suffixes",
	"internal.config.kubernetes.io/previousNamespaces",
	"internal.config.kubernetes.io/allowNameChange",
	"internal.config.kubernetes.io/allowKindChange",
	"internal.config.kubernetes.io/refBy",
	"internal.config.kubernetes.io/generatorBehavior",
	"internal.config.kubernetes.io/needsHashSuffix",
	"config.kubernetes.io/path",
	"config.kubernetes.io/index",
	"internal.config.kubernetes.io/path",
	"internal.config.kubernetes.io/index",
	"internal.config.kubernetes.io/seqindent",
	"internal.config.kubernetes.io/id",
	"internal.config.kubernetes.io/annotations-migration-resource-id",
	"config.k8s.io/id",
	"config.kubernetes.io/origin",
	"alpha.config.kubernetes.io/transformations",
};

static bool is_local_config(const kr_node *root)
{
	const char *path[] = {"metadata", "annotations", "config.kubernetes.io/local-config"};
	const kr_node *v = kr_node_map_get_path(root, path, 3);

	if (!v)
		return false;
	if (v->kind != KR_NODE_SCALAR)
		return true;
	return !(v->x.orig ? (v->orig_len == 5 && memcmp(v->x.orig, "false", 5) == 0)
			     : kr_node_str_eq(v, "false"));
}

static int clean_annotations(kr_resource *res, kr_arena *a, kr_err *err)
{
	kr_node *meta = kr_node_map_get(res->root, "metadata");
	kr_node *ann = kr_node_map_get(meta, "annotations");
	size_t i;

	if (!meta) {
		/* kustomize materialises metadata when it rewrites annotations */
		meta = kr_node_new_map(a);
		if (!meta || kr_node_map_set(a, res->root, "metadata", meta) < 0)
			return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
		return 0;
	}
	if (!ann)
		return 0;
	if (ann->kind == KR_NODE_MAP) {
		for (i = 0; i < sizeof(stripped) / sizeof(stripped[0]); i++)
			kr_node_map_delete(ann, stripped[i]);
	}
	if ((ann->kind == KR_NODE_MAP && ann->len == 0) ||
	    (ann->kind == KR_NODE_SCALAR && ann->type == KR_SCALAR_NULL)) {
		kr_node_map_delete(meta, "annotations");
		return 0;
	}
	if (ann->kind != KR_NODE_MAP) {
		kr_mark m = {res->file, (int)ann->line, (int)ann->col};
		return kr_err_set(err, KR_EINVAL, &m, "metadata.annotations must be a mapping of strings");
	}
	for (i = 0; i < ann->len; i++) {
		kr_node *k = ann->u.pairs[i].key;
		kr_node *v = ann->u.pairs[i].value;
		enum kr_scalar_type kt;
		char norm[KR_SCALAR_OUT_MAX];
		bool changed;
		/* keys are written back untagged and read again: "1" becomes a number */
		if (kr_scalar_resolve_v3(k->u.str, k->len, &kt, norm, &changed) != KR_SCALAR_OK ||
		    kt != KR_SCALAR_STR) {
			kr_mark m = {res->file, (int)k->line, (int)k->col};
			return kr_err_set(err, KR_EINVAL, &m,
					  "json: unsupported type: annotation key \"%.*s\" is read back as a "
					  "non-string by kustomize",
					  (int)k->len, k->u.str);
		}
		if (v->kind != KR_NODE_SCALAR) {
			/* kustomize's map[string]string conversion leaves collections empty */
			v->kind = KR_NODE_SCALAR;
			v->type = KR_SCALAR_STR;
			v->u.str = "";
			v->len = 0;
			v->x.orig = NULL;
			v->orig_len = 0;
			continue;
		}
		if (v->type != KR_SCALAR_STR || v->x.orig) {
			if (v->x.orig) {
				v->u.str = v->x.orig;
				v->len = v->orig_len;
				v->x.orig = NULL;
				v->orig_len = 0;
			}
			v->type = KR_SCALAR_STR;
		}
	}
	return 0;
}

int kr_finish_resources(kr_resmap *rm, kr_arena *a, kr_err *err)
{
	size_t i, w = 0;

	for (i = 0; i < rm->n; i++) {
		kr_resource *res = rm->items[i];
		int rc;
		if (is_local_config(res->root))
			continue;
		rc = clean_annotations(res, a, err);
		if (rc < 0)
			return rc;
		rm->items[w++] = res;
	}
	/* the index still names dropped resources; nothing looks them up after this */
	rm->n = w;
	return 0;
}
