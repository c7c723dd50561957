/*
 * transform.c - the fixed order of kustomize's built-in transformers
 * within one kustomization (kustomize.md section 1, step 3.6), and the
 * re-index that keeps the resource map's IDs in step afterwards.
 */
#include "kustomize/transform.h"

#include "kustomize/patch.h"
#include "kustomize/replacements.h"

kr_mark kr_transform_mark(const kr_kustomization *k, const kr_node *n)
{
	kr_mark m = {k->file, n ? (int)n->line : 0, n ? (int)n->col : 0};
	return m;
}

/* Note that transformer @kind of @k ran over every resource (buildMetadata). */
static int record(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const char *kind, size_t times)
{
	size_t i, t;

	for (i = 0; i < rm->n; i++)
		for (t = 0; t < times; t++)
			if (kr_strs_push(r->a, &rm->items[i]->tf_in, k->path) < 0 ||
			    kr_strs_push(r->a, &rm->items[i]->tf_kind, kind) < 0)
				return kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded");
	return 0;
}

/*
 * The transformers a layer configures, as kubectl lists them in
 * alpha.config.kubernetes.io/transformations: one record per transformer
 * instance on every resource, changed or not; `labels` with N entries
 * counts N+1 LabelTransformers (kubectl's count).
 */
static int record_all(kr_render *r, kr_resmap *rm, const kr_kustomization *k)
{
	size_t nlabels = k->labels ? k->labels->len : 0;
	int rc = 0;

	if (k->patches_sm)
		rc = record(r, rm, k, "PatchStrategicMergeTransformer", 1);
	if (rc == 0 && k->patches)
		rc = record(r, rm, k, "PatchTransformer", k->patches->len);
	if (rc == 0 && k->namespace_)
		rc = record(r, rm, k, "NamespaceTransformer", 1);
	if (rc == 0 && k->name_prefix)
		rc = record(r, rm, k, "PrefixTransformer", 1);
	if (rc == 0 && k->name_suffix)
		rc = record(r, rm, k, "SuffixTransformer", 1);
	if (rc == 0 && (k->labels || k->common_labels))
		rc = record(r, rm, k, "LabelTransformer", nlabels + 1);
	if (rc == 0 && k->common_annotations)
		rc = record(r, rm, k, "AnnotationsTransformer", 1);
	if (rc == 0 && k->patches_json6902)
		rc = record(r, rm, k, "PatchJson6902Transformer", k->patches_json6902->len);
	if (rc == 0 && k->replicas)
		rc = record(r, rm, k, "ReplicaCountTransformer", k->replicas->len);
	if (rc == 0 && (k->images || k->image_tags))
		rc = record(r, rm, k, "ImageTagTransformer",
			    (k->images ? k->images->len : 0) + (k->image_tags ? k->image_tags->len : 0));
	if (rc == 0 && k->replacements)
		rc = record(r, rm, k, "ReplacementTransformer", 1);
	return rc;
}

int kr_transform_all(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const kr_tfconfig *cfg)
{
	int rc = record_all(r, rm, k);

	if (rc == 0 && k->patches_sm)
		rc = kr_patch_strategic_merge(r, rm, k);
	if (rc == 0 && k->patches)
		rc = kr_patch_patches(r, rm, k);
	if (rc == 0 && k->namespace_)
		rc = kr_transform_namespace(r, rm, k->namespace_, cfg);
	if (rc == 0 && (k->name_prefix || k->name_suffix))
		rc = kr_transform_names(r, rm, k->name_prefix, k->name_suffix, cfg);
	if (rc == 0 && (k->labels || k->common_labels))
		rc = kr_transform_labels(r, rm, k, cfg);
	if (rc == 0 && k->common_annotations)
		rc = kr_transform_annotations(r, rm, k->common_annotations, cfg);
	if (rc == 0 && k->patches_json6902)
		rc = kr_patch_json6902(r, rm, k);
	if (rc == 0 && k->replicas)
		rc = kr_transform_replicas(r, rm, k);
	if (rc == 0 && (k->images || k->image_tags))
		rc = kr_transform_images(r, rm, k, cfg);
	if (rc == 0 && k->replacements)
		rc = kr_replacements_apply(r, rm, k);
	if (rc == 0 && (k->namespace_ || k->name_prefix || k->name_suffix))
		rc = kr_resmap_reindex(rm, r->err);
	return rc;
}
