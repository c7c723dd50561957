/*
 * commit.h - hydrated manifests committed to a branch with libgit2, for
 * krender-git's `commit`: the files are read from stdin, the branch's
 * tree gets them under a prefix (everything else on the branch is kept),
 * and one commit is made only when the tree changed. The work tree, the
 * index and HEAD of the repository are never touched.
 */
#ifndef KR_GIT_COMMIT_H
#define KR_GIT_COMMIT_H
#include <stdbool.h>

#include "git/export.h"

/*
 * kr_git_commit() - read records "PATH\0SIZE\n" followed by SIZE bytes from
 * stdin until EOF, and make them the whole of directory @prefix ("" for the
 * root) on branch @branch (created when missing) of the repository at
 * @repo_path, with commit message @message. Prints the commit id and
 * "committed", "unchanged" or "dry-run" (nothing written), then one line per
 * changed path ("+\tPATH", "~\tPATH", "-\tPATH", in path order, relative to
 * @prefix). A branch checked out in a work tree is refused.
 * Returns 0, or -1 with a message in @msg.
 */
int kr_git_commit(const char *repo_path, const char *branch, const char *prefix, const char *message, bool dry_run,
		  const struct kr_git_limits *lim, char *msg, size_t msgcap);

/* kr_git_resolve_print() - print the commit id @rev resolves to. 0, or -1 with a message. */
int kr_git_resolve_print(const char *repo_path, const char *rev, char *msg, size_t msgcap);

#endif
