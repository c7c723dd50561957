/*
 * kustomization.c - decoding kustomization.yaml into kr_kustomization.
 *
 * The field table lists every top-level field kustomize v5.5.0 accepts,
 * with what krender does with it. Type errors reproduce encoding/json's
 * wording over YAML 1.1 scalar types (sigs.k8s.io/yaml decodes with v2).
 */
#include "kustomize/kustomization.h"

#include <stdio.h>
#include <string.h>

enum support { SUPPORTED, IGNORED, UNSUPPORTED };

static const struct {
	const char *name;
	enum support how;
} fields[] = {
	{"apiVersion", SUPPORTED},
	{"kind", SUPPORTED},
	{"metadata", IGNORED}, /* accepted and ignored by kustomize build */
	{"resources", SUPPORTED},
	{"bases", SUPPORTED},
	{"sortOptions", SUPPORTED},
	{"components", SUPPORTED},
	{"crds", SUPPORTED},
	{"openapi", SUPPORTED},
	{"namePrefix", SUPPORTED},
	{"nameSuffix", SUPPORTED},
	{"namespace", SUPPORTED},
	{"commonLabels", SUPPORTED},
	{"labels", SUPPORTED},
	{"commonAnnotations", SUPPORTED},
	{"patchesStrategicMerge", SUPPORTED},
	{"patchesJson6902", SUPPORTED},
	{"patches", SUPPORTED},
	{"images", SUPPORTED},
	{"imageTags", SUPPORTED},
	{"replicas", SUPPORTED},
	{"configMapGenerator", SUPPORTED},
	{"secretGenerator", SUPPORTED},
	{"generatorOptions", SUPPORTED},
	{"replacements", SUPPORTED},
	{"vars", SUPPORTED},
	{"buildMetadata", SUPPORTED},
	{"helmGlobals", SUPPORTED},
	{"helmCharts", SUPPORTED},
	{"helmChartInflationGenerator", SUPPORTED},
	{"configurations", SUPPORTED},
	{"generators", SUPPORTED},
	{"transformers", SUPPORTED},
	{"validators", SUPPORTED},
};

static const char *const deprecated[][2] = {
	{"bases", "Please use 'resources' instead."},
	{"commonLabels", "Please use 'labels' instead."},
	{"imageTags", "Please use 'images' instead."},
	{"patchesJson6902", "Please use 'patches' instead."},
	{"patchesStrategicMerge", "Please use 'patches' instead."},
	{"vars", "Please use 'replacements' instead. [EXPERIMENTAL]"},
};

static kr_mark mark_of(const char *file, const kr_node *n)
{
	kr_mark m = {file, n ? (int)n->line : 0, n ? (int)n->col : 0};
	return m;
}

const char *kr_kust_field_text(const kr_node *map, const char *key)
{
	const kr_node *v = kr_node_map_get(map, key);

	return v && v->kind == KR_NODE_SCALAR && v->type != KR_SCALAR_NULL ? kr_kust_text(v) : NULL;
}

/* The JSON type name encoding/json reports for node @n under YAML 1.1. */
const char *kr_kust_json_type(const kr_node *n)
{
	if (n->kind == KR_NODE_MAP)
		return "object";
	if (n->kind == KR_NODE_SEQ)
		return "array";
	if (!(n->flags & KR_NODE_PLAIN))
		return "string";
	switch (kr_scalar_type_v2(n->x.orig ? n->x.orig : n->u.str,
				  n->x.orig ? n->orig_len : n->len)) {
	case KR_SCALAR_NULL:
		return "null";
	case KR_SCALAR_BOOL:
		return "bool";
	case KR_SCALAR_INT:
	case KR_SCALAR_FLOAT:
		return "number";
	default:
		return "string";
	}
}

static int type_error(kr_err *err, const char *file, const kr_node *n, const char *gofield,
		      const char *gotype)
{
	kr_mark m = mark_of(file, n);
	return kr_err_set(err, KR_EPARSE, &m,
			  "invalid Kustomization: json: cannot unmarshal %s into Go struct field %s of type %s",
			  kr_kust_json_type(n), gofield, gotype);
}

/* A string field: scalars that YAML 1.1 reads as strings; null leaves it unset. */
static int get_string(const char **out, const kr_node *n, const char *file, const char *gofield,
		      kr_err *err)
{
	const char *t = kr_kust_json_type(n);

	*out = NULL; /* also on failure: callers never see garbage */
	if (strcmp(t, "null") == 0)
		return 0;
	if (strcmp(t, "string") != 0)
		return type_error(err, file, n, gofield, "string");
	*out = n->x.orig ? n->x.orig : n->u.str;
	return 0;
}

/* Append the []string field @n to @list. */
static int get_string_list(kr_kust_entry **list, size_t *count, kr_arena *a, const kr_node *n,
			   const char *file, const char *gofield, kr_err *err)
{
	kr_kust_entry *items;
	size_t i;

	if (n->kind == KR_NODE_SCALAR && strcmp(kr_kust_json_type(n), "null") == 0)
		return 0;
	if (n->kind != KR_NODE_SEQ)
		return type_error(err, file, n, gofield, "[]string");
	items = kr_arena_alloc(a, (*count + n->len + 1) * sizeof(*items));
	if (!items)
		return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
	if (*count)
		memcpy(items, *list, *count * sizeof(*items));
	for (i = 0; i < n->len; i++) {
		const char *s;
		int rc = get_string(&s, n->u.items[i], file, gofield, err);
		if (rc < 0)
			return rc;
		items[*count].path = s ? s : "";
		items[*count].node = n->u.items[i];
		(*count)++;
	}
	*list = items;
	return 0;
}

const char *kr_kust_text(const kr_node *n)
{
	if (!n || n->kind != KR_NODE_SCALAR || n->type == KR_SCALAR_NULL)
		return "";
	return n->x.orig ? n->x.orig : n->u.str;
}

/* A map[string]string field: every value must read as a string under YAML 1.1. */
static int check_string_map(const kr_node *n, const char *file, const char *gofield, kr_err *err)
{
	size_t i;

	if (n->kind == KR_NODE_SCALAR && n->type == KR_SCALAR_NULL)
		return 0;
	if (n->kind != KR_NODE_MAP)
		return type_error(err, file, n, gofield, "map[string]string");
	for (i = 0; i < n->len; i++) {
		const char *s;
		int rc = get_string(&s, n->u.pairs[i].value, file, gofield, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* A list of objects whose listed fields have the given Go types ("string", "int64", "bool", "*"). */
/*
 * A list field of objects: @listfield is encoding/json's name of the list
 * (Kustomization.images), @elemtype the Go element type (types.Image),
 * @gofield the prefix for fields of an element (Image.images).
 */
static int check_object_list(const kr_node *n, const char *file, const char *listfield,
			     const char *elemtype, const char *gofield, const char *const (*fields)[2],
			     kr_err *err)
{
	char listtype[64];
	size_t i, j;

	if (n->kind == KR_NODE_SCALAR && n->type == KR_SCALAR_NULL)
		return 0;
	snprintf(listtype, sizeof(listtype), "[]%s", elemtype);
	if (n->kind != KR_NODE_SEQ)
		return type_error(err, file, n, listfield, listtype);
	for (i = 0; i < n->len; i++) {
		const kr_node *item = n->u.items[i];
		if (item->kind != KR_NODE_MAP)
			return type_error(err, file, item, listfield, elemtype);
		for (j = 0; j < item->len; j++) {
			const kr_node *k = item->u.pairs[j].key;
			const kr_node *v = item->u.pairs[j].value;
			const char *want = NULL, *t = kr_kust_json_type(v);
			char go[160];
			size_t f;
			for (f = 0; fields[f][0]; f++)
				if (kr_node_str_eq(k, fields[f][0]))
					want = fields[f][1];
			if (!want) {
				kr_mark km = mark_of(file, k);
				return kr_err_set(err, KR_EPARSE, &km,
						  "invalid Kustomization: json: unknown field \"%.*s\"",
						  (int)k->len, k->u.str);
			}
			snprintf(go, sizeof(go), "%s.%.*s", gofield, (int)k->len, k->u.str);
			if (strcmp(t, "null") == 0 || strcmp(want, "*") == 0)
				continue;
			if (strcmp(want, "int64") == 0 && strcmp(t, "number") != 0)
				return type_error(err, file, v, go, "int64");
			if (strcmp(want, "bool") == 0 && strcmp(t, "bool") != 0)
				return type_error(err, file, v, go, "bool");
			if (strcmp(want, "string") == 0 && strcmp(t, "string") != 0)
				return type_error(err, file, v, go, "string");
		}
	}
	return 0;
}

static const char *const image_fields[][2] = {
	{"name", "string"}, {"newName", "string"}, {"newTag", "string"}, {"digest", "string"},
	{"tagSuffix", "string"}, {NULL, NULL},
};
static const char *const replica_fields[][2] = {{"name", "string"}, {"count", "int64"}, {NULL, NULL}};
static const char *const label_fields[][2] = {
	{"pairs", "*"}, {"includeSelectors", "bool"}, {"includeTemplates", "bool"}, {"fields", "*"},
	{NULL, NULL},
};

static int parse_transformer_field(kr_kustomization *k, kr_arena *a, const kr_node *key,
				   const kr_node *v, const char *file, kr_err *err)
{
	const char *s = NULL; /* stays NULL when get_string() fails */
	int rc = 0;

	if (kr_node_str_eq(key, "namespace")) {
		rc = get_string(&s, v, file, "Kustomization.namespace", err);
		k->namespace_ = rc == 0 && s && s[0] ? s : NULL;
	} else if (kr_node_str_eq(key, "namePrefix")) {
		rc = get_string(&s, v, file, "Kustomization.namePrefix", err);
		k->name_prefix = rc == 0 && s && s[0] ? s : NULL;
	} else if (kr_node_str_eq(key, "nameSuffix")) {
		rc = get_string(&s, v, file, "Kustomization.nameSuffix", err);
		k->name_suffix = rc == 0 && s && s[0] ? s : NULL;
	} else if (kr_node_str_eq(key, "commonLabels")) {
		rc = check_string_map(v, file, "Kustomization.commonLabels", err);
		k->common_labels = v->kind == KR_NODE_MAP ? v : NULL;
	} else if (kr_node_str_eq(key, "commonAnnotations")) {
		rc = check_string_map(v, file, "Kustomization.commonAnnotations", err);
		k->common_annotations = v->kind == KR_NODE_MAP ? v : NULL;
	} else if (kr_node_str_eq(key, "labels")) {
		rc = check_object_list(v, file, "Kustomization.labels", "types.Label", "Label.labels",
				       label_fields, err);
		k->labels = v->kind == KR_NODE_SEQ ? v : NULL;
	} else if (kr_node_str_eq(key, "images")) {
		rc = check_object_list(v, file, "Kustomization.images", "types.Image", "Image.images",
				       image_fields, err);
		k->images = v->kind == KR_NODE_SEQ ? v : NULL;
	} else if (kr_node_str_eq(key, "imageTags")) {
		rc = check_object_list(v, file, "Kustomization.imageTags", "types.Image", "Image.imageTags",
				       image_fields, err);
		k->image_tags = v->kind == KR_NODE_SEQ ? v : NULL;
	} else if (kr_node_str_eq(key, "replicas")) {
		rc = check_object_list(v, file, "Kustomization.replicas", "types.Replica", "Replica.replicas",
				       replica_fields, err);
		k->replicas = v->kind == KR_NODE_SEQ ? v : NULL;
	} else if (kr_node_str_eq(key, "configMapGenerator")) {
		k->configmap_gens = v->kind == KR_NODE_SEQ ? v : NULL;
	} else if (kr_node_str_eq(key, "secretGenerator")) {
		k->secret_gens = v->kind == KR_NODE_SEQ ? v : NULL;
	} else if (kr_node_str_eq(key, "buildMetadata")) {
		kr_kust_entry *opts = NULL;
		size_t n = 0, i;
		rc = get_string_list(&opts, &n, a, v, file, "Kustomization.buildMetadata", err);
		for (i = 0; i < n && rc == 0; i++) {
			if (strcmp(opts[i].path, "originAnnotations") == 0)
				k->build_metadata |= KR_BUILDMETA_ORIGIN;
			else if (strcmp(opts[i].path, "transformerAnnotations") == 0)
				k->build_metadata |= KR_BUILDMETA_TRANSFORMERS;
			else if (strcmp(opts[i].path, "managedByLabel") == 0)
				k->build_metadata |= KR_BUILDMETA_MANAGED_BY;
			else {
				kr_mark bm = mark_of(file, opts[i].node);
				rc = kr_err_set(err, KR_EINVAL, &bm,
						"buildMetadata option must be one of originAnnotations, "
						"transformerAnnotations or managedByLabel, not '%s'",
						opts[i].path);
			}
		}
	} else if (kr_node_str_eq(key, "openapi")) {
		static const char *const openapi_fields[][2] = {{"version", "string"}, {"path", "string"},
								 {NULL, NULL}};
		kr_node wrap = {.kind = KR_NODE_SEQ, .len = 1};
		const kr_node *items[1] = {v};
		wrap.u.items = (kr_node **)items;
		if (v->kind == KR_NODE_MAP)
			rc = check_object_list(&wrap, file, "Kustomization.openapi", "map[string]string",
					       "Kustomization.openapi", openapi_fields, err);
		else if (strcmp(kr_kust_json_type(v), "null") != 0)
			rc = type_error(err, file, v, "Kustomization.openapi", "map[string]string");
		if (rc == 0 && v->kind == KR_NODE_MAP) {
			const kr_node *ver = kr_node_map_get(v, "version");
			const kr_node *path = kr_node_map_get(v, "path");
			k->openapi_version = ver ? kr_kust_text(ver) : NULL;
			if (path && kr_kust_text(path)[0]) {
				k->openapi_path.path = kr_kust_text(path);
				k->openapi_path.node = path;
			}
		}
	} else if (kr_node_str_eq(key, "patches")) {
		k->patches = v->kind == KR_NODE_SEQ ? v : NULL;
		if (v->kind != KR_NODE_SEQ && strcmp(kr_kust_json_type(v), "null") != 0)
			rc = type_error(err, file, v, "Kustomization.patches", "[]types.Patch");
	} else if (kr_node_str_eq(key, "patchesJson6902")) {
		k->patches_json6902 = v->kind == KR_NODE_SEQ ? v : NULL;
		if (v->kind != KR_NODE_SEQ && strcmp(kr_kust_json_type(v), "null") != 0)
			rc = type_error(err, file, v, "Kustomization.patchesJson6902", "[]types.Patch");
	} else if (kr_node_str_eq(key, "patchesStrategicMerge")) {
		kr_kust_entry *items = NULL;
		size_t n = 0;
		rc = get_string_list(&items, &n, a, v, file, "Kustomization.patchesStrategicMerge", err);
		k->patches_sm = v->kind == KR_NODE_SEQ ? v : NULL;
	} else if (kr_node_str_eq(key, "validators")) {
		kr_kust_entry *items = NULL;
		size_t n = 0;
		rc = get_string_list(&items, &n, a, v, file, "Kustomization.validators", err);
		k->validators = v->kind == KR_NODE_SEQ ? v : NULL;
	} else if (kr_node_str_eq(key, "generators") || kr_node_str_eq(key, "transformers")) {
		kr_kust_entry *items = NULL;
		size_t n = 0;
		bool gen = kr_node_str_eq(key, "generators");
		rc = get_string_list(&items, &n, a, v, file,
				     gen ? "Kustomization.generators" : "Kustomization.transformers", err);
		if (gen)
			k->generators = v->kind == KR_NODE_SEQ ? v : NULL;
		else
			k->transformers = v->kind == KR_NODE_SEQ ? v : NULL;
	} else if (kr_node_str_eq(key, "helmGlobals")) {
		k->helm_globals = v->kind == KR_NODE_MAP ? v : NULL;
	} else if (kr_node_str_eq(key, "helmCharts") || kr_node_str_eq(key, "helmChartInflationGenerator")) {
		if (v->kind == KR_NODE_SEQ && v->len)
			k->helm_charts = v;
	} else if (kr_node_str_eq(key, "replacements")) {
		k->replacements = v->kind == KR_NODE_SEQ ? v : NULL;
		if (v->kind != KR_NODE_SEQ && strcmp(kr_kust_json_type(v), "null") != 0)
			rc = type_error(err, file, v, "Kustomization.replacements", "[]types.ReplacementField");
	} else if (kr_node_str_eq(key, "vars")) {
		k->vars = v->kind == KR_NODE_SEQ ? v : NULL;
		if (v->kind != KR_NODE_SEQ && strcmp(kr_kust_json_type(v), "null") != 0)
			rc = type_error(err, file, v, "Kustomization.vars", "[]types.Var");
	} else if (kr_node_str_eq(key, "components")) {
		rc = get_string_list(&k->components, &k->n_components, a, v, file,
				     "Kustomization.components", err);
	} else if (kr_node_str_eq(key, "crds")) {
		rc = get_string_list(&k->crds, &k->n_crds, a, v, file, "Kustomization.crds", err);
	} else if (kr_node_str_eq(key, "configurations")) {
		rc = get_string_list(&k->configurations, &k->n_configurations, a, v, file,
				     "Kustomization.configurations", err);
	} else if (kr_node_str_eq(key, "generatorOptions")) {
		k->generator_options = v->kind == KR_NODE_MAP ? v : NULL;
	}
	return rc;
}

static int parse_sort_list(const char ***out, size_t *n, kr_arena *a, const kr_node *v,
			   const char *file, const char *gofield, kr_err *err)
{
	kr_kust_entry *tmp = NULL;
	size_t count = 0, i;
	int rc = get_string_list(&tmp, &count, a, v, file, gofield, err);

	if (rc < 0)
		return rc;
	*out = kr_arena_alloc(a, (count + 1) * sizeof(char *));
	if (!*out)
		return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
	for (i = 0; i < count; i++)
		(*out)[i] = tmp[i].path;
	*n = count;
	return 0;
}

static int parse_sort_options(kr_kustomization *k, kr_arena *a, const kr_node *v, const char *file,
			      kr_err *err)
{
	const kr_node *order = kr_node_map_get(v, "order");
	const kr_node *legacy = kr_node_map_get(v, "legacySortOptions");
	const char *o = NULL;
	kr_mark m = mark_of(file, v);
	size_t i;
	int rc;

	if (v->kind != KR_NODE_MAP)
		return type_error(err, file, v, "Kustomization.sortOptions", "types.SortOptions");
	for (i = 0; i < v->len; i++) {
		const kr_node *key = v->u.pairs[i].key;
		if (!kr_node_str_eq(key, "order") && !kr_node_str_eq(key, "legacySortOptions")) {
			kr_mark km = mark_of(file, key);
			return kr_err_set(err, KR_EPARSE, &km, "invalid Kustomization: json: unknown field \"%s\"",
					  key->u.str);
		}
	}
	if (order) {
		rc = get_string(&o, order, file, "Kustomization.sortOptions.order", err);
		if (rc < 0)
			return rc;
	}
	k->has_sort = true;
	if (!o || (strcmp(o, "legacy") != 0 && strcmp(o, "fifo") != 0))
		return kr_err_set(err, KR_EINVAL, &m,
				  "the field 'sortOptions.order' must be one of [fifo, legacy]");
	k->sort.fifo = strcmp(o, "fifo") == 0;
	if (legacy && !(legacy->kind == KR_NODE_SCALAR && legacy->type == KR_SCALAR_NULL)) {
		const kr_node *first, *last;
		if (k->sort.fifo)
			return kr_err_set(err, KR_EINVAL, &m,
					  "the field 'sortOptions.legacySortOptions' is set but the selected "
					  "sort order is 'fifo', not 'legacy'");
		if (legacy->kind != KR_NODE_MAP)
			return type_error(err, file, legacy, "Kustomization.sortOptions.legacySortOptions",
					  "types.LegacySortOptions");
		k->sort.custom = true;
		first = kr_node_map_get(legacy, "orderFirst");
		last = kr_node_map_get(legacy, "orderLast");
		if (first) {
			rc = parse_sort_list(&k->sort.order_first, &k->sort.n_first, a, first, file,
					     "Kustomization.sortOptions.legacySortOptions.orderFirst", err);
			if (rc < 0)
				return rc;
		}
		if (last) {
			rc = parse_sort_list(&k->sort.order_last, &k->sort.n_last, a, last, file,
					     "Kustomization.sortOptions.legacySortOptions.orderLast", err);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

static int field_index(const kr_node *key)
{
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (kr_node_str_eq(key, fields[i].name))
			return (int)i;
	return -1;
}

static int warn_deprecated(const kr_node *root, kr_buf *warnings)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(deprecated) / sizeof(deprecated[0]) && rc == 0; i++) {
		if (kr_node_map_get(root, deprecated[i][0]) && warnings)
			rc = kr_buf_printf(warnings,
					   "# Warning: '%s' is deprecated. %s Run 'kustomize edit fix' to "
					   "update your Kustomization automatically.\n",
					   deprecated[i][0], deprecated[i][1]);
	}
	return rc;
}

static int check_kind(kr_kustomization *k, const kr_node *root, const char *file, kr_err *err)
{
	const kr_node *kind = kr_node_map_get(root, "kind");
	const kr_node *av = kr_node_map_get(root, "apiVersion");
	const char *ks = NULL, *avs = NULL;
	kr_mark m = mark_of(file, kind ? kind : root);
	int rc;

	if (kind) {
		rc = get_string(&ks, kind, file, "Kustomization.kind", err);
		if (rc < 0)
			return rc;
	}
	if (av) {
		rc = get_string(&avs, av, file, "Kustomization.apiVersion", err);
		if (rc < 0)
			return rc;
	}
	if (ks && ks[0] && strcmp(ks, "Kustomization") != 0 && strcmp(ks, "Component") != 0)
		return kr_err_set(err, KR_EINVAL, &m, "kind should be Kustomization or Component");
	k->is_component = ks && strcmp(ks, "Component") == 0;
	if (avs && avs[0]) {
		const char *want = k->is_component ? "kustomize.config.k8s.io/v1alpha1"
						   : "kustomize.config.k8s.io/v1beta1";
		kr_mark am = mark_of(file, av);
		if (strcmp(avs, want) != 0)
			return kr_err_set(err, KR_EINVAL, &am, "apiVersion for %s should be %s",
					  k->is_component ? "Component" : "Kustomization", want);
	}
	return 0;
}

int kr_kustomization_parse(kr_kustomization *k, kr_arena *a, const kr_node *root,
			   const char *dir, const char *file, kr_buf *warnings, kr_err *err)
{
	kr_mark m = mark_of(file, root);
	size_t i, meaningful = 0;
	int rc;

	memset(k, 0, sizeof(*k));
	k->dir = dir;
	k->file = file;
	if (!root || (root->kind == KR_NODE_SCALAR && root->type == KR_SCALAR_NULL))
		return kr_err_set(err, KR_EINVAL, &m, "kustomization.yaml is empty");
	if (root->kind != KR_NODE_MAP)
		return kr_err_set(err, KR_EPARSE, &m,
				  "invalid Kustomization: json: cannot unmarshal %s into Go value of type "
				  "types.Kustomization",
				  kr_kust_json_type(root));
	for (i = 0; i < root->len; i++) {
		const kr_node *key = root->u.pairs[i].key;
		int f = field_index(key);
		kr_mark km = mark_of(file, key);
		if (f < 0)
			return kr_err_set(err, KR_EPARSE, &km, "invalid Kustomization: json: unknown field \"%s\"",
					  key->u.str);
		if (fields[f].how == UNSUPPORTED)
			return kr_err_set(err, KR_EUNSUP, &km,
					  "field '%s' is not supported by krender yet (see docs/compat.md)",
					  fields[f].name);
		/* a field set to null leaves the Go struct empty, as if absent */
		if (strcmp(fields[f].name, "apiVersion") != 0 && strcmp(fields[f].name, "kind") != 0 &&
		    strcmp(kr_kust_json_type(root->u.pairs[i].value), "null") != 0)
			meaningful++;
	}
	if (meaningful == 0)
		return kr_err_set(err, KR_EINVAL, &m, "kustomization.yaml is empty");
	rc = check_kind(k, root, file, err);
	if (rc < 0)
		return rc;
	rc = warn_deprecated(root, warnings);
	if (rc < 0)
		return kr_err_set(err, rc, NULL, "out of memory");
	for (i = 0; i < root->len; i++) {
		const kr_node *key = root->u.pairs[i].key;
		const kr_node *v = root->u.pairs[i].value;
		if (kr_node_str_eq(key, "resources"))
			rc = get_string_list(&k->resources, &k->n_resources, a, v, file,
					     "Kustomization.resources", err);
		else if (kr_node_str_eq(key, "sortOptions"))
			rc = parse_sort_options(k, a, v, file, err);
		else
			rc = parse_transformer_field(k, a, key, v, file, err);
		if (rc < 0)
			return rc;
	}
	/* bases are appended after resources, whatever their position in the file */
	for (i = 0; i < root->len; i++) {
		if (kr_node_str_eq(root->u.pairs[i].key, "bases")) {
			rc = get_string_list(&k->resources, &k->n_resources, a, root->u.pairs[i].value,
					     file, "Kustomization.bases", err);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}
