/*
 * tfconfig.h - transformer configurations: the field specs a kustomization
 * adds to the built-in tables through `configurations:` files. A
 * kustomization's configuration is the merge of its bases' and its own
 * (kustomize propagates them upwards, to every parent).
 */
#ifndef KR_KUSTOMIZE_TFCONFIG_H
#define KR_KUSTOMIZE_TFCONFIG_H

#include "kustomize/fieldspec.h"
#include "kustomize/nameref.h"

typedef struct kr_tfconfig {
	kr_fieldspecs name_prefix;
	kr_fieldspecs name_suffix;
	kr_fieldspecs namespace_;
	kr_fieldspecs common_labels;
	kr_fieldspecs template_labels;
	kr_fieldspecs labels;
	kr_fieldspecs common_annotations;
	kr_fieldspecs images;
	kr_fieldspecs replicas;
	struct kr_nameref_entry *nameref; /* extra entries */
	size_t nnameref, capnameref;
	kr_fieldspecs var_reference;      /* varReference additions */
	const kr_node **vars;             /* `vars` entries of the subtree */
	const char **var_files;           /* the kustomization file of each */
	size_t nvars, capvars;
} kr_tfconfig;

/* kr_tfconfig_add_vars() - register @k's vars; a name seen before is KR_EINVAL. */
struct kr_render;
struct kr_kustomization;
int kr_tfconfig_add_vars(struct kr_render *r, const struct kr_kustomization *k, kr_tfconfig *cfg);

struct kr_render;
struct kr_kustomization;

/* kr_tfconfig_merge() - add @src's specs to @dst (duplicates dropped; a
 * create conflict is KR_EINVAL "conflicting fieldspecs"). */
int kr_tfconfig_merge(kr_arena *a, kr_tfconfig *dst, const kr_tfconfig *src);

/* kr_tfconfig_load() - read @k's `configurations:` files into @dst. */
int kr_tfconfig_load(struct kr_render *r, const struct kr_kustomization *k, kr_tfconfig *dst);

/* kr_openapi_check() - validate @k's `openapi` field (version or schema file). */
int kr_openapi_check(struct kr_render *r, const struct kr_kustomization *k);

/* kr_crds_load() - read @k's `crds:` OpenAPI definition files into @dst (crds.c). */
int kr_crds_load(struct kr_render *r, const struct kr_kustomization *k, kr_tfconfig *dst);

#endif
