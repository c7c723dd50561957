/*
 * commit.c - `krender-git commit` and `resolve` (see commit.h). The new
 * files are sorted by path and merged in one pass with the blobs found
 * under the prefix of the branch's tree, which gives the change list
 * without writing anything; only then are blobs, trees and the commit
 * written. git_commit_create() moves the branch only if it still points at
 * the parent read (a concurrent writer makes it fail, not lose a commit).
 */
#include "git/commit.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git/tree.h"

struct file {
	char *path; /* relative to the prefix */
	char *data;
	size_t len;
	git_oid id;
};

struct files {
	struct file *v;
	size_t n, cap;
};

static bool safe_path(const char *p)
{
	const char *s = p;

	if (!*p || *p == '/')
		return false;
	while (*s) {
		size_t n = strcspn(s, "/");

		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.') ||
		    (n == 4 && strncmp(s, ".git", 4) == 0))
			return false;
		s += n;
		if (*s == '/')
			s++;
		else
			break;
	}
	return p[strlen(p) - 1] != '/';
}

static int push(struct files *f, struct file x)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 64;
		struct file *v = realloc(f->v, cap * sizeof(*v));

		if (!v)
			return -1;
		f->v = v, f->cap = cap;
	}
	f->v[f->n++] = x;
	return 0;
}

static void files_free(struct files *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->v[i].path), free(f->v[i].data);
	free(f->v);
}

static int by_path(const void *x, const void *y)
{
	return strcmp(((const struct file *)x)->path, ((const struct file *)y)->path);
}

/* the records on stdin, hashed as blobs, sorted */
static int read_files(struct files *f, const struct kr_git_limits *lim, char *msg, size_t cap)
{
	size_t total = 0, i;
	char path[4096];
	int c;

	for (;;) {
		struct file x = {0};
		size_t n = 0;
		unsigned long long size;

		while ((c = getchar()) != EOF && c != '\0' && n < sizeof(path) - 1)
			path[n++] = (char)c;
		if (c == EOF && n == 0)
			break;
		path[n] = '\0';
		if (c != '\0' || scanf("%llu", &size) != 1 || getchar() != '\n')
			return snprintf(msg, cap, "malformed input record after '%s'", path), -1;
		if (!safe_path(path))
			return snprintf(msg, cap, "unsafe path '%s'", path), -1;
		total += size;
		if (f->n >= lim->max_files || total > lim->max_bytes)
			return snprintf(msg, cap, "over the limits of %zu files and %zu bytes", lim->max_files,
					lim->max_bytes), -1;
		x.len = (size_t)size;
		x.path = strdup(path);
		x.data = malloc(x.len + 1);
		if (!x.path || !x.data || fread(x.data, 1, x.len, stdin) != x.len) {
			free(x.path), free(x.data);
			return snprintf(msg, cap, "short input for '%s'", path), -1;
		}
		if (git_odb_hash(&x.id, x.data, x.len, GIT_OBJECT_BLOB) < 0 || push(f, x) < 0) {
			free(x.path), free(x.data);
			return kr_git_fail(msg, cap, "out of memory");
		}
	}
	qsort(f->v, f->n, sizeof(*f->v), by_path);
	for (i = 1; i < f->n; i++)
		if (strcmp(f->v[i - 1].path, f->v[i].path) == 0)
			return snprintf(msg, cap, "path '%s' given twice", f->v[i].path), -1;
	return 0;
}

struct walk {
	struct files old;
};

static int collect(const char *root, const git_tree_entry *e, void *payload)
{
	struct walk *w = payload;
	struct file x = {0};

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	x.path = malloc(strlen(root) + strlen(git_tree_entry_name(e)) + 1);
	if (!x.path)
		return -1;
	strcpy(x.path, root);
	strcat(x.path, git_tree_entry_name(e));
	x.id = *git_tree_entry_id(e);
	if (push(&w->old, x) < 0)
		return free(x.path), -1;
	return 0;
}

/* print the change list from @old to @new (both sorted); the count */
static size_t changes(const struct files *old, const struct files *new, bool print)
{
	size_t i = 0, j = 0, n = 0;

	while (i < old->n || j < new->n) {
		int c = i == old->n ? 1 : j == new->n ? -1 : strcmp(old->v[i].path, new->v[j].path);

		if (c < 0) {
			if (print)
				printf("-\t%s\n", old->v[i].path);
			n++, i++;
		} else if (c > 0) {
			if (print)
				printf("+\t%s\n", new->v[j].path);
			n++, j++;
		} else {
			if (!git_oid_equal(&old->v[i].id, &new->v[j].id)) {
				if (print)
					printf("~\t%s\n", new->v[j].path);
				n++;
			}
			i++, j++;
		}
	}
	return n;
}

/* the new tree: the parent's, with @prefix replaced by @f (blobs written) */
static int build_tree(git_repository *repo, git_tree *parent, const char *prefix, struct files *f, git_oid *out,
		      char *msg, size_t cap)
{
	git_index *idx = NULL;
	git_odb *odb = NULL;
	char full[8192];
	size_t i;
	int rc = 0;

	if (git_repository_odb(&odb, repo) < 0)
		return kr_git_fail(msg, cap, "cannot open the object database");
	if (git_index_new(&idx) < 0)
		return kr_git_fail(msg, cap, "cannot create an index");
	if (parent && git_index_read_tree(idx, parent) < 0)
		rc = kr_git_fail(msg, cap, "cannot read the branch's tree");
	if (rc == 0 && (*prefix ? git_index_remove_directory(idx, prefix, 0) : git_index_clear(idx)) < 0)
		rc = kr_git_fail(msg, cap, "cannot clear the prefix");
	for (i = 0; rc == 0 && i < f->n; i++) {
		git_index_entry e;
		git_oid id;

		memset(&e, 0, sizeof(e));
		snprintf(full, sizeof(full), "%s%s%s", prefix, *prefix ? "/" : "", f->v[i].path);
		id = f->v[i].id; /* hashed when read: blobs already stored are not written again */
		if (!git_odb_exists(odb, &id) && git_blob_create_from_buffer(&id, repo, f->v[i].data, f->v[i].len) < 0)
			rc = kr_git_fail(msg, cap, "cannot write a blob");
		e.mode = GIT_FILEMODE_BLOB;
		e.id = id;
		e.path = full;
		if (rc == 0 && git_index_add(idx, &e) < 0)
			rc = kr_git_fail(msg, cap, "cannot add to the index");
	}
	if (rc == 0 && git_index_write_tree_to(out, idx, repo) < 0)
		rc = kr_git_fail(msg, cap, "cannot write the tree");
	git_index_free(idx);
	git_odb_free(odb);
	return rc;
}

static int make_commit(git_repository *repo, const char *ref, git_commit *parent, const git_oid *tree_id,
		       const char *message, char *msg, size_t cap)
{
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid id;
	char hex[41];
	const git_commit *parents[1] = {parent};
	int rc = 0;

	if (git_signature_default(&sig, repo) < 0 && git_signature_now(&sig, "krender", "krender@localhost") < 0)
		return kr_git_fail(msg, cap, "cannot make a signature");
	if (git_tree_lookup(&tree, repo, tree_id) < 0)
		rc = kr_git_fail(msg, cap, "cannot read the new tree");
	else if (git_commit_create(&id, repo, ref, sig, sig, NULL, message, tree, parent ? 1 : 0, parents) < 0)
		rc = kr_git_fail(msg, cap, "cannot commit");
	if (rc == 0) {
		git_oid_tostr(hex, sizeof(hex), &id);
		printf("%s committed\n", hex);
	}
	git_tree_free(tree);
	git_signature_free(sig);
	return rc;
}

int kr_git_commit(const char *repo_path, const char *branch, const char *prefix, const char *message, bool dry_run,
		  const struct kr_git_limits *lim, char *msg, size_t msgcap)
{
	git_repository *repo = NULL;
	git_reference *head = NULL, *ref = NULL;
	git_commit *parent = NULL;
	git_tree *ptree = NULL, *sub = NULL;
	git_tree_entry *subent = NULL;
	struct files f = {0};
	struct walk w = {{0}};
	char refname[1024], hex[41] = "-";
	git_oid tree_id;
	int rc = 0;

	git_libgit2_init();
	snprintf(refname, sizeof(refname), "refs/heads/%s", branch);
	if (*prefix && !safe_path(prefix))
		rc = (snprintf(msg, msgcap, "unsafe --path '%s'", prefix), -1);
	else if (!git_reference_is_valid_name(refname))
		rc = (snprintf(msg, msgcap, "'%s' is not a valid branch name", branch), -1);
	else if (git_repository_open_ext(&repo, repo_path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		rc = kr_git_fail(msg, msgcap, "not a Git repository");
	else if (!git_repository_is_bare(repo) && git_reference_lookup(&head, repo, "HEAD") == 0 &&
		 git_reference_type(head) == GIT_REFERENCE_SYMBOLIC &&
		 strcmp(git_reference_symbolic_target(head), refname) == 0)
		rc = (snprintf(msg, msgcap, "branch '%s' is checked out in %s: krender never touches a work tree, "
					    "hydrate to another branch", branch, repo_path), -1);
	if (rc == 0 && git_reference_lookup(&ref, repo, refname) == 0) {
		if (git_reference_peel((git_object **)&parent, ref, GIT_OBJECT_COMMIT) < 0 ||
		    git_commit_tree(&ptree, parent) < 0)
			rc = kr_git_fail(msg, msgcap, "the branch names no commit");
		else
			git_oid_tostr(hex, sizeof(hex), git_commit_id(parent));
	}
	if (rc == 0)
		rc = read_files(&f, lim, msg, msgcap);
	if (rc == 0 && ptree) { /* the files now under the prefix */
		if (!*prefix)
			rc = git_tree_walk(ptree, GIT_TREEWALK_PRE, collect, &w);
		else if (git_tree_entry_bypath(&subent, ptree, prefix) == 0 &&
			 git_tree_entry_type(subent) == GIT_OBJECT_TREE &&
			 git_tree_lookup(&sub, repo, git_tree_entry_id(subent)) == 0)
			rc = git_tree_walk(sub, GIT_TREEWALK_PRE, collect, &w);
		if (rc < 0)
			kr_git_fail(msg, msgcap, "cannot read the branch's tree");
		qsort(w.old.v, w.old.n, sizeof(*w.old.v), by_path);
	}
	if (rc == 0) {
		size_t n = changes(&w.old, &f, false);

		if (dry_run || (n == 0 && parent))
			printf("%s %s\n", hex, dry_run ? "dry-run" : "unchanged");
		else if ((rc = build_tree(repo, ptree, prefix, &f, &tree_id, msg, msgcap)) == 0)
			rc = make_commit(repo, refname, parent, &tree_id, message, msg, msgcap);
		if (rc == 0)
			changes(&w.old, &f, true);
	}
	files_free(&f);
	files_free(&w.old);
	git_tree_entry_free(subent);
	git_tree_free(sub);
	git_tree_free(ptree);
	git_commit_free(parent);
	git_reference_free(ref);
	git_reference_free(head);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

int kr_git_resolve_print(const char *repo_path, const char *rev, char *msg, size_t msgcap)
{
	git_repository *repo = NULL;
	git_tree *tree = NULL;
	char id[41];
	int rc;

	git_libgit2_init();
	rc = kr_git_open_tree(repo_path, rev, &repo, &tree, id, msg, msgcap);
	if (rc == 0)
		printf("%s\n", id);
	git_tree_free(tree);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
