/*
 * transform.h - kustomize's built-in transformers, one file each, run by
 * kr_transform_all() in kustomize's fixed order (kustomize.md section 1):
 * namespace, namePrefix, nameSuffix, labels then commonLabels,
 * commonAnnotations, replicas, images. Each reads its configuration from
 * the kustomization and changes the resources of @rm in place, keeping
 * every resource's ID and name history in step.
 */
#ifndef KR_KUSTOMIZE_TRANSFORM_H
#define KR_KUSTOMIZE_TRANSFORM_H

#include "kustomize/accumulate.h"
#include "kustomize/fieldspec.h"
#include "kustomize/tfconfig.h"

int kr_transform_namespace(kr_render *r, kr_resmap *rm, const char *ns, const kr_tfconfig *cfg);
int kr_transform_names(kr_render *r, kr_resmap *rm, const char *prefix, const char *suffix,
		       const kr_tfconfig *cfg);
int kr_transform_labels(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const kr_tfconfig *cfg);
int kr_transform_annotations(kr_render *r, kr_resmap *rm, const kr_node *annotations,
			     const kr_tfconfig *cfg);
int kr_transform_replicas(kr_render *r, kr_resmap *rm, const kr_kustomization *k);
int kr_transform_images(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const kr_tfconfig *cfg);

/* kr_transform_add_pairs() - add string @pairs at every field of @table and @extra (labels, annotations). */
int kr_transform_add_pairs(kr_render *r, kr_resmap *rm, const kr_node *pairs, const kr_fieldspec *table,
			   const kr_fieldspecs *extra);

/*
 * kr_transform_all() - every transformer @k configures, in kustomize's
 * order, with the built-in field specs plus those of @cfg.
 */
int kr_transform_all(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const kr_tfconfig *cfg);

/* Default field-spec tables (fieldspec_tables.c). */
extern const kr_fieldspec kr_fs_template_labels[];
extern const kr_fieldspec kr_fs_common_labels[];
extern const kr_fieldspec kr_fs_common_annotations[];
extern const kr_fieldspec kr_fs_images[];

/* kr_transform_mark() - a mark for errors about kustomization node @n. */
kr_mark kr_transform_mark(const kr_kustomization *k, const kr_node *n);

#endif
