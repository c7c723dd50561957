/*
 * tfconfig.c - loading `configurations:` files and merging configurations.
 *
 * A configurations file is a YAML map of category -> list of field specs
 * ({group, version, kind, path, create}); nameReference entries are
 * {group, version, kind, fieldSpecs: [...]}. Files obey the same jail and
 * load restrictor as every other file.
 */
#include "kustomize/tfconfig.h"
#include "kustomize/schema.h"

#include <stdlib.h>
#include <string.h>

#include "kustomize/accumulate.h"
#include "kustomize/kustomization.h"
#include "util/vec.h"
#include "yaml/load.h"

static int add_nameref(kr_arena *a, kr_tfconfig *c, const struct kr_nameref_entry *e)
{
	size_t i;

	for (i = 0; i < c->nnameref; i++) {
		const struct kr_nameref_entry *o = &c->nameref[i];
		if (!strcmp(o->group, e->group) && !strcmp(o->version, e->version) &&
		    !strcmp(o->kind, e->kind) && !strcmp(o->fgroup, e->fgroup) &&
		    !strcmp(o->fversion, e->fversion) && !strcmp(o->fkind, e->fkind) &&
		    !strcmp(o->path, e->path))
			return 0;
	}
	if (kr_arena_grow(a, &c->nameref, &c->capnameref, c->nnameref, sizeof(*c->nameref)) < 0)
		return KR_ENOMEM;
	c->nameref[c->nnameref++] = *e;
	return 0;
}

static int push_var(kr_arena *a, kr_tfconfig *c, const kr_node *var, const char *file)
{
	size_t files_cap = c->capvars; /* the two arrays grow in step */

	if (kr_arena_grow(a, &c->var_files, &files_cap, c->nvars, sizeof(*c->var_files)) < 0 ||
	    kr_arena_grow(a, &c->vars, &c->capvars, c->nvars, sizeof(*c->vars)) < 0)
		return KR_ENOMEM;
	c->vars[c->nvars] = var;
	c->var_files[c->nvars] = file;
	c->nvars++;
	return 0;
}

static int merge_specs(kr_arena *a, kr_fieldspecs *dst, const kr_fieldspecs *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		int rc = kr_fieldspecs_add(a, dst, &src->v[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int kr_tfconfig_merge(kr_arena *a, kr_tfconfig *dst, const kr_tfconfig *src)
{
	size_t i;
	int rc = 0;

	rc = rc ? rc : merge_specs(a, &dst->name_prefix, &src->name_prefix);
	rc = rc ? rc : merge_specs(a, &dst->name_suffix, &src->name_suffix);
	rc = rc ? rc : merge_specs(a, &dst->namespace_, &src->namespace_);
	rc = rc ? rc : merge_specs(a, &dst->common_labels, &src->common_labels);
	rc = rc ? rc : merge_specs(a, &dst->template_labels, &src->template_labels);
	rc = rc ? rc : merge_specs(a, &dst->labels, &src->labels);
	rc = rc ? rc : merge_specs(a, &dst->common_annotations, &src->common_annotations);
	rc = rc ? rc : merge_specs(a, &dst->images, &src->images);
	rc = rc ? rc : merge_specs(a, &dst->replicas, &src->replicas);
	for (i = 0; i < src->nnameref && rc == 0; i++)
		rc = add_nameref(a, dst, &src->nameref[i]);
	rc = rc ? rc : merge_specs(a, &dst->var_reference, &src->var_reference);
	for (i = 0; i < src->nvars && rc == 0; i++)
		rc = push_var(a, dst, src->vars[i], src->var_files[i]);
	return rc;
}

static const char *text(kr_arena *a, const kr_node *map, const char *key)
{
	const kr_node *v = kr_node_map_get(map, key);

	return v && v->kind == KR_NODE_SCALAR && v->type != KR_SCALAR_NULL ? kr_node_text(a, v) : "";
}

static kr_fieldspec spec_of(kr_arena *a, const kr_node *m)
{
	kr_fieldspec fs = {text(a, m, "group"), text(a, m, "version"), text(a, m, "kind"),
			   text(a, m, "path"), kr_node_str_eq(kr_node_map_get(m, "create"), "true")};
	return fs;
}

static int load_specs(kr_render *r, const kr_node *list, kr_fieldspecs *dst, const char *file)
{
	size_t i;

	if (!list || list->kind != KR_NODE_SEQ)
		return 0;
	for (i = 0; i < list->len; i++) {
		kr_fieldspec fs = spec_of(r->a, list->u.items[i]);
		int rc;
		if (!fs.path || !fs.path[0])
			continue;
		rc = kr_fieldspecs_add(r->a, dst, &fs);
		if (rc < 0) {
			kr_mark m = {file, (int)list->u.items[i]->line, (int)list->u.items[i]->col};
			return kr_err_set(r->err, rc, &m, "conflicting fieldspecs for path '%s'", fs.path);
		}
	}
	return 0;
}

static int load_nameref(kr_render *r, const kr_node *list, kr_tfconfig *c)
{
	size_t i, j;

	if (!list || list->kind != KR_NODE_SEQ)
		return 0;
	for (i = 0; i < list->len; i++) {
		const kr_node *e = list->u.items[i];
		const kr_node *specs = kr_node_map_get(e, "fieldSpecs");
		for (j = 0; specs && specs->kind == KR_NODE_SEQ && j < specs->len; j++) {
			kr_fieldspec fs = spec_of(r->a, specs->u.items[j]);
			struct kr_nameref_entry ne = {text(r->a, e, "group"), text(r->a, e, "version"),
						      text(r->a, e, "kind"), fs.group, fs.version, fs.kind, fs.path};
			if (!fs.path || !fs.path[0])
				continue;
			if (add_nameref(r->a, c, &ne) < 0)
				return kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded");
		}
	}
	return 0;
}

static const struct {
	const char *key;
	size_t offset;
} categories[] = {
	{"namePrefix", offsetof(kr_tfconfig, name_prefix)},
	{"nameSuffix", offsetof(kr_tfconfig, name_suffix)},
	{"namespace", offsetof(kr_tfconfig, namespace_)},
	{"commonLabels", offsetof(kr_tfconfig, common_labels)},
	{"templateLabels", offsetof(kr_tfconfig, template_labels)},
	{"labels", offsetof(kr_tfconfig, labels)},
	{"commonAnnotations", offsetof(kr_tfconfig, common_annotations)},
	{"images", offsetof(kr_tfconfig, images)},
	{"replicas", offsetof(kr_tfconfig, replicas)},
	{"varReference", offsetof(kr_tfconfig, var_reference)},
};

static int load_file(kr_render *r, const kr_kustomization *k, const kr_kust_entry *e, kr_tfconfig *c)
{
	kr_yaml_stream s;
	const char *data, *rel;
	size_t len, i, j;
	int rc;

	rc = kr_kust_read(r, k, e->node, e->path, &data, &len, &rel);
	if (rc < 0)
		return rc;
	rc = kr_yaml_load(&s, r->a, rel, data, len, r->lim, 0, r->err);
	for (i = 0; i < s.n && rc == 0; i++) {
		const kr_node *doc = s.docs[i];
		if (doc->kind != KR_NODE_MAP)
			continue;
		for (j = 0; j < sizeof(categories) / sizeof(categories[0]) && rc == 0; j++)
			rc = load_specs(r, kr_node_map_get(doc, categories[j].key),
					(kr_fieldspecs *)((char *)c + categories[j].offset), rel);
		if (rc == 0)
			rc = load_nameref(r, kr_node_map_get(doc, "nameReference"), c);
	}
	return rc;
}

int kr_tfconfig_load(kr_render *r, const kr_kustomization *k, kr_tfconfig *dst)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < k->n_configurations && rc == 0; i++)
		rc = load_file(r, k, &k->configurations[i], dst);
	return rc;
}

/*
 * The `openapi` field: only kustomize's built-in v1.21.2 schema exists; a
 * custom schema file must exist and parse, and from then on it replaces the
 * built-in schema for every strategic merge of the build (kustomize keeps
 * the schema in a global: a base's schema also governs the overlay's
 * patches, and an overlay's governs its bases).
 */
int kr_openapi_check(kr_render *r, const kr_kustomization *k)
{
	const kr_kust_entry *e = &k->openapi_path;
	kr_mark m = {k->file, e->node ? (int)e->node->line : 0, e->node ? (int)e->node->col : 0};

	if (e->path) {
		kr_yaml_stream s;
		const char *data, *rel;
		size_t len;
		int rc = kr_kust_read(r, k, e->node, e->path, &data, &len, &rel);
		if (rc == 0)
			rc = kr_yaml_load(&s, r->a, rel, data, len, r->lim, 0, r->err);
		if (rc < 0)
			return rc;
		if (k->openapi_version && k->openapi_version[0])
			return kr_err_set(r->err, KR_EINVAL, &m,
					  "builtin version and custom schema provided, cannot use both");
		if (!r->schema) {
			r->schema = calloc(1, sizeof(*r->schema));
			if (!r->schema)
				return kr_err_set(r->err, KR_ENOMEM, NULL, "out of memory");
		} else {
			kr_schema_dispose(r->schema);
		}
		rc = kr_schema_index(r->schema, s.n ? s.docs[0] : NULL, r->a);
		if (rc < 0)
			return kr_err_set(r->err, rc, &m, "out of memory");
	}
	if (k->openapi_version && k->openapi_version[0] && strcmp(k->openapi_version, "v1.21.2") != 0)
		return kr_err_set(r->err, KR_EINVAL, &m, "the specified OpenAPI version is not built in");
	return 0;
}

int kr_tfconfig_add_vars(kr_render *r, const kr_kustomization *k, kr_tfconfig *cfg)
{
	size_t i, j;

	for (i = 0; k->vars && i < k->vars->len; i++) {
		const kr_node *var = k->vars->u.items[i];
		const kr_node *name = kr_node_map_get(var, "name");
		kr_mark m = {k->file, (int)var->line, (int)var->col};
		if (var->kind != KR_NODE_MAP || !name)
			return kr_err_set(r->err, KR_EINVAL, &m, "a var needs a name");
		for (j = 0; j < cfg->nvars; j++)
			if (kr_node_equal(kr_node_map_get(cfg->vars[j], "name"), name))
				return kr_err_set(r->err, KR_EINVAL, &m, "var '%s' already encountered",
						  kr_node_text(r->a, name));
		if (push_var(r->a, cfg, var, k->file) < 0)
			return kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded");
	}
	return 0;
}
