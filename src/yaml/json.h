/*
 * json.h - canonical JSON of a kr_node tree, and its XXH3 hash.
 *
 * Canonical means what Go's encoding/json prints for the same value: object
 * keys sorted by bytes, no spaces, strings escaped like json.Marshal (HTML
 * characters and U+2028/U+2029 as \u escapes), numbers in their normalised
 * text. Used for hashing (caches, diff) and for kustomize's name hashes.
 */
#ifndef KR_YAML_JSON_H
#define KR_YAML_JSON_H

#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "yaml/node.h"

/* kr_json_write() - append the canonical JSON of @n to @out. 0 or KR_E*. */
int kr_json_write(kr_buf *out, const kr_node *n);

/* kr_json_write_string() - append @s/@n as a JSON string literal. */
int kr_json_write_string(kr_buf *out, const char *s, size_t n);

/*
 * kr_json_pointer_token() - RFC 6901 token @s/@n decoded (~1 -> '/',
 * ~0 -> '~', left to right) as a NUL-terminated string in @a, or NULL.
 */
char *kr_json_pointer_token(kr_arena *a, const char *s, size_t n);

/*
 * kr_node_hash() - XXH3-64 of the canonical JSON of @n; equal trees (as JSON
 * values) hash equal whatever their key order. Returns 0 or KR_E*.
 */
int kr_node_hash(const kr_node *n, uint64_t *hash);

#endif
