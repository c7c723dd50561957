/*
 * crds.c - the `crds:` field: OpenAPI definition files (a map of type name
 * -> {Schema: {properties}}), not CRD manifests. For every type that has
 * kind, apiVersion and metadata properties (its kind is the last dot
 * segment of the type name), the properties are walked, following $ref
 * into other types of the same file, and the x-kubernetes-* extensions add
 * field specs: label-selector -> commonLabels, annotation ->
 * commonAnnotations (never created), object-ref-kind (+ api-version,
 * name-key) -> a name reference at "<path>/<name key>".
 * The walk is bounded (MAX_REF_DEPTH) so $ref cycles end.
 */
#include "kustomize/tfconfig.h"

#include <string.h>

#include "kustomize/accumulate.h"
#include "kustomize/kustomization.h"
#include "yaml/load.h"

#define MAX_REF_DEPTH 16

struct crd_walk {
	kr_render *r;
	const kr_node *defs;
	const char *kind;
	kr_tfconfig *cfg;
};

static const kr_node *schema_props(const kr_node *type)
{
	const kr_node *schema = kr_node_map_get(type, "Schema");

	return kr_node_map_get(schema ? schema : type, "properties");
}

static const char *str(kr_render *r, const kr_node *map, const char *key)
{
	const kr_node *v = kr_node_map_get(map, key);

	return v && v->kind == KR_NODE_SCALAR ? kr_node_text(r->a, v) : NULL;
}

static int walk_props(struct crd_walk *w, const kr_node *props, const char *prefix, int depth);

static int visit_prop(struct crd_walk *w, const char *path, const kr_node *p, int depth)
{
	kr_fieldspec fs = {"", "", w->kind, path, false};
	const char *ref = str(w->r, p, "$ref");
	const char *kind = str(w->r, p, "x-kubernetes-object-ref-kind");
	int rc = 0;

	if (kr_node_map_get(p, "x-kubernetes-label-selector"))
		rc = kr_fieldspecs_add(w->r->a, &w->cfg->common_labels, &fs);
	if (rc == 0 && kr_node_map_get(p, "x-kubernetes-annotation"))
		rc = kr_fieldspecs_add(w->r->a, &w->cfg->common_annotations, &fs);
	if (rc == 0 && kind) {
		const char *av = str(w->r, p, "x-kubernetes-object-ref-api-version");
		const char *key = str(w->r, p, "x-kubernetes-object-ref-name-key");
		const char *slash = av ? strrchr(av, '/') : NULL;
		struct kr_nameref_entry e = {
			slash ? kr_arena_memdup(w->r->a, av, (size_t)(slash - av)) : "",
			slash ? slash + 1 : (av ? av : ""),
			kind, "", "", w->kind,
			kr_arena_sprintf(w->r->a, "%s/%s", path, key ? key : "name"),
		};
		kr_tfconfig one;
		if (!e.group || !e.path)
			return KR_ENOMEM;
		memset(&one, 0, sizeof(one));
		one.nameref = &e;
		one.nnameref = one.capnameref = 1;
		rc = kr_tfconfig_merge(w->r->a, w->cfg, &one);
	}
	if (rc == 0 && ref) {
		const kr_node *type = kr_node_map_get(w->defs, ref);
		if (type && depth < MAX_REF_DEPTH)
			rc = walk_props(w, schema_props(type), path, depth + 1);
	} else if (rc == 0 && kr_node_map_get(p, "properties")) {
		rc = walk_props(w, kr_node_map_get(p, "properties"), path, depth + 1);
	}
	return rc;
}

static int walk_props(struct crd_walk *w, const kr_node *props, const char *prefix, int depth)
{
	size_t i;
	int rc = 0;

	if (!props || props->kind != KR_NODE_MAP || depth > MAX_REF_DEPTH)
		return 0;
	for (i = 0; i < props->len && rc == 0; i++) {
		const char *name = kr_node_text(w->r->a, props->u.pairs[i].key);
		char *path = name ? (prefix[0] ? kr_arena_sprintf(w->r->a, "%s/%s", prefix, name)
					       : kr_arena_strdup(w->r->a, name))
				  : NULL;
		if (!path)
			return KR_ENOMEM;
		if (strcmp(path, "metadata") == 0)
			continue;
		rc = visit_prop(w, path, props->u.pairs[i].value, depth);
	}
	return rc;
}

static int load_defs(kr_render *r, const kr_kustomization *k, const kr_kust_entry *e, kr_tfconfig *cfg)
{
	kr_mark m = {k->file, e->node ? (int)e->node->line : 0, e->node ? (int)e->node->col : 0};
	kr_yaml_stream s;
	const char *data, *rel;
	size_t len, i;
	int rc;

	rc = kr_kust_read(r, k, e->node, e->path, &data, &len, &rel);
	if (rc < 0)
		return rc;
	rc = kr_yaml_load(&s, r->a, rel, data, len, r->lim, 0, r->err);
	if (rc < 0 || s.n == 0 || s.docs[0]->kind != KR_NODE_MAP) {
		if (rc < 0)
			kr_err_prefix(r->err, "unable to parse open API definition from '%s'", e->path);
		return rc;
	}
	for (i = 0; i < s.docs[0]->len && rc == 0; i++) {
		const kr_node *type_node = s.docs[0]->u.pairs[i].value;
		const kr_node *props = schema_props(type_node);
		const char *tname = kr_node_text(r->a, s.docs[0]->u.pairs[i].key);
		const char *dot;
		struct crd_walk w = {r, s.docs[0], NULL, cfg};
		if (!tname || !kr_node_map_get(props, "kind") || !kr_node_map_get(props, "apiVersion") ||
		    !kr_node_map_get(props, "metadata"))
			continue;
		dot = strrchr(tname, '.');
		w.kind = dot ? dot + 1 : tname;
		rc = walk_props(&w, props, "", 0);
		if (rc < 0)
			rc = kr_err_set(r->err, rc, &m, "crds: cannot use '%s'", e->path);
	}
	return rc;
}

int kr_crds_load(kr_render *r, const kr_kustomization *k, kr_tfconfig *dst)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < k->n_crds && rc == 0; i++)
		rc = load_defs(r, k, &k->crds[i], dst);
	return rc;
}
