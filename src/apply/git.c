/*
 * git.c - the Git target (see git.h): the files are sent to `krender-git
 * commit` as "PATH\0SIZE\n" records followed by their bytes; its answer is
 * the commit id and word on the first line, then the change lines.
 */
#include "apply/git.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/proc.h"

#define GIT_TIMEOUT_MS 300000

int kr_git_helper(char **argv, const char *in, size_t inlen, kr_buf *out, kr_err *err)
{
	kr_proc_result res;
	kr_buf e;
	int rc;

	kr_buf_init(&e, 65536);
	rc = kr_proc_run_input(argv, NULL, in, inlen, out, &e, GIT_TIMEOUT_MS, &res);
	if (rc == 0 && res.not_found)
		rc = kr_err_set(err, KR_EUNSUP, NULL, "the helper krender-git is not installed");
	else if (rc == 0 && (res.status != 0 || res.timed_out))
		rc = kr_err_set(err, KR_EIO, NULL, "%s: %.*s", argv[2], (int)strcspn(e.data ? e.data : "timed out", "\n"),
				e.data ? e.data : "timed out");
	else if (rc < 0)
		rc = kr_err_set(err, rc, NULL, "running krender-git failed");
	kr_buf_dispose(&e);
	return rc;
}

int kr_apply_git(const kr_apply_git_target *t, const kr_hydrated *h, const char *message, bool dry_run,
		 kr_apply_change_fn fn, void *ctx, kr_apply_stats *st, char commit_out[41], kr_err *err)
{
	char helper[PATH_MAX], files[32], bytes[32];
	kr_buf in, out;
	size_t i, total = h->manifest_len;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < h->n; i++)
		total += h->files[i].len;
	snprintf(files, sizeof(files), "%zu", h->n + 1);
	snprintf(bytes, sizeof(bytes), "%zu", total);
	kr_buf_init(&in, (size_t)-1);
	kr_buf_init(&out, (size_t)64 << 20);
	for (i = 0; i <= h->n && rc == 0; i++) {
		const char *path = i < h->n ? h->files[i].path : KR_HYDRATE_MANIFEST;
		const char *data = i < h->n ? h->files[i].data : h->manifest;
		size_t len = i < h->n ? h->files[i].len : h->manifest_len;

		rc = kr_buf_append(&in, path, strlen(path) + 1);
		if (rc == 0)
			rc = kr_buf_printf(&in, "%zu\n", len);
		if (rc == 0)
			rc = kr_buf_append(&in, data, len);
	}
	if (rc < 0)
		rc = kr_err_set(err, rc, NULL, "out of memory");
	if (rc == 0) {
		char *argv[] = {(char *)kr_helper_path("krender-git", helper, sizeof(helper)), "commit", (char *)t->repo,
				(char *)t->branch, (char *)t->prefix, (char *)message, dry_run ? "1" : "0", files, bytes,
				NULL};

		rc = kr_git_helper(argv, in.data ? in.data : "", in.len, &out, err);
	}
	if (rc == 0 && (out.len < 2 || !memchr(out.data, '\n', out.len)))
		rc = kr_err_set(err, KR_EIO, NULL, "krender-git commit printed no result");
	if (rc == 0) {
		const char *p = out.data, *end = out.data + out.len, *nl = memchr(p, '\n', out.len);
		size_t idlen = strcspn(p, " \n");

		snprintf(commit_out, 41, "%.*s", (int)(idlen < 40 ? idlen : 40), p);
		st->changed = strncmp(p + idlen, " committed", 10) == 0;
		for (p = nl + 1; p < end; p = nl + 1) {
			nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl)
				break;
			*(char *)nl = '\0';
			if (nl - p < 3 || strcmp(p + 2, KR_HYDRATE_MANIFEST) == 0)
				continue;
			if (p[0] == '+')
				st->created++;
			else if (p[0] == '~')
				st->updated++;
			else
				st->deleted++;
			if (fn)
				fn(p[0], p + 2, ctx);
		}
		st->unchanged = h->n - st->created - st->updated;
		if (dry_run)
			st->changed = st->created || st->updated || st->deleted;
	}
	kr_buf_dispose(&in);
	kr_buf_dispose(&out);
	return rc;
}

int kr_apply_git_resolve(const char *repo, const char *rev, char out[41], kr_err *err)
{
	char helper[PATH_MAX];
	char *argv[] = {(char *)kr_helper_path("krender-git", helper, sizeof(helper)), "resolve", (char *)repo,
			(char *)rev, NULL};
	kr_buf o;
	int rc;

	kr_buf_init(&o, 4096);
	rc = kr_git_helper(argv, "", 0, &o, err);
	if (rc == 0 && o.len < 40)
		rc = kr_err_set(err, KR_EIO, NULL, "krender-git resolve printed no commit id");
	if (rc == 0)
		memcpy(out, o.data, 40), out[40] = '\0';
	kr_buf_dispose(&o);
	return rc;
}
