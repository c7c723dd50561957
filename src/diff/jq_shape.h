/*
 * jq_shape.h - what a jqPathExpression reads of its input, from its text.
 *
 * A chain of field accesses and nothing else (`.metadata.annotations`)
 * selects one path whatever the input, unless a value on the way is
 * neither a map nor null (jq's "Cannot index"): krender answers it itself.
 * A chain followed only by `[]` and `?`, then a pipe (not `|=`) or the end
 * (`.spec.containers[] | select(...)`) reads nothing outside the chain's
 * value: krender-jq is sent only that part of the object (a view). Any
 * other text needs the whole object. The reading is conservative: what it
 * does not recognise needs everything.
 */
#ifndef KR_DIFF_JQ_SHAPE_H
#define KR_DIFF_JQ_SHAPE_H

#include <stdbool.h>

#include "util/arena.h"
#include "yaml/node.h"

typedef struct kr_jq_shape {
	const char **field; /* the leading field chain; nfield 0: the whole input */
	size_t nfield;
	bool pure;     /* the expression is the chain alone */
	kr_node *path; /* pure: the path it selects, as jq would answer it */
} kr_jq_shape;

/* kr_jq_shape_read() - the shape of @expr. 0 or KR_ENOMEM. */
int kr_jq_shape_read(kr_arena *a, const char *expr, kr_jq_shape *out);

/* kr_jq_shape_selects() - pure @s on @obj: true when jq selects s->path, false when it fails. */
bool kr_jq_shape_selects(const kr_jq_shape *s, const kr_node *obj);

/*
 * kr_jq_shape_view() - add to the map *@view (made when NULL) the part of
 * map @obj that the chain of @s reads: maps along the chain holding only
 * the next key, then the original value (shared, not copied). A shape
 * without a chain is not a view. 0 or KR_ENOMEM.
 */
int kr_jq_shape_view(kr_arena *a, const kr_jq_shape *s, const kr_node *obj, kr_node **view);

#endif
