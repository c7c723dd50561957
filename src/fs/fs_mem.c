/*
 * fs_mem.c - a kr_fs over files held in memory: one Git revision read by
 * krender-git (`krender preview` renders two revisions without a checkout).
 * Paths are canonical by construction (root + a cleaned relative path, no
 * symbolic links: krender-git lists none), so resolving is a lexical clean
 * and a lookup; a parent directory of a file is a directory. The files'
 * bytes are owned by the caller and outlive the kr_fs.
 */
#include "fs/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"
#include "util/map.h"

struct mem_fs {
	kr_fs fs;
	kr_map files; /* canonical path -> struct kr_fs_mem_file */
	kr_map dirs;  /* canonical path -> non-NULL */
	char **keys;  /* the paths the maps point to */
	size_t nkeys, capkeys;
};

static char *keep(struct mem_fs *m, const char *s, size_t n)
{
	char *k;

	if (m->nkeys == m->capkeys) {
		size_t cap = m->capkeys ? 2 * m->capkeys : 256;
		char **v = realloc(m->keys, cap * sizeof(*v));

		if (!v)
			return NULL;
		m->keys = v, m->capkeys = cap;
	}
	if (!(k = malloc(n + 1)))
		return NULL;
	memcpy(k, s, n);
	k[n] = '\0';
	return m->keys[m->nkeys++] = k;
}

static int mem_resolve(kr_fs *fs, const char *path, char **out, kr_arena *a, kr_err *err)
{
	struct mem_fs *m = (struct mem_fs *)fs;
	char *c = kr_path_clean(a, path);

	if (!c)
		return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
	if (c[0] != '/') /* a relative start: below the root */
		c = kr_path_join(a, fs->root, c);
	if (!c)
		return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
	if (!kr_map_get(&m->files, c, strlen(c)) && !kr_map_get(&m->dirs, c, strlen(c)))
		return KR_ENOENT;
	*out = c;
	return 0;
}

static int mem_type(kr_fs *fs, const char *canon, enum kr_fs_type *type)
{
	struct mem_fs *m = (struct mem_fs *)fs;
	size_t n = strlen(canon);

	*type = kr_map_get(&m->files, canon, n) ? KR_FS_FILE : kr_map_get(&m->dirs, canon, n) ? KR_FS_DIR : KR_FS_MISSING;
	return 0;
}

static int mem_read(kr_fs *fs, const char *canon, kr_arena *a, const char **data, size_t *len, size_t limit,
		    kr_err *err)
{
	struct mem_fs *m = (struct mem_fs *)fs;
	const kr_fs_mem_file *f = kr_map_get(&m->files, canon, strlen(canon));
	char *buf;

	(void)a;
	if (!f)
		return kr_err_set(err, KR_ENOENT, NULL, "cannot open '%s': no such file", kr_fs_rel(fs, canon));
	if (f->len > limit)
		return kr_err_set(err, KR_ETOOBIG, NULL,
				  "'%s' is %zu bytes, over the limit file-bytes=%zu (" KR_LIMIT_RAISE("file-bytes") ")",
				  kr_fs_rel(fs, canon), f->len, limit);
	if (!(buf = kr_arena_memdup(a, f->data, f->len)))
		return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded reading '%s'", kr_fs_rel(fs, canon));
	*data = buf;
	*len = f->len;
	return 0;
}

static int mem_list(kr_fs *fs, const char *canon, kr_arena *a, kr_fs_entry **out, size_t *n, kr_err *err)
{
	struct mem_fs *m = (struct mem_fs *)fs;
	size_t cl = strlen(canon), cap = 0, i;

	if (!kr_map_get(&m->dirs, canon, cl))
		return kr_err_set(err, KR_ENOENT, NULL, "cannot list '%s': no such directory", kr_fs_rel(fs, canon));
	for (i = 1; i < m->nkeys; i++) { /* keys[0] is the root; a scan: listings are rare (directory sources) */
		const char *k = m->keys[i];

		if (strncmp(k, canon, cl) != 0 || k[cl] != '/' || strchr(k + cl + 1, '/'))
			continue;
		if (kr_arena_grow(a, out, &cap, *n, sizeof(**out)) < 0)
			return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
		(*out)[*n].name = k + cl + 1;
		(*out)[(*n)++].type = kr_map_get(&m->files, k, strlen(k)) ? KR_FS_FILE : KR_FS_DIR;
	}
	return 0;
}

static void mem_free(kr_fs *fs)
{
	struct mem_fs *m = (struct mem_fs *)fs;
	size_t i;

	for (i = 0; i < m->nkeys; i++)
		free(m->keys[i]);
	free(m->keys);
	kr_map_dispose(&m->files);
	kr_map_dispose(&m->dirs);
	free(fs->root);
	free(m);
}

static const struct kr_fs_ops mem_ops = {mem_resolve, mem_type, mem_read, mem_list, mem_free};

int kr_fs_mem_new(kr_fs **out, const char *root, const kr_fs_mem_file *files, size_t n, kr_err *err)
{
	struct mem_fs *m = calloc(1, sizeof(*m));
	char path[8192];
	size_t i, rl = strlen(root);

	if (!m || !(m->fs.root = strdup(root))) {
		free(m);
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	}
	m->fs.ops = &mem_ops;
	m->fs.rootlen = rl;
	if (!keep(m, root, rl) || kr_map_put(&m->dirs, m->keys[m->nkeys - 1], rl, (void *)1, NULL) < 0)
		goto oom;
	for (i = 0; i < n; i++) {
		char *k, *slash;
		size_t len;

		if (snprintf(path, sizeof(path), "%s/%s", root, files[i].path) >= (int)sizeof(path))
			continue; /* longer than any kustomization could name */
		len = strlen(path);
		if (!(k = keep(m, path, len)) || kr_map_put(&m->files, k, len, (void *)&files[i], NULL) < 0)
			goto oom;
		for (slash = strrchr(path, '/'); slash && (size_t)(slash - path) > rl; slash = strrchr(path, '/')) {
			*slash = '\0';
			if (kr_map_get(&m->dirs, path, (size_t)(slash - path)))
				break;
			if (!(k = keep(m, path, (size_t)(slash - path))) || kr_map_put(&m->dirs, k, strlen(k), (void *)1, NULL) < 0)
				goto oom;
		}
	}
	*out = &m->fs;
	return 0;
oom:
	mem_free(&m->fs);
	return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
}
