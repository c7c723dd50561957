/*
 * schema.c - a custom OpenAPI (swagger 2) schema for strategic merge.
 * Definitions are indexed by name and by each x-kubernetes-group-version-kind
 * they declare; a field path is followed through properties, array items and
 * "#/definitions/..." references (at most 64 of them per lookup: cycles end).
 */
#include "kustomize/schema.h"

#include <string.h>

static const char *text(kr_arena *a, const kr_node *n)
{
	return n && n->kind == KR_NODE_SCALAR ? kr_node_text(a, n) : NULL;
}

int kr_schema_index(kr_schema *s, const kr_node *doc, kr_arena *a)
{
	const kr_node *defs = kr_node_map_get(doc, "definitions");
	size_t i, j;

	s->gvk = (kr_map)KR_MAP_INIT;
	s->defs = (kr_map)KR_MAP_INIT;
	if (!defs || defs->kind != KR_NODE_MAP)
		return 0;
	for (i = 0; i < defs->len; i++) {
		const char *name = text(a, defs->u.pairs[i].key);
		kr_node *def = defs->u.pairs[i].value;
		const kr_node *gvks = kr_node_map_get(def, "x-kubernetes-group-version-kind");

		if (!name || kr_map_put(&s->defs, name, strlen(name), def, NULL) < 0)
			return KR_ENOMEM;
		for (j = 0; gvks && gvks->kind == KR_NODE_SEQ && j < gvks->len; j++) {
			const kr_node *g = gvks->u.items[j];
			const char *group = text(a, kr_node_map_get(g, "group"));
			const char *key = kr_arena_sprintf(a, "%s/%s/%s", group ? group : "",
							   text(a, kr_node_map_get(g, "version")),
							   text(a, kr_node_map_get(g, "kind")));

			if (!key || kr_map_put(&s->gvk, key, strlen(key), def, NULL) < 0)
				return KR_ENOMEM;
		}
	}
	return 0;
}

void kr_schema_dispose(kr_schema *s)
{
	kr_map_dispose(&s->gvk);
	kr_map_dispose(&s->defs);
}

/* Follow "$ref": "#/definitions/NAME" (and chains of them). */
static const kr_node *deref(const kr_schema *s, const kr_node *n, kr_arena *a, int *budget)
{
	const char *ref;

	while (n && (ref = text(a, kr_node_map_get(n, "$ref"))) && --*budget > 0) {
		if (strncmp(ref, "#/definitions/", 14) != 0)
			return NULL;
		n = kr_map_get(&s->defs, ref + 14, strlen(ref + 14));
	}
	return n;
}

bool kr_schema_list(const kr_schema *s, const kr_resid *id, const char *path, bool *primitive,
		    const char **key, kr_arena *a)
{
	const char *gvk = kr_arena_sprintf(a, "%s/%s/%s", id->group, id->version, id->kind);
	const kr_node *n = gvk ? kr_map_get(&s->gvk, gvk, strlen(gvk)) : NULL, *field = NULL;
	const char *p = path, *strategy, *items_type;
	int budget = 64;

	while (n && *p) {
		size_t len = strcspn(p, "/");
		const char *name = kr_arena_memdup(a, p, len);

		n = deref(s, n, a, &budget);
		/* inside a list: its elements' schema */
		if (n && kr_node_str_eq(kr_node_map_get(n, "type"), "array"))
			n = deref(s, kr_node_map_get(n, "items"), a, &budget);
		field = n && name ? kr_node_map_get(kr_node_map_get(n, "properties"), name) : NULL;
		n = field;
		p += len;
		if (*p == '/')
			p++;
	}
	if (!field)
		return false;
	strategy = text(a, kr_node_map_get(field, "x-kubernetes-patch-strategy"));
	if (!strategy || !strstr(strategy, "merge"))
		return false;
	*key = text(a, kr_node_map_get(field, "x-kubernetes-patch-merge-key"));
	items_type = text(a, kr_node_map_get(deref(s, kr_node_map_get(field, "items"), a, &budget), "type"));
	*primitive = !*key && (!items_type || strcmp(items_type, "object") != 0);
	return *key || *primitive;
}
