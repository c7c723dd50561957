/*
 * rules.c - ignoreDifferences rules and compare options from ArgoCD's
 * manifests (argocd.md 3.2, 3.3).
 *
 * A rule's jsonPointers must be RFC 6901 pointers; jqPathExpressions are
 * kept as text (krender-jq compiles them, src/diff/jq.c), and
 * managedFieldsManagers as names (src/diff/managed.c).
 * System rules (argocd-cm) come before the Application's, as ArgoCD
 * concatenates them.
 */
#include "diff/rules.h"

#include <stdio.h>
#include <string.h>

#include "diff/normalize.h"
#include "yaml/load.h"

/* the texts of @list (a rule's field @field): a list of non-empty strings, or absent */
static int strings(kr_arena *a, const kr_node *list, const char *origin, const char *field, const char ***out,
		   size_t *n, const kr_mark *m, kr_err *err)
{
	size_t i;

	if (list && list->kind != KR_NODE_SEQ)
		return kr_err_set(err, KR_EINVAL, m, "%s: %s must be a list", origin, field);
	*n = list ? list->len : 0;
	*out = kr_arena_alloc(a, (*n + 1) * sizeof(**out));
	if (!*out)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	for (i = 0; i < *n; i++) {
		if (list->u.items[i]->kind != KR_NODE_SCALAR || list->u.items[i]->len == 0)
			return kr_err_set(err, KR_EINVAL, m, "%s: %s[%zu] must be a non-empty string", origin, field, i);
		(*out)[i] = kr_node_text(a, list->u.items[i]);
		if (!(*out)[i])
			return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	}
	return 0;
}

static int add_rule(kr_arena *a, kr_diff_config *c, const kr_node *r, const char *group, const char *kind,
		    const char *origin, const kr_mark *m, kr_err *err)
{
	kr_diff_rule *rules = (kr_diff_rule *)c->rules, *nr;
	const kr_node *ptrs = kr_node_map_get(r, "jsonPointers");
	const kr_node *jq = kr_node_map_get(r, "jqPathExpressions");
	const kr_node *mgrs = kr_node_map_get(r, "managedFieldsManagers");
	const char **texts;
	size_t cap = c->nrules, i;

	if (r->kind != KR_NODE_MAP)
		return kr_err_set(err, KR_EINVAL, m, "%s: a rule must be a mapping", origin);
	if (kr_arena_grow(a, &rules, &cap, c->nrules, sizeof(*rules)) < 0)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	nr = &rules[c->nrules];
	memset(nr, 0, sizeof(*nr));
	nr->group = group ? group : kr_node_text(a, kr_node_map_get(r, "group"));
	nr->kind = kind ? kind : kr_node_text(a, kr_node_map_get(r, "kind"));
	nr->name = kr_node_text(a, kr_node_map_get(r, "name"));
	nr->ns = kr_node_text(a, kr_node_map_get(r, "namespace"));
	nr->origin = origin;
	if (!nr->group || !nr->kind || !nr->name || !nr->ns)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	if (!nr->kind[0])
		return kr_err_set(err, KR_EINVAL, m, "%s: kind is required", origin);
	if (strings(a, ptrs, origin, "jsonPointers", &texts, &nr->npointers, m, err) < 0 ||
	    strings(a, jq, origin, "jqPathExpressions", &nr->jq, &nr->njq, m, err) < 0 ||
	    strings(a, mgrs, origin, "managedFieldsManagers", &nr->managers, &nr->nmanagers, m, err) < 0)
		return err->code;
	nr->pointers = kr_arena_alloc(a, (nr->npointers + 1) * sizeof(*nr->pointers));
	if (!nr->pointers)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	for (i = 0; i < nr->npointers; i++) {
		int rc = kr_json_pointer_parse(a, texts[i], &nr->pointers[i]);

		if (rc == KR_ENOMEM)
			return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		if (rc < 0)
			return kr_err_set(err, KR_EINVAL, m,
					  "%s: jsonPointers[%zu] '%s' is not a JSON pointer (RFC 6901: '/' "
					  "before each token, '~' only as ~0 or ~1)",
					  origin, i, texts[i]);
	}
	c->rules = rules;
	c->nrules++;
	return 0;
}

int kr_diff_rules_app(kr_arena *a, kr_diff_config *c, const kr_node *app, const char *file,
		      const char **dest_ns, kr_err *err)
{
	static const char *const ns_path[] = {"spec", "destination", "namespace"};
	const kr_node *kind = kr_node_map_get(app, "kind");
	const kr_node *spec = kr_node_map_get(app, "spec");
	const kr_node *ids = kr_node_map_get(spec, "ignoreDifferences");
	const kr_node *ns = kr_node_map_get_path(app, ns_path, 3);
	size_t i;

	if (!kr_node_str_eq(kind, "Application")) {
		kr_mark m = {file, (int)app->line, (int)app->col};
		return kr_err_set(err, KR_EINVAL, &m, "--app wants an Application manifest");
	}
	if (ns && ns->kind == KR_NODE_SCALAR)
		*dest_ns = kr_node_text(a, ns);
	if (ids && ids->kind != KR_NODE_SEQ) {
		kr_mark m = {file, (int)ids->line, (int)ids->col};
		return kr_err_set(err, KR_EINVAL, &m, "spec.ignoreDifferences must be a list");
	}
	for (i = 0; ids && i < ids->len; i++) {
		kr_mark m = {file, (int)ids->u.items[i]->line, (int)ids->u.items[i]->col};
		char origin[64];
		const char *o;
		int rc;

		snprintf(origin, sizeof(origin), "spec.ignoreDifferences[%zu]", i);
		o = kr_arena_cat(a, origin, NULL);
		if (!o)
			return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		rc = add_rule(a, c, ids->u.items[i], NULL, NULL, o, &m, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* argocd-cm value @value (a string) parsed into @s; KR_EINVAL with @err clear when not a string */
static int value_stream(kr_arena *a, const kr_node *value, const char *file, kr_yaml_stream *s, kr_err *err)
{
	kr_limits lim;

	s->n = 0;
	kr_err_clear(err);
	if (value->kind != KR_NODE_SCALAR)
		return KR_EINVAL;
	kr_limits_default(&lim);
	return kr_yaml_load(s, a, file, value->u.str, value->len, &lim, 0, err);
}

/* the key suffix "<group>_<kind>" (core: "<kind>") split */
static int group_kind(kr_arena *a, const char *which, const char **group, const char **kind)
{
	const char *us = strrchr(which, '_');

	*group = us ? kr_arena_memdup(a, which, (size_t)(us - which)) : "";
	*kind = us ? us + 1 : which;
	return *group ? 0 : KR_ENOMEM;
}

/* "<group>_<kind>" (core: "<kind>") or "all" */
static int settings_rule(kr_arena *a, kr_diff_config *c, const char *which, const kr_node *value,
			 const char *file, kr_err *err)
{
	kr_mark m = {file, (int)value->line, (int)value->col};
	const char *origin = kr_arena_cat(a, "resource.customizations.ignoreDifferences.", which, NULL);
	const char *group, *kind;
	kr_yaml_stream s;
	int rc;

	if (!origin)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	rc = value_stream(a, value, file, &s, err);
	if (rc < 0 && err->code) {
		kr_err_prefix(err, "%s", origin);
		return err->code;
	}
	if (rc < 0 || s.n != 1)
		return kr_err_set(err, KR_EINVAL, &m, "%s: the value must be a YAML mapping", origin);
	if (strcmp(which, "all") == 0)
		return add_rule(a, c, s.docs[0], "*", "*", origin, &m, err);
	if (group_kind(a, which, &group, &kind) < 0)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	return add_rule(a, c, s.docs[0], group, kind, origin, &m, err);
}

static int compare_options(kr_arena *a, kr_diff_config *c, const kr_node *value, const char *file, kr_err *err)
{
	kr_mark m = {file, (int)value->line, (int)value->col};
	kr_yaml_stream s;
	const char *mode;

	if (value_stream(a, value, file, &s, err) < 0)
		return kr_err_set(err, KR_EINVAL, &m, "resource.compareoptions must be YAML");
	mode = s.n ? kr_node_text(a, kr_node_map_get(s.docs[0], "ignoreResourceStatusField")) : "";
	if (!mode)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	/* ArgoCD: crd = CRDs only; none, off, false = nothing; anything else = all */
	c->status = strcmp(mode, "crd") == 0 ? KR_STATUS_CRD
		    : (strcmp(mode, "none") == 0 || strcmp(mode, "off") == 0 || strcmp(mode, "false") == 0)
			? KR_STATUS_NONE
			: KR_STATUS_ALL;
	return 0;
}

static int mask_annotations(kr_arena *a, kr_diff_config *c, const kr_node *value)
{
	const char *text = kr_node_text(a, value), *p;
	size_t cap = 0;

	for (p = text; p && *p;) {
		size_t n = strcspn(p, ","), lead = strspn(p, " \t"), len = n - (lead < n ? lead : n);
		while (len && (p[lead + len - 1] == ' ' || p[lead + len - 1] == '\t'))
			len--;
		if (len) {
			if (kr_arena_grow(a, &c->mask_annotations, &cap, c->nmask, sizeof(char *)) < 0 ||
			    !(c->mask_annotations[c->nmask++] = kr_arena_memdup(a, p + lead, len)))
				return KR_ENOMEM;
		}
		p += n + (p[n] == ',');
	}
	return text ? 0 : KR_ENOMEM;
}

/* resource.customizations.knownTypeFields.<group>_<kind>: [{field, type}] */
static int known_fields(kr_arena *a, kr_diff_config *c, const char *which, const kr_node *value, const char *file,
			kr_err *err)
{
	kr_mark m = {file, (int)value->line, (int)value->col};
	kr_known_field *k = (kr_known_field *)c->known;
	size_t cap = c->nknown, i;
	kr_yaml_stream s;

	if (value_stream(a, value, file, &s, err) < 0 || s.n != 1 || s.docs[0]->kind != KR_NODE_SEQ)
		return kr_err_set(err, KR_EINVAL, &m,
				  "resource.customizations.knownTypeFields.%s: the value must be a YAML list of "
				  "{field, type}",
				  which);
	for (i = 0; i < s.docs[0]->len; i++) {
		const kr_node *e = s.docs[0]->u.items[i];
		const char *field = kr_node_text(a, kr_node_map_get(e, "field"));
		const char *type = kr_node_text(a, kr_node_map_get(e, "type"));
		kr_known_field *nk;
		char *p, *save = NULL, *tok;

		if (!field || !type)
			return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		if (kr_arena_grow(a, &k, &cap, c->nknown, sizeof(*k)) < 0)
			return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		nk = &k[c->nknown];
		memset(nk, 0, sizeof(*nk));
		if (strcmp(type, "core/Quantity") == 0)
			nk->type = KR_KNOWN_QUANTITY;
		else if (strcmp(type, "meta/v1/Duration") == 0)
			nk->type = KR_KNOWN_DURATION;
		else if (strcmp(type, "core/v1/PodSpec") == 0)
			nk->type = KR_KNOWN_POD_SPEC;
		else
			return kr_err_set(err, KR_EUNSUP, &m,
					  "resource.customizations.knownTypeFields.%s[%zu]: type '%s' is not supported "
					  "by krender diff (core/Quantity, meta/v1/Duration, core/v1/PodSpec)",
					  which, i, type);
		if (!field[0])
			return kr_err_set(err, KR_EINVAL, &m, "resource.customizations.knownTypeFields.%s[%zu]: field is required",
					  which, i);
		p = kr_arena_strdup(a, field);
		nk->path = kr_arena_alloc(a, (strlen(field) / 2 + 2) * sizeof(*nk->path));
		if (group_kind(a, which, &nk->group, &nk->kind) < 0 || !p || !nk->path)
			return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		for (tok = strtok_r(p, ".", &save); tok; tok = strtok_r(NULL, ".", &save))
			nk->path[nk->npath++] = tok;
		c->nknown++;
	}
	c->known = k;
	return 0;
}

int kr_diff_rules_settings(kr_arena *a, kr_diff_config *c, const kr_node *cm, const char *file, kr_err *err)
{
	static const char prefix[] = "resource.customizations.ignoreDifferences.";
	static const char known[] = "resource.customizations.knownTypeFields.";
	const kr_node *data = kr_node_map_get(cm, "data");
	size_t i;
	int rc = 0;

	if (!kr_node_str_eq(kr_node_map_get(cm, "kind"), "ConfigMap") || !data || data->kind != KR_NODE_MAP) {
		kr_mark m = {file, (int)cm->line, (int)cm->col};
		return kr_err_set(err, KR_EINVAL, &m, "--settings wants the argocd-cm ConfigMap (kind ConfigMap with data)");
	}
	for (i = 0; i < data->len && rc == 0; i++) {
		const char *key = kr_node_text(a, data->u.pairs[i].key);
		const kr_node *v = data->u.pairs[i].value;

		if (!key)
			return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		if (strncmp(key, prefix, sizeof(prefix) - 1) == 0)
			rc = settings_rule(a, c, key + sizeof(prefix) - 1, v, file, err);
		else if (strncmp(key, known, sizeof(known) - 1) == 0)
			rc = known_fields(a, c, key + sizeof(known) - 1, v, file, err);
		else if (strcmp(key, "resource.compareoptions") == 0)
			rc = compare_options(a, c, v, file, err);
		else if (strcmp(key, "resource.sensitive.mask.annotations") == 0 && mask_annotations(a, c, v) < 0)
			rc = kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	}
	return rc;
}

int kr_diff_rules_read(kr_arena *a, kr_diff_config *c, const char *settings, const char *app_file,
		       const kr_limits *lim, kr_node **app, const char **dest_ns, kr_err *err)
{
	kr_node *cm;
	int rc = 0;

	if (settings) {
		rc = kr_diff_read_one(a, settings, lim, &cm, err);
		if (rc == 0)
			rc = kr_diff_rules_settings(a, c, cm, settings, err);
	}
	if (rc == 0 && !*app && app_file)
		rc = kr_diff_read_one(a, app_file, lim, app, err);
	if (rc == 0 && *app)
		rc = kr_diff_rules_app(a, c, *app, app_file ? app_file : "the application", dest_ns, err);
	return rc;
}
