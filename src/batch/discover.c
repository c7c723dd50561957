/*
 * discover.c - find the kustomizations of a monorepo and pick a shard.
 * The walk never follows symbolic links, skips hidden directories (.git),
 * and stops at 64 levels and 200,000 directories. Components are entries
 * too (kustomize builds a component directory on its own). Entries are
 * sorted by path, so runs and shards are deterministic.
 */
#include "batch/batch.h"
#include "kustomize/accumulate.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#define MAX_DEPTH 64
#define MAX_DIRS 200000

int kr_batch_add(kr_batch *b, const char *path)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		kr_batch_entry *e = realloc(b->e, cap * sizeof(*e));

		if (!e)
			return -1;
		b->e = e;
		b->cap = cap;
	}
	memset(&b->e[b->n], 0, sizeof(b->e[b->n]));
	b->e[b->n].path = strdup(path);
	if (!b->e[b->n].path)
		return -1;
	b->n++;
	return 0;
}

struct walk {
	kr_batch *b;
	size_t dirs;
	char *err;
	size_t errcap;
};

static int walk(struct walk *w, int dirfd, const char *rel, int depth)
{
	DIR *d;
	struct dirent *de;
	size_t i;
	int rc = 0;

	if (++w->dirs > MAX_DIRS || depth > MAX_DEPTH) {
		snprintf(w->err, w->errcap, "more than %d directories or %d levels under the root", MAX_DIRS,
			 MAX_DEPTH);
		close(dirfd);
		return -1;
	}
	for (i = 0; i < KR_KUST_NAMES; i++) {
		struct stat st;

		if (fstatat(dirfd, kr_kust_names[i], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)) {
			if (kr_batch_add(w->b, rel) < 0)
				rc = -1;
			break;
		}
	}
	d = fdopendir(dirfd);
	if (!d) {
		close(dirfd);
		return rc;
	}
	while (rc == 0 && (de = readdir(d))) {
		struct stat st;
		char *child;
		int fd;

		if (de->d_name[0] == '.')
			continue;
		if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode))
			continue;
		fd = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (strcmp(rel, ".") == 0)
			child = strdup(de->d_name);
		else if (asprintf(&child, "%s/%s", rel, de->d_name) < 0)
			child = NULL;
		if (!child) {
			close(fd);
			rc = -1;
			break;
		}
		rc = walk(w, fd, child, depth + 1);
		free(child);
	}
	closedir(d);
	return rc;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const kr_batch_entry *)a)->path, ((const kr_batch_entry *)b)->path);
}

int kr_batch_discover(kr_batch *b, char *err, size_t errcap)
{
	struct walk w = {b, 0, err, errcap};
	int fd = open(b->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(err, errcap, "cannot open the root '%s'", b->root);
		return -1;
	}
	if (walk(&w, fd, ".", 0) < 0) {
		if (!err[0])
			snprintf(err, errcap, "out of memory");
		return -1;
	}
	qsort(b->e, b->n, sizeof(*b->e), by_path);
	return 0;
}

void kr_batch_shard(kr_batch *b)
{
	size_t i, w = 0;

	if (b->shards <= 1)
		return;
	for (i = 0; i < b->n; i++) {
		if (XXH3_64bits(b->e[i].path, strlen(b->e[i].path)) % (unsigned)b->shards == (unsigned)b->shard)
			b->e[w++] = b->e[i];
		else
			free(b->e[i].path);
	}
	b->n = w;
}

void kr_batch_free(kr_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->e[i].path);
		free(b->e[i].error);
		for (size_t k = 0; k < b->e[i].ninputs; k++)
			free(b->e[i].inputs[k]);
		free(b->e[i].inputs);
	}
	free(b->e);
	b->e = NULL;
	b->n = b->cap = 0;
}
