/*
 * preview.c - `krender preview` (see preview.h). Each revision is listed and
 * read by krender-git (two calls; the base reads only the blobs the head
 * does not hold), held in an in-memory kr_fs, and
 * every kustomization under the path is rendered at head; one whose input
 * files are all unchanged between the revisions renders the same at base,
 * so only the others are rendered at base too (a one-base change renders
 * the apps on that base twice and every other app once). The per-resource
 * comparison is the diff engine's (normalisation, ignoreDifferences, Secret
 * masks) without its apply prediction: two desired states compared as they are.
 */
#include "preview/internal.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply/git.h"
#include "diff/report.h"
#include "krender/build.h"
#include "app/app.h"
#include "diff/rules.h"
#include "util/proc.h"
#include "yaml/json.h"
#include "yaml/load.h"

static bool is_kustomization(const char *name)
{
	return strcmp(name, "kustomization.yaml") == 0 || strcmp(name, "kustomization.yml") == 0 ||
	       strcmp(name, "Kustomization") == 0;
}

static bool under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	return n == 0 || (strncmp(path, prefix, n) == 0 && (path[n] == '/' || path[n] == '\0'));
}

bool kr_preview_wanted(const kr_preview_opts *o, const char *path)
{
	return under(path, o->path) && !strstr(path, "/.") && path[0] != '.';
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* the records of `krender-git ls ... ids` ("d\tPATH\0", "f\tBLOBID\tPATH\0") after the commit line */
static int list_files(kr_arena *a, kr_preview_rev *r, const char *p, const char *end, kr_err *err)
{
	size_t cap = 0, idcap = 0;

	while (p < end) {
		const char *z = memchr(p, '\0', (size_t)(end - p));

		if (!z || z - p < 3)
			break;
		if (p[0] == 'f' && z - p > 43 && p[42] == '\t') {
			if (kr_arena_grow(a, &r->files, &cap, r->n, sizeof(*r->files)) < 0 ||
			    kr_arena_grow(a, &r->ids, &idcap, r->n, sizeof(*r->ids)) < 0 ||
			    !(r->files[r->n].path = kr_arena_memdup(a, p + 43, (size_t)(z - p - 42))) ||
			    !(r->ids[r->n] = kr_arena_memdup(a, p + 2, 40)))
				return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
			r->files[r->n].data = NULL, r->files[r->n++].len = 0;
		}
		p = z + 1;
	}
	return 0;
}

/* one `krender-git cat` of a share of the names */
struct cat_job {
	char **argv;
	const char *in;
	size_t inlen;
	kr_buf out;
	kr_err err;
	int rc;
};

static void *cat_run(void *p)
{
	struct cat_job *j = p;

	j->rc = kr_git_helper(j->argv, j->in, j->inlen, &j->out, &j->err);
	return NULL;
}

/*
 * the bytes of the NUL-terminated @names into @out, in their order: two
 * helpers on two halves at once when there are many (inflating blobs is
 * most of a preview's time, and it uses one core per process)
 */
static int cat_files(char **argv, const kr_buf *names, size_t count, kr_buf *out, size_t limit, kr_err *err)
{
	struct cat_job second;
	const char *half = names->data;
	size_t k;
	pthread_t tid;
	int rc;

	if (count < 64)
		return kr_git_helper(argv, names->data, names->len, out, err);
	for (k = 0; k < count / 2; k++)
		half += strlen(half) + 1;
	memset(&second, 0, sizeof(second));
	second.argv = argv, second.in = half, second.inlen = names->len - (size_t)(half - names->data);
	kr_buf_init(&second.out, limit);
	if (pthread_create(&tid, NULL, cat_run, &second) != 0) {
		kr_buf_dispose(&second.out);
		return kr_git_helper(argv, names->data, names->len, out, err);
	}
	rc = kr_git_helper(argv, names->data, (size_t)(half - names->data), out, err);
	pthread_join(tid, NULL);
	if (rc == 0 && second.rc < 0)
		rc = second.rc, *err = second.err;
	if (rc == 0 && kr_buf_append(out, second.out.data ? second.out.data : "", second.out.len) < 0)
		rc = kr_err_set(err, KR_ETOOBIG, NULL, "the revision's files are over the limit input-bytes");
	kr_buf_dispose(&second.out);
	return rc;
}

/*
 * ls and cat of @rev: every file, its bytes in @a. A blob @known (the head
 * revision, when loading the base) holds already is not read again: a
 * pull request changes few files, and reading blobs is most of the time.
 */
static int load(kr_arena *a, const kr_preview_opts *o, const char *rev, const char *tag, kr_preview_rev *r,
		const kr_preview_rev *known, kr_err *err)
{
	char helper[PATH_MAX], files[32], bytes[32];
	char *ls_argv[] = {(char *)kr_helper_path("krender-git", helper, sizeof(helper)), "ls", (char *)o->repo, (char *)rev,
			   files, bytes, "ids", NULL};
	char *cat_argv[] = {helper, "cat", (char *)o->repo, (char *)rev, files, bytes, NULL};
	kr_buf list, names, cat;
	const char *p, *end;
	size_t i, count = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	snprintf(r->root, sizeof(r->root), "/krender-preview/%s", tag);
	snprintf(files, sizeof(files), "%zu", o->lim->documents);
	snprintf(bytes, sizeof(bytes), "%zu", o->lim->input_bytes);
	kr_buf_init(&list, o->lim->input_bytes);
	kr_buf_init(&names, o->lim->input_bytes);
	kr_buf_init(&cat, o->lim->input_bytes + 64 * o->lim->documents);
	rc = kr_git_helper(ls_argv, "", 0, &list, err);
	if (rc == 0 && (list.len < 41 || list.data[40] != '\n'))
		rc = kr_err_set(err, KR_EIO, NULL, "krender-git ls printed no commit id");
	if (rc < 0)
		goto done;
	memcpy(r->commit, list.data, 40);
	rc = list_files(a, r, list.data + 41, list.data + list.len, err);
	for (i = 0; rc == 0 && i < r->n; i++) {
		const kr_fs_mem_file *same = known ? kr_map_get(&known->by_id, r->ids[i], 40) : NULL;

		if (same)
			r->files[i].data = same->data, r->files[i].len = same->len;
		else if (kr_buf_append(&names, r->files[i].path, strlen(r->files[i].path) + 1) < 0)
			rc = kr_err_set(err, KR_ETOOBIG, NULL, "the revision's paths are over the limit input-bytes");
		else
			count++;
	}
	if (rc == 0 && names.len)
		rc = cat_files(cat_argv, &names, count, &cat, o->lim->input_bytes + 64 * o->lim->documents, err);
	/* each file not known: "SIZE\n" and its bytes, in the order asked */
	for (i = 0, p = cat.data, end = cat.data + cat.len; rc == 0 && i < r->n; i++) {
		char *nl;
		unsigned long long size;

		if (r->files[i].data)
			continue;
		nl = p ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		if (!nl || (*p == '-' ? (size = 0, false) : sscanf(p, "%llu", &size) != 1) || (size_t)(end - nl - 1) < size) {
			rc = kr_err_set(err, KR_EIO, NULL, "krender-git cat: short output at %s", r->files[i].path);
			break;
		}
		r->files[i].data = kr_arena_memdup(a, nl + 1, (size_t)size);
		r->files[i].len = (size_t)size;
		if (!r->files[i].data)
			rc = kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		p = nl + 1 + size;
	}
	if (rc == 0 && !(r->dirs = kr_arena_alloc(a, (r->n + 1) * sizeof(*r->dirs))))
		rc = kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	for (i = 0; rc == 0 && i < r->n; i++) {
		const char *slash = strrchr(r->files[i].path, '/'), *name = slash ? slash + 1 : r->files[i].path;

		if (kr_map_put(&r->index, r->files[i].path, strlen(r->files[i].path), &r->files[i], NULL) < 0 ||
		    kr_map_put(&r->by_id, r->ids[i], 40, &r->files[i], NULL) < 0)
			rc = kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		else if (is_kustomization(name) && kr_preview_wanted(o, r->files[i].path) &&
			 !(r->dirs[r->ndirs++] = slash ? kr_arena_memdup(a, r->files[i].path, (size_t)(slash - r->files[i].path)) : "."))
			rc = kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	}
	/* sorted for has_dir() (Git's file order is not that of the directory names: "a/b" comes before "a"),
	 * one entry a directory however many kustomization files it holds */
	if (rc == 0 && r->ndirs) {
		size_t w = 1;

		qsort(r->dirs, r->ndirs, sizeof(*r->dirs), by_name);
		for (i = 1; i < r->ndirs; i++)
			if (strcmp(r->dirs[i], r->dirs[w - 1]) != 0)
				r->dirs[w++] = r->dirs[i];
		r->ndirs = w;
	}
	if (rc == 0)
		rc = kr_fs_mem_new(&r->fs, r->root, r->files, r->n, err);
	if (rc == 0)
		rc = kr_preview_find_apps(a, o, r, err);
done:
	if (rc < 0 && err->msg[0])
		kr_err_prefix(err, "revision '%s'", rev);
	kr_buf_dispose(&list);
	kr_buf_dispose(&names);
	kr_buf_dispose(&cat);
	return rc;
}

static void unload(kr_preview_rev *r)
{
	kr_fs_free(r->fs);
	kr_map_dispose(&r->index);
	kr_map_dispose(&r->by_id);
}

/* whether file @path has other bytes (or is missing) at @other */
static bool file_changed(const kr_preview_rev *r, const kr_preview_rev *other, const char *path)
{
	const kr_fs_mem_file *f = kr_map_get(&r->index, path, strlen(path));
	const kr_fs_mem_file *g = kr_map_get(&other->index, path, strlen(path));

	return !f || !g || f->len != g->len || memcmp(f->data, g->data, f->len) != 0;
}

/* render @dir of @r: the output (malloc'd) or the error in *@error; the inputs through @b */
static int render(kr_build *b, const kr_preview_rev *r, const char *dir, char **out, size_t *len, const char **error,
		  kr_arena *a)
{
	char path[PATH_MAX];

	kr_build_set_fs(b, r->fs);
	snprintf(path, sizeof(path), "%s%s%s", r->root, strcmp(dir, ".") == 0 ? "" : "/", strcmp(dir, ".") == 0 ? "" : dir);
	if (kr_build_run(b, path, out, len) == 0)
		return 0;
	*error = kr_arena_strdup(a, kr_build_error(b));
	return -1;
}

/* the objects (mappings) of a rendered stream */
static int objects(kr_arena *a, const char *text, size_t len, const kr_limits *lim, kr_node ***v, size_t *n,
		   kr_err *err)
{
	kr_yaml_stream s;
	size_t i;
	int rc = kr_yaml_load(&s, a, "rendered", text ? text : "", len, lim, 0, err);

	*v = s.docs, *n = 0;
	for (i = 0; rc == 0 && i < s.n; i++)
		if (s.docs[i]->kind == KR_NODE_MAP)
			s.docs[(*n)++] = s.docs[i];
	return rc;
}

/* @want (head) against @have (base) into @app: resource counts and the unified diff */
static int compare_objects(kr_arena *a, const kr_preview_opts *o, const kr_diff_config *config, kr_node **want,
			   size_t nw, kr_node **have, size_t nh, kr_preview_app *app, kr_err *err)
{
	kr_diff_config cfg = *config;
	kr_buf text;
	size_t i;
	int rc;

	cfg.no_predict = true; /* two desired states: compared as they are */
	rc = kr_diff_compute(a, &cfg, want, nw, have, nh, &app->res, err);
	if (rc < 0)
		return rc;
	for (i = 0; i < app->res.n; i++) {
		enum kr_diff_status s = app->res.items[i].status;

		app->added += s == KR_DIFF_MISSING;
		app->removed += s == KR_DIFF_EXTRANEOUS;
		app->changed += s == KR_DIFF_OUTOFSYNC;
	}
	kr_buf_init(&text, o->lim->output_bytes);
	rc = kr_diff_report_revisions(&text, &app->res, err);
	if (rc == 0 && !(app->diff = kr_arena_memdup(a, text.data ? text.data : "", text.len)))
		rc = kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	app->difflen = text.len;
	kr_buf_dispose(&text);
	return rc;
}

static int compare(kr_arena *a, const kr_preview_opts *o, const char *head, size_t hl, const char *base, size_t bl,
		   kr_preview_app *app, kr_err *err)
{
	kr_node **want, **have;
	size_t nw, nh;
	int rc = objects(a, head, hl, o->lim, &want, &nw, err);

	if (rc == 0)
		rc = objects(a, base, bl, o->lim, &have, &nh, err);
	return rc < 0 ? rc : compare_objects(a, o, o->cfg, want, nw, have, nh, app, err);
}

static int push(kr_arena *a, kr_preview *p, size_t *cap, const kr_preview_app *app)
{
	if (kr_arena_grow(a, &p->changed, cap, p->n, sizeof(*p->changed)) < 0)
		return KR_ENOMEM;
	p->changed[p->n++] = *app;
	return 0;
}

/* the index of kustomization directory @dir in @r->dirs, or -1 */
static long dir_index(const kr_preview_rev *r, const char *dir)
{
	size_t lo = 0, hi = r->ndirs;

	while (lo < hi) { /* load() sorted the directories */
		size_t mid = (lo + hi) / 2;
		int c = strcmp(r->dirs[mid], dir);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static bool has_dir(const kr_preview_rev *r, const char *dir)
{
	return dir_index(r, dir) >= 0;
}

/*
 * whether Application @h (head) renders as @b (base) did without rendering
 * either: the same definition, and each source of the previewed repository
 * a plain kustomization directory (no tool options, no .argocd-source
 * files) whose kustomize output was found identical at both revisions
 * (@identical, per head directory). Its manifests are then that output with
 * the same namespaces filled in. Sources of other repositories are read at
 * the same targetRevision both times. Anything else is rendered.
 */
static bool app_unchanged(kr_arena *a, const kr_preview_opts *o, const kr_preview_rev *head, const kr_preview_rev *base,
			  const kr_preview_appdef *h, const kr_preview_appdef *b, const bool *identical)
{
	static const char *const plain[] = {"repoURL", "path", "targetRevision", "name"};
	const kr_node *spec = kr_node_map_get(h->app, "spec"), *sources = kr_node_map_get(spec, "sources");
	bool multi = sources && sources->kind == KR_NODE_SEQ && sources->len;
	kr_repo_pin pin = {o->repo_url, NULL, NULL, NULL};
	const char *instance;
	size_t i, k, j;

	if (!h->app || !b->app || !o->repo_url || !*o->repo_url || !kr_node_equal(h->app, b->app) ||
	    !(instance = kr_app_instance(a, h->app, KR_PREVIEW_CONTROLLER_NS)))
		return false;
	for (i = 0; i < (multi ? sources->len : 1); i++) {
		const kr_node *src = multi ? sources->u.items[i] : kr_node_map_get(spec, "source");
		const char *path = kr_preview_text(a, kr_node_map_get(src, "path")), *dir, *over[2];
		long d;

		if (!src || src->kind != KR_NODE_MAP)
			return false;
		for (k = 0; k < src->len; k++) {
			bool ok = false;

			for (j = 0; j < sizeof(plain) / sizeof(*plain) && !ok; j++)
				ok = kr_node_str_eq(src->u.pairs[k].key, plain[j]);
			if (!ok)
				return false;
		}
		if (!kr_repo_pinned(a, &pin, kr_preview_text(a, kr_node_map_get(src, "repoURL"))))
			continue;
		path = kr_path_clean(a, *path ? path : ".");
		if (!path || (d = dir_index(head, path)) < 0 || !identical[d])
			return false;
		dir = strcmp(path, ".") == 0 ? "" : kr_arena_cat(a, path, "/", NULL); /* index keys have no "./" */
		over[0] = dir ? kr_arena_cat(a, dir, ".argocd-source.yaml", NULL) : NULL;
		over[1] = dir ? kr_arena_cat(a, dir, ".argocd-source-", instance, ".yaml", NULL) : NULL;
		for (k = 0; k < 2; k++)
			if (!over[k] || kr_map_get(&head->index, over[k], strlen(over[k])) ||
			    kr_map_get(&base->index, over[k], strlen(over[k])))
				return false;
	}
	return true;
}

/*
 * Application @h of @head against @b of @base (either NULL: added or
 * removed), compared with the --settings/--app rules plus the app's own
 * ignoreDifferences; a failure to render or compare it is the app's status.
 */
static int compare_app(kr_arena *a, const kr_preview_opts *o, const kr_preview_rev *head, const kr_preview_rev *base,
		       const kr_preview_appdef *h, const kr_preview_appdef *b, kr_parse_cache *pc, const bool *identical,
		       kr_preview *out, size_t *cap, kr_err *err)
{
	const kr_preview_appdef *d = h ? h : b;
	kr_node **hobjs = NULL, **bobjs = NULL;
	size_t hn = 0, bn = 0;
	const char *herr = NULL, *berr = NULL, *dest = NULL;
	int hrc, brc;
	kr_diff_config cfg = *o->cfg;
	kr_preview_app app;
	kr_err rerr;
	int rc = 0;

	if (h && b && app_unchanged(a, o, head, base, h, b, identical))
		return 0;
	hrc = h ? kr_preview_render_app(a, o, head, h, pc, &hobjs, &hn, &herr) : 0;
	brc = b ? kr_preview_render_app(a, o, base, b, pc, &bobjs, &bn, &berr) : 0;

	memset(&app, 0, sizeof(app));
	memset(&rerr, 0, sizeof(rerr));
	app.kind = d->kind, app.name = d->name, app.path = d->file;
	app.status = !b ? KR_PREVIEW_ADDED : !h ? KR_PREVIEW_REMOVED : KR_PREVIEW_CHANGED;
	out->rendered += (h != NULL) + (b != NULL);
	if (hrc == 0 && d->app && (rc = kr_diff_rules_app(a, &cfg, d->app, d->file, &dest, &rerr)) == 0 && dest && *dest)
		cfg.ns = dest;
	if (hrc == 0 && rc == 0)
		rc = compare_objects(a, o, &cfg, hobjs, hn, brc == 0 ? bobjs : NULL, brc == 0 ? bn : 0, &app, &rerr);
	if (rc == KR_ENOMEM)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	if (hrc < 0 || rc < 0) {
		char msg[KR_ERR_MAX + 600];

		kr_err_format(&rerr, msg, sizeof(msg));
		app.status = KR_PREVIEW_FAILED;
		if (!(app.error = hrc < 0 ? herr : kr_arena_strdup(a, msg)))
			return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	} else if (app.status == KR_PREVIEW_CHANGED && !app.added && !app.removed && !app.changed) {
		return 0;
	}
	return push(a, out, cap, &app) < 0 ? kr_err_set(err, KR_ENOMEM, NULL, "out of memory") : 0;
}

/* kustomization directories first, by path; then Applications, by name */
static int by_label(const void *x, const void *y)
{
	const kr_preview_app *p = x, *q = y;

	if (!p->kind != !q->kind)
		return p->kind ? 1 : -1;
	if (!p->kind)
		return strcmp(p->path, q->path);
	return strcmp(p->kind, q->kind) ? strcmp(p->kind, q->kind) : strcmp(p->name, q->name);
}

int kr_preview_run(kr_arena *a, const kr_preview_opts *o, kr_preview *out, kr_err *err)
{
	kr_preview_rev base, head;
	kr_build *b = kr_build_new();
	kr_parse_cache *pc = kr_parse_cache_new(1); /* a base shared by many apps is parsed once per revision */
	bool *identical = NULL; /* per head directory: the same kustomize output at both revisions */
	size_t cap = 0, i;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&base, 0, sizeof(base));
	memset(&head, 0, sizeof(head));
	if (!b || !pc) {
		kr_build_free(b);
		kr_parse_cache_free(pc);
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	}
	kr_build_set_parse_cache(b, pc, 0);
	rc = load(a, o, o->head, "head", &head, NULL, err);
	if (rc == 0)
		rc = load(a, o, o->base, "base", &base, &head, err);
	memcpy(out->base_commit, base.commit, 41);
	memcpy(out->head_commit, head.commit, 41);
	out->apps = head.ndirs + head.napps;
	if (rc == 0 && !(identical = kr_arena_alloc(a, head.ndirs + 1)))
		rc = kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	for (i = 0; rc == 0 && i < head.ndirs; i++) {
		const char *dir = head.dirs[i], *herr = NULL, *berr = NULL;
		char *hout = NULL, *bout = NULL;
		size_t hl = 0, bl = 0, k, nin;
		const char *const *inputs;
		int cacheable, hrc = render(b, &head, dir, &hout, &hl, &herr, a), brc = 0;
		bool same = false;
		kr_preview_app app;

		out->rendered++;
		memset(&app, 0, sizeof(app));
		app.path = dir;
		if (hrc == 0 && has_dir(&base, dir)) {
			nin = kr_build_inputs(b, &inputs, &cacheable);
			same = cacheable && nin > 0;
			for (k = 0; same && k < nin; k++)
				same = !file_changed(&head, &base, inputs[k]);
		}
		if (!same && has_dir(&base, dir)) {
			brc = render(b, &base, dir, &bout, &bl, &berr, a);
			out->rendered++;
			same = hrc == 0 && brc == 0 && hl == bl && memcmp(hout, bout, hl) == 0;
		}
		identical[i] = same;
		if (!same) {
			if (hrc < 0) {
				app.status = KR_PREVIEW_FAILED, app.error = herr;
			} else {
				app.status = !has_dir(&base, dir) ? KR_PREVIEW_ADDED : KR_PREVIEW_CHANGED;
				/* failing at base: compared with nothing, every resource is added */
				rc = compare(a, o, hout, hl, brc == 0 ? bout : "", brc == 0 ? bl : 0, &app, err);
			}
			/* outputs that differ only where ignoreDifferences or normalisation look away are the same */
			if (app.status == KR_PREVIEW_CHANGED && !app.added && !app.removed && !app.changed)
				same = true;
			if (rc == 0 && !same && push(a, out, &cap, &app) < 0)
				rc = kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		}
		free(hout);
		free(bout);
	}
	for (i = 0; rc == 0 && i < base.ndirs; i++) /* gone at head */
		if (!has_dir(&head, base.dirs[i])) {
			const char *berr = NULL;
			char *bout = NULL;
			size_t bl = 0;
			kr_preview_app app;

			memset(&app, 0, sizeof(app));
			app.path = base.dirs[i];
			app.status = KR_PREVIEW_REMOVED;
			if (render(b, &base, base.dirs[i], &bout, &bl, &berr, a) == 0)
				rc = compare(a, o, "", 0, bout, bl, &app, err);
			out->rendered++;
			free(bout);
			if (rc == 0 && push(a, out, &cap, &app) < 0)
				rc = kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		}
	for (i = 0; rc == 0 && i < head.napps; i++)
		rc = compare_app(a, o, &head, &base, &head.apps[i],
				 kr_preview_find_app(&base, head.apps[i].kind, head.apps[i].name), pc, identical, out, &cap, err);
	/* gone at head (an ApplicationSet that failed at base and expands now shows as its Applications) */
	for (i = 0; rc == 0 && i < base.napps; i++)
		if (!base.apps[i].error && !kr_preview_find_app(&head, base.apps[i].kind, base.apps[i].name))
			rc = compare_app(a, o, &head, &base, NULL, &base.apps[i], pc, identical, out, &cap, err);
	if (rc == 0 && out->n) /* removed ones were appended last: one order */
		qsort(out->changed, out->n, sizeof(*out->changed), by_label);
	kr_build_free(b);
	kr_parse_cache_free(pc);
	unload(&base);
	unload(&head);
	return rc;
}
