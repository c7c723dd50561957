/*
 * fs_disk.c - the local-disk kr_fs back end.
 *
 * resolve() is realpath(3) done here with a cache of directory prefixes
 * (symlinks followed, at most 40 hops); read() opens with O_NOFOLLOW|O_NONBLOCK so a symlink
 * swapped in after resolution or a FIFO can neither redirect nor block the
 * read, then fstat()s and accepts only regular files within the size limit.
 */
#include "fs/fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/limits.h"
#include "util/map.h"
#include "util/vec.h"

/*
 * The disk back end remembers, for every directory prefix it has looked at,
 * its canonical form (itself, or where its symlink leads): resolving many
 * files under the same directories then costs one lstat per new prefix
 * instead of realpath's readlink per component per file. Only existing
 * paths are remembered (a later helm pull may create what was missing).
 */
struct disk_fs {
	kr_fs fs;
	kr_map known; /* absolute path (no symlink resolved yet) -> canonical path */
	kr_map types; /* canonical path -> "1" file, "2" directory (existing only) */
	char **strings;
	size_t nstrings, capstrings;
};

#define MAX_HOPS 40

/* A heap copy of @n bytes of @s plus NUL, freed with the fs (map keys live here). */
static char *keep(struct disk_fs *d, const char *s, size_t n, size_t extra)
{
	char *k = malloc(n + 1 + extra);

	if (!k || (d->nstrings == d->capstrings &&
		   kr_vec_grow(&d->strings, &d->capstrings, d->nstrings + 1, sizeof(*d->strings)) < 0)) {
		free(k);
		return NULL;
	}
	memcpy(k, s, n);
	k[n] = '\0';
	d->strings[d->nstrings++] = k;
	return k;
}

static int remember(struct disk_fs *d, const char *path, size_t plen, const char *canon)
{
	size_t clen = strlen(canon);
	char *k = keep(d, path, plen, clen + 1);

	if (!k)
		return -1;
	memcpy(k + plen + 1, canon, clen + 1);
	return kr_map_put(&d->known, k, plen, k + plen + 1, NULL) < 0 ? -1 : 0;
}

/*
 * Canonical form of absolute @path into @out (PATH_MAX): components one at
 * a time, "." and ".." on the already canonical prefix, symlinks followed
 * (at most MAX_HOPS in all). 0, or an errno value.
 */
static int real_path(struct disk_fs *d, const char *path, char *out, int *hops)
{
	size_t olen = 0;
	const char *p = path;

	out[0] = '\0';
	while (*p) {
		const char *c = p + strspn(p, "/");
		size_t n = strcspn(c, "/");
		const char *known;
		char link[PATH_MAX];
		struct stat st;
		ssize_t ln;

		p = c + n;
		if (n == 0 || (n == 1 && c[0] == '.'))
			continue;
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			while (olen > 0 && out[olen - 1] != '/')
				olen--;
			olen = olen > 0 ? olen - 1 : 0;
			out[olen] = '\0';
			continue;
		}
		if (olen + 1 + n >= PATH_MAX)
			return ENAMETOOLONG;
		out[olen] = '/';
		memcpy(out + olen + 1, c, n);
		olen += 1 + n;
		out[olen] = '\0';
		known = kr_map_get(&d->known, out, olen);
		if (known) {
			olen = strlen(known);
			memmove(out, known, olen + 1);
			continue;
		}
		if (lstat(out, &st) != 0)
			return errno;
		if (!S_ISLNK(st.st_mode)) {
			if (remember(d, out, olen, out) < 0)
				return ENOMEM;
			continue;
		}
		if (++*hops > MAX_HOPS)
			return ELOOP;
		ln = readlink(out, link, sizeof(link) - 1);
		if (ln < 0)
			return errno;
		link[ln] = '\0';
		{
			char target[PATH_MAX], resolved[PATH_MAX];
			size_t dirlen = olen - n - 1;
			int rc;

			if (link[0] == '/')
				snprintf(target, sizeof(target), "%s", link);
			else if ((size_t)snprintf(target, sizeof(target), "%.*s/%s", (int)dirlen, out, link) >=
				 sizeof(target))
				return ENAMETOOLONG;
			rc = real_path(d, target, resolved, hops);
			if (rc)
				return rc;
			if (remember(d, out, olen, resolved) < 0)
				return ENOMEM;
			olen = strlen(resolved);
			memcpy(out, resolved, olen + 1);
		}
	}
	if (olen == 0) {
		out[0] = '/';
		out[1] = '\0';
	}
	return 0;
}

static int disk_resolve(kr_fs *fs, const char *path, char **out, kr_arena *a, kr_err *err)
{
	char buf[PATH_MAX];
	int hops = 0, rc = path[0] == '/' ? real_path((struct disk_fs *)fs, path, buf, &hops) : EINVAL;

	if (rc) {
		if (rc == ENOENT || rc == ENOTDIR)
			return KR_ENOENT;
		if (rc == ELOOP)
			return kr_err_set(err, KR_EINVAL, NULL, "too many levels of symbolic links in '%s'",
					  kr_fs_rel(fs, path));
		if (rc == EINVAL) {
			/* a relative start (the command line): the C library resolves it */
			char *r = realpath(path, NULL);

			if (!r)
				return errno == ENOENT || errno == ENOTDIR ? KR_ENOENT
					: kr_err_set(err, KR_EIO, NULL, "cannot resolve '%s': %s", path,
						     strerror(errno));
			rc = disk_resolve(fs, r, out, a, err);
			free(r);
			return rc;
		}
		return kr_err_set(err, KR_EIO, NULL, "cannot resolve '%s': %s", path, strerror(rc));
	}
	*out = kr_arena_strdup(a, buf);
	if (!*out)
		return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
	return 0;
}

static int disk_type(kr_fs *fs, const char *canon, enum kr_fs_type *type)
{
	struct disk_fs *d = (struct disk_fs *)fs;
	const char *known = kr_map_get(&d->types, canon, strlen(canon));
	struct stat st;

	if (known) {
		*type = (enum kr_fs_type)(known[0] - '0');
		return 0;
	}
	if (stat(canon, &st) != 0)
		*type = KR_FS_MISSING;
	else if (S_ISREG(st.st_mode))
		*type = KR_FS_FILE;
	else if (S_ISDIR(st.st_mode))
		*type = KR_FS_DIR;
	else
		*type = KR_FS_OTHER;
	if (*type == KR_FS_FILE || *type == KR_FS_DIR) {
		static const char *const codes[] = {"0", "1", "2", "3"};

		size_t n = strlen(canon);
		char *k = keep(d, canon, n, 0);

		if (k)
			kr_map_put(&d->types, k, n, (void *)codes[*type], NULL);
	}
	return 0;
}

static int disk_read(kr_fs *fs, const char *canon, kr_arena *a, const char **data, size_t *len,
		     size_t limit, kr_err *err)
{
	const char *rel = kr_fs_rel(fs, canon);
	struct stat st;
	char *buf;
	size_t got = 0;
	int fd;
	int rc = 0;

	fd = open(canon, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return kr_err_set(err, errno == ENOENT ? KR_ENOENT : KR_EIO, NULL, "cannot open '%s': %s",
				  rel, strerror(errno));
	if (fstat(fd, &st) != 0) {
		rc = kr_err_set(err, KR_EIO, NULL, "cannot stat '%s': %s", rel, strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = kr_err_set(err, KR_EINVAL, NULL, "'%s' is not a regular file", rel);
		goto done;
	}
	if ((size_t)st.st_size > limit) {
		rc = kr_err_set(err, KR_ETOOBIG, NULL,
				"'%s' is %lld bytes, over the limit file-bytes=%zu (" KR_LIMIT_RAISE("file-bytes") ")",
				rel, (long long)st.st_size, limit);
		goto done;
	}
	buf = kr_arena_alloc(a, (size_t)st.st_size + 1);
	if (!buf) {
		rc = kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded reading '%s'", rel);
		goto done;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = kr_err_set(err, KR_EIO, NULL, "cannot read '%s': %s", rel, strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	*data = buf;
	*len = got;
done:
	close(fd);
	return rc;
}

static void disk_free(kr_fs *fs)
{
	struct disk_fs *d = (struct disk_fs *)fs;
	size_t i;

	for (i = 0; i < d->nstrings; i++)
		free(d->strings[i]);
	free(d->strings);
	kr_map_dispose(&d->known);
	kr_map_dispose(&d->types);
	free(fs->root);
	free(d);
}

static int disk_list(kr_fs *fs, const char *canon, kr_arena *a, kr_fs_entry **out, size_t *n, kr_err *err)
{
	DIR *d = opendir(canon);
	struct dirent *e;
	size_t cap = 0;
	int rc = 0;

	if (!d)
		return kr_err_set(err, errno == ENOENT ? KR_ENOENT : KR_EIO, NULL, "cannot list '%s': %s", kr_fs_rel(fs, canon),
				  strerror(errno));
	while (rc == 0 && (e = readdir(d)) != NULL) {
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (kr_arena_grow(a, out, &cap, *n, sizeof(**out)) < 0 || !((*out)[*n].name = kr_arena_strdup(a, e->d_name))) {
			rc = kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
			break;
		}
		(*out)[(*n)++].type = fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ? KR_FS_MISSING
				      : S_ISREG(st.st_mode)						 ? KR_FS_FILE
				      : S_ISDIR(st.st_mode)						 ? KR_FS_DIR
													 : KR_FS_OTHER;
	}
	closedir(d);
	return rc;
}

static const struct kr_fs_ops disk_ops = {disk_resolve, disk_type, disk_read, disk_list, disk_free};

int kr_fs_disk_new(kr_fs **out, const char *root, kr_err *err)
{
	struct disk_fs *d;
	kr_fs *fs;
	char *r = realpath(root, NULL);

	if (!r)
		return kr_err_set(err, KR_ENOENT, NULL, "root '%s': %s", root, strerror(errno));
	d = calloc(1, sizeof(*d));
	if (!d) {
		free(r);
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	}
	fs = &d->fs;
	fs->ops = &disk_ops;
	fs->root = r;
	fs->rootlen = strlen(r);
	*out = fs;
	return 0;
}
