/*
 * gotmpl.h - Go's text/template in C, with the Sprig functions ArgoCD
 * offers (minus env, expandenv, getHostByName) and ArgoCD's own (normalize,
 * slugify, toYaml, fromYaml, fromYamlArray).
 *
 * Data are kr_gt_value trees: nil, bool, int (int64), float (float64),
 * string, list and map (string keys, kept sorted). Data read from YAML or
 * JSON come in as Go's encoding/json gives them to templates: every
 * number a float64. Output and error texts are Go's, checked against Go
 * itself (tests/oracle/gotemplate).
 */
#ifndef KR_GOTMPL_GOTMPL_H
#define KR_GOTMPL_GOTMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "yaml/node.h"

enum kr_gt_kind {
	KR_GT_INVALID = 0, /* no value: a missing map key */
	KR_GT_NIL,
	KR_GT_BOOL,
	KR_GT_INT,   /* Go's int */
	KR_GT_INT64, /* Sprig's arithmetic gives int64 */
	KR_GT_FLOAT,
	KR_GT_STRING,
	KR_GT_LIST,
	KR_GT_MAP,
};

typedef struct kr_gt_value kr_gt_value;
typedef struct kr_gt_list {
	size_t n;
	kr_gt_value *v;
} kr_gt_list;
typedef struct kr_gt_map {
	size_t n;            /* keys sorted by bytes, unique */
	const char **k;      /* NUL-terminated */
	kr_gt_value *v;
} kr_gt_map;

struct kr_gt_value {
	uint8_t kind;
	union {
		bool b;
		int64_t i;
		double f;
		struct {
			const char *p;
			size_t n;
		} s;
		kr_gt_list *l;
		kr_gt_map *m;
	} u;
};

/* how deep values may nest when printed, encoded or copied (Sprig's set can make a map hold itself) */
#define KR_GT_MAX_NESTING 1000

enum kr_gt_missing { KR_GT_MISSING_INVALID, KR_GT_MISSING_ZERO, KR_GT_MISSING_ERROR };

typedef struct kr_gt_template kr_gt_template;

/*
 * kr_gt_parse() - parse @text (template name @name, "" in ArgoCD). A syntax
 * error is Go's message ("template: NAME:LINE: ..."). 0 or KR_E*.
 */
int kr_gt_parse(kr_arena *a, const char *name, const char *text, size_t n, kr_gt_template **out, kr_err *err);

/* kr_gt_options() - apply one Option string ("missingkey=error"...). 0 or KR_EINVAL. */
int kr_gt_option(kr_gt_template *t, const char *opt, kr_err *err);

/* kr_gt_exec() - execute @t with @dot, appending to @out. 0 or KR_E* with Go's message. */
int kr_gt_exec(kr_arena *a, const kr_gt_template *t, kr_gt_value dot, kr_buf *out, kr_err *err);

/* kr_gt_from_node() - @n as a template value (numbers float64, as encoding/json reads them). */
kr_gt_value kr_gt_from_node(kr_arena *a, const kr_node *n);

/* kr_gt_to_node() - @v as a YAML tree (NULL on OOM, for values without one, or nested past KR_GT_MAX_NESTING). */
kr_node *kr_gt_to_node(kr_arena *a, kr_gt_value v);

/* kr_gt_string() - a string value of @s/@n. */
kr_gt_value kr_gt_string(const char *s, size_t n);

/* kr_gt_new_list() - a list of @n zero values, in @a (KR_GT_INVALID on OOM). */
kr_gt_value kr_gt_new_list(kr_arena *a, size_t n);

/* kr_gt_map_from() - a map of keys @k (NUL-terminated) to @v, sorted; of repeated keys the last wins. */
kr_gt_value kr_gt_map_from(kr_arena *a, const char **k, const kr_gt_value *v, size_t n);

#endif
