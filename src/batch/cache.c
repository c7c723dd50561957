/*
 * cache.c - `krender batch --cache DIR`: an entry's output is reused while
 * none of its inputs changed. For entry E the cache holds DIR/<h>.dep and
 * DIR/<h>.out (h: XXH3 of E's path). The .dep file names the krender
 * version and options (one fingerprint) and every file the render read,
 * relative to the batch root, with size, mtime and the XXH3 of its bytes.
 * A file whose size and mtime are unchanged is taken as unchanged;
 * otherwise its bytes are hashed again, so a fresh checkout (new mtimes,
 * same contents) still hits: the cache is content-addressed, and paths are
 * relative so a workspace that moves between CI runs keeps its cache.
 * Entries whose output depends on more than files (helm, remote bases) are
 * never cached. Writes go through temporary files and renames.
 */
#include "batch/batch.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "cli/cli.h"
#include "util/buf.h"

#define CACHE_MAGIC "krender-batch-cache 1"

static char *cache_path(const kr_batch *b, const char *entry, const char *ext)
{
	char *p;

	if (asprintf(&p, "%s/%016llx.%s", b->cache_dir,
		     (unsigned long long)XXH3_64bits(entry, strlen(entry)), ext) < 0)
		return NULL;
	return p;
}

/* The bytes of @path (malloc'd) or NULL. */
static char *slurp(const char *path, size_t *len)
{
	struct stat st;
	char *buf = NULL;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (buf = malloc((size_t)st.st_size + 1))) {
		size_t off = 0;

		while (off < (size_t)st.st_size) {
			ssize_t n = read(fd, buf + off, (size_t)st.st_size - off);

			if (n <= 0)
				break;
			off += (size_t)n;
		}
		if (off != (size_t)st.st_size) {
			free(buf);
			buf = NULL;
		} else {
			buf[off] = '\0';
			*len = off;
		}
	}
	close(fd);
	return buf;
}

/* size, mtime and XXH3 of root-relative @rel; -1 when it cannot be read */
static int describe(const kr_batch *b, const char *rel, struct stat *st, unsigned long long *hash)
{
	char *path, *data;
	size_t len = 0;

	if (asprintf(&path, "%s/%s", b->root, rel) < 0)
		return -1;
	data = stat(path, st) == 0 ? slurp(path, &len) : NULL;
	free(path);
	if (!data)
		return -1;
	*hash = XXH3_64bits(data, len);
	free(data);
	return 0;
}

/* Is @rel as the manifest line says? Cheap when size and mtime match. */
static bool still_same(const kr_batch *b, const char *rel, long long size, long long sec, long nsec,
		       unsigned long long hash)
{
	struct stat st;
	unsigned long long now;
	char *path;
	int rc;

	if (asprintf(&path, "%s/%s", b->root, rel) < 0)
		return false;
	rc = stat(path, &st);
	free(path);
	if (rc != 0)
		return false;
	if (st.st_size == size && st.st_mtim.tv_sec == sec && st.st_mtim.tv_nsec == nsec)
		return true;
	return describe(b, rel, &st, &now) == 0 && now == hash;
}

int kr_batch_cache_deps(const kr_batch *b, const char *entry, char ***paths, size_t *n)
{
	char *dep = cache_path(b, entry, "dep"), *text, *line, *save = NULL, header[4096];
	size_t len = 0, cap = 0;

	*paths = NULL;
	*n = 0;
	text = dep ? slurp(dep, &len) : NULL;
	free(dep);
	if (!text)
		return -1;
	snprintf(header, sizeof(header), "%s %016llx %s", CACHE_MAGIC, (unsigned long long)b->fingerprint, entry);
	line = strtok_r(text, "\n", &save);
	if (!line || strcmp(line, header) != 0) {
		free(text);
		return -1;
	}
	while ((line = strtok_r(NULL, "\n", &save))) {
		long long size, sec;
		long nsec;
		unsigned long long hash;
		int off = 0;

		if (sscanf(line, "%lld %lld.%ld %llx %n", &size, &sec, &nsec, &hash, &off) != 4 || !off)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*paths = realloc(*paths, cap * sizeof(**paths));
		}
		(*paths)[(*n)++] = strdup(line + off);
	}
	free(text);
	return 0;
}

int kr_batch_cache_lookup(const kr_batch *b, const char *entry, char **out, size_t *len)
{
	char *dep = cache_path(b, entry, "dep"), *res = cache_path(b, entry, "out");
	char *text = NULL, *line, *save = NULL, header[4096];
	size_t tlen = 0;
	bool ok = false;

	*out = NULL;
	text = dep ? slurp(dep, &tlen) : NULL;
	snprintf(header, sizeof(header), "%s %016llx %s", CACHE_MAGIC, (unsigned long long)b->fingerprint, entry);
	line = text ? strtok_r(text, "\n", &save) : NULL;
	if (line && strcmp(line, header) == 0) {
		ok = true;
		while (ok && (line = strtok_r(NULL, "\n", &save))) {
			long long size, sec;
			long nsec;
			unsigned long long hash;
			int off = 0;

			ok = sscanf(line, "%lld %lld.%ld %llx %n", &size, &sec, &nsec, &hash, &off) == 4 && off &&
			     still_same(b, line + off, size, sec, nsec, hash);
		}
	}
	if (ok && res)
		*out = slurp(res, len);
	free(text);
	free(dep);
	free(res);
	return *out ? 1 : 0;
}

void kr_batch_cache_store(const kr_batch *b, const char *entry, const char *out, size_t len,
			  const char *const *inputs, size_t n)
{
	char *dep = cache_path(b, entry, "dep"), *res = cache_path(b, entry, "out");
	kr_buf text;
	size_t i;
	int rc;

	kr_buf_init(&text, (size_t)-1);
	rc = dep && res ? kr_buf_printf(&text, "%s %016llx %s\n", CACHE_MAGIC,
					(unsigned long long)b->fingerprint, entry) : -1;
	for (i = 0; rc == 0 && i < n; i++) {
		struct stat st;
		unsigned long long hash;

		rc = describe(b, inputs[i], &st, &hash);
		if (rc == 0)
			rc = kr_buf_printf(&text, "%lld %lld.%09ld %016llx %s\n", (long long)st.st_size,
					   (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec, hash, inputs[i]);
	}
	/* the output first: a .dep never names an output that is not there */
	if (rc == 0 && kr_cli_write_file(res, out, len, false) == 0)
		kr_cli_write_file(dep, text.data, text.len, false);
	kr_buf_dispose(&text);
	free(dep);
	free(res);
}
