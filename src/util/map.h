/*
 * map.h - open-addressing hash map from byte strings to pointers (XXH3).
 *
 * Keys are borrowed, not copied: they must outlive the map (arena strings).
 * Insertion order is not kept: never iterate a map into output (STYLE 11);
 * keep an ordered vector beside it where order matters.
 */
#ifndef KR_UTIL_MAP_H
#define KR_UTIL_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct kr_map_entry {
	uint64_t hash;
	const char *key;
	size_t klen;
	void *val;
} kr_map_entry;

typedef struct kr_map {
	kr_map_entry *slots;
	size_t cap; /* power of two or 0 */
	size_t len;
} kr_map;

#define KR_MAP_INIT {NULL, 0, 0}

/* kr_map_hash() - the XXH3-64 hash the map uses for @key/@klen. */
uint64_t kr_map_hash(const void *key, size_t klen);

/* kr_map_get() - the value stored for @key, or NULL. */
void *kr_map_get(const kr_map *m, const void *key, size_t klen);

/*
 * kr_map_put() - store @val for @key. When the key is present already its
 * value is left alone and returned in *@old (if @old), and 1 is returned;
 * 0 when inserted; KR_ENOMEM.
 */
int kr_map_put(kr_map *m, const void *key, size_t klen, void *val, void **old);

/* kr_map_set() - store @val for @key, replacing any value. 0 or KR_ENOMEM. */
int kr_map_set(kr_map *m, const void *key, size_t klen, void *val);

/* kr_map_dispose() - free the table (not the keys or values). */
void kr_map_dispose(kr_map *m);

#endif
