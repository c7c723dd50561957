/*
 * tree.c - listing a revision's tree and printing some of its files with
 * libgit2, for krender-git's `ls` and `cat` (see tree.h). Nothing is
 * written to disk: the ApplicationSet git generator reads what it needs
 * straight from the object database.
 */
#include "git/tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kr_git_resolve(git_repository *repo, const char *rev, git_object **out)
{
	static const char *const forms[] = {"refs/tags/%s", "refs/heads/%s", "%s"};
	char spec[1024];
	size_t i;

	if (!rev || !*rev)
		rev = "HEAD";
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		snprintf(spec, sizeof(spec), forms[i], rev);
		if (git_revparse_single(out, repo, spec) == 0)
			return 0;
	}
	return -1;
}

int kr_git_fail(char *msg, size_t cap, const char *what)
{
	const git_error *e = git_error_last();

	snprintf(msg, cap, "%s%s%s", what, e && e->message ? ": " : "", e && e->message ? e->message : "");
	return -1;
}

int kr_git_open_tree(const char *path, const char *rev, git_repository **repo, git_tree **tree, char commit_out[41],
		     char *msg, size_t msgcap)
{
	git_object *obj = NULL;
	git_commit *commit = NULL;
	int rc = -1;

	if (git_repository_open_ext(repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return kr_git_fail(msg, msgcap, "not a Git repository");
	if (kr_git_resolve(*repo, rev, &obj) < 0)
		snprintf(msg, msgcap, "no revision '%s' in the repository", rev && *rev ? rev : "HEAD");
	else if (git_object_peel((git_object **)&commit, obj, GIT_OBJECT_COMMIT) < 0 || git_commit_tree(tree, commit) < 0)
		kr_git_fail(msg, msgcap, "the revision names no commit");
	else
		rc = 0;
	if (rc == 0 && commit_out)
		git_oid_tostr(commit_out, 41, git_commit_id(commit));
	git_commit_free(commit);
	git_object_free(obj);
	return rc;
}

struct ls {
	const struct kr_git_limits *lim;
	size_t files;
	char *msg;
	size_t msgcap;
	int failed;
	bool ids;
};

static int safe_name(const char *name)
{
	return name[0] && strcmp(name, ".") && strcmp(name, "..") && strcmp(name, ".git") && !strchr(name, '/');
}

static int visit(const char *root, const git_tree_entry *e, void *payload)
{
	struct ls *w = payload;
	const char *name = git_tree_entry_name(e);
	git_filemode_t mode = git_tree_entry_filemode(e);

	if (!safe_name(name))
		return 1; /* skipped, with a tree's contents */
	if (mode == GIT_FILEMODE_TREE) {
		printf("d\t%s%s%c", root, name, 0);
		return 0;
	}
	if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)
		return 0;
	if (++w->files > w->lim->max_files) {
		snprintf(w->msg, w->msgcap, "the revision holds more than %zu files", w->lim->max_files);
		w->failed = 1;
		return -1;
	}
	if (w->ids) {
		char id[GIT_OID_HEXSZ + 1];

		git_oid_tostr(id, sizeof(id), git_tree_entry_id(e));
		printf("f\t%s\t%s%s%c", id, root, name, 0);
	} else {
		printf("f\t%s%s%c", root, name, 0);
	}
	return 0;
}

int kr_git_ls(const char *repo_path, const char *rev, const struct kr_git_limits *lim, bool ids, char *msg,
	      size_t msgcap)
{
	git_repository *repo = NULL;
	git_tree *tree = NULL;
	struct ls w = {lim, 0, msg, msgcap, 0, ids};
	char id[41];
	int rc;

	git_libgit2_init();
	rc = kr_git_open_tree(repo_path, rev, &repo, &tree, id, msg, msgcap);
	if (rc == 0)
		printf("%s\n", id);
	if (rc == 0 && (git_tree_walk(tree, GIT_TREEWALK_PRE, visit, &w) < 0 || w.failed))
		rc = w.failed ? -1 : kr_git_fail(msg, msgcap, "reading the tree");
	git_tree_free(tree);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

/* one NUL-terminated path from stdin into @buf; 0 at the end */
static int read_path(char *buf, size_t cap)
{
	size_t n = 0;
	int c;

	while ((c = getchar()) != EOF && c != 0)
		if (n + 1 < cap)
			buf[n++] = (char)c;
	buf[n] = '\0';
	return c == EOF && n == 0 ? 0 : 1;
}

int kr_git_cat(const char *repo_path, const char *rev, const struct kr_git_limits *lim, char *msg, size_t msgcap)
{
	git_repository *repo = NULL;
	git_tree *tree = NULL;
	size_t bytes = 0;
	char path[4096];
	int rc;

	git_libgit2_init();
	rc = kr_git_open_tree(repo_path, rev, &repo, &tree, NULL, msg, msgcap);
	while (rc == 0 && read_path(path, sizeof(path))) {
		git_tree_entry *e = NULL;
		git_blob *blob = NULL;
		size_t size;

		if (git_tree_entry_bypath(&e, tree, path) < 0 ||
		    (git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB && git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB_EXECUTABLE) ||
		    git_blob_lookup(&blob, repo, git_tree_entry_id(e)) < 0) {
			printf("-\n");
			git_tree_entry_free(e);
			continue;
		}
		size = (size_t)git_blob_rawsize(blob);
		if ((bytes += size) > lim->max_bytes) {
			snprintf(msg, msgcap, "the files read hold more than %zu bytes", lim->max_bytes);
			rc = -1;
		} else {
			printf("%zu\n", size);
			fwrite(git_blob_rawcontent(blob), 1, size, stdout);
		}
		git_blob_free(blob);
		git_tree_entry_free(e);
	}
	git_tree_free(tree);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

int kr_git_origin_print(const char *path, char *msg, size_t msgcap)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	const char *url;
	int rc = 0;

	git_libgit2_init();
	/* the config value itself: git_remote_lookup leaks PCRE2 match data in libgit2 1.5 */
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		rc = kr_git_fail(msg, msgcap, "cannot open the repository");
	else if (git_repository_config_snapshot(&cfg, repo) < 0)
		rc = kr_git_fail(msg, msgcap, "cannot read the repository's configuration");
	else if (git_config_get_string(&url, cfg, "remote.origin.url") == 0)
		printf("%s\n", url);
	git_config_free(cfg);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
