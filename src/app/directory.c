/*
 * directory.c - a directory source (argocd.md 2.4): the files of the app
 * directory (and below it with recurse) in lexical walk order; only .yaml,
 * .yml and .json unless disableExtensionFilter; include and exclude globs
 * in gobwas/glob's separator-free form ('*' crosses '/', {a,b} picks one)
 * against the path relative to the app directory; files holding
 * "+argocd:skip-file-rendering" skipped; a .json file holds one object; a
 * YAML file that does not parse is an error only when something in it
 * parsed or it looks like a manifest (apiVersion:, kind: and metadata:),
 * else it is ignored, like a values.yaml. Symbolic links are not followed
 * (the export holds none). Jsonnet is refused for now. The directory is
 * listed and read through the source's kr_fs (an export or memory).
 */
#include "app/internal.h"

#include <stdio.h>
#include <string.h>

#include "util/glob.h"
#include "yaml/load.h"

#define MAX_COMBINED ((size_t)10 << 20) /* reposerver.max.combined.directory.manifests.size */

struct walk {
	kr_app_src *s;
	const char *include, *exclude;
	bool recurse, no_ext_filter;
	size_t bytes;
};

static bool has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);

	return n > e && strcmp(name + n - e, ext) == 0;
}

static bool looks_like_manifest(const char *data)
{
	return strstr(data, "apiVersion:") && strstr(data, "kind:") && strstr(data, "metadata:");
}

static int one_file(struct walk *w, const char *path, const char *rel)
{
	kr_app_src *s = w->s;
	const char *name = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	kr_yaml_stream y = {0};
	kr_err perr = {0};
	char *data;
	size_t len, i, good;
	int rc;

	if (!w->no_ext_filter && !has_ext(name, ".yaml") && !has_ext(name, ".yml") && !has_ext(name, ".json") &&
	    !has_ext(name, ".jsonnet"))
		return 0;
	if (w->exclude && *w->exclude && kr_glob_match(w->exclude, rel, 0))
		return 0;
	if (w->include && *w->include && !kr_glob_match(w->include, rel, 0))
		return 0;
	rc = kr_app_read(s, path, &data, &len);
	if (rc < 0)
		return kr_app_fail(s, rc, "%s: %s", rel, kr_app_read_failure(rc));
	if (strstr(data, "+argocd:skip-file-rendering"))
		return 0;
	if (has_ext(name, ".jsonnet"))
		return kr_app_fail(s, KR_EUNSUP, "%s: jsonnet is not supported by krender yet (exclude it, or render it "
				   "another way)", rel);
	if ((w->bytes += len) > MAX_COMBINED)
		return kr_app_fail(s, KR_ETOOBIG, "the directory's manifests exceed %zu bytes in all "
				   "(reposerver.max.combined.directory.manifests.size)", MAX_COMBINED);
	rc = kr_yaml_load(&y, s->a, rel, data, len, s->o->lim, 0, &perr);
	if (rc < 0) {
		if (!looks_like_manifest(data) && !has_ext(name, ".json"))
			return 0; /* not a manifest: ignored, as ArgoCD does */
		return kr_app_fail(s, rc, "%s: %s", rel, perr.msg);
	}
	if (has_ext(name, ".json") && y.n > 1)
		return kr_app_fail(s, KR_EINVAL, "%s: Only single objects are allowed in JSON files", rel);
	/* each document becomes an object as client-go's Unstructured reads it: without a kind it fails, which
	 * is an error after good documents or in a file that looks like a manifest, else the file is ignored */
	for (i = 0, good = 0; i < y.n && rc == 0; i++) {
		const kr_node *kind = kr_node_map_get(y.docs[i], "kind");

		if (y.docs[i]->kind == KR_NODE_SCALAR && y.docs[i]->type == KR_SCALAR_NULL)
			continue; /* an empty document */
		if (!kind || kind->kind != KR_NODE_SCALAR || kind->len == 0) {
			if (good || looks_like_manifest(data))
				return kr_app_fail(s, KR_EINVAL, "%s: Failed to unmarshal: document %zu: Object 'Kind' is missing",
						   rel, i + 1);
			return 0; /* not a manifest: ignored, as ArgoCD does */
		}
		good++;
	}
	for (i = 0; i < y.n && rc == 0; i++)
		if (!(y.docs[i]->kind == KR_NODE_SCALAR && y.docs[i]->type == KR_SCALAR_NULL))
			rc = kr_app_add(s, y.docs[i]);
	return rc;
}

static int walk_dir(struct walk *w, const char *dir, const char *rel, int depth)
{
	kr_fs_entry *e;
	size_t n, i;
	kr_err err;
	int rc = 0;

	if (depth > 64)
		return kr_app_fail(w->s, KR_ETOOBIG, "%s: directories nested too deeply", rel);
	memset(&err, 0, sizeof(err));
	if (kr_fs_list(w->s->fs, dir, w->s->a, &e, &n, &err) < 0)
		return kr_app_fail(w->s, KR_EIO, "cannot list '%s'", rel[0] ? rel : w->s->path);
	for (i = 0; i < n && rc == 0; i++) { /* sorted by name: the lexical walk */
		char *path = kr_arena_cat(w->s->a, dir, "/", e[i].name, NULL);
		char *r = rel[0] ? kr_arena_cat(w->s->a, rel, "/", e[i].name, NULL) : (char *)e[i].name;

		if (!path || !r)
			return kr_err_set(w->s->err, KR_ENOMEM, NULL, "out of memory");
		if (e[i].type == KR_FS_DIR) {
			if (w->recurse)
				rc = walk_dir(w, path, r, depth + 1);
		} else if (e[i].type == KR_FS_FILE) {
			rc = one_file(w, path, r);
		}
	}
	return rc;
}

static const char *str(kr_app_src *s, const kr_node *opts, const char *key)
{
	const kr_node *v = kr_node_map_get(opts, key);

	return v && v->kind == KR_NODE_SCALAR && v->type != KR_SCALAR_NULL ? kr_node_text(s->a, v) : NULL;
}

static bool flag(const kr_node *opts, const char *key)
{
	const kr_node *v = kr_node_map_get(opts, key);

	return v && v->kind == KR_NODE_SCALAR && v->type == KR_SCALAR_BOOL && v->u.str[0] == 't';
}

int kr_app_directory(kr_app_src *s, const kr_node *opts)
{
	struct walk w = {s, str(s, opts, "include"), str(s, opts, "exclude"), flag(opts, "recurse"),
			 flag(opts, "disableExtensionFilter"), 0};

	if (kr_node_map_get(opts, "jsonnet") && kr_node_map_get(opts, "jsonnet")->len)
		return kr_app_fail(s, KR_EUNSUP, "directory.jsonnet: jsonnet is not supported by krender yet");
	return walk_dir(&w, s->dir, "", 0);
}
