/*
 * export.h - write the tree of one revision of a local Git repository into
 * a directory, read with libgit2 (no checkout, the repository is untouched).
 */
#ifndef KR_GIT_EXPORT_H
#define KR_GIT_EXPORT_H
#include <stddef.h>

struct kr_git_limits {
	size_t max_files; /* blobs written */
	size_t max_bytes; /* total blob bytes */
};

/*
 * kr_git_export() - resolve @rev in the repository at @repo_path (working
 * tree or bare; NULL or "" means HEAD) the way `git fetch REPO REV` names
 * it (a tag, a branch, or an object id), and write its tree under @dest,
 * which must exist and be empty. Regular and executable files are written;
 * symbolic links and submodules are skipped. @commit_out (41 bytes) gets
 * the commit id. Returns 0, or -1 with a message in @msg.
 */
int kr_git_export(const char *repo_path, const char *rev, const char *dest,
		  const struct kr_git_limits *lim, char commit_out[41], char *msg, size_t msgcap);
/*
 * kr_git_changed() - print on stdout the work tree of the repository that
 * holds @path, then every path (relative to it) that differs between
 * revision @rev and the work tree: changed, added, deleted, renamed (both
 * names), untracked. Returns 0, or -1 with a message in @msg.
 */
int kr_git_changed(const char *path, const char *rev, char *msg, size_t msgcap);
#endif
