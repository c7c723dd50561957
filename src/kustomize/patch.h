/*
 * patch.h - the `patches`, `patchesStrategicMerge` and `patchesJson6902`
 * transformers: loading each entry (inline or file), telling a strategic
 * merge patch from a JSON 6902 one, selecting targets, applying.
 */
#ifndef KR_KUSTOMIZE_PATCH_H
#define KR_KUSTOMIZE_PATCH_H

#include "kustomize/accumulate.h"

int kr_patch_strategic_merge(kr_render *r, kr_resmap *rm, const kr_kustomization *k);
int kr_patch_patches(kr_render *r, kr_resmap *rm, const kr_kustomization *k);
int kr_patch_json6902(kr_render *r, kr_resmap *rm, const kr_kustomization *k);

/* kr_patch_entry() - one patch entry {patch|path, target, options} (PatchTransformer). */
int kr_patch_entry(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const kr_node *entry);

#endif
