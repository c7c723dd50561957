/*
 * appset.c - the ApplicationSet pipeline (argocd.md 1.1): per generator
 * entry its parameter sets (with the generator-level template merged over
 * spec.template, and the post-selector), then per set the rendered
 * Application: the resources finalizer unless preserved, templatePatch as a
 * strategic merge (spec.project kept), the ApplicationSet's namespace,
 * project "default" when empty; names must be non-empty and unique. The
 * Applications come out sorted by name.
 */
#include "appset/internal.h"

#include <stdlib.h>
#include <string.h>

#include "kustomize/patch_smp.h"
#include "yaml/load.h"

#define FINALIZER "resources-finalizer.argocd.argoproj.io"

static const char *const terminal[] = {"list", "clusters", "git", "scmProvider", "pullRequest",
				       "clusterDecisionResource", "plugin"};
static const char *const live_api[] = {"scmProvider", "pullRequest", "clusterDecisionResource", "plugin"};

static bool is_type(const char *k, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(k, names[i]) == 0)
			return true;
	return false;
}

/* parameter sets given by hand for a generator that needs a live API (--params) */
static int given_params(kr_appset_ctx *c, const char *type, const char *what, kr_psets *out)
{
	const kr_node *list = c->o->params ? kr_node_map_get(c->o->params, type) : NULL;
	size_t i;
	int rc = 0;

	if (!list)
		return kr_appset_fail(c, KR_EUNSUP, what,
				      "the %s generator needs a live API that krender does not call; give its "
				      "parameter sets with --params FILE ({%s: [{key: value, ...}, ...]})",
				      type, type);
	if (list->kind != KR_NODE_SEQ)
		return kr_appset_fail(c, KR_EINVAL, what, "--params: %s must be a list of parameter sets", type);
	for (i = 0; i < list->len && rc == 0; i++) {
		kr_node *set = kr_node_new_map(c->a);

		if (!set || list->u.items[i]->kind != KR_NODE_MAP)
			return set ? kr_appset_fail(c, KR_EINVAL, what, "--params: %s[%zu] must be a map", type, i)
				   : kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		if (c->go) /* goTemplate: the set as given */
			rc = (set = kr_node_copy(c->a, list->u.items[i], NULL)) ? 0 : kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		else
			rc = kr_param_flatten(c, set, "", list->u.items[i], what);
		if (rc == 0)
			rc = kr_psets_push(c, out, set);
	}
	return rc;
}

int kr_appset_generate(kr_appset_ctx *c, const kr_node *entry, const char *what, int depth, kr_psets *out)
{
	const kr_node *g = NULL, *sel = kr_node_map_get(entry, "selector");
	const char *type = NULL;
	kr_psets sets = {0};
	size_t i;
	int rc;
	char *w;

	if (entry->kind != KR_NODE_MAP)
		return kr_appset_fail(c, KR_EINVAL, what, "a generator must be a map");
	for (i = 0; i < entry->len; i++) {
		const char *k = kr_node_text(c->a, entry->u.pairs[i].key);

		if (!k || strcmp(k, "selector") == 0)
			continue;
		if (!is_type(k, terminal, 7) && strcmp(k, "matrix") != 0 && strcmp(k, "merge") != 0)
			return kr_appset_fail(c, KR_EINVAL, what, "unknown generator '%s' (list, clusters, git, matrix, "
					      "merge, scmProvider, pullRequest, clusterDecisionResource, plugin)", k);
		if (type)
			return kr_appset_fail(c, KR_EINVAL, what, "more than one generator (%s and %s)", type, k);
		type = k;
		g = entry->u.pairs[i].value;
	}
	if (!type)
		return kr_appset_fail(c, KR_EINVAL, what, depth ? "child generator generated no parameters (a "
				      "matrix or merge nested in one may hold only list, clusters, git and API generators)"
								 : "no generator");
	if (depth >= 2 && !is_type(type, terminal, 7))
		return kr_appset_fail(c, KR_EINVAL, what, "child generator generated no parameters (a %s nested "
				      "two levels deep is dropped by ArgoCD)", type);
	if (g->kind != KR_NODE_MAP)
		return kr_appset_fail(c, KR_EINVAL, what, "%s must be a map", type);
	w = kr_arena_cat(c->a, what, ".", type, NULL);
	if (!w)
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	if (strcmp(type, "list") == 0)
		rc = kr_gen_list(c, g, w, &sets);
	else if (strcmp(type, "clusters") == 0)
		rc = kr_gen_clusters(c, g, w, &sets);
	else if (strcmp(type, "git") == 0)
		rc = kr_gen_git(c, g, w, &sets);
	else if (strcmp(type, "matrix") == 0)
		rc = kr_gen_matrix(c, g, w, depth, &sets);
	else if (strcmp(type, "merge") == 0)
		rc = kr_gen_merge(c, g, w, depth, &sets);
	else
		rc = is_type(type, live_api, 4) ? given_params(c, type, w, &sets) : KR_EINVAL;
	for (i = 0; i < sets.n && rc == 0; i++) {
		bool keep = true;

		if (sel)
			rc = kr_appset_selects(c, sel, sets.v[i], w, &keep);
		if (rc == 0 && keep)
			rc = kr_psets_push(c, out, sets.v[i]);
	}
	return rc;
}

static bool is_zero(const kr_node *n)
{
	if (n->kind != KR_NODE_SCALAR)
		return n->len == 0;
	return n->type == KR_SCALAR_NULL || (n->type == KR_SCALAR_STR && n->len == 0) ||
	       (n->type == KR_SCALAR_BOOL && n->u.str[0] == 'f') ||
	       ((n->type == KR_SCALAR_INT || n->type == KR_SCALAR_FLOAT) && strtod(n->u.str, NULL) == 0);
}

/* @over merged over @base (mergo without override): non-zero fields of @over win, maps recurse */
static kr_node *merge_template(kr_arena *a, const kr_node *over, const kr_node *base)
{
	kr_node *out;
	size_t i;

	if (!base || base->kind != KR_NODE_MAP || over->kind != KR_NODE_MAP)
		return kr_node_copy(a, is_zero(over) && base ? base : over, NULL);
	out = kr_node_copy(a, base, NULL);
	for (i = 0; out && i < over->len; i++) {
		const char *k = kr_node_text(a, over->u.pairs[i].key);
		const kr_node *v = over->u.pairs[i].value, *b = k ? kr_node_map_get(base, k) : NULL;
		kr_node *m;

		if (!k)
			return NULL;
		if (is_zero(v) && b)
			continue;
		m = b ? merge_template(a, v, b) : kr_node_copy(a, v, NULL);
		if (!m || kr_node_map_set(a, out, k, m) < 0)
			return NULL;
	}
	return out;
}

/* the generator-level template of top-level @entry merged over spec.template */
static const kr_node *effective_template(kr_appset_ctx *c, const kr_node *entry, const kr_node *tmpl)
{
	size_t i;

	for (i = 0; i < entry->len; i++) {
		const kr_node *g = entry->u.pairs[i].value, *t = kr_node_map_get(g, "template");

		if (kr_node_str_eq(entry->u.pairs[i].key, "selector") || !t || t->kind != KR_NODE_MAP)
			continue;
		return merge_template(c->a, t, tmpl);
	}
	return tmpl;
}

static kr_node *ensure_map(kr_arena *a, kr_node *parent, const char *key)
{
	kr_node *m = kr_node_map_get(parent, key);

	if (m && m->kind == KR_NODE_MAP)
		return m;
	m = kr_node_new_map(a);
	return m && kr_node_map_set(a, parent, key, m) == 0 ? m : NULL;
}

/* the Application of one rendered template: finalizer, templatePatch, namespace, project */
static int finish_app(kr_appset_ctx *c, const kr_node *appset, const kr_node *params, kr_node *body, const char *what,
		      kr_node **out)
{
	static const char *const preserve[] = {"spec", "syncPolicy", "preserveResourcesOnDeletion"};
	const kr_node *ns = kr_node_map_get(kr_node_map_get(appset, "metadata"), "namespace");
	const kr_node *patch = kr_node_map_get(kr_node_map_get(appset, "spec"), "templatePatch");
	const kr_node *keep = kr_node_map_get_path(appset, preserve, 3), *fin;
	kr_node *app = kr_node_new_map(c->a), *meta, *spec, *project;
	size_t i;

	if (!app || kr_node_map_set(c->a, app, "apiVersion", kr_node_new_str(c->a, "argoproj.io/v1alpha1")) < 0 ||
	    kr_node_map_set(c->a, app, "kind", kr_node_new_str(c->a, "Application")) < 0)
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	for (i = 0; body->kind == KR_NODE_MAP && i < body->len; i++)
		if (kr_node_map_append(c->a, app, body->u.pairs[i].key, body->u.pairs[i].value) < 0)
			return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	meta = ensure_map(c->a, app, "metadata");
	spec = ensure_map(c->a, app, "spec");
	if (!meta || !spec)
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	fin = kr_node_map_get(meta, "finalizers");
	if ((!fin || fin->kind != KR_NODE_SEQ || fin->len == 0) &&
	    !(keep && keep->kind == KR_NODE_SCALAR && keep->type == KR_SCALAR_BOOL && keep->u.str[0] == 't')) {
		kr_node *list = kr_node_new_seq(c->a), *f = kr_node_new_str(c->a, FINALIZER);

		if (!list || !f || kr_node_seq_append(c->a, list, f) < 0 || kr_node_map_set(c->a, meta, "finalizers", list) < 0)
			return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	}
	project = kr_node_map_get(spec, "project");
	if (patch && patch->kind == KR_NODE_SCALAR && patch->len) {
		kr_resid id = {"argoproj.io", "v1alpha1", "Application", "", ""};
		const char *text;
		size_t len;
		kr_yaml_stream s;
		bool deleted;
		int rc = params->len ? kr_appset_render_string(c, patch->u.str, patch->len, params, &text, &len)
				     : (text = patch->u.str, len = patch->len, 0);

		if (rc == 0)
			rc = kr_yaml_load(&s, c->a, "templatePatch", text, len, c->o->lim, 0, c->err);
		if (rc == 0 && (s.n != 1 || s.docs[0]->kind != KR_NODE_MAP))
			return kr_appset_fail(c, KR_EINVAL, what, "invalid templatePatch: it must be one YAML or JSON object");
		if (rc == 0)
			rc = kr_smp_apply(c->a, app, s.docs[0], &id, NULL, &deleted, c->err);
		if (rc < 0) {
			kr_err_prefix(c->err, "%s: ApplicationSet %s: %s: templatePatch", c->file, c->name, what);
			return rc;
		}
		spec = ensure_map(c->a, app, "spec");
		meta = ensure_map(c->a, app, "metadata");
		if (!spec || !meta || (project ? kr_node_map_set(c->a, spec, "project", project) < 0
					       : (kr_node_map_delete(spec, "project"), 0)))
			return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	}
	project = kr_node_map_get(spec, "project");
	if ((!project || (project->kind == KR_NODE_SCALAR && project->len == 0)) &&
	    kr_node_map_set(c->a, spec, "project", kr_node_new_str(c->a, "default")) < 0)
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	if (ns && ns->kind == KR_NODE_SCALAR && ns->len ? kr_node_map_set(c->a, meta, "namespace", (kr_node *)ns) < 0
							 : (kr_node_map_delete(meta, "namespace"), 0))
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	*out = app;
	return 0;
}

static const kr_node *app_name(const kr_node *app)
{
	const kr_node *n = kr_node_map_get(kr_node_map_get(app, "metadata"), "name");

	return n && n->kind == KR_NODE_SCALAR ? n : NULL;
}

static int cmp_apps(const void *x, const void *y)
{
	const kr_node *a = app_name(*(kr_node *const *)x), *b = app_name(*(kr_node *const *)y);
	size_t n = a->len < b->len ? a->len : b->len;
	int r = memcmp(a->u.str, b->u.str, n);

	return r ? r : (a->len > b->len) - (a->len < b->len);
}

static int expand(kr_appset_ctx *c, const kr_node *appset, kr_node ***apps, size_t *napps)
{
	kr_arena *a = c->a;
	kr_err *err = c->err;
	const char *file = c->file;
	const kr_node *spec = kr_node_map_get(appset, "spec");
	const kr_node *gens = kr_node_map_get(spec, "generators"), *tmpl = kr_node_map_get(spec, "template");
	kr_psets out = {0};
	size_t i, j;
	int rc = 0;

	if (!gens || gens->kind != KR_NODE_SEQ)
		return kr_appset_fail(c, KR_EINVAL, "spec.generators", "must be a list");
	if (!tmpl || tmpl->kind != KR_NODE_MAP)
		return kr_appset_fail(c, KR_EINVAL, "spec.template", "must be a map");
	for (i = 0; i < gens->len && rc == 0; i++) {
		char *what = kr_arena_sprintf(a, "generators[%zu]", i);
		const kr_node *t = gens->u.items[i]->kind == KR_NODE_MAP ? effective_template(c, gens->u.items[i], tmpl) : tmpl;
		kr_psets sets = {0};

		if (!what || !t)
			return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		rc = kr_appset_generate(c, gens->u.items[i], what, 0, &sets);
		for (j = 0; j < sets.n && rc == 0; j++) {
			kr_node *body = (kr_node *)t, *app = NULL;

			/* an empty parameter set leaves the template as written (argocd.md Q2) */
			if (sets.v[j]->len)
				rc = kr_appset_render_tree(c, t, sets.v[j], &body);
			if (rc < 0) {
				kr_err_prefix(err, "%s: ApplicationSet %s: %s: parameter set %zu: template", file, c->name, what, j);
				break;
			}
			rc = finish_app(c, appset, sets.v[j], body, what, &app);
			if (rc == 0 && !app_name(app))
				rc = kr_appset_fail(c, KR_EINVAL, what, "parameter set %zu: the application has no name", j);
			else if (rc == 0 && app_name(app)->len == 0)
				rc = kr_appset_fail(c, KR_EINVAL, what, "parameter set %zu: the application name is empty", j);
			if (rc == 0)
				rc = kr_psets_push(c, &out, app);
		}
	}
	if (rc < 0)
		return rc;
	if (out.n > 1)
		qsort(out.v, out.n, sizeof(*out.v), cmp_apps);
	for (i = 1; i < out.n; i++)
		if (cmp_apps(&out.v[i - 1], &out.v[i]) == 0)
			return kr_appset_fail(c, KR_EDUP, "spec.template",
					      "ApplicationSet %s contains applications with duplicate name: %s", c->name,
					      kr_node_text(a, app_name(out.v[i])));
	*apps = out.v;
	*napps = out.n;
	return 0;
}

int kr_appset_expand(kr_arena *a, const kr_appset_opts *o, const kr_node *appset, const char *file, kr_node ***apps,
		     size_t *napps, kr_err *err)
{
	const kr_node *meta = kr_node_map_get(appset, "metadata"), *spec = kr_node_map_get(appset, "spec");
	const kr_node *name = kr_node_map_get(meta, "name"), *kind = kr_node_map_get(appset, "kind");
	const kr_node *go = kr_node_map_get(spec, "goTemplate"), *opts;
	kr_appset_ctx c;
	int rc;

	*apps = NULL;
	*napps = 0;
	if (!kind || !kr_node_str_eq(kind, "ApplicationSet"))
		return kr_err_set(err, KR_EINVAL, NULL, "%s: not an ApplicationSet (kind %s)", file,
				  kind && kind->kind == KR_NODE_SCALAR ? kr_node_text(a, kind) : "missing");
	memset(&c, 0, sizeof(c));
	c.a = a, c.o = o, c.file = file, c.err = err;
	c.name = name && name->kind == KR_NODE_SCALAR ? kr_node_text(a, name) : "(unnamed)";
	c.go = go && go->kind == KR_NODE_SCALAR && go->type == KR_SCALAR_BOOL && go->u.str[0] == 't';
	opts = kr_node_map_get(spec, "goTemplateOptions");
	if (opts && opts->kind != KR_NODE_SEQ)
		return kr_appset_fail(&c, KR_EINVAL, "spec.goTemplateOptions", "must be a list of strings");
	c.go_options = kr_arena_alloc(a, (opts ? opts->len + 1 : 1) * sizeof(*c.go_options));
	if (!c.go_options)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	for (c.ngo_options = 0; opts && c.ngo_options < opts->len; c.ngo_options++) {
		const kr_node *o = opts->u.items[c.ngo_options];

		if (o->kind != KR_NODE_SCALAR || !(c.go_options[c.ngo_options] = kr_node_text(a, o)))
			return kr_appset_fail(&c, KR_EINVAL, "spec.goTemplateOptions", "must be a list of strings");
	}
	rc = expand(&c, appset, apps, napps);
	kr_map_dispose(&c.go_cache);
	return rc;
}
