/*
 * fs_disk.c - the local-disk kr_fs back end.
 *
 * resolve() is realpath(3) (symlinks followed, at most 40 hops by the
 * kernel's ELOOP); read() opens with O_NOFOLLOW|O_NONBLOCK so a symlink
 * swapped in after resolution or a FIFO can neither redirect nor block the
 * read, then fstat()s and accepts only regular files within the size limit.
 */
#include "fs/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int disk_resolve(kr_fs *fs, const char *path, char **out, kr_arena *a, kr_err *err)
{
	char *r = realpath(path, NULL);

	(void)fs;
	if (!r) {
		if (errno == ENOENT || errno == ENOTDIR)
			return KR_ENOENT;
		if (errno == ELOOP)
			return kr_err_set(err, KR_EINVAL, NULL, "too many levels of symbolic links in '%s'",
					  path);
		return kr_err_set(err, KR_EIO, NULL, "cannot resolve '%s': %s", path, strerror(errno));
	}
	*out = kr_arena_strdup(a, r);
	free(r);
	if (!*out)
		return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
	return 0;
}

static int disk_type(kr_fs *fs, const char *canon, enum kr_fs_type *type)
{
	struct stat st;

	(void)fs;
	if (stat(canon, &st) != 0)
		*type = KR_FS_MISSING;
	else if (S_ISREG(st.st_mode))
		*type = KR_FS_FILE;
	else if (S_ISDIR(st.st_mode))
		*type = KR_FS_DIR;
	else
		*type = KR_FS_OTHER;
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
				"'%s' is %lld bytes, over the limit file-bytes=%zu (raise with --limit file-bytes=N)",
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
	free(fs->root);
	free(fs);
}

static const struct kr_fs_ops disk_ops = {disk_resolve, disk_type, disk_read, disk_free};

int kr_fs_disk_new(kr_fs **out, const char *root, kr_err *err)
{
	kr_fs *fs;
	char *r = realpath(root, NULL);

	if (!r)
		return kr_err_set(err, KR_ENOENT, NULL, "root '%s': %s", root, strerror(errno));
	fs = calloc(1, sizeof(*fs));
	if (!fs) {
		free(r);
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	}
	fs->ops = &disk_ops;
	fs->root = r;
	fs->rootlen = strlen(r);
	*out = fs;
	return 0;
}
