/*
 * map.c - linear-probing hash table keyed by XXH3-64 of the key bytes.
 *
 * Invariant: cap is 0 or a power of two and len <= cap * 3 / 4, so a probe
 * always ends at an empty slot (key == NULL).
 */
#include "util/map.h"
#include "util/err.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

uint64_t kr_map_hash(const void *key, size_t klen)
{
	return XXH3_64bits(key, klen);
}

static kr_map_entry *find(const kr_map *m, uint64_t h, const void *key, size_t klen)
{
	size_t mask = m->cap - 1;
	size_t i = (size_t)h & mask;

	for (;;) {
		kr_map_entry *e = &m->slots[i];
		if (!e->key)
			return e;
		if (e->hash == h && e->klen == klen && memcmp(e->key, key, klen) == 0)
			return e;
		i = (i + 1) & mask;
	}
}

void *kr_map_get(const kr_map *m, const void *key, size_t klen)
{
	kr_map_entry *e;

	if (!m->cap)
		return NULL;
	e = find(m, kr_map_hash(key, klen), key, klen);
	return e->key ? e->val : NULL;
}

static int grow(kr_map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 16;
	kr_map_entry *old = m->slots;
	size_t oldcap = m->cap;
	size_t i;

	m->slots = calloc(cap, sizeof(*m->slots));
	if (!m->slots) {
		m->slots = old;
		return KR_ENOMEM;
	}
	m->cap = cap;
	for (i = 0; i < oldcap; i++) {
		if (old[i].key)
			*find(m, old[i].hash, old[i].key, old[i].klen) = old[i];
	}
	free(old);
	return 0;
}

int kr_map_put(kr_map *m, const void *key, size_t klen, void *val, void **old)
{
	uint64_t h = kr_map_hash(key, klen);
	kr_map_entry *e;

	if ((m->len + 1) * 4 > m->cap * 3) {
		int rc = grow(m);
		if (rc < 0)
			return rc;
	}
	e = find(m, h, key, klen);
	if (e->key) {
		if (old)
			*old = e->val;
		return 1;
	}
	e->hash = h;
	/* an empty key still needs a non-NULL pointer to mark the slot used */
	e->key = klen ? key : "";
	e->klen = klen;
	e->val = val;
	m->len++;
	return 0;
}

int kr_map_set(kr_map *m, const void *key, size_t klen, void *val)
{
	void *old;
	int rc = kr_map_put(m, key, klen, val, &old);

	if (rc == 1) {
		find(m, kr_map_hash(key, klen), key, klen)->val = val;
		rc = 0;
	}
	return rc;
}

void kr_map_dispose(kr_map *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = 0;
	m->len = 0;
}
