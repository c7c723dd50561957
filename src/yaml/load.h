/*
 * load.h - YAML bytes to kr_node trees (libyaml events, own tree builder).
 *
 * One call loads a whole multi-document stream. Plain scalars are typed
 * with yaml.v3's rules and normalised as kustomize's JSON round trip does;
 * aliases and `<<` merge keys are expanded under a node budget; duplicate
 * keys, undefined or self-referential aliases, over-deep nesting and, for
 * resources, keys that are not strings and infinities are errors that name
 * the file, line and column.
 */
#ifndef KR_YAML_LOAD_H
#define KR_YAML_LOAD_H

#include "util/arena.h"
#include "util/err.h"
#include "util/limits.h"
#include "yaml/node.h"

typedef struct kr_yaml_stream {
	kr_node **docs; /* root of each document; an empty document is a null scalar */
	size_t n;
} kr_yaml_stream;

/* Load options */
#define KR_LOAD_RESOURCE 0x01 /* kustomize resource: keys must be strings, no .inf/.nan */
#define KR_LOAD_BORROW 0x02   /* scalars may point into @data, which must outlive the tree */
/* plain string map keys share one node per text (line and column of the first): trees never changed key by key */
#define KR_LOAD_SHARE_KEYS 0x04

/*
 * kr_yaml_load() - parse @data/@len (named @file in errors) into @out.
 * Nodes live in @a. Returns 0 or a negative KR_E* code with @err filled.
 */
int kr_yaml_load(kr_yaml_stream *out, kr_arena *a, const char *file, const char *data,
		 size_t len, const kr_limits *lim, unsigned flags, kr_err *err);

#endif
