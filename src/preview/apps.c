/*
 * apps.c - the Application side of `krender preview`: the Applications a
 * revision defines (Application documents, and what each ApplicationSet
 * generates) and their manifests at that revision. The previewed
 * repository is pinned to the revision's commit (kr_repo_pin): its sources
 * and Git generators read that commit whatever targetRevision says, so a
 * change shows what the Applications will render once it is merged; that
 * repository is read from the revision already in memory (no export). Only
 * files that mention both "argoproj.io" and "Application" are parsed.
 */
#include "preview/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "appset/appset.h"
#include "yaml/load.h"

const char *kr_preview_text(kr_arena *a, const kr_node *n)
{
	const char *t = n && n->kind == KR_NODE_SCALAR && n->type != KR_SCALAR_NULL ? kr_node_text(a, n) : "";

	return t ? t : "";
}

static bool yaml_name(const char *path)
{
	size_t n = strlen(path);

	return (n > 5 && strcmp(path + n - 5, ".yaml") == 0) || (n > 4 && strcmp(path + n - 4, ".yml") == 0) ||
	       (n > 5 && strcmp(path + n - 5, ".json") == 0);
}

static int add(kr_arena *a, kr_preview_rev *r, size_t *cap, const kr_preview_appdef *d)
{
	if (kr_arena_grow(a, &r->apps, cap, r->napps, sizeof(*r->apps)) < 0)
		return KR_ENOMEM;
	r->apps[r->napps++] = *d;
	return 0;
}

/* the previewed repository pinned to @r, filled in @pin; NULL when it has no URL (nothing names it) */
static const kr_repo_pin *pin_of(const kr_preview_opts *o, const kr_preview_rev *r, kr_repo_pin *pin)
{
	pin->url = o->repo_url;
	pin->path = o->repo;
	pin->rev = r->commit;
	pin->fs = r->fs; /* read in memory: nothing exported */
	return o->repo_url && *o->repo_url ? pin : NULL;
}

/* the error of @err as one line in @a, with a hint when the previewed repository has no URL */
static const char *message(kr_arena *a, const kr_preview_opts *o, const kr_err *err)
{
	char msg[KR_ERR_MAX + 600];

	kr_err_format(err, msg, sizeof(msg));
	if ((!o->repo_url || !*o->repo_url) && strstr(msg, "is not mapped to a local clone"))
		return kr_arena_cat(a, msg, " (the previewed repository's own URL: --repo-url)", NULL);
	return kr_arena_strdup(a, msg);
}

/* the Applications ApplicationSet @set generates, or the set itself with its error */
static int expand(kr_arena *a, const kr_preview_opts *o, kr_preview_rev *r, size_t *cap, const kr_node *set,
		  const char *file, const char *name)
{
	kr_repo_pin pin;
	kr_appset_opts ao;
	kr_preview_appdef d = {"ApplicationSet", name, file, NULL, NULL};
	kr_node **apps;
	kr_err err;
	size_t n, i;
	int rc;

	memset(&ao, 0, sizeof(ao));
	memset(&err, 0, sizeof(err));
	ao.repo_url = o->repo_urls, ao.repo_path = o->repo_paths, ao.nrepo = o->nrepo;
	ao.lim = o->lim, ao.pin = pin_of(o, r, &pin);
	rc = kr_appset_expand(a, &ao, set, file, &apps, &n, &err);
	if (rc == KR_ENOMEM)
		return rc;
	if (rc < 0) {
		d.error = message(a, o, &err);
		return d.error ? add(a, r, cap, &d) : KR_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		kr_preview_appdef g = {"Application", kr_preview_text(a, kr_node_map_get(kr_node_map_get(apps[i], "metadata"), "name")),
				       file, apps[i], NULL};

		if (*g.name && add(a, r, cap, &g) < 0)
			return KR_ENOMEM;
	}
	return 0;
}

static int by_kind_name(const void *x, const void *y)
{
	const kr_preview_appdef *p = x, *q = y;
	int c = strcmp(p->kind, q->kind);

	return c ? c : strcmp(p->name, q->name);
}

int kr_preview_find_apps(kr_arena *a, const kr_preview_opts *o, kr_preview_rev *r, kr_err *err)
{
	size_t cap = 0, i, k;

	for (i = 0; i < r->n; i++) {
		const kr_fs_mem_file *f = &r->files[i];
		kr_yaml_stream y;
		kr_err perr;

		if (!kr_preview_wanted(o, f->path) || !yaml_name(f->path) || !memmem(f->data, f->len, "argoproj.io", 11) ||
		    !memmem(f->data, f->len, "Application", 11))
			continue;
		memset(&perr, 0, sizeof(perr));
		if (kr_yaml_load(&y, a, f->path, f->data, f->len, o->lim, 0, &perr) < 0)
			continue; /* not a manifest krender can read: a kustomization using it reports the error */
		for (k = 0; k < y.n; k++) {
			const kr_node *doc = y.docs[k], *spec = kr_node_map_get(doc, "spec");
			const char *api = kr_preview_text(a, kr_node_map_get(doc, "apiVersion")), *kind = kr_preview_text(a, kr_node_map_get(doc, "kind"));
			kr_preview_appdef d = {"Application", kr_preview_text(a, kr_node_map_get(kr_node_map_get(doc, "metadata"), "name")),
					       f->path, doc, NULL};
			int rc = 0;

			/* patches and fragments (no source, no generators, no name) are not Applications */
			if (doc->kind != KR_NODE_MAP || strncmp(api, "argoproj.io/", 12) != 0 || !*d.name)
				continue;
			if (strcmp(kind, "Application") == 0 && (kr_node_map_get(spec, "source") || kr_node_map_get(spec, "sources")))
				rc = add(a, r, &cap, &d);
			else if (strcmp(kind, "ApplicationSet") == 0 && kr_node_map_get(spec, "generators"))
				rc = expand(a, o, r, &cap, doc, f->path, d.name);
			if (rc < 0)
				return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		}
	}
	/* one per name: the first file (in path order) wins, as only one object of a name can exist */
	if (r->napps > 1) {
		size_t w = 1;

		qsort(r->apps, r->napps, sizeof(*r->apps), by_kind_name); /* not stable: ties broken below */
		for (i = 1; i < r->napps; i++) {
			if (by_kind_name(&r->apps[i], &r->apps[w - 1]) != 0)
				r->apps[w++] = r->apps[i];
			else if (strcmp(r->apps[i].file, r->apps[w - 1].file) < 0)
				r->apps[w - 1] = r->apps[i];
		}
		r->napps = w;
	}
	return 0;
}

const kr_preview_appdef *kr_preview_find_app(const kr_preview_rev *r, const char *kind, const char *name)
{
	kr_preview_appdef key = {kind, name, NULL, NULL, NULL};

	return r->napps ? bsearch(&key, r->apps, r->napps, sizeof(*r->apps), by_kind_name) : NULL;
}

int kr_preview_render_app(kr_arena *a, const kr_preview_opts *o, const kr_preview_rev *r, const kr_preview_appdef *d,
			  kr_parse_cache *pcache, kr_node ***objs, size_t *n, const char **error)
{
	kr_repo_pin pin;
	kr_app_opts ao;
	kr_err err;

	*objs = NULL, *n = 0;
	if (d->error) {
		*error = d->error;
		return -1;
	}
	memset(&ao, 0, sizeof(ao));
	memset(&err, 0, sizeof(err));
	ao.repo_url = o->repo_urls, ao.repo_path = o->repo_paths, ao.nrepo = o->nrepo;
	ao.controller_ns = KR_PREVIEW_CONTROLLER_NS;
	ao.tracking = KR_TRACK_NONE; /* the controller's stamp would only add noise to every resource */
	ao.instance_label = "app.kubernetes.io/instance";
	ao.lim = o->lim;
	ao.pcache = pcache;
	ao.pin = pin_of(o, r, &pin);
	if (kr_app_render(a, &ao, d->app, d->file, objs, n, &err) == 0)
		return 0;
	*error = message(a, o, &err);
	if (!*error)
		*error = "out of memory";
	return -1;
}
