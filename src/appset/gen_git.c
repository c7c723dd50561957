/*
 * gen_git.c - the git generator (argocd.md 1.3.3, 1.3.4), reading a local
 * repository at `revision` through the krender-git helper (libgit2): the
 * revision's files are exported once per repository and revision into a
 * private temporary directory, removed at exit.
 *
 * directories: every directory but the root, parents before children,
 * hidden names skipped with their subtree, kept when some include pattern
 * matches (Go path.Match: '*' stops at '/', no '**') and no exclude does.
 * files: git ls-files pathspec globbing ('*' crosses '/'; a pattern without
 * wildcards names a file or a directory prefix), includes minus excludes,
 * sorted; each file a YAML/JSON object or list of objects.
 */
#include "appset/internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "template/gofmt.h"
#include "util/glob.h"
#include "util/proc.h"
#include "yaml/load.h"

#define GIT_TIMEOUT_MS 120000

struct blob {
	char *path; /* the map's key */
	char *data; /* NULL: no such file at the revision */
	size_t len;
};

struct checkout {
	char *key;  /* path NUL revision */
	char *repo; /* the local repository */
	char *rev;
	char **files; /* every file, repo-relative, sorted */
	size_t nfiles;
	char **dirs; /* every directory, walk order */
	size_t ndirs;
	kr_map blobs; /* path -> struct blob: the files read so far */
	struct blob **all;
	size_t nall;
	struct checkout *next;
};

static struct checkout *checkouts; /* for the process: freed by kr_appset_cleanup() */

static void free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void kr_appset_cleanup(void)
{
	while (checkouts) {
		struct checkout *c = checkouts;
		size_t i;

		checkouts = c->next;
		for (i = 0; i < c->nall; i++) {
			free(c->all[i]->path);
			free(c->all[i]->data);
			free(c->all[i]);
		}
		free(c->all);
		kr_map_dispose(&c->blobs);
		free_strings(c->files, c->nfiles);
		free_strings(c->dirs, c->ndirs);
		free(c->key);
		free(c->repo);
		free(c->rev);
		free(c);
	}
}

static int push_path(char ***v, size_t *n, const char *p)
{
	char **grown = realloc(*v, (*n + 1) * sizeof(**v));

	if (!grown)
		return KR_ENOMEM;
	*v = grown;
	if (!(grown[*n] = strdup(p)))
		return KR_ENOMEM;
	(*n)++;
	return 0;
}

static int cmp_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* the order of a lexical walk: a directory right before its contents ('/' below every other byte) */
static int cmp_walk(const void *x, const void *y)
{
	const unsigned char *a = *(const unsigned char *const *)x, *b = *(const unsigned char *const *)y;

	while (*a && *a == *b)
		a++, b++;
	return (*a == '/' ? 1 : *a + 1) - (*b == '/' ? 1 : *b + 1);
}

/* the local path --repo maps @url to, or NULL */
/* krender-git MODE REPO REV with @in on stdin; its output in @o (caller disposes) */
static int helper(kr_appset_ctx *c, const char *mode, const struct checkout *co, const char *url, const char *in,
		  size_t inlen, kr_buf *o, const char *what)
{
	char path[PATH_MAX], files[32], bytes[32];
	char *argv[] = {(char *)kr_helper_path("krender-git", path, sizeof(path)), (char *)mode, co->repo, co->rev,
			files, bytes, NULL};
	kr_proc_result res;
	kr_buf e;
	int rc;

	snprintf(files, sizeof(files), "%zu", c->o->lim->documents);
	snprintf(bytes, sizeof(bytes), "%zu", c->o->lim->input_bytes);
	kr_buf_init(o, c->o->lim->input_bytes + ((size_t)1 << 20));
	kr_buf_init(&e, 4096);
	rc = kr_proc_run_input(argv, NULL, in, inlen, o, &e, GIT_TIMEOUT_MS, &res);
	if (rc == 0 && res.not_found)
		rc = kr_appset_fail(c, KR_EUNSUP, what, "the helper krender-git is not installed");
	else if (rc == 0 && (res.status != 0 || res.timed_out))
		rc = kr_appset_fail(c, KR_ENOENT, what, "repository '%s' (%s) at revision '%s': %.*s", url, co->repo, co->rev,
				    (int)strcspn(e.data ? e.data : "timed out", "\n"), e.data ? e.data : "timed out");
	else if (rc < 0)
		rc = kr_appset_fail(c, rc, what, "running krender-git failed");
	kr_buf_dispose(&e);
	return rc;
}

/* the paths of one revision: "d\tPATH\0" and "f\tPATH\0" records after the commit line */
static int list_tree(struct checkout *co, const char *text, size_t n)
{
	const char *p = memchr(text, '\n', n), *end = text + n;
	int rc = 0;

	if (!p)
		return KR_EIO;
	for (p++; p < end && rc == 0;) {
		const char *z = memchr(p, '\0', (size_t)(end - p));

		if (!z || z - p < 3 || p[1] != '\t')
			return KR_EIO;
		rc = push_path(p[0] == 'd' ? &co->dirs : &co->files, p[0] == 'd' ? &co->ndirs : &co->nfiles, p + 2);
		p = z + 1;
	}
	if (co->nfiles > 1)
		qsort(co->files, co->nfiles, sizeof(*co->files), cmp_names);
	if (co->ndirs > 1)
		qsort(co->dirs, co->ndirs, sizeof(*co->dirs), cmp_walk);
	return rc;
}

static int checkout(kr_appset_ctx *c, const char *url, const char *rev, const char *what, struct checkout **out)
{
	const char *path = kr_repo_locate(c->a, c->o->pin, c->o->repo_url, c->o->repo_path, c->o->nrepo, url, &rev);
	struct checkout *co;
	char *key;
	kr_buf o;
	int rc;

	if (!path)
		return kr_appset_fail(c, KR_ENOENT, what, "repository '%s' is not mapped to a local clone: krender never "
				      "fetches (pass --repo %s=PATH)",
				      url, url);
	key = kr_arena_cat(c->a, path, "\n", rev, NULL);
	if (!key)
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	for (co = checkouts; co; co = co->next)
		if (strcmp(co->key, key) == 0) {
			*out = co;
			return 0;
		}
	co = calloc(1, sizeof(*co));
	if (!co || !(co->key = strdup(key)) || !(co->repo = strdup(path)) || !(co->rev = strdup(rev))) {
		if (co) {
			free(co->key);
			free(co->repo);
		}
		free(co);
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	}
	co->next = checkouts;
	checkouts = co;
	rc = helper(c, "ls", co, url, "", 0, &o, what);
	if (rc == 0 && list_tree(co, o.data ? o.data : "", o.len) < 0)
		rc = kr_appset_fail(c, KR_EIO, what, "cannot list the files of '%s' at '%s'", url, rev);
	kr_buf_dispose(&o);
	if (rc == 0)
		*out = co;
	return rc;
}

/* the files @paths of the revision, read once (krender-git cat) and kept in @co */
static int read_blobs(kr_appset_ctx *c, struct checkout *co, char *const *paths, size_t n, const char *url,
		      const char *what)
{
	kr_buf in, o;
	size_t i, at = 0;
	int rc = 0;

	kr_buf_init(&in, (size_t)1 << 30);
	for (i = 0; i < n && rc == 0; i++)
		if (!kr_map_get(&co->blobs, paths[i], strlen(paths[i])))
			rc = kr_buf_append(&in, paths[i], strlen(paths[i]) + 1);
	if (rc < 0 || in.len == 0) {
		kr_buf_dispose(&in);
		return rc < 0 ? kr_err_set(c->err, rc, NULL, "out of memory") : 0;
	}
	rc = helper(c, "cat", co, url, in.data, in.len, &o, what);
	for (i = 0; rc == 0 && i < in.len; i += strlen(in.data + i) + 1) {
		struct blob *b = calloc(1, sizeof(*b)), **grown = realloc(co->all, (co->nall + 1) * sizeof(*grown));
		const char *nl = o.data ? memchr(o.data + at, '\n', o.len - at) : NULL;
		char *end;

		if (grown)
			co->all = grown;
		if (!b || !grown || !(b->path = strdup(in.data + i))) {
			free(b);
			rc = kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
			break;
		}
		co->all[co->nall++] = b;
		if (!nl)
			rc = KR_EIO;
		else if (o.data[at] != '-') {
			b->len = strtoull(o.data + at, &end, 10);
			if (end != nl || b->len > o.len - (size_t)(nl + 1 - o.data) || !(b->data = malloc(b->len + 1)))
				rc = KR_EIO;
			else
				memcpy(b->data, nl + 1, b->len), b->data[b->len] = '\0', nl += b->len;
		}
		if (rc == 0 && kr_map_set(&co->blobs, b->path, strlen(b->path), b) < 0)
			rc = kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		at = nl ? (size_t)(nl + 1 - o.data) : o.len;
	}
	if (rc == KR_EIO)
		rc = kr_appset_fail(c, KR_EIO, what, "krender-git printed what krender cannot read");
	kr_buf_dispose(&o);
	kr_buf_dispose(&in);
	return rc;
}

/* git pathspec: with wildcards a glob where '*' crosses '/'; without, the path or a directory above it */
static bool pathspec_match(const char *spec, const char *file)
{
	size_t n = strlen(spec);

	while (n > 1 && spec[n - 1] == '/')
		n--;
	if (!strpbrk(spec, "*?["))
		return strncmp(spec, file, n) == 0 && (file[n] == '\0' || file[n] == '/');
	return kr_wildcard_match(spec, file);
}

struct items {
	const char **include, **exclude;
	size_t ninc, nexc;
};

static int read_items(kr_appset_ctx *c, const kr_node *list, const char *field, const char *what, struct items *it)
{
	size_t i, cap_i = 0, cap_e = 0;

	memset(it, 0, sizeof(*it));
	if (list->kind != KR_NODE_SEQ)
		return kr_appset_fail(c, KR_EINVAL, what, "%s must be a list of {path, exclude}", field);
	for (i = 0; i < list->len; i++) {
		const kr_node *p = kr_node_map_get(list->u.items[i], "path"), *x = kr_node_map_get(list->u.items[i], "exclude");
		bool exclude = x && x->kind == KR_NODE_SCALAR && x->type == KR_SCALAR_BOOL && x->u.str[0] == 't';
		const char *text;

		if (!p || p->kind != KR_NODE_SCALAR)
			return kr_appset_fail(c, KR_EINVAL, what, "%s[%zu].path must be a string", field, i);
		text = kr_node_text(c->a, p);
		if (!text || kr_arena_grow(c->a, exclude ? &it->exclude : &it->include, exclude ? &cap_e : &cap_i,
					   exclude ? it->nexc : it->ninc, sizeof(char *)) < 0)
			return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		if (exclude)
			it->exclude[it->nexc++] = text;
		else
			it->include[it->ninc++] = text;
	}
	return 0;
}

/* the flat key @prefix.@name (or @name) */
static const char *pkey(kr_appset_ctx *c, const char *prefix, const char *name)
{
	return prefix ? kr_arena_cat(c->a, prefix, ".", name, NULL) : name;
}

/* path, path.basename(+Normalized), path[i] for directory or file directory @dir */
static int path_params(kr_appset_ctx *c, kr_node *set, const char *prefix, const char *dir)
{
	const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir, *seg = dir;
	kr_buf norm;
	size_t i = 0;
	int rc;

	kr_buf_init(&norm, (size_t)1 << 20);
	rc = kr_go_normalize(&norm, base, strlen(base));
	if (rc == 0)
		rc = kr_param_set(c, set, pkey(c, prefix, "path"), dir, strlen(dir));
	if (rc == 0)
		rc = kr_param_set(c, set, pkey(c, prefix, "path.basename"), base, strlen(base));
	if (rc == 0)
		rc = kr_param_set(c, set, pkey(c, prefix, "path.basenameNormalized"), norm.data ? norm.data : "", norm.len);
	kr_buf_dispose(&norm);
	while (rc == 0) {
		size_t len = strcspn(seg, "/");
		char key[32];

		if (len) {
			snprintf(key, sizeof(key), "path[%zu]", i);
			rc = kr_param_set(c, set, pkey(c, prefix, key), seg, len);
		}
		i++;
		if (!seg[len])
			break;
		seg += len + 1;
	}
	return rc;
}

/* goTemplate: the `path` map of directory @dir (and of @file in it), at the top or under @prefix */
static int go_path_params(kr_appset_ctx *c, kr_node *set, const char *prefix, const char *dir, const char *file)
{
	const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir, *seg = dir;
	kr_node *p = kr_node_new_map(c->a), *segs = kr_node_new_seq(c->a), *holder = set;
	kr_buf norm;
	int rc = p && segs ? 0 : KR_ENOMEM;

	kr_buf_init(&norm, (size_t)1 << 20);
	if (rc == 0)
		rc = kr_param_set(c, p, "path", dir, strlen(dir));
	if (rc == 0)
		rc = kr_param_set(c, p, "basename", base, strlen(base));
	if (rc == 0 && (rc = kr_go_normalize(&norm, base, strlen(base))) == 0)
		rc = kr_param_set(c, p, "basenameNormalized", norm.data ? norm.data : "", norm.len);
	if (rc == 0 && file) {
		norm.len = 0;
		rc = kr_param_set(c, p, "filename", file, strlen(file));
		if (rc == 0 && (rc = kr_go_normalize(&norm, file, strlen(file))) == 0)
			rc = kr_param_set(c, p, "filenameNormalized", norm.data ? norm.data : "", norm.len);
	}
	kr_buf_dispose(&norm);
	while (rc == 0) { /* strings.Split: every segment, empty ones too */
		size_t len = strcspn(seg, "/");
		kr_node *s = kr_node_new_scalar(c->a, KR_SCALAR_STR, seg, len);

		rc = s && kr_node_seq_append(c->a, segs, s) == 0 ? 0 : KR_ENOMEM;
		if (!seg[len])
			break;
		seg += len + 1;
	}
	if (rc == 0 && kr_node_map_set(c->a, p, "segments", segs) < 0)
		rc = KR_ENOMEM;
	if (rc == 0 && prefix) { /* {prefix: {path: ...}}, replacing what the file had there */
		holder = kr_node_new_map(c->a);
		rc = holder && kr_node_map_set(c->a, set, prefix, holder) == 0 ? 0 : KR_ENOMEM;
	}
	if (rc == 0 && kr_node_map_set(c->a, holder, "path", p) < 0)
		rc = KR_ENOMEM;
	return rc == KR_ENOMEM && !c->err->msg[0] ? kr_err_set(c->err, rc, NULL, "out of memory") : rc;
}

static int directories(kr_appset_ctx *c, const kr_node *g, const struct checkout *co, const char *prefix,
		       const char *what, kr_psets *out)
{
	struct items it;
	size_t i, j;
	int rc = read_items(c, kr_node_map_get(g, "directories"), "directories", what, &it);

	for (i = 0; i < co->ndirs && rc == 0; i++) {
		const char *d = co->dirs[i];
		bool keep = false, hidden = d[0] == '.' || strstr(d, "/.") != NULL;
		kr_node *set;

		for (j = 0; j < it.ninc && !keep && !hidden; j++)
			keep = kr_go_path_match(it.include[j], d);
		for (j = 0; j < it.nexc && keep; j++)
			keep = !kr_go_path_match(it.exclude[j], d);
		if (!keep)
			continue;
		set = kr_node_new_map(c->a);
		if (!set)
			return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		rc = c->go ? go_path_params(c, set, prefix, d, NULL) : path_params(c, set, prefix, d);
		if (rc == 0)
			rc = kr_appset_values(c, set, kr_node_map_get(g, "values"), what);
		if (rc == 0)
			rc = kr_psets_push(c, out, set);
	}
	return rc;
}

/* the parameter sets of one file: its object, or one per object of its list */
static int file_sets(kr_appset_ctx *c, const kr_node *g, struct checkout *co, const char *file,
		     const char *url, const char *prefix, const char *what, kr_psets *out)
{
	char dir[PATH_MAX];
	const char *name = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	const struct blob *b = kr_map_get(&co->blobs, file, strlen(file));
	kr_buf norm;
	kr_yaml_stream s = {0};
	const kr_node *doc;
	size_t i, n = 1;
	int rc = b && b->data ? 0 : KR_EIO;

	if ((size_t)snprintf(dir, sizeof(dir), "%.*s", name > file ? (int)(name - file - 1) : 1, name > file ? file : ".") >=
	    sizeof(dir))
		return kr_appset_fail(c, KR_ETOOBIG, what, "path too long: %s", file);
	if (rc == 0 && b->len > c->o->lim->file_bytes)
		rc = kr_err_set(c->err, KR_ETOOBIG, NULL, "%zu bytes, over the file_bytes limit", b->len);
	if (rc == 0)
		rc = kr_yaml_load(&s, c->a, file, b->data, b->len, c->o->lim, 0, c->err);
	if (rc < 0)
		return kr_appset_fail(c, rc, what, "unable to process file '%s' from repository %s: %s", file, url,
				      c->err->msg[0] ? c->err->msg : "cannot read it");
	doc = s.n ? s.docs[0] : NULL;
	if (doc && doc->kind == KR_NODE_SEQ)
		n = doc->len;
	else if (doc && doc->kind != KR_NODE_MAP && !(doc->kind == KR_NODE_SCALAR && doc->type == KR_SCALAR_NULL))
		return kr_appset_fail(c, KR_EINVAL, what, "unable to process file '%s' from repository %s: not an "
				      "object or a list of objects", file, url);
	for (i = 0; i < n && rc == 0; i++) {
		const kr_node *obj = doc && doc->kind == KR_NODE_SEQ ? doc->u.items[i] : doc;
		kr_node *set = kr_node_new_map(c->a);

		if (!set)
			return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		if (obj && obj->kind == KR_NODE_SEQ)
			return kr_appset_fail(c, KR_EINVAL, what, "unable to process file '%s' from repository %s: "
					      "item %zu is not an object", file, url, i);
		if (c->go) { /* the file's object as it is, then the path map */
			if (obj && obj->kind == KR_NODE_MAP && !(set = kr_node_copy(c->a, obj, NULL)))
				return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
			rc = go_path_params(c, set, prefix, dir, name);
			if (rc == 0)
				rc = kr_appset_values(c, set, kr_node_map_get(g, "values"), what);
			if (rc == 0)
				rc = kr_psets_push(c, out, set);
			continue;
		}
		if (obj && obj->kind == KR_NODE_MAP)
			rc = kr_param_flatten(c, set, "", obj, what);
		if (rc == 0)
			rc = path_params(c, set, prefix, dir);
		kr_buf_init(&norm, (size_t)1 << 20);
		if (rc == 0)
			rc = kr_go_normalize(&norm, name, strlen(name));
		if (rc == 0)
			rc = kr_param_set(c, set, pkey(c, prefix, "path.filename"), name, strlen(name));
		if (rc == 0)
			rc = kr_param_set(c, set, pkey(c, prefix, "path.filenameNormalized"), norm.data ? norm.data : "",
					  norm.len);
		kr_buf_dispose(&norm);
		if (rc == 0)
			rc = kr_appset_values(c, set, kr_node_map_get(g, "values"), what);
		if (rc == 0)
			rc = kr_psets_push(c, out, set);
	}
	return rc;
}

static int files(kr_appset_ctx *c, const kr_node *g, struct checkout *co, const char *url, const char *prefix,
		 const char *what, kr_psets *out)
{
	struct items it;
	size_t i, j;
	int rc = read_items(c, kr_node_map_get(g, "files"), "files", what, &it);

	char **chosen = rc == 0 ? kr_arena_alloc(c->a, (co->nfiles + 1) * sizeof(*chosen)) : NULL;
	size_t n = 0;

	if (rc == 0 && !chosen)
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	for (i = 0; i < co->nfiles && rc == 0; i++) { /* co->files is sorted */
		bool keep = false;

		for (j = 0; j < it.ninc && !keep; j++)
			keep = pathspec_match(it.include[j], co->files[i]);
		for (j = 0; j < it.nexc && keep; j++)
			keep = !pathspec_match(it.exclude[j], co->files[i]);
		if (keep)
			chosen[n++] = co->files[i];
	}
	if (rc == 0)
		rc = read_blobs(c, co, chosen, n, url, what);
	for (i = 0; i < n && rc == 0; i++)
		rc = file_sets(c, g, co, chosen[i], url, prefix, what, out);
	return rc;
}

int kr_gen_git(kr_appset_ctx *c, const kr_node *g, const char *what, kr_psets *out)
{
	const kr_node *url = kr_node_map_get(g, "repoURL"), *rev = kr_node_map_get(g, "revision");
	const kr_node *prefix = kr_node_map_get(g, "pathParamPrefix");
	const char *u, *r, *p = NULL;
	struct checkout *co = NULL;
	int rc;

	if (!url || url->kind != KR_NODE_SCALAR || !url->len)
		return kr_appset_fail(c, KR_EINVAL, what, "repoURL is required");
	if (!kr_node_map_get(g, "directories") && !kr_node_map_get(g, "files"))
		return kr_appset_fail(c, KR_EINVAL, what, "needs directories or files");
	u = kr_node_text(c->a, url);
	r = rev && rev->kind == KR_NODE_SCALAR && rev->len ? kr_node_text(c->a, rev) : "HEAD";
	if (prefix && prefix->kind == KR_NODE_SCALAR && prefix->len)
		p = kr_node_text(c->a, prefix);
	if (!u || !r)
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	rc = checkout(c, u, r, what, &co);
	if (rc < 0)
		return rc;
	/* both given: directories wins, as in ArgoCD */
	return kr_node_map_get(g, "directories") ? directories(c, g, co, p, what, out) : files(c, g, co, u, p, what, out);
}
