/*
 * tree.h - one revision of a local Git repository read in place with
 * libgit2 (no files written): its paths listed, chosen files printed.
 * Used by the ApplicationSet git generator through krender-git.
 */
#ifndef KR_GIT_TREE_H
#define KR_GIT_TREE_H
#include <git2.h>
#include <stdbool.h>

#include "git/export.h"

/* kr_git_resolve() - @rev as `git fetch REPO REV` names it: a tag, a branch or an object id ("" or NULL: HEAD) */
int kr_git_resolve(git_repository *repo, const char *rev, git_object **out);

/* kr_git_fail() - @what and libgit2's last error into @msg; returns -1 */
int kr_git_fail(char *msg, size_t cap, const char *what);

/* kr_git_origin_print() - print the URL of @path's remote "origin" and a newline (nothing when none). 0 or -1. */
int kr_git_origin_print(const char *path, char *msg, size_t msgcap);

/*
 * kr_git_open_tree() - the repository at @path (not searched upwards) and the
 * tree of the commit @rev names (kr_git_resolve); its id in @commit_out when
 * not NULL. 0, or -1 with a message in @msg (the caller frees what was opened).
 */
int kr_git_open_tree(const char *path, const char *rev, git_repository **repo, git_tree **tree, char commit_out[41],
		     char *msg, size_t msgcap);

/*
 * kr_git_ls() - print on stdout the commit id of @rev and a newline, then
 * one record per directory ("d\tPATH\0") and regular or executable file
 * ("f\tPATH\0", or with @ids "f\tBLOBID\tPATH\0": 40 hex digits) of its
 * tree, parents first; symbolic links, submodules and unsafe names (".",
 * "..", ".git") are left out. At most @lim->max_files files. Returns 0, or
 * -1 with a message in @msg.
 */
int kr_git_ls(const char *repo_path, const char *rev, const struct kr_git_limits *lim, bool ids, char *msg,
	      size_t msgcap);

/*
 * kr_git_cat() - for each NUL-terminated path read on stdin, print the
 * size of that file of @rev in decimal and a newline, then its bytes; "-"
 * and a newline when the path names no file. At most @lim->max_bytes in
 * all. Returns 0, or -1 with a message in @msg.
 */
int kr_git_cat(const char *repo_path, const char *rev, const struct kr_git_limits *lim, char *msg, size_t msgcap);
#endif
