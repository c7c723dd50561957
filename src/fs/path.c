/*
 * path.c - lexical path handling shared by every kr_fs back end.
 *
 * kr_path_clean() follows Go's filepath.Clean: collapse slashes, drop ".",
 * resolve ".." lexically (never above "/"); "" becomes ".".
 * Also the jail checks every back end shares: the root and the mounts.
 */
#include "fs/fs.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *kr_path_clean(kr_arena *a, const char *path)
{
	size_t n = strlen(path);
	char *out = kr_arena_alloc(a, n + 2);
	int rooted = path[0] == '/';
	size_t w = 0, r = 0, dotdot = 0;

	if (!out)
		return NULL;
	if (rooted) {
		out[w++] = '/';
		r = 1;
		dotdot = 1;
	}
	while (r < n) {
		if (path[r] == '/') {
			r++;
		} else if (path[r] == '.' && (r + 1 == n || path[r + 1] == '/')) {
			r++;
		} else if (path[r] == '.' && path[r + 1] == '.' && (r + 2 == n || path[r + 2] == '/')) {
			r += 2;
			if (w > dotdot) {
				w--;
				while (w > dotdot && out[w] != '/')
					w--;
			} else if (!rooted) {
				if (w > 0)
					out[w++] = '/';
				out[w++] = '.';
				out[w++] = '.';
				dotdot = w;
			}
		} else {
			if ((rooted && w != 1) || (!rooted && w != 0))
				out[w++] = '/';
			while (r < n && path[r] != '/')
				out[w++] = path[r++];
		}
	}
	if (w == 0)
		out[w++] = '.';
	out[w] = '\0';
	return out;
}

char *kr_path_join(kr_arena *a, const char *dir, const char *rel)
{
	char *tmp;

	if (rel[0] == '/')
		return kr_path_clean(a, rel);
	tmp = kr_arena_cat(a, dir, "/", rel, (char *)NULL);
	return tmp ? kr_path_clean(a, tmp) : NULL;
}

int kr_fs_contains(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return strncmp(dir, path, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

const char *kr_fs_jail_of(const kr_fs *fs, const char *canon)
{
	size_t i;

	if (kr_fs_contains(fs->root, canon))
		return fs->root;
	for (i = 0; i < fs->nmounts; i++)
		if (kr_fs_contains(fs->mounts[i].dir, canon))
			return fs->mounts[i].dir;
	return NULL;
}

const char *kr_fs_find_mount(const kr_fs *fs, const char *name)
{
	size_t i;

	for (i = 0; i < fs->nmounts; i++)
		if (strcmp(fs->mounts[i].name, name) == 0)
			return fs->mounts[i].dir;
	return NULL;
}

int kr_fs_mount(kr_fs *fs, const char *dir, const char *name, kr_err *err)
{
	struct kr_fs_mount *m = realloc(fs->mounts, (fs->nmounts + 1) * sizeof(*m));
	char *d = realpath(dir, NULL), *n = strdup(name);

	if (m)
		fs->mounts = m;
	if (!m || !d || !n) {
		free(d);
		free(n);
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	}
	m[fs->nmounts].dir = d;
	m[fs->nmounts].len = strlen(d);
	m[fs->nmounts].name = n;
	fs->nmounts++;
	return 0;
}

/* rm -r without following links: files, directories, links themselves */
static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void kr_fs_remove_tree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void kr_fs_unmount_all(kr_fs *fs)
{
	size_t i;

	for (i = 0; i < fs->nmounts; i++) {
		kr_fs_remove_tree(fs->mounts[i].dir);
		free(fs->mounts[i].dir);
		free(fs->mounts[i].name);
	}
	free(fs->mounts);
	fs->mounts = NULL;
	fs->nmounts = 0;
}

const char *kr_fs_rel(const kr_fs *fs, const char *canon)
{
	const char *jail = kr_fs_jail_of(fs, canon);

	if (jail && jail != fs->root)
		return canon[strlen(jail)] ? canon + strlen(jail) + 1 : ".";
	if (!jail)
		return canon;
	if (canon[fs->rootlen] == '\0')
		return ".";
	if (fs->rootlen == 1)
		return canon + 1;
	return canon + fs->rootlen + 1;
}

int kr_fs_resolve(kr_fs *fs, const char *dir, const char *rel, char **out, enum kr_fs_type *type,
		  kr_arena *a, kr_err *err)
{
	char *joined = kr_path_join(a, dir, rel);
	char *canon = NULL;
	const char *jail;
	int rc;

	if (!joined)
		return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
	rc = fs->ops->resolve(fs, joined, &canon, a, err);
	if (rc == KR_ENOENT) {
		*out = joined;
		*type = KR_FS_MISSING;
		return 0;
	}
	if (rc < 0)
		return rc;
	/* from a relative start (the command line) only the root is a jail */
	jail = dir[0] == '/' ? kr_fs_jail_of(fs, dir) : fs->root;
	if (!jail || !kr_fs_contains(jail, canon))
		return kr_err_set(err, KR_EJAIL, NULL,
				  "path '%s' resolves outside the root '%s' (krender's path jail; "
				  "pass --root to widen it)",
				  rel, jail == fs->root || !jail ? fs->root : "of the remote base");
	*out = canon;
	return fs->ops->type(fs, canon, type);
}

int kr_fs_read(kr_fs *fs, const char *canon, kr_arena *a, const char **data, size_t *len,
	       size_t limit, kr_err *err)
{
	if (!kr_fs_jail_of(fs, canon))
		return kr_err_set(err, KR_EJAIL, NULL, "path '%s' is outside the root", canon);
	return fs->ops->read(fs, canon, a, data, len, limit, err);
}

static int by_entry_name(const void *x, const void *y)
{
	return strcmp(((const kr_fs_entry *)x)->name, ((const kr_fs_entry *)y)->name);
}

int kr_fs_list(kr_fs *fs, const char *canon, kr_arena *a, kr_fs_entry **out, size_t *n, kr_err *err)
{
	int rc;

	*out = NULL, *n = 0;
	if (!kr_fs_jail_of(fs, canon))
		return kr_err_set(err, KR_EJAIL, NULL, "path '%s' is outside the root", canon);
	rc = fs->ops->list(fs, canon, a, out, n, err);
	if (rc == 0 && *n > 1)
		qsort(*out, *n, sizeof(**out), by_entry_name);
	return rc;
}

void kr_fs_free(kr_fs *fs)
{
	if (!fs)
		return;
	kr_fs_unmount_all(fs);
	fs->ops->free(fs);
}
