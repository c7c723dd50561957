/*
 * plugins.c - kustomize's builtin plugin configurations listed in
 * `generators:` and `transformers:` (apiVersion builtin): each item is an
 * inline YAML configuration or a file holding some. Generators run after
 * the configMapGenerator/secretGenerator fields, transformers after every
 * builtin transformer field, in list order. Supported kinds:
 * ConfigMapGenerator, SecretGenerator, PrefixSuffixTransformer,
 * PrefixTransformer, SuffixTransformer, LabelTransformer,
 * AnnotationsTransformer, PatchTransformer, ReplacementTransformer; any
 * other kind is refused by name.
 */
#include "kustomize/plugins.h"

#include <string.h>

#include "kustomize/generate.h"
#include "kustomize/generator.h"
#include "kustomize/patch.h"
#include "kustomize/replacements.h"
#include "kustomize/transform.h"
#include "yaml/load.h"

/* The configuration documents of one list item (inline text or a file). */
static int load_item(kr_render *r, const kr_kustomization *k, const kr_node *item, kr_yaml_stream *s)
{
	const char *text = kr_node_text(r->a, item), *data = text, *name = k->file;
	size_t len = text ? strlen(text) : 0;
	int rc;

	if (!text)
		return kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded");
	if (!strchr(text, '\n') && !strstr(text, ": ")) {
		rc = kr_kust_read(r, k, item, text, &data, &len, &name);
		if (rc == KR_ENOENT)
			kr_err_prefix(r->err, "plugin configuration (directories of configurations are not "
					      "supported by krender yet)");
		if (rc < 0)
			return rc;
	}
	return kr_yaml_load(s, r->a, name, data, len, r->lim, 0, r->err);
}

static const char *kind_of(kr_render *r, const kr_node *doc)
{
	return kr_node_text(r->a, kr_node_map_get(doc, "kind"));
}

/* A generator entry from a plugin configuration: metadata.name/namespace moved up. */
static kr_node *as_entry(kr_render *r, const kr_node *doc)
{
	kr_node *e = kr_node_copy(r->a, doc, NULL);
	kr_node *meta;

	if (!e)
		return NULL;
	meta = kr_node_map_get(e, "metadata");
	if (kr_node_map_get(meta, "name"))
		kr_node_map_set(r->a, e, "name", kr_node_map_get(meta, "name"));
	if (kr_node_map_get(meta, "namespace"))
		kr_node_map_set(r->a, e, "namespace", kr_node_map_get(meta, "namespace"));
	kr_node_map_delete(e, "metadata");
	kr_node_map_delete(e, "apiVersion");
	kr_node_map_delete(e, "kind");
	return e;
}

static int run_generator(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const kr_node *doc)
{
	const char *kind = kind_of(r, doc);
	kr_mark m = {k->file, (int)doc->line, (int)doc->col};
	kr_generated g;
	kr_node *entry;
	int rc;

	if (strcmp(kind, "ConfigMapGenerator") != 0 && strcmp(kind, "SecretGenerator") != 0)
		return kr_err_set(r->err, KR_EUNSUP, &m, "builtin generator kind '%s' is not supported by krender yet",
				  kind);
	entry = as_entry(r, doc);
	if (!entry)
		return kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded");
	memset(&g, 0, sizeof(g));
	rc = kr_generator_make(r, k->dir, k->file, entry, strcmp(kind, "SecretGenerator") == 0, NULL, &g);
	return rc < 0 ? rc : kr_generate_absorb(r, rm, k, entry, &g);
}

/* kustomize's builtin plugin kinds; any other kind is an external plugin */
static const char *const builtin_kinds[] = {
	"AnnotationsTransformer", "ConfigMapGenerator", "HashTransformer", "HelmChartInflationGenerator",
	"IAMPolicyGenerator", "ImageTagTransformer", "LabelTransformer", "NamespaceTransformer",
	"PatchJson6902Transformer", "PatchStrategicMergeTransformer", "PatchTransformer",
	"PrefixSuffixTransformer", "PrefixTransformer", "ReplacementTransformer", "ReplicaCountTransformer",
	"SecretGenerator", "SortOrderTransformer", "SuffixTransformer", "ValueAddTransformer",
};

static int unknown_kind(kr_render *r, const kr_mark *m, const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof(builtin_kinds) / sizeof(builtin_kinds[0]); i++)
		if (strcmp(kind, builtin_kinds[i]) == 0)
			return kr_err_set(r->err, KR_EUNSUP, m,
					  "builtin plugin kind '%s' is not supported by krender yet here", kind);
	return kr_err_set(r->err, KR_EINVAL, m, "external plugins disabled; unable to load external plugin '%s'",
			  kind);
}

static int run_transformer(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const kr_node *doc,
			   const kr_tfconfig *cfg)
{
	const char *kind = kind_of(r, doc);
	kr_mark m = {k->file, (int)doc->line, (int)doc->col};
	size_t i;
	int rc = 0;

	if (!strcmp(kind, "PrefixSuffixTransformer") || !strcmp(kind, "PrefixTransformer") ||
	    !strcmp(kind, "SuffixTransformer")) {
		const kr_node *p = kr_node_map_get(doc, "prefix"), *s = kr_node_map_get(doc, "suffix");
		const kr_node *specs = kr_node_map_get(doc, "fieldSpecs");
		const char *pt = p ? kr_node_text(r->a, p) : NULL, *st = s ? kr_node_text(r->a, s) : NULL;
		kr_resmap some;
		/* only the resources a metadata/name field spec selects (all without fieldSpecs) */
		kr_resmap_init(&some, r->a);
		for (i = 0; i < rm->n && rc == 0; i++) {
			size_t j;
			bool hit = !specs || specs->kind != KR_NODE_SEQ || specs->len == 0;
			for (j = 0; !hit && j < specs->len; j++) {
				const kr_node *f = specs->u.items[j];
				kr_fieldspec one = {kr_node_text(r->a, kr_node_map_get(f, "group")),
						    kr_node_text(r->a, kr_node_map_get(f, "version")),
						    kr_node_text(r->a, kr_node_map_get(f, "kind")), "metadata/name", false};
				hit = kr_node_str_eq(kr_node_map_get(f, "path"), "metadata/name") &&
				      kr_fieldspec_matches(&one, &rm->items[i]->id);
			}
			if (hit)
				rc = kr_resmap_append(&some, rm->items[i], r->err);
		}
		if (rc == 0)
			rc = kr_transform_names(r, &some, pt && pt[0] ? pt : NULL, st && st[0] ? st : NULL, cfg);
		kr_resmap_dispose(&some);
		return rc < 0 ? rc : kr_resmap_reindex(rm, r->err);
	}
	if (!strcmp(kind, "LabelTransformer") || !strcmp(kind, "AnnotationsTransformer")) {
		const kr_node *specs = kr_node_map_get(doc, "fieldSpecs");
		kr_fieldspecs fs = {0};
		for (i = 0; specs && specs->kind == KR_NODE_SEQ && i < specs->len; i++) {
			const kr_node *f = specs->u.items[i];
			kr_fieldspec one = {kr_node_text(r->a, kr_node_map_get(f, "group")),
					    kr_node_text(r->a, kr_node_map_get(f, "version")),
					    kr_node_text(r->a, kr_node_map_get(f, "kind")),
					    kr_node_text(r->a, kr_node_map_get(f, "path")),
					    kr_node_str_eq(kr_node_map_get(f, "create"), "true")};
			if (one.path && one.path[0] && kr_fieldspecs_add(r->a, &fs, &one) < 0)
				return kr_err_set(r->err, KR_EINVAL, &m, "conflicting fieldspecs");
		}
		return kr_transform_add_pairs(
			r, rm, kr_node_map_get(doc, !strcmp(kind, "LabelTransformer") ? "labels" : "annotations"),
			NULL, &fs);
	}
	if (!strcmp(kind, "PatchTransformer"))
		return kr_patch_entry(r, rm, k, doc);
	if (!strcmp(kind, "ReplacementTransformer")) {
		const kr_node *reps = kr_node_map_get(doc, "replacements");
		for (i = 0; reps && reps->kind == KR_NODE_SEQ && i < reps->len && rc == 0; i++)
			rc = kr_replacement_one(r, k, reps->u.items[i], rm);
		return rc;
	}
	return unknown_kind(r, &m, kind);
}

static int run_list(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const kr_node *list,
		    bool generators, const kr_tfconfig *cfg)
{
	size_t i, d;
	int rc = 0;

	for (i = 0; list && i < list->len && rc == 0; i++) {
		kr_yaml_stream s;
		rc = load_item(r, k, list->u.items[i], &s);
		for (d = 0; rc == 0 && d < s.n; d++) {
			if (s.docs[d]->kind != KR_NODE_MAP)
				continue;
			rc = generators ? run_generator(r, rm, k, s.docs[d])
					: run_transformer(r, rm, k, s.docs[d], cfg);
		}
	}
	return rc;
}

int kr_plugins_generate(kr_render *r, kr_resmap *rm, const kr_kustomization *k)
{
	return run_list(r, rm, k, k->generators, true, NULL);
}

int kr_plugins_transform(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const kr_tfconfig *cfg)
{
	return run_list(r, rm, k, k->transformers, false, cfg);
}

/*
 * validators: each configuration runs as a transformer over a copy of the
 * resources, and the build fails when it changed anything (kustomize runs
 * them after the transformers, before vars).
 */
int kr_plugins_validate(kr_render *r, const kr_resmap *rm, const kr_kustomization *k, const kr_tfconfig *cfg)
{
	const kr_node *list = k->validators;
	size_t i, d, j;
	int rc = 0;

	for (i = 0; list && i < list->len && rc == 0; i++) {
		kr_yaml_stream s;

		rc = load_item(r, k, list->u.items[i], &s);
		for (d = 0; rc == 0 && d < s.n; d++) {
			kr_mark m = {k->file, (int)s.docs[d]->line, (int)s.docs[d]->col};
			kr_resmap copy;
			char id[512], id2[512];

			if (s.docs[d]->kind != KR_NODE_MAP)
				continue;
			kr_resmap_init(&copy, r->a);
			rc = kr_append_copies(r, rm, &copy);
			if (rc == 0)
				rc = run_transformer(r, &copy, k, s.docs[d], cfg);
			for (j = 0; rc == 0 && j < rm->n; j++) {
				const kr_resource *was = rm->items[j];
				const kr_resource *now = j < copy.n ? copy.items[j] : NULL;

				kr_resid_format(&was->id, id, sizeof(id));
				if (!now || strcmp(id, kr_resid_format(&now->id, id2, sizeof(id2))) != 0)
					rc = kr_err_set(r->err, KR_EINVAL, &m,
							"validator shouldn't modify the resource map: id in self missing "
							"from other; id: %s", id);
				else if (!kr_node_equal(was->root, now->root))
					rc = kr_err_set(r->err, KR_EINVAL, &m,
							"validator shouldn't modify the resource map: %s changed", id);
			}
			if (rc == 0 && copy.n != rm->n)
				rc = kr_err_set(r->err, KR_EINVAL, &m,
						"validator shouldn't modify the resource map: %zu resources became %zu",
						rm->n, copy.n);
			kr_resmap_dispose(&copy);
		}
	}
	return rc;
}
