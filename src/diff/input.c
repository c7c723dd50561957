/*
 * input.c - reading desired and live object sets.
 *
 * Bytes come from a bounded read of a regular file (opened non-blocking,
 * checked with fstat), stdin, a command's stdout (kr_proc_run through
 * /bin/sh -c: the command line is the user's own), or krender's own build
 * of a kustomization directory; all are parsed with the resource loader.
 */
#include "diff/input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "krender/build.h"
#include "util/buf.h"
#include "util/proc.h"
#include "yaml/load.h"

static int push(kr_arena *a, kr_objects *out, kr_node *n)
{
	if (kr_arena_grow(a, &out->v, &out->cap, out->n, sizeof(*out->v)) < 0)
		return KR_ENOMEM;
	out->v[out->n++] = n;
	return 0;
}

static bool is_list(const kr_node *doc)
{
	const kr_node *kind = kr_node_map_get(doc, "kind");
	const kr_node *items = kr_node_map_get(doc, "items");

	return kind && kind->kind == KR_NODE_SCALAR && kind->len >= 4 &&
	       memcmp(kind->u.str + kind->len - 4, "List", 4) == 0 && items && items->kind == KR_NODE_SEQ;
}

static int parse(kr_arena *a, const char *name, const char *data, size_t len, const kr_limits *lim,
		 kr_objects *out, kr_err *err)
{
	kr_yaml_stream s;
	size_t i, j;
	int rc = kr_yaml_load(&s, a, name, data, len, lim, KR_LOAD_RESOURCE | KR_LOAD_BORROW | KR_LOAD_SHARE_KEYS, err);

	for (i = 0; rc == 0 && i < s.n; i++) {
		kr_node *d = s.docs[i];
		kr_mark m = {name, (int)d->line, (int)d->col};

		if (d->kind == KR_NODE_SCALAR && d->type == KR_SCALAR_NULL)
			continue;
		if (d->kind != KR_NODE_MAP)
			return kr_err_set(err, KR_EINVAL, &m, "an object must be a mapping");
		if (!is_list(d)) {
			rc = push(a, out, d);
			continue;
		}
		for (j = 0; rc == 0 && j < kr_node_map_get(d, "items")->len; j++) {
			kr_node *item = kr_node_map_get(d, "items")->u.items[j];
			kr_mark im = {name, (int)item->line, (int)item->col};
			if (item->kind != KR_NODE_MAP)
				return kr_err_set(err, KR_EINVAL, &im, "a List item must be a mapping");
			rc = push(a, out, item);
		}
	}
	return rc == KR_ENOMEM ? kr_err_set(err, rc, NULL, "out of memory") : rc;
}

static int over_limit(const char *name, size_t limit, kr_err *err)
{
	return kr_err_set(err, KR_ETOOBIG, NULL, "'%s' is over the limit file-bytes=%zu (" KR_LIMIT_RAISE("file-bytes") ")",
			  name, limit);
}

static int read_fd(int fd, const char *name, size_t limit, kr_buf *b, kr_err *err)
{
	char chunk[65536];

	for (;;) {
		ssize_t r = read(fd, chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return kr_err_set(err, KR_EIO, NULL, "reading '%s': %s", name, strerror(errno));
		if (r == 0)
			return 0;
		if (b->len + (size_t)r > limit)
			return over_limit(name, limit, err);
		if (kr_buf_append(b, chunk, (size_t)r) < 0)
			return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	}
}

int kr_diff_read_file(kr_arena *a, const char *path, const kr_limits *lim, kr_objects *out, kr_err *err)
{
	kr_buf b;
	struct stat st;
	int fd = 0, rc;
	const char *data;

	if (strcmp(path, "-") != 0) {
		fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			return kr_err_set(err, KR_ENOENT, NULL, "cannot open '%s': %s", path, strerror(errno));
		if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			return kr_err_set(err, KR_EINVAL, NULL, "'%s' is not a regular file", path);
		}
	}
	if (fd != 0 && (size_t)st.st_size > lim->file_bytes) {
		close(fd);
		return over_limit(path, lim->file_bytes, err);
	}
	if (fd != 0 && (data = kr_arena_map_file(a, fd, (size_t)st.st_size)) != NULL) {
		close(fd);
		return parse(a, path, data, (size_t)st.st_size, lim, out, err);
	}
	if (fd != 0) {
		/* a regular file of known size: read straight into the arena */
		char *buf = kr_arena_alloc(a, (size_t)st.st_size + 1);
		size_t got = 0;

		while (buf && got < (size_t)st.st_size) {
			ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		close(fd);
		if (!buf)
			return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		if (got != (size_t)st.st_size)
			return kr_err_set(err, KR_EIO, NULL, "reading '%s' failed", path);
		buf[got] = '\0';
		return parse(a, path, buf, got, lim, out, err);
	}
	kr_buf_init(&b, lim->file_bytes + 1);
	rc = read_fd(fd, strcmp(path, "-") == 0 ? "stdin" : path, lim->file_bytes, &b, err);
	if (fd != 0)
		close(fd);
	data = rc == 0 ? kr_arena_memdup(a, b.data ? b.data : "", b.len) : NULL;
	if (rc == 0 && !data)
		rc = kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	if (rc == 0)
		rc = parse(a, strcmp(path, "-") == 0 ? "stdin" : path, data, b.len, lim, out, err);
	kr_buf_dispose(&b);
	return rc;
}

static int cmp_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static bool manifest_name(const char *n)
{
	size_t len = strlen(n);
	return n[0] != '.' && ((len > 5 && strcmp(n + len - 5, ".yaml") == 0) ||
			       (len > 4 && strcmp(n + len - 4, ".yml") == 0) ||
			       (len > 5 && strcmp(n + len - 5, ".json") == 0));
}

/* every *.yaml, *.yml and *.json under @dir (hidden entries and symlinks skipped), in name order */
static int read_dir(kr_arena *a, const char *dir, const kr_limits *lim, kr_objects *out, size_t depth, kr_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (!d)
		return kr_err_set(err, KR_ENOENT, NULL, "cannot open directory '%s': %s", dir, strerror(errno));
	if (depth > lim->depth) {
		closedir(d);
		return kr_err_set(err, KR_ETOOBIG, NULL, "directories nested deeper than the limit depth");
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (kr_arena_grow(a, &names, &cap, n, sizeof(*names)) < 0 ||
		    !(names[n++] = kr_arena_cat(a, dir, "/", e->d_name, NULL)))
			rc = kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	}
	closedir(d);
	if (rc == 0 && n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; rc == 0 && i < n; i++) {
		struct stat st;
		if (lstat(names[i], &st) != 0 || S_ISLNK(st.st_mode))
			continue;
		if (S_ISDIR(st.st_mode))
			rc = read_dir(a, names[i], lim, out, depth + 1, err);
		else if (S_ISREG(st.st_mode) && manifest_name(strrchr(names[i], '/') + 1))
			rc = kr_diff_read_file(a, names[i], lim, out, err);
	}
	return rc;
}

static int read_command(kr_arena *a, const char *cmd, const kr_limits *lim, kr_objects *out, kr_err *err)
{
	char *argv[] = {"/bin/sh", "-c", (char *)cmd, NULL};
	kr_buf o, e;
	kr_proc_result res;
	const char *data;
	int rc;

	kr_buf_init(&o, lim->input_bytes);
	kr_buf_init(&e, 4096);
	rc = kr_proc_run(argv, NULL, &o, &e, (long)lim->timeout_ms, &res);
	if (rc == KR_ETOOBIG)
		rc = kr_err_set(err, rc, NULL,
				"the output of '%s' is over the limit input-bytes (" KR_LIMIT_RAISE("input-bytes") ")", cmd);
	else if (rc < 0)
		rc = kr_err_set(err, rc, NULL, "cannot run '%s'", cmd);
	else if (res.timed_out)
		rc = kr_err_set(err, KR_ETOOBIG, NULL,
				"'%s' ran longer than the limit timeout=%zums (" KR_LIMIT_RAISE("timeout") ")", cmd,
				lim->timeout_ms);
	else if (res.status != 0)
		rc = kr_err_set(err, KR_EINVAL, NULL, "'%s' exited with status %d: %.*s", cmd, res.status,
				(int)strcspn(e.data ? e.data : "", "\n"), e.data ? e.data : "");
	data = rc == 0 ? kr_arena_memdup(a, o.data ? o.data : "", o.len) : NULL;
	if (rc == 0)
		rc = data ? parse(a, cmd, data, o.len, lim, out, err)
			  : kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	kr_buf_dispose(&o);
	kr_buf_dispose(&e);
	return rc;
}

static int build_dir(kr_arena *a, const char *dir, const kr_limits *lim, kr_objects *out, kr_err *err)
{
	kr_build *b = kr_build_new();
	char *text = NULL, *copy, limits[1024];
	size_t len = 0;
	int rc;

	if (!b)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	kr_limits_format(lim, limits, sizeof(limits)); /* the render obeys the diff's limits */
	rc = kr_build_set_limits(b, limits);
	if (rc == 0)
		rc = kr_build_run(b, dir, &text, &len);
	if (rc < 0) {
		kr_err_set(err, rc, NULL, "%s", kr_build_error(b));
		kr_build_free(b);
		return rc;
	}
	kr_build_free(b);
	copy = kr_arena_memdup(a, text, len);
	free(text);
	if (!copy)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	return parse(a, dir, copy, len, lim, out, err);
}

int kr_diff_read_desired(kr_arena *a, const char *what, const kr_limits *lim, kr_objects *out, kr_err *err)
{
	struct stat st;

	if (strcmp(what, "-") != 0 && stat(what, &st) == 0 && S_ISDIR(st.st_mode))
		return build_dir(a, what, lim, out, err);
	return kr_diff_read_file(a, what, lim, out, err);
}

int kr_diff_read_live(kr_arena *a, const char *what, const kr_limits *lim, kr_objects *out, kr_err *err)
{
	struct stat st;

	if (strncmp(what, "cmd:", 4) == 0)
		return read_command(a, what + 4, lim, out, err);
	if (strcmp(what, "-") != 0 && stat(what, &st) == 0 && S_ISDIR(st.st_mode))
		return read_dir(a, what, lim, out, 0, err);
	return kr_diff_read_file(a, what, lim, out, err);
}

int kr_diff_read_one(kr_arena *a, const char *path, const kr_limits *lim, kr_node **out, kr_err *err)
{
	kr_objects objs = {0};
	int rc = kr_diff_read_file(a, path, lim, &objs, err);

	if (rc == 0 && objs.n != 1)
		rc = kr_err_set(err, KR_EINVAL, NULL, "'%s' must hold one object, not %zu", path, objs.n);
	if (rc == 0)
		*out = objs.v[0];
	return rc;
}
