/*
 * transform.c - the fixed order of kustomize's built-in transformers
 * within one kustomization (kustomize.md section 1, step 3.6), and the
 * re-index that keeps the resource map's IDs in step afterwards.
 */
#include "kustomize/transform.h"

kr_mark kr_transform_mark(const kr_kustomization *k, const kr_node *n)
{
	kr_mark m = {k->file, n ? (int)n->line : 0, n ? (int)n->col : 0};
	return m;
}

int kr_transform_all(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const kr_tfconfig *cfg)
{
	int rc = 0;

	if (k->namespace_)
		rc = kr_transform_namespace(r, rm, k->namespace_, cfg);
	if (rc == 0 && (k->name_prefix || k->name_suffix))
		rc = kr_transform_names(r, rm, k->name_prefix, k->name_suffix, cfg);
	if (rc == 0 && (k->labels || k->common_labels))
		rc = kr_transform_labels(r, rm, k, cfg);
	if (rc == 0 && k->common_annotations)
		rc = kr_transform_annotations(r, rm, k->common_annotations, cfg);
	if (rc == 0 && k->replicas)
		rc = kr_transform_replicas(r, rm, k);
	if (rc == 0 && (k->images || k->image_tags))
		rc = kr_transform_images(r, rm, k, cfg);
	if (rc == 0 && (k->namespace_ || k->name_prefix || k->name_suffix))
		rc = kr_resmap_reindex(rm, r->err);
	return rc;
}
