/*
 * node.h - krender's YAML tree: scalars, mappings and sequences in an arena.
 *
 * A scalar keeps its value text with a length (it may hold NUL bytes) and
 * the type kustomize's JSON round trip gives it (enum kr_scalar_type). For
 * a plain scalar typed as non-string, `str` is the normalised text (31 for
 * 0x1F) and `orig` the source text, which a few kustomize paths keep (for
 * example annotation values, which are re-written as strings).
 * Mappings keep key/value pairs in source order; emitters sort. Lines and
 * columns are 1-based. All memory belongs to the arena given at creation.
 */
#ifndef KR_YAML_NODE_H
#define KR_YAML_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"
#include "yaml/scalar.h"

enum kr_node_kind {
	KR_NODE_SCALAR = 1,
	KR_NODE_MAP,
	KR_NODE_SEQ,
};

/* flags */
#define KR_NODE_PLAIN 0x01 /* scalar written plain (unquoted, untagged) in the source */
#define KR_NODE_OPEN 0x02  /* collection still being parsed (alias cycle check) */
#define KR_NODE_SPARE 0x04 /* loader-owned key node until its map ends (KR_LOAD_SHARE_KEYS) */

typedef struct kr_node kr_node;

typedef struct kr_pair {
	kr_node *key;
	kr_node *value;
} kr_pair;

struct kr_node {
	uint8_t kind;  /* enum kr_node_kind */
	uint8_t type;  /* enum kr_scalar_type, scalars only */
	uint8_t flags;
	uint32_t line;
	uint32_t col;
	uint32_t orig_len; /* scalars: bytes of x.orig (the source text of a typed plain scalar) */
	size_t len;        /* scalar bytes, sequence items or mapping pairs */
	union {
		const char *str;
		kr_node **items;
		kr_pair *pairs;
	} u;
	union {
		const char *orig; /* scalars: source text when it differs from str */
		size_t cap;       /* collections: allocated items/pairs */
	} x;
};

_Static_assert(sizeof(kr_node) == 40, "a node is 40 bytes: trees are most of a render's memory");

/* kr_node_new_scalar() - a scalar of @type holding a copy of @s/@n. */
kr_node *kr_node_new_scalar(kr_arena *a, enum kr_scalar_type type, const char *s, size_t n);

/* kr_node_new_str() - a string scalar holding a copy of NUL-terminated @s. */
kr_node *kr_node_new_str(kr_arena *a, const char *s);

/* kr_node_new_map() / kr_node_new_seq() - empty collections. */
kr_node *kr_node_new_map(kr_arena *a);
kr_node *kr_node_new_seq(kr_arena *a);

/* kr_node_is_str() - true when @n is a scalar typed string. */
bool kr_node_is_str(const kr_node *n);

/* kr_node_str_eq() - true when @n is a scalar whose text equals @s. */
bool kr_node_str_eq(const kr_node *n, const char *s);

/*
 * kr_node_text() - the text of scalar @n as a NUL-terminated string in @a
 * (scalar text may point into the input without a NUL); "" for anything
 * that is not a scalar, NULL when @a is out of budget.
 */
const char *kr_node_text(kr_arena *a, const kr_node *n);

/*
 * kr_node_map_get() - the value of key @key in mapping @map, or NULL when
 * @map is not a mapping or has no such key. Borrowed.
 */
kr_node *kr_node_map_get(const kr_node *map, const char *key);

/* kr_node_map_index() - index of key @key in @map, or -1. */
long kr_node_map_index(const kr_node *map, const char *key);

/* kr_node_map_find() - kr_node_map_index() for the key @key/@len (it may hold NUL bytes). */
long kr_node_map_find(const kr_node *map, const char *key, size_t len);

/* kr_node_map_get_n() - kr_node_map_get() for the key @key/@len. */
kr_node *kr_node_map_get_n(const kr_node *map, const char *key, size_t len);

/* kr_node_map_get_path() - follow keys @keys[0..n) through nested maps. */
kr_node *kr_node_map_get_path(const kr_node *map, const char *const *keys, size_t n);

/* kr_node_map_set() - set @key to @value (replacing or appending). */
int kr_node_map_set(kr_arena *a, kr_node *map, const char *key, kr_node *value);

/* kr_node_map_delete() - remove key @key; returns true when it was there. */
bool kr_node_map_delete(kr_node *map, const char *key);

/* kr_node_map_remove() - remove pair @i of @map (i < map->len), keeping the order. */
void kr_node_map_remove(kr_node *map, size_t i);

/* kr_node_map_append() - append a pair without checking for duplicates. */
int kr_node_map_append(kr_arena *a, kr_node *map, kr_node *key, kr_node *value);

/* kr_node_seq_append() - append @item to sequence @seq. */
int kr_node_seq_append(kr_arena *a, kr_node *seq, kr_node *item);

/*
 * kr_node_copy() - deep copy of @n into @a. @budget (may be NULL) counts
 * down the nodes still allowed; when it would go below zero the copy stops
 * and NULL is returned with *@budget == 0.
 */
kr_node *kr_node_copy(kr_arena *a, const kr_node *n, size_t *budget);

/*
 * kr_node_copy_v11() - a copy of @n typed as yaml.v2 (YAML 1.1) types it
 * for sigs.k8s.io/yaml: plain yes/no/on/off/y/n are booleans, mapping keys
 * become their JSON text ("true"), timestamps stay strings. NULL when out
 * of budget or nested deeper than 10,000.
 */
kr_node *kr_node_copy_v11(kr_arena *a, const kr_node *n);
/*
 * kr_node_depth() - how many collections deep the tree under @n nests (a
 * root mapping of scalars: 1), counted without recursion; stops early and
 * returns @stop + 1 once deeper than @stop; SIZE_MAX when out of memory.
 */
size_t kr_node_depth(const kr_node *n, size_t stop);

/* kr_node_count() - number of nodes in the tree under @n, @n included. */
size_t kr_node_count(const kr_node *n);

/* kr_node_equal() - deep equality of value, type and structure (not marks). */
bool kr_node_equal(const kr_node *a, const kr_node *b);

#endif
