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

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs/fs.h"
#include "template/gofmt.h"
#include "util/proc.h"
#include "yaml/load.h"

#define GIT_TIMEOUT_MS 120000

struct checkout {
	char *key; /* path NUL revision */
	char dir[PATH_MAX];
	char **files; /* every file, repo-relative, sorted */
	size_t nfiles;
	char **dirs; /* every directory, walk order */
	size_t ndirs;
	struct checkout *next;
};

static struct checkout *checkouts; /* for the process: removed by kr_appset_cleanup() */

void kr_appset_cleanup(void)
{
	while (checkouts) {
		struct checkout *c = checkouts;
		size_t i;

		checkouts = c->next;
		kr_fs_remove_tree(c->dir);
		for (i = 0; i < c->nfiles; i++)
			free(c->files[i]);
		for (i = 0; i < c->ndirs; i++)
			free(c->dirs[i]);
		free(c->files);
		free(c->dirs);
		free(c->key);
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

/* files and directories below @root/@rel (@rel "" at the top), sorted, directories before their contents */
static int walk(struct checkout *co, const char *rel, int depth)
{
	char path[PATH_MAX], child[PATH_MAX];
	struct dirent *d;
	char **names = NULL;
	size_t n = 0, i;
	DIR *dir;
	int rc = 0;

	if (depth > 256 || (size_t)snprintf(path, sizeof(path), "%s/%s", co->dir, rel) >= sizeof(path))
		return 0; /* deeper or longer than any path krender-git writes */
	dir = opendir(path);
	if (!dir)
		return KR_EIO;
	while ((d = readdir(dir)) != NULL && rc == 0)
		if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0)
			rc = push_path(&names, &n, d->d_name);
	closedir(dir);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n && rc == 0; i++) {
		struct stat st;

		if ((size_t)snprintf(child, sizeof(child), "%s%s%s", rel, rel[0] ? "/" : "", names[i]) >= sizeof(child) ||
		    (size_t)snprintf(path, sizeof(path), "%s/%s", co->dir, child) >= sizeof(path) || lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			rc = push_path(&co->dirs, &co->ndirs, child);
			if (rc == 0)
				rc = walk(co, child, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			rc = push_path(&co->files, &co->nfiles, child);
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* the local path --repo maps @url to, or NULL */
static const char *repo_path(kr_appset_ctx *c, const char *url)
{
	size_t i;

	for (i = 0; i < c->o->nrepo; i++)
		if (strcmp(c->o->repo_url[i], url) == 0)
			return c->o->repo_path[i];
	return NULL;
}

static int checkout(kr_appset_ctx *c, const char *url, const char *rev, const char *what, struct checkout **out)
{
	const char *path = repo_path(c, url), *base = getenv("TMPDIR");
	char helper[PATH_MAX], files[32], bytes[32], *key;
	struct checkout *co;
	kr_buf o, e;
	kr_proc_result res;
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
	if (!co || !(co->key = strdup(key))) {
		free(co);
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	}
	snprintf(co->dir, sizeof(co->dir), "%s/krender-appset-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(co->dir)) {
		free(co->key);
		free(co);
		return kr_appset_fail(c, KR_EIO, what, "cannot create a temporary directory");
	}
	co->next = checkouts;
	checkouts = co; /* removed at exit, complete or not */
	snprintf(files, sizeof(files), "%zu", c->o->lim->documents);
	snprintf(bytes, sizeof(bytes), "%zu", c->o->lim->input_bytes);
	{
		char *argv[] = {(char *)kr_helper_path("krender-git", helper, sizeof(helper)), "export", (char *)path,
				(char *)rev, co->dir, files, bytes, NULL};

		kr_buf_init(&o, 4096);
		kr_buf_init(&e, 4096);
		rc = kr_proc_run(argv, NULL, &o, &e, GIT_TIMEOUT_MS, &res);
	}
	if (rc == 0 && res.not_found)
		rc = kr_appset_fail(c, KR_EUNSUP, what, "the helper krender-git is not installed");
	else if (rc == 0 && (res.status != 0 || res.timed_out))
		rc = kr_appset_fail(c, KR_ENOENT, what, "repository '%s' (%s) at revision '%s': %.*s", url, path, rev,
				    (int)strcspn(e.data ? e.data : "timed out", "\n"), e.data ? e.data : "timed out");
	else if (rc < 0)
		rc = kr_appset_fail(c, rc, what, "running krender-git failed");
	kr_buf_dispose(&o);
	kr_buf_dispose(&e);
	if (rc == 0 && walk(co, "", 0) < 0)
		rc = kr_appset_fail(c, KR_EIO, what, "cannot list the files of '%s' at '%s'", url, rev);
	if (rc == 0)
		*out = co;
	return rc;
}

/* Go's path.Match; a malformed pattern matches nothing */
static bool class_match(const char **pp, char ch, bool *ok)
{
	const char *p = *pp + 1;
	bool neg = *p == '^', matched = false;

	if (neg)
		p++;
	if (*p == ']') {
		*ok = false;
		return false;
	}
	while (*p && *p != ']') {
		char lo = *p == '\\' ? *++p : *p, hi = lo;

		if (!lo) {
			*ok = false;
			return false;
		}
		p++;
		if (*p == '-') {
			p++;
			hi = *p == '\\' ? *++p : *p;
			if (!hi || hi == ']') {
				*ok = false;
				return false;
			}
			p++;
		}
		if (lo <= ch && ch <= hi)
			matched = true;
	}
	if (*p != ']') {
		*ok = false;
		return false;
	}
	*pp = p + 1;
	return matched != neg;
}

static bool glob(const char *p, const char *s, bool slash_stops, bool *ok)
{
	while (*p) {
		if (*p == '*') {
			while (*p == '*')
				p++;
			for (;; s++) {
				if (glob(p, s, slash_stops, ok))
					return true;
				if (!*s || (slash_stops && *s == '/') || !*ok)
					return false;
			}
		}
		if (!*s || (slash_stops && *s == '/' && *p != '/'))
			return false;
		if (*p == '?') {
			p++;
		} else if (*p == '[') {
			if (!class_match(&p, *s, ok))
				return false;
		} else {
			if (*p == '\\' && p[1])
				p++;
			if (*p != *s)
				return false;
			p++;
		}
		s++;
	}
	return *s == '\0';
}

static bool go_path_match(const char *pattern, const char *name)
{
	bool ok = true, m = glob(pattern, name, true, &ok);

	return ok && m;
}

/* git pathspec: with wildcards a glob where '*' crosses '/'; without, the path or a directory above it */
static bool pathspec_match(const char *spec, const char *file)
{
	size_t n = strlen(spec);
	bool ok = true;

	while (n > 1 && spec[n - 1] == '/')
		n--;
	if (!strpbrk(spec, "*?["))
		return strncmp(spec, file, n) == 0 && (file[n] == '\0' || file[n] == '/');
	return glob(spec, file, false, &ok) && ok;
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
			keep = go_path_match(it.include[j], d);
		for (j = 0; j < it.nexc && keep; j++)
			keep = !go_path_match(it.exclude[j], d);
		if (!keep)
			continue;
		set = kr_node_new_map(c->a);
		if (!set)
			return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		rc = path_params(c, set, prefix, d);
		if (rc == 0)
			rc = kr_appset_values(c, set, kr_node_map_get(g, "values"), what);
		if (rc == 0)
			rc = kr_psets_push(c, out, set);
	}
	return rc;
}

/* @path into @b (bounded by its limit) */
static int read_file(const char *path, kr_buf *b)
{
	char chunk[65536];
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), rc = 0;
	ssize_t r;

	if (fd < 0)
		return KR_EIO;
	while (rc == 0 && (r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		rc = r < 0 ? KR_EIO : kr_buf_append(b, chunk, (size_t)r);
	}
	close(fd);
	return rc;
}

/* the parameter sets of one file: its object, or one per object of its list */
static int file_sets(kr_appset_ctx *c, const kr_node *g, const struct checkout *co, const char *file,
		     const char *url, const char *prefix, const char *what, kr_psets *out)
{
	char path[PATH_MAX], dir[PATH_MAX];
	const char *name = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	kr_buf text, norm;
	kr_yaml_stream s = {0};
	const kr_node *doc;
	size_t i, n = 1;
	int rc;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", co->dir, file) >= sizeof(path) ||
	    (size_t)snprintf(dir, sizeof(dir), "%.*s", name > file ? (int)(name - file - 1) : 1, name > file ? file : ".") >=
		    sizeof(dir))
		return kr_appset_fail(c, KR_ETOOBIG, what, "path too long: %s", file);
	kr_buf_init(&text, c->o->lim->file_bytes + 1);
	rc = read_file(path, &text);
	if (rc == 0)
		rc = kr_yaml_load(&s, c->a, file, text.data ? text.data : "", text.len, c->o->lim, 0, c->err);
	kr_buf_dispose(&text);
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

static int files(kr_appset_ctx *c, const kr_node *g, const struct checkout *co, const char *url, const char *prefix,
		 const char *what, kr_psets *out)
{
	struct items it;
	size_t i, j;
	int rc = read_items(c, kr_node_map_get(g, "files"), "files", what, &it);

	for (i = 0; i < co->nfiles && rc == 0; i++) { /* co->files is sorted */
		bool keep = false;

		for (j = 0; j < it.ninc && !keep; j++)
			keep = pathspec_match(it.include[j], co->files[i]);
		for (j = 0; j < it.nexc && keep; j++)
			keep = !pathspec_match(it.exclude[j], co->files[i]);
		if (keep)
			rc = file_sets(c, g, co, co->files[i], url, prefix, what, out);
	}
	return rc;
}

int kr_gen_git(kr_appset_ctx *c, const kr_node *g, const char *what, kr_psets *out)
{
	const kr_node *url = kr_node_map_get(g, "repoURL"), *rev = kr_node_map_get(g, "revision");
	const kr_node *prefix = kr_node_map_get(g, "pathParamPrefix");
	const char *u, *r, *p = NULL;
	struct checkout *co;
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
