/*
 * remote.c - remote bases. kustomize clones Git URLs with the git program;
 * krender renders offline and accepts only what needs no network: file://
 * URLs of local repositories, read with libgit2 in the krender-git helper
 * (libgit2 stays out of the static krender program, see docs/design.md).
 * URL form, as kustomize splits it: file:///REPO//SUBDIR?ref=REV (also
 * version=REV; other query keys such as timeout= are ignored); without
 * "//" the whole path is the repository; without a ref, HEAD.
 * Invariants: one checkout per URL and revision per build (the kr_fs mount
 * table is the cache); the checkout is its own jail, removed with the fs.
 */
#include "kustomize/remote.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/proc.h"

/* a checkout that takes longer than this is killed (within the render deadline) */
#define GIT_TIMEOUT_MS 120000

bool kr_remote_is_url(const char *p)
{
	return strstr(p, "://") || strncmp(p, "git@", 4) == 0 || strncmp(p, "github.com/", 11) == 0 ||
	       strncmp(p, "git::", 5) == 0;
}

struct git_url {
	const char *repo, *subdir, *ref;
};

/* Split a file:// URL; false when it is not one. */
static bool parse_file_url(kr_arena *a, const char *url, struct git_url *u)
{
	const char *path, *q, *sep;
	char *rest;

	if (strncmp(url, "file://", 7) != 0)
		return false;
	path = url + 7;
	q = strchr(path, '?');
	rest = kr_arena_memdup(a, path, q ? (size_t)(q - path) : strlen(path));
	if (!rest)
		return false;
	u->ref = NULL;
	for (; q && *q; q = strchr(q, '&')) {
		const char *kv = q + 1;
		size_t n = strcspn(kv, "&");

		if (strncmp(kv, "ref=", 4) == 0)
			u->ref = kr_arena_memdup(a, kv + 4, n - 4);
		else if (strncmp(kv, "version=", 8) == 0)
			u->ref = kr_arena_memdup(a, kv + 8, n - 8);
		q = kv;
	}
	sep = strstr(rest + 1, "//");
	if (sep) {
		rest[sep - rest] = '\0';
		u->subdir = sep + 2;
	} else {
		u->subdir = "";
	}
	u->repo = rest;
	return true;
}

static int checkout(kr_render *r, const kr_mark *m, const char *url, const struct git_url *u,
		    const char *dest)
{
	char helper[PATH_MAX], files[32], bytes[32];
	char *argv[] = {(char *)kr_helper_path("krender-git", helper, sizeof(helper)), "export", (char *)u->repo,
			(char *)(u->ref ? u->ref : ""), (char *)dest, files, bytes, NULL};
	kr_buf out, err;
	kr_proc_result res;
	int rc;

	snprintf(files, sizeof(files), "%zu", r->lim->documents);
	snprintf(bytes, sizeof(bytes), "%zu", r->lim->input_bytes);
	kr_buf_init(&out, 4096);
	kr_buf_init(&err, 4096);
	rc = kr_render_proc(r, argv, NULL, &out, &err, GIT_TIMEOUT_MS, &res);
	if (rc == KR_ETOOBIG && res.timed_out)
		; /* the render's deadline, said by kr_render_proc() */
	else if (rc == 0 && res.not_found)
		rc = kr_err_set(r->err, KR_EUNSUP, m, "remote base '%s': the helper krender-git is not installed",
				url);
	else if (rc == 0 && res.status != 0)
		rc = kr_err_set(r->err, KR_ENOENT, m, "remote base '%s': repository '%s': %.*s", url, u->repo,
				(int)strcspn(err.data ? err.data : "", "\n"), err.data ? err.data : "");
	else if (rc < 0)
		rc = kr_err_set(r->err, rc, m, "remote base '%s': running krender-git failed", url);
	kr_buf_dispose(&out);
	kr_buf_dispose(&err);
	return rc;
}

int kr_remote_fetch(kr_render *r, const kr_mark *m, const char *url, char **dir)
{
	struct git_url u;
	const char *mounted, *base = getenv("TMPDIR");
	char *key, tmp[PATH_MAX];
	enum kr_fs_type type;
	int rc;

	r->uncacheable = true; /* a Git revision, not a file list */
	if (!parse_file_url(r->a, url, &u))
		return kr_err_set(r->err, KR_EUNSUP, m,
				  "remote resource '%s': krender renders offline and fetches only file:// Git "
				  "URLs (vendor it into the repository)",
				  url);
	key = kr_arena_sprintf(r->a, "%s?ref=%s", u.repo, u.ref ? u.ref : "");
	if (!key)
		return kr_err_set(r->err, KR_ENOMEM, NULL, "out of memory");
	mounted = kr_fs_find_mount(r->fs, key);
	if (!mounted) {
		snprintf(tmp, sizeof(tmp), "%s/krender-git-XXXXXX", base && *base ? base : "/tmp");
		if (!mkdtemp(tmp))
			return kr_err_set(r->err, KR_EIO, m, "remote base '%s': cannot create a temporary directory",
					  url);
		/* mounted only once complete: a failed checkout is never reused */
		rc = checkout(r, m, url, &u, tmp);
		if (rc < 0) {
			kr_fs_remove_tree(tmp);
			return rc;
		}
		rc = kr_fs_mount(r->fs, tmp, key, r->err);
		if (rc < 0) {
			kr_fs_remove_tree(tmp);
			return rc;
		}
		mounted = kr_fs_find_mount(r->fs, key);
	}
	rc = kr_fs_resolve(r->fs, mounted, u.subdir, dir, &type, r->a, r->err);
	if (rc == 0 && type != KR_FS_DIR)
		rc = kr_err_set(r->err, KR_ENOENT, m, "remote base '%s': no directory '%s' at that revision", url,
				u.subdir);
	return rc;
}
