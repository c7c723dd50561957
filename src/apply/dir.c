/*
 * dir.c - the atomic directory writer (see dir.h). Order of a run:
 *   1. remove what an interrupted run left (".NAME.krender-new", or
 *      ".NAME.krender-old" put back when NAME itself is missing);
 *   2. compare the new files with NAME's manifest, and the unchanged
 *      files' bytes with their hashes: nothing to do stops here;
 *   3. write every file under ".NAME.krender-new" (O_EXCL: nothing is
 *      followed; a file whose bytes NAME already holds is hard-linked from
 *      there instead), the manifest last, then syncfs;
 *   4. swap it with NAME in one renameat2(RENAME_EXCHANGE) (a file system
 *      without it: NAME to ".NAME.krender-old", then the new tree to NAME),
 *      fsync the parent, remove the old tree.
 * Until step 4 NAME is untouched; after it NAME is complete.
 */
#include "apply/dir.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/fs.h"
#include "util/map.h"

/* the manifest's entry lines "HASH  PATH", one by one; false at the end */
static bool next_entry(const char **p, const char *end, const char **hash, const char **path, size_t *plen)
{
	while (*p < end) {
		const char *line = *p, *nl = memchr(line, '\n', (size_t)(end - line));

		*p = nl ? nl + 1 : end;
		if (!nl)
			nl = end;
		if (nl - line > 18 && line[0] != '#' && line[16] == ' ' && line[17] == ' ') {
			*hash = line, *path = line + 18, *plen = (size_t)(nl - line - 18);
			return true;
		}
	}
	return false;
}

/* -1, 0, 1 as the entry path @p/@n sorts before, at, after @s */
static int path_cmp(const char *p, size_t n, const char *s)
{
	size_t m = strlen(s);
	int c = memcmp(p, s, n < m ? n : m);

	return c ? c : n < m ? -1 : n > m ? 1 : 0;
}

/* count and report the changes from the files listed in manifest text @old (NULL: none) to @h, in path order */
static void compare(const char *old, size_t oldlen, const kr_hydrated *h, kr_apply_change_fn fn, void *ctx,
		    kr_apply_stats *st)
{
	const char *p = old, *end = old ? old + oldlen : NULL, *hash = NULL, *path = NULL;
	size_t plen = 0, i = 0;
	bool have = old && next_entry(&p, end, &hash, &path, &plen);

	memset(st, 0, sizeof(*st));
	while (have || i < h->n) {
		int c = !have ? 1 : i == h->n ? -1 : path_cmp(path, plen, h->files[i].path);

		if (c < 0) {
			char *gone = strndup(path, plen);

			st->deleted++;
			if (fn && gone)
				fn('-', gone, ctx);
			free(gone);
		} else if (c > 0) {
			st->created++;
			if (fn)
				fn('+', h->files[i].path, ctx);
		} else {
			char hex[17];

			kr_hydrate_hash_hex(h->files[i].hash, hex);
			if (memcmp(hex, hash, 16) == 0) {
				st->unchanged++;
			} else {
				st->updated++;
				if (fn)
					fn('~', h->files[i].path, ctx);
			}
		}
		if (c <= 0)
			have = next_entry(&p, end, &hash, &path, &plen);
		if (c >= 0)
			i++;
	}
	st->changed = st->created || st->updated || st->deleted;
}

/* the whole of file @path (NUL added) in a malloc'd buffer, at most @max bytes; NULL when unreadable */
static char *slurp(const char *path, size_t max, size_t *len)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat sb;
	char *buf = NULL;
	ssize_t got;
	size_t n = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && (size_t)sb.st_size <= max &&
	    (buf = malloc((size_t)sb.st_size + 1))) {
		while (n < (size_t)sb.st_size && (got = read(fd, buf + n, (size_t)sb.st_size - n)) > 0)
			n += (size_t)got;
		buf[n] = '\0';
		if (n != (size_t)sb.st_size)
			free(buf), buf = NULL;
	}
	close(fd);
	*len = n;
	return buf;
}

/* whether @dir holds @f with its bytes (a regular file, not a link) */
static bool same_file(const char *dir, const kr_hfile *f)
{
	char path[PATH_MAX];
	size_t len;
	char *data;
	bool same;

	snprintf(path, sizeof(path), "%s/%s", dir, f->path);
	data = slurp(path, f->len, &len);
	same = data && len == f->len && memcmp(data, f->data, len) == 0;
	free(data);
	return same;
}

/* whether every file under @dir still has its bytes (a hand edit is drift) */
static bool files_intact(const char *dir, const kr_hydrated *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (!same_file(dir, &h->files[i]))
			return false;
	return true;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w, n -= (size_t)w;
	}
	return 0;
}

/* the length of the directory part of @path ("a/b/c.yaml": 3) */
static size_t dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) : 0;
}

/*
 * create file @rel under @root with @data, or as a hard link to @same (a
 * file known to hold those bytes) when it is not NULL; its directories too,
 * unless @prev (the file written before, or NULL) was in the same one.
 * -1 with errno.
 */
static int put_file(const char *root, const char *rel, const char *prev, const char *data, size_t len,
		    const char *same)
{
	char path[PATH_MAX];
	char *slash;
	int fd, rc;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", root, rel) >= sizeof(path))
		return errno = ENAMETOOLONG, -1;
	if (prev && dir_len(prev) == dir_len(rel) && memcmp(prev, rel, dir_len(rel)) == 0)
		slash = NULL;
	else
		slash = strchr(path + strlen(root) + 1, '/');
	for (; slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		rc = mkdir(path, 0777);
		*slash = '/';
		if (rc < 0 && errno != EEXIST)
			return -1;
	}
	if (same && link(same, path) == 0)
		return 0;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	rc = write_all(fd, data, len);
	if (close(fd) < 0)
		rc = -1;
	return rc;
}

static int fail(kr_err *err, const char *what, const char *path)
{
	return kr_err_set(err, KR_EIO, NULL, "%s %s: %s", what, path, strerror(errno));
}

/* @dir's parent directory and the two sibling names, all in @buf (3 x PATH_MAX) */
static int siblings(const char *dir, char *parent, char *fresh, char *old, kr_err *err)
{
	char copy[PATH_MAX], *slash, *base;

	if (strlen(dir) >= sizeof(copy) - 32)
		return kr_err_set(err, KR_EINVAL, NULL, "directory name too long: %s", dir);
	strcpy(copy, dir);
	while (strlen(copy) > 1 && copy[strlen(copy) - 1] == '/')
		copy[strlen(copy) - 1] = '\0';
	slash = strrchr(copy, '/');
	base = slash ? slash + 1 : copy;
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return kr_err_set(err, KR_EINVAL, NULL, "--to-dir needs a directory name, not '%s'", dir);
	if (slash == copy)
		strcpy(parent, "/");
	else if (slash)
		*slash = '\0', strcpy(parent, copy);
	else
		strcpy(parent, ".");
	snprintf(fresh, PATH_MAX, "%s/.%s.krender-new", parent, base);
	snprintf(old, PATH_MAX, "%s/.%s.krender-old", parent, base);
	return 0;
}

/* step 1: what an interrupted run left; 0 or KR_E* */
static int recover(const char *dir, const char *fresh, const char *old, kr_err *err)
{
	struct stat sb;

	if (lstat(fresh, &sb) == 0)
		kr_fs_remove_tree(fresh);
	if (lstat(old, &sb) == 0) {
		if (lstat(dir, &sb) < 0 && errno == ENOENT) {
			if (rename(old, dir) < 0)
				return fail(err, "cannot restore", dir);
		} else {
			kr_fs_remove_tree(old);
		}
	}
	return 0;
}

static int swap_in(const char *dir, const char *fresh, const char *old, bool exists, kr_err *err)
{
	if (!exists)
		return rename(fresh, dir) < 0 ? fail(err, "cannot rename into", dir) : 0;
	if (renameat2(AT_FDCWD, fresh, AT_FDCWD, dir, RENAME_EXCHANGE) == 0) {
		kr_fs_remove_tree(fresh); /* now the old tree */
		return 0;
	}
	if (errno != EINVAL && errno != ENOSYS)
		return fail(err, "cannot swap in", dir);
	if (rename(dir, old) < 0)
		return fail(err, "cannot move aside", dir);
	if (rename(fresh, dir) < 0) {
		int e = errno;

		if (rename(old, dir) == 0)
			errno = e;
		return fail(err, "cannot rename into", dir);
	}
	kr_fs_remove_tree(old);
	return 0;
}

static bool dir_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	bool empty = true;

	while (d && empty && (e = readdir(d)))
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	if (d)
		closedir(d);
	return d && empty;
}

static void sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int kr_apply_dir(const char *dir, const kr_hydrated *h, bool dry_run, kr_apply_change_fn fn, void *ctx,
		 kr_apply_stats *st, kr_err *err)
{
	char parent[PATH_MAX], fresh[PATH_MAX], old[PATH_MAX], mpath[PATH_MAX], real[PATH_MAX];
	char *manifest = NULL;
	size_t mlen = 0, i;
	struct stat sb;
	bool exists, had_manifest;
	int rc, fd;

	if (realpath(dir, real)) /* an existing link to a directory: the directory is replaced */
		dir = real;
	rc = siblings(dir, parent, fresh, old, err);
	if (rc == 0 && !dry_run)
		rc = recover(dir, fresh, old, err);
	if (rc < 0)
		return rc;
	exists = lstat(dir, &sb) == 0;
	if (exists && !S_ISDIR(sb.st_mode))
		return kr_err_set(err, KR_EINVAL, NULL, "%s exists and is not a directory", dir);
	if (exists) {
		snprintf(mpath, sizeof(mpath), "%s/%s", dir, KR_HYDRATE_MANIFEST);
		manifest = slurp(mpath, (size_t)1 << 30, &mlen);
		if (!manifest && !dir_empty(dir))
			return kr_err_set(err, KR_EINVAL, NULL,
					  "%s is not empty and holds no %s: krender replaces only a directory it wrote "
					  "(or an empty one)", dir, KR_HYDRATE_MANIFEST);
	}
	compare(manifest, mlen, h, fn, ctx, st);
	had_manifest = manifest != NULL;
	free(manifest);
	if (!st->changed && had_manifest && files_intact(dir, h))
		return 0;
	if (!st->changed) { /* files edited by hand, or no manifest yet: all rewritten */
		st->updated = st->unchanged, st->unchanged = 0;
		st->changed = true;
	}
	if (dry_run)
		return 0;
	if (mkdir(fresh, 0777) < 0)
		return fail(err, "cannot create", fresh);
	for (i = 0; i < h->n && rc == 0; i++) {
		const kr_hfile *f = &h->files[i];
		char old_path[PATH_MAX];
		bool keep = exists && same_file(dir, f); /* unchanged: linked, not rewritten (20x faster) */

		snprintf(old_path, sizeof(old_path), "%s/%s", dir, f->path);
		if (put_file(fresh, f->path, i ? h->files[i - 1].path : NULL, f->data, f->len, keep ? old_path : NULL) < 0)
			rc = fail(err, "cannot write", f->path);
	}
	if (rc == 0 && put_file(fresh, KR_HYDRATE_MANIFEST, NULL, h->manifest, h->manifest_len, NULL) < 0)
		rc = fail(err, "cannot write", KR_HYDRATE_MANIFEST);
	if (rc == 0 && (fd = open(fresh, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		if (syncfs(fd) < 0)
			rc = fail(err, "cannot sync", fresh);
		close(fd);
	}
	if (rc == 0)
		rc = swap_in(dir, fresh, old, exists, err);
	if (rc < 0) {
		kr_fs_remove_tree(fresh);
		return rc;
	}
	sync_dir(parent);
	return 0;
}
