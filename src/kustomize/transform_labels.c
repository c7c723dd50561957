/*
 * transform_labels.c - `labels`, `commonLabels` and `commonAnnotations`:
 * string entries added to the label/annotation maps the field-spec tables
 * name (kustomize.md 6.2, 6.4). Values are always strings.
 */
#include "kustomize/transform.h"

#include <string.h>

struct add_ctx {
	kr_render *r;
	const kr_node *pairs; /* map of key -> value (kustomization nodes) */
};

static int add_pairs(void *ctx, kr_node *map, const char *key, kr_node *value)
{
	struct add_ctx *c = ctx;
	size_t i;

	if (!value || value->kind != KR_NODE_MAP) {
		if (value && !(value->kind == KR_NODE_SCALAR && value->type == KR_SCALAR_NULL))
			return 0; /* not a map: leave it alone */
		value = kr_node_new_map(c->r->a);
		if (!value || kr_node_map_set(c->r->a, map, key, value) < 0)
			return kr_err_set(c->r->err, KR_ENOMEM, NULL, "memory budget exceeded");
	}
	for (i = 0; i < c->pairs->len; i++) {
		const kr_node *k = c->pairs->u.pairs[i].key;
		kr_node *kcopy = kr_node_new_scalar(c->r->a, KR_SCALAR_STR, k->u.str, k->len);
		kr_node *v = kr_node_new_str(c->r->a, kr_kust_text(c->pairs->u.pairs[i].value));
		if (!kcopy || !v || kr_node_map_set(c->r->a, value, kcopy->u.str, v) < 0)
			return kr_err_set(c->r->err, KR_ENOMEM, NULL, "memory budget exceeded");
	}
	return 0;
}

/* Apply @pairs through every spec of @table (NULL-path terminated) and of @extra. */
int kr_transform_add_pairs(kr_render *r, kr_resmap *rm, const kr_node *pairs, const kr_fieldspec *table,
		       const kr_fieldspecs *extra)
{
	struct add_ctx c = {r, pairs};
	size_t i, j;
	int rc = 0;

	if (!pairs || pairs->kind != KR_NODE_MAP || pairs->len == 0)
		return 0;
	for (i = 0; i < rm->n && rc == 0; i++) {
		kr_resource *res = rm->items[i];
		for (j = 0; table && table[j].path && rc == 0; j++)
			if (kr_fieldspec_matches(&table[j], &res->id))
				rc = kr_fieldspec_walk(r->a, res->root, &table[j], add_pairs, &c, r->err);
		for (j = 0; extra && j < extra->n && rc == 0; j++)
			if (kr_fieldspec_matches(&extra->v[j], &res->id))
				rc = kr_fieldspec_walk(r->a, res->root, &extra->v[j], add_pairs, &c, r->err);
	}
	return rc;
}

/* The `fields` of one labels entry, as field specs. */
static int entry_fields(kr_render *r, const kr_node *fields, kr_fieldspecs *out)
{
	size_t i;

	if (!fields || fields->kind != KR_NODE_SEQ)
		return 0;
	for (i = 0; i < fields->len; i++) {
		const kr_node *f = fields->u.items[i];
		kr_fieldspec fs = {kr_kust_text(kr_node_map_get(f, "group")),
				   kr_kust_text(kr_node_map_get(f, "version")),
				   kr_kust_text(kr_node_map_get(f, "kind")),
				   kr_kust_text(kr_node_map_get(f, "path")),
				   kr_node_str_eq(kr_node_map_get(f, "create"), "true")};
		if (!fs.path[0])
			continue;
		if (kr_fieldspecs_add(r->a, out, &fs) < 0)
			return kr_err_set(r->err, KR_EINVAL, NULL, "failed to merge labels: conflicting fieldspecs");
	}
	return 0;
}

/* Add @src's specs to @dst (configured specs join an entry's own). */
static int add_specs(kr_render *r, kr_fieldspecs *dst, const kr_fieldspecs *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		if (kr_fieldspecs_add(r->a, dst, &src->v[i]) < 0)
			return kr_err_set(r->err, KR_EINVAL, NULL, "failed to merge labels: conflicting fieldspecs");
	return 0;
}

int kr_transform_labels(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const kr_tfconfig *cfg)
{
	size_t i;
	int rc = 0;

	for (i = 0; k->labels && i < k->labels->len && rc == 0; i++) {
		const kr_node *e = k->labels->u.items[i];
		const kr_fieldspec *table;
		kr_fieldspecs extra = {0};
		static const kr_fieldspec meta_only[] = {{"", "", "", "metadata/labels", true},
							 {NULL, NULL, NULL, NULL, false}};
		const kr_fieldspecs *cfg_extra = &cfg->labels;
		if (kr_node_str_eq(kr_node_map_get(e, "includeSelectors"), "true")) {
			table = kr_fs_common_labels;
			cfg_extra = &cfg->common_labels;
		} else if (kr_node_str_eq(kr_node_map_get(e, "includeTemplates"), "true")) {
			table = kr_fs_template_labels;
			cfg_extra = &cfg->template_labels;
		} else {
			table = meta_only;
		}
		rc = entry_fields(r, kr_node_map_get(e, "fields"), &extra);
		if (rc == 0)
			rc = add_specs(r, &extra, cfg_extra);
		if (rc == 0)
			rc = kr_transform_add_pairs(r, rm, kr_node_map_get(e, "pairs"), table, &extra);
	}
	if (rc == 0 && k->common_labels)
		rc = kr_transform_add_pairs(r, rm, k->common_labels, kr_fs_common_labels, &cfg->common_labels);
	return rc;
}

int kr_transform_annotations(kr_render *r, kr_resmap *rm, const kr_node *annotations,
			     const kr_tfconfig *cfg)
{
	return kr_transform_add_pairs(r, rm, annotations, kr_fs_common_annotations, &cfg->common_annotations);
}
