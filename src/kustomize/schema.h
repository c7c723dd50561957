/*
 * schema.h - a custom OpenAPI schema (the kustomization `openapi: path:`
 * field) as strategic merge reads it: per kind, the merge strategy of list
 * fields (x-kubernetes-patch-strategy, x-kubernetes-patch-merge-key).
 */
#ifndef KR_KUSTOMIZE_SCHEMA_H
#define KR_KUSTOMIZE_SCHEMA_H
#include <stdbool.h>
#include "resource/resource.h"
#include "util/map.h"
#include "yaml/node.h"

typedef struct kr_schema {
	kr_map gvk;  /* "group/version/kind" -> definition node */
	kr_map defs; /* definition name -> node */
} kr_schema;

/* kr_schema_index() - index document @doc (a swagger "definitions" map). */
int kr_schema_index(kr_schema *s, const kr_node *doc, kr_arena *a);
void kr_schema_dispose(kr_schema *s);

/*
 * kr_schema_list() - the merge rule of the list at @path (keys joined by
 * '/', no indexes) in kind @id: false when the schema says nothing (the
 * list is replaced); else *@primitive for a merged list of scalars, or
 * *@key the merge key of a list of objects.
 */
bool kr_schema_list(const kr_schema *s, const kr_resid *id, const char *path, bool *primitive,
		    const char **key, kr_arena *a);
#endif
