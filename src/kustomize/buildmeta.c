/*
 * buildmeta.c - the top kustomization's `buildMetadata`: the
 * config.kubernetes.io/origin annotation (the file a resource came from, or
 * the generator that made it), the alpha.config.kubernetes.io/transformations
 * annotation (every builtin transformer run over it, in order) and the
 * app.kubernetes.io/managed-by label. Paths are relative to the top
 * kustomization's directory. Runs after kr_finish_resources(), which strips
 * these keys from user input.
 */
#include "kustomize/buildmeta.h"

#include <string.h>

#include "util/buf.h"

/* @to relative to directory @from (both canonical), e.g. "../base/x.yaml". */
static char *relative(kr_arena *a, const char *from, const char *to)
{
	size_t i = 0, common = 0;
	kr_buf b;
	char *out;

	while (from[i] && to[i] && from[i] == to[i]) {
		i++;
		if (from[i] == '/' || (from[i] == '\0' && (to[i] == '/' || to[i] == '\0')))
			common = i;
	}
	if (from[i] == '\0' && to[i] == '/')
		common = i;
	kr_buf_init(&b, 1 << 16);
	for (i = common; from[i]; i++)
		if (from[i] == '/')
			kr_buf_puts(&b, "../");
	kr_buf_puts(&b, to[common] == '/' ? to + common + 1 : to + common);
	out = b.data ? kr_arena_strdup(a, b.data) : kr_arena_strdup(a, "");
	kr_buf_dispose(&b);
	return out;
}

static kr_node *annotations_of(kr_render *r, kr_resource *res)
{
	kr_node *meta = kr_node_map_get(res->root, "metadata");
	kr_node *ann;

	if (!meta || meta->kind != KR_NODE_MAP) {
		meta = kr_node_new_map(r->a);
		if (!meta || kr_node_map_set(r->a, res->root, "metadata", meta) < 0)
			return NULL;
	}
	ann = kr_node_map_get(meta, "annotations");
	if (!ann || ann->kind != KR_NODE_MAP) {
		ann = kr_node_new_map(r->a);
		if (!ann || kr_node_map_set(r->a, meta, "annotations", ann) < 0)
			return NULL;
	}
	return ann;
}

static int set_in(kr_render *r, kr_resource *res, const char *field, const char *key, const char *value)
{
	kr_node *meta = kr_node_map_get(res->root, "metadata");
	kr_node *map, *v = kr_node_new_str(r->a, value);

	if (strcmp(field, "annotations") == 0) {
		map = annotations_of(r, res);
	} else {
		map = kr_node_map_get(meta, field);
		if (!map || map->kind != KR_NODE_MAP) {
			map = kr_node_new_map(r->a);
			if (map && kr_node_map_set(r->a, meta, field, map) < 0)
				map = NULL;
		}
	}
	if (!map || !v || kr_node_map_set(r->a, map, key, v) < 0)
		return kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded");
	return 0;
}

int kr_build_metadata(kr_render *r, kr_resmap *rm, const kr_kustomization *top)
{
	unsigned flags = top->build_metadata;
	size_t i, t;
	int rc = 0;

	for (i = 0; i < rm->n && rc == 0; i++) {
		kr_resource *res = rm->items[i];
		kr_buf b;
		kr_buf_init(&b, 1 << 24);
		if ((flags & KR_BUILDMETA_TRANSFORMERS) && res->tf_in.n) {
			for (t = 0; t < res->tf_in.n; t++)
				kr_buf_printf(&b,
					      "- configuredIn: %s\n  configuredBy:\n    apiVersion: builtin\n"
					      "    kind: %s\n",
					      relative(r->a, top->dir, res->tf_in.v[t]), res->tf_kind.v[t]);
			rc = set_in(r, res, "annotations", "alpha.config.kubernetes.io/transformations", b.data);
			b.len = 0;
		}
		if (rc == 0 && (flags & KR_BUILDMETA_ORIGIN) && (res->origin_path || res->origin_kust)) {
			if (res->origin_path)
				kr_buf_printf(&b, "path: %s\n", relative(r->a, top->dir, res->origin_path));
			else
				kr_buf_printf(&b,
					      "configuredIn: %s\nconfiguredBy:\n  apiVersion: builtin\n  kind: %s\n",
					      relative(r->a, top->dir, res->origin_kust), res->origin_gen);
			rc = set_in(r, res, "annotations", "config.kubernetes.io/origin", b.data);
		}
		if (rc == 0 && (flags & KR_BUILDMETA_MANAGED_BY))
			rc = set_in(r, res, "labels", "app.kubernetes.io/managed-by", "kustomize-(devel)");
		kr_buf_dispose(&b);
	}
	return rc;
}
