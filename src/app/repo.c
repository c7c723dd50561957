/*
 * repo.c - a source's repository at its targetRevision: the local clone or
 * bare repository --repo maps the URL to is exported by the krender-git
 * helper (libgit2; the user's work tree is never touched, nothing is
 * fetched) into a private temporary directory, once per repository and
 * revision, removed by kr_app_cleanup().
 */
#include "app/internal.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/fs.h"
#include "util/proc.h"

#define GIT_TIMEOUT_MS 120000

struct export {
	char *key; /* repository path NUL revision */
	char dir[PATH_MAX];
	char commit[41];
	struct export *next;
};

static struct export *exports;

void kr_app_cleanup(void)
{
	while (exports) {
		struct export *e = exports;

		exports = e->next;
		kr_fs_remove_tree(e->dir);
		free(e->key);
		free(e);
	}
}

int kr_app_fail(kr_app_src *s, int rc, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return kr_err_set(s->err, rc, NULL, "%s: Application %s: %s: %s", s->file, s->name, s->what, msg);
}

const char *kr_repo_lookup(const char *const *urls, const char *const *paths, size_t n, const char *url)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(urls[i], url) == 0)
			return paths[i];
	return NULL;
}

const char *kr_repo_locate(kr_arena *a, const kr_repo_pin *pin, const char *const *urls, const char *const *paths,
			   size_t n, const char *url, const char **rev)
{
	if (!kr_repo_pinned(a, pin, url))
		return kr_repo_lookup(urls, paths, n, url);
	*rev = pin->rev;
	return pin->path;
}

int kr_app_export(kr_app_src *s, const char *url, const char *rev, const char **dir, char commit[41])
{
	const char *path = kr_repo_locate(s->a, s->o->pin, s->o->repo_url, s->o->repo_path, s->o->nrepo, url, &rev);
	const char *tmp = getenv("TMPDIR");
	char helper[PATH_MAX], files[32], bytes[32], *key;
	struct export *e;
	kr_proc_result res;
	kr_buf out, err;
	int rc;

	if (!path)
		return kr_app_fail(s, KR_ENOENT, "repository '%s' is not mapped to a local clone: krender never fetches "
				   "(pass --repo %s=PATH)", url, url);
	key = kr_arena_cat(s->a, path, "\n", rev, NULL);
	if (!key)
		return kr_err_set(s->err, KR_ENOMEM, NULL, "out of memory");
	for (e = exports; e; e = e->next)
		if (strcmp(e->key, key) == 0) {
			*dir = e->dir;
			memcpy(commit, e->commit, 41);
			return 0;
		}
	e = calloc(1, sizeof(*e));
	if (!e || !(e->key = strdup(key))) {
		free(e);
		return kr_err_set(s->err, KR_ENOMEM, NULL, "out of memory");
	}
	snprintf(e->dir, sizeof(e->dir), "%s/krender-app-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(e->dir)) {
		free(e->key);
		free(e);
		return kr_app_fail(s, KR_EIO, "cannot create a temporary directory");
	}
	e->next = exports;
	exports = e; /* removed at exit, complete or not */
	snprintf(files, sizeof(files), "%zu", s->o->lim->documents);
	snprintf(bytes, sizeof(bytes), "%zu", s->o->lim->input_bytes);
	{
		char *argv[] = {(char *)kr_helper_path("krender-git", helper, sizeof(helper)), "export", (char *)path,
				(char *)rev, e->dir, files, bytes, NULL};

		kr_buf_init(&out, 4096);
		kr_buf_init(&err, 4096);
		rc = kr_proc_run(argv, NULL, &out, &err, GIT_TIMEOUT_MS, &res);
	}
	if (rc == 0 && res.not_found)
		rc = kr_app_fail(s, KR_EUNSUP, "the helper krender-git is not installed");
	else if (rc == 0 && (res.status != 0 || res.timed_out))
		rc = kr_app_fail(s, KR_ENOENT, "repository '%s' (%s) at revision '%s': %.*s", url, path, rev,
				 (int)strcspn(err.data ? err.data : "timed out", "\n"), err.data ? err.data : "timed out");
	else if (rc < 0)
		rc = kr_app_fail(s, rc, "running krender-git failed");
	else if (out.len < 40)
		rc = kr_app_fail(s, KR_EIO, "krender-git printed no commit id");
	if (rc == 0) {
		memcpy(e->commit, out.data, 40);
		e->commit[40] = '\0';
		*dir = e->dir;
		memcpy(commit, e->commit, 41);
	} else { /* not kept: the next source asking for it gets the error again, not an empty tree */
		exports = e->next;
		kr_fs_remove_tree(e->dir);
		free(e->key);
		free(e);
	}
	kr_buf_dispose(&out);
	kr_buf_dispose(&err);
	return rc;
}

int kr_app_read(kr_app_src *s, const char *path, char **data, size_t *len)
{
	enum kr_fs_type type;
	const char *bytes;
	char *canon;
	kr_err err;
	int rc;

	*data = NULL;
	memset(&err, 0, sizeof(err));
	rc = kr_fs_resolve(s->fs, s->root, path, &canon, &type, s->a, &err);
	if (rc < 0)
		return rc;
	if (type == KR_FS_MISSING)
		return KR_ENOENT;
	if (type != KR_FS_FILE)
		return KR_EIO;
	rc = kr_fs_read(s->fs, canon, s->a, &bytes, len, s->o->lim->file_bytes, &err);
	if (rc == 0)
		*data = (char *)bytes; /* the read's own NUL-terminated copy */
	return rc;
}

const char *kr_app_read_failure(int rc)
{
	return rc == KR_EJAIL ? "it resolves outside the repository (a symbolic link leaving it)"
	       : rc == KR_ETOOBIG ? "over the file_bytes limit"
				  : "cannot read it";
}

enum kr_fs_type kr_app_type(kr_app_src *s, const char *path)
{
	enum kr_fs_type type;
	char *canon;
	kr_err err;

	memset(&err, 0, sizeof(err));
	return kr_fs_resolve(s->fs, s->root, path, &canon, &type, s->a, &err) == 0 ? type : KR_FS_MISSING;
}
