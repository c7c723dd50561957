/*
 * pcache.c - a parse cache shared by the builds of one batch (pcache.h).
 * Invariants: the map is touched only under the mutex; a published tree is
 * never written again (users copy it); worker slot i's arena is used only
 * by the thread running slot i, so parsing happens outside the lock. Two
 * workers missing the same file both parse it; the first to publish wins
 * and the other's copy is simply never used.
 */
#include "kustomize/pcache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "krender/build.h"
#include "util/map.h"

struct entry {
	kr_yaml_stream s;
	size_t bytes;
};

struct kr_parse_cache {
	pthread_mutex_t mu;
	kr_map map; /* flags byte + canonical path -> struct entry */
	int nslots;
	kr_arena **arenas;
	size_t hits, misses;
};

kr_parse_cache *kr_parse_cache_new(int slots)
{
	kr_parse_cache *c = calloc(1, sizeof(*c));
	int i;

	if (!c)
		return NULL;
	c->arenas = calloc((size_t)(slots > 0 ? slots : 1), sizeof(*c->arenas));
	c->nslots = slots > 0 ? slots : 1;
	pthread_mutex_init(&c->mu, NULL);
	for (i = 0; c->arenas && i < c->nslots; i++)
		if (!(c->arenas[i] = kr_arena_new((size_t)-1)))
			break;
	if (!c->arenas || i < c->nslots) {
		kr_parse_cache_free(c);
		return NULL;
	}
	return c;
}

void kr_parse_cache_free(kr_parse_cache *c)
{
	int i;

	if (!c)
		return;
	for (i = 0; c->arenas && i < c->nslots; i++)
		kr_arena_free(c->arenas[i]);
	free(c->arenas);
	kr_map_dispose(&c->map);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

void kr_parse_cache_stats(const kr_parse_cache *c, size_t *hits, size_t *misses)
{
	*hits = c->hits;
	*misses = c->misses;
}

static struct entry *lookup(kr_parse_cache *c, const char *key, size_t klen, struct entry *put)
{
	struct entry *e;

	pthread_mutex_lock(&c->mu);
	e = kr_map_get(&c->map, key, klen);
	if (!e && put && kr_map_put(&c->map, key, klen, put, NULL) >= 0)
		e = put;
	if (put)
		c->misses++;
	else if (e)
		c->hits++;
	pthread_mutex_unlock(&c->mu);
	return e;
}

/* Parse @canon into slot @slot's arena and publish it; the published entry. */
static int parse_into_cache(kr_parse_cache *c, int slot, kr_fs *fs, const char *canon,
			    const char *file, unsigned flags, const kr_limits *lim, const char *key,
			    size_t klen, struct entry **out, kr_err *err)
{
	kr_arena *a = c->arenas[slot];
	struct entry *e = kr_arena_zalloc(a, sizeof(*e));
	char *k = kr_arena_memdup(a, key, klen);
	const char *data;
	size_t len;
	int rc;

	if (!e || !k)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	rc = kr_fs_read(fs, canon, a, &data, &len, lim->file_bytes, err);
	if (rc == 0)
		rc = kr_yaml_load(&e->s, a, file, data, len, lim, flags, err);
	if (rc < 0)
		return rc;
	e->bytes = len;
	*out = lookup(c, k, klen, e);
	return *out ? 0 : kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
}

int kr_pcache_load(kr_parse_cache *c, int slot, kr_fs *fs, const char *canon, const char *file,
		   unsigned flags, bool publish, const kr_limits *lim, kr_arena *dst, kr_yaml_stream *out,
		   size_t *bytes, kr_err *err)
{
	size_t klen = strlen(canon) + 1, i;
	char *key = malloc(klen);
	struct entry *e;
	int rc = 0;

	if (!key)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	key[0] = (char)('A' + flags); /* trees differ by load flags */
	memcpy(key + 1, canon, klen - 1);
	e = lookup(c, key, klen, NULL);
	if (!e && !publish) {
		/* read once by this build alone: parse straight into its arena */
		const char *data;
		size_t len;

		free(key);
		rc = kr_fs_read(fs, canon, dst, &data, &len, lim->file_bytes, err);
		if (rc == 0)
			rc = kr_yaml_load(out, dst, file, data, len, lim, flags, err);
		*bytes = len;
		return rc;
	}
	if (!e)
		rc = parse_into_cache(c, slot < c->nslots ? slot : 0, fs, canon, file, flags, lim, key, klen,
				      &e, err);
	free(key);
	if (rc < 0)
		return rc;
	out->n = e->s.n;
	out->docs = kr_arena_alloc(dst, (e->s.n ? e->s.n : 1) * sizeof(*out->docs));
	if (!out->docs)
		return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
	for (i = 0; i < e->s.n; i++)
		if (!(out->docs[i] = kr_node_copy(dst, e->s.docs[i], NULL)))
			return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
	*bytes = e->bytes;
	return 0;
}
