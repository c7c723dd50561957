/*
 * export.c - one revision of a local Git repository written out as plain
 * files (see export.h). The tree is walked with libgit2; every path comes
 * from the repository and is checked before use: no "..", no absolute
 * names, no ".git" components, at most max_files and max_bytes.
 */
#include "git/export.h"
#include "git/tree.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct walk {
	git_repository *repo;
	const char *dest;
	const struct kr_git_limits *lim;
	size_t files, bytes;
	char *msg;
	size_t msgcap;
	int failed;
};

/* A path component from the repository we are willing to write. */
static int safe_name(const char *name)
{
	return name[0] && strcmp(name, ".") && strcmp(name, "..") && strcmp(name, ".git") &&
	       !strchr(name, '/');
}

static int write_blob(struct walk *w, const char *path, const git_tree_entry *e)
{
	git_blob *blob;
	const void *data;
	size_t size;
	int fd, ok;
	mode_t mode = git_tree_entry_filemode(e) == GIT_FILEMODE_BLOB_EXECUTABLE ? 0755 : 0644;

	if (git_blob_lookup(&blob, w->repo, git_tree_entry_id(e)) < 0)
		return kr_git_fail(w->msg, w->msgcap, "reading a file of the tree");
	size = (size_t)git_blob_rawsize(blob);
	data = git_blob_rawcontent(blob);
	if (++w->files > w->lim->max_files || (w->bytes += size) > w->lim->max_bytes) {
		git_blob_free(blob);
		snprintf(w->msg, w->msgcap, "the revision holds more than %zu files or %zu bytes",
			 w->lim->max_files, w->lim->max_bytes);
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	ok = fd >= 0 && write(fd, data, size) == (ssize_t)size;
	if (fd >= 0 && close(fd) < 0)
		ok = 0;
	git_blob_free(blob);
	if (!ok) {
		snprintf(w->msg, w->msgcap, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int visit(const char *root, const git_tree_entry *e, void *payload)
{
	struct walk *w = payload;
	const char *name = git_tree_entry_name(e);
	char path[4096];
	git_filemode_t mode = git_tree_entry_filemode(e);

	if (!safe_name(name))
		return 1; /* skip this entry (and a tree's contents) */
	if (snprintf(path, sizeof(path), "%s/%s%s", w->dest, root, name) >= (int)sizeof(path)) {
		snprintf(w->msg, w->msgcap, "path too long in the tree: %s%s", root, name);
		w->failed = 1;
		return -1;
	}
	if (mode == GIT_FILEMODE_TREE) {
		if (mkdir(path, 0755) < 0) {
			snprintf(w->msg, w->msgcap, "cannot create %s: %s", path, strerror(errno));
			w->failed = 1;
			return -1;
		}
		return 0;
	}
	if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)
		return 0; /* symbolic links and submodules stay out */
	if (write_blob(w, path, e) < 0) {
		w->failed = 1;
		return -1;
	}
	return 0;
}

int kr_git_export(const char *repo_path, const char *rev, const char *dest,
		  const struct kr_git_limits *lim, char commit_out[41], char *msg, size_t msgcap)
{
	git_repository *repo = NULL;
	git_tree *tree = NULL;
	struct walk w = {0};
	int rc = -1;

	git_libgit2_init();
	if (kr_git_open_tree(repo_path, rev, &repo, &tree, commit_out, msg, msgcap) < 0)
		goto out;
	w = (struct walk){repo, dest, lim, 0, 0, msg, msgcap, 0};
	if (git_tree_walk(tree, GIT_TREEWALK_PRE, visit, &w) < 0 || w.failed) {
		if (!w.failed)
			kr_git_fail(msg, msgcap, "reading the tree");
		goto out;
	}
	rc = 0;
out:
	git_tree_free(tree);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

static int print_delta(const git_diff_delta *d, float progress, void *payload)
{
	(void)progress;
	(void)payload;
	if (d->old_file.path)
		printf("%s\n", d->old_file.path);
	if (d->new_file.path && (!d->old_file.path || strcmp(d->old_file.path, d->new_file.path) != 0))
		printf("%s\n", d->new_file.path);
	return 0;
}

int kr_git_changed(const char *path, const char *rev, char *msg, size_t msgcap)
{
	git_repository *repo = NULL;
	git_object *obj = NULL;
	git_tree *tree = NULL;
	git_diff *diff = NULL;
	git_diff_options opts;
	int rc = -1;

	git_libgit2_init();
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	if (git_repository_open_ext(&repo, path, 0, NULL) < 0) {
		kr_git_fail(msg, msgcap, "not in a Git repository");
		goto out;
	}
	if (git_repository_is_bare(repo)) {
		snprintf(msg, msgcap, "the repository has no work tree");
		goto out;
	}
	if (kr_git_resolve(repo, rev, &obj) < 0) {
		snprintf(msg, msgcap, "no revision '%s' in the repository", rev);
		goto out;
	}
	if (git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE) < 0) {
		kr_git_fail(msg, msgcap, "the revision names no tree");
		goto out;
	}
	opts.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
	if (git_diff_tree_to_workdir_with_index(&diff, repo, tree, &opts) < 0) {
		kr_git_fail(msg, msgcap, "comparing the revision with the work tree");
		goto out;
	}
	printf("%s\n", git_repository_workdir(repo));
	git_diff_foreach(diff, print_delta, NULL, NULL, NULL, NULL);
	rc = 0;
out:
	git_diff_free(diff);
	git_tree_free(tree);
	git_object_free(obj);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
