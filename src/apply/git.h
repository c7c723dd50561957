/*
 * git.h - a hydrated tree committed to a Git branch through the helper
 * krender-git (libgit2): one commit when the files under the prefix
 * changed, none otherwise; the repository's work tree is never touched.
 */
#ifndef KR_APPLY_GIT_H
#define KR_APPLY_GIT_H
#include "apply/dir.h"
#include "util/buf.h"

typedef struct kr_apply_git_target {
	const char *repo, *branch;
	const char *prefix; /* "" for the branch's root */
} kr_apply_git_target;

/*
 * kr_apply_git() - make @t->prefix on @t->branch hold @h and its manifest,
 * committed with @message; @commit_out (41 bytes) gets the new commit id,
 * or the branch's when unchanged ("-" for a missing branch). With @dry_run
 * nothing is written. Changes go to @fn in path order. 0 or KR_E*.
 */
int kr_apply_git(const kr_apply_git_target *t, const kr_hydrated *h, const char *message, bool dry_run,
		 kr_apply_change_fn fn, void *ctx, kr_apply_stats *st, char commit_out[41], kr_err *err);

/* kr_apply_git_resolve() - the commit id @rev names in repository @repo (41 bytes in @out). 0 or KR_E*. */
int kr_apply_git_resolve(const char *repo, const char *rev, char out[41], kr_err *err);

/*
 * kr_git_helper() - run krender-git with @argv (argv[0] its path, argv[1]
 * the subcommand), @in on stdin; its stdout in @out (the caller's limit).
 * A failure is KR_E* with the helper's first stderr line in @err.
 */
int kr_git_helper(char **argv, const char *in, size_t inlen, kr_buf *out, kr_err *err);

#endif
