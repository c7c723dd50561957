/*
 * fieldspec.h - kustomize's field specs: which fields of which kinds a
 * transformer touches, and the walk that finds them.
 *
 * A spec is {group, version, kind, path, create}; empty group, version or
 * kind match anything. A path is split on '/' ("\/" escapes a slash in a
 * key). Walking: a sequence met on the way is entered element by element
 * with the same remaining path; a segment ending in "[]" must be a
 * sequence and is never created; missing maps are created only when
 * `create` is set (an existing null becomes a map).
 */
#ifndef KR_KUSTOMIZE_FIELDSPEC_H
#define KR_KUSTOMIZE_FIELDSPEC_H

#include <stdbool.h>

#include "resource/resource.h"

typedef struct kr_fieldspec {
	const char *group;
	const char *version;
	const char *kind;
	const char *path;
	bool create;
} kr_fieldspec;

/* A list of specs (arena-owned). */
typedef struct kr_fieldspecs {
	kr_fieldspec *v;
	size_t n, cap;
} kr_fieldspecs;

/*
 * The visitor gets the mapping that holds the last path segment, the key,
 * and the value (NULL when the field is missing and @create asked for it:
 * the visitor then decides what to create with kr_node_map_set()).
 * It returns 0 or a KR_E* code.
 */
typedef int (*kr_field_visit)(void *ctx, kr_node *map, const char *key, kr_node *value);

/* kr_fieldspec_matches() - does @fs select resources with ID @id? */
bool kr_fieldspec_matches(const kr_fieldspec *fs, const kr_resid *id);

/*
 * kr_fieldspec_walk() - visit every field at @fs->path in @root. Missing
 * intermediate maps are created when @fs->create; the visitor is called for
 * a missing last field only when @fs->create.
 */
int kr_fieldspec_walk(kr_arena *a, kr_node *root, const kr_fieldspec *fs, kr_field_visit visit,
		      void *ctx, kr_err *err);

/*
 * kr_fieldspec_walk_strict() - like kr_fieldspec_walk(), but a scalar met
 * where the path goes on is an error ("expected sequence or mapping node"),
 * as kustomize's name-reference walk reports it.
 */
int kr_fieldspec_walk_strict(kr_arena *a, kr_node *root, const kr_fieldspec *fs, kr_field_visit visit,
			     void *ctx, kr_err *err);

/* kr_fieldspecs_add() - append @fs (strings are borrowed; arena-lived). */
int kr_fieldspecs_add(kr_arena *a, kr_fieldspecs *list, const kr_fieldspec *fs);

#endif
