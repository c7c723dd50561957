/*
 * generator.h - configMapGenerator / secretGenerator entries to objects,
 * their merge into existing objects, and kustomize's name-suffix hash.
 *
 * A generated object is built in the render's arena exactly as kustomize
 * v5.5.0 builds it (spec kustomize.md section 5): key/value pairs from
 * envs (then the legacy `env`), literals, files, in that order; data keys
 * sorted; every scalar a string except `immutable: true` (a bool). Every
 * file is read through the kr_fs jail. Errors name the kustomization file
 * and the entry's line:col (decoding errors: the offending node's) and copy
 * kustomize's wording, with root-relative paths where kustomize prints
 * absolute ones.
 */
#ifndef KR_KUSTOMIZE_GENERATOR_H
#define KR_KUSTOMIZE_GENERATOR_H

#include <stdbool.h>

#include "kustomize/accumulate.h"
#include "yaml/node.h"

/* Generation behaviours; any unknown string is KR_GEN_CREATE, as in kustomize. */
enum {
	KR_GEN_CREATE = 0,
	KR_GEN_MERGE,
	KR_GEN_REPLACE,
};

typedef struct kr_generated {
	kr_node *obj;    /* the complete ConfigMap or Secret, in r->a */
	int behavior;    /* KR_GEN_* */
	bool needs_hash; /* false when disableNameSuffixHash (entry or generatorOptions) */
	kr_mark mark;    /* the entry: kfile (borrowed from the caller), line, column */
} kr_generated;

/*
 * kr_generator_make() - build the object of one generator list item @entry
 * of the kustomization file @kfile (root-relative, for messages) in the
 * canonical directory @kdir. @generator_options is the kustomization's
 * top-level generatorOptions node or NULL; the entry's own options win.
 * With r->restrict_root_only every file must lie in or below @kdir.
 * Returns 0 with *@out filled, or KR_E* with r->err set.
 */
int kr_generator_make(kr_render *r, const char *kdir, const char *kfile, const kr_node *entry,
		      bool is_secret, const kr_node *generator_options, kr_generated *out);

/*
 * kr_generator_merge() - absorb @generated into the matching @existing
 * object in place with @behavior KR_GEN_MERGE or KR_GEN_REPLACE: the result
 * is a copy of @generated whose labels and annotations are the old ones
 * overlaid with the new ones, whose name and namespace are the old ones,
 * and, for merge, whose data and binaryData are merged key-wise (new wins;
 * an empty result drops the field). Nothing else of the old object stays.
 * KR_GEN_CREATE is the kustomize "exists; behavior must be merge or
 * replace" error. The name-hash flag of the result is set only when both
 * sides had it (kustomize v5.5.0 keeps the old build annotation and drops
 * it when the new object lacks it): callers do
 * `res->needs_hash = res->needs_hash && gen->needs_hash`.
 */
int kr_generator_merge(kr_render *r, kr_node *existing, const kr_node *generated, int behavior,
		       kr_err *err);

/*
 * kr_generator_absorb_error() - kustomize's error for generated @obj with
 * @behavior when a matching object @exists (behaviour create) or does not
 * (merge/replace): "id resid.ResId{...} exists; behavior must be merge or
 * replace" / "... does not exist; cannot merge or replace". kustomize's
 * "merging from generator &{0x... <nil>}: " prefix holds a pointer and is
 * left out. Returns the KR_E* code set.
 */
int kr_generator_absorb_error(kr_err *err, const kr_mark *mark, const kr_node *obj, bool exists);

/*
 * kr_name_hash() - the 10-character name suffix kustomize derives from the
 * content of ConfigMap or Secret @obj (spec section 5.3), NUL-terminated
 * in @out. Other kinds are KR_EUNSUP; KR_ENOMEM on allocation failure.
 */
int kr_name_hash(const kr_node *obj, char out[11]);

#endif
