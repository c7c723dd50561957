/*
 * hydrate.h - rendered objects as a tree of files, the "rendered manifests"
 * layout `krender apply` writes to a directory or a Git branch: one file
 * per object at <namespace>/<group>.<kind>/<name>.yaml ("_cluster" for
 * cluster-scoped objects, "core" for the core group), sorted by path, and
 * a manifest (.krender-manifest) of their XXH3-64 hashes.
 */
#ifndef KR_APPLY_HYDRATE_H
#define KR_APPLY_HYDRATE_H
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"
#include "util/limits.h"
#include "yaml/node.h"

#define KR_HYDRATE_MANIFEST ".krender-manifest"

typedef struct kr_hfile {
	const char *path; /* relative, '/'-separated, every segment checked */
	const char *data;
	size_t len;
	uint64_t hash; /* XXH3-64 of data */
} kr_hfile;

typedef struct kr_hydrated {
	kr_hfile *files; /* sorted by path */
	size_t n;
	const char *manifest; /* the text of .krender-manifest */
	size_t manifest_len;
} kr_hydrated;

/*
 * where the hydrated tree came from: app and repo are recorded in the
 * manifest, the revision only in Git commit messages (a new revision that
 * renders the same files changes nothing)
 */
typedef struct kr_hydrate_origin {
	const char *app, *repo, *revision; /* each may be "" */
} kr_hydrate_origin;

/*
 * kr_hydrate() - the files of @objs (namespaced objects without a namespace
 * go to @dest_ns, else "default"). Two objects at one path, or a name that
 * cannot be a file name, are errors. At most @lim->documents files and
 * @lim->output_bytes bytes. 0 or KR_E*.
 */
int kr_hydrate(kr_arena *a, kr_node *const *objs, size_t n, const char *dest_ns, const kr_hydrate_origin *origin,
	       const kr_limits *lim, kr_hydrated *out, kr_err *err);

/* kr_hydrate_hash_hex() - @h as 16 lowercase hex digits (17 bytes with the NUL) */
void kr_hydrate_hash_hex(uint64_t h, char out[17]);

#endif
