/*
 * patch_smp.h - strategic merge patches as kustomize (kyaml merge2)
 * applies them, with the merge keys of the Kubernetes v1.21.2 schema that
 * kustomize embeds (kustomize.md section 8).
 */
#ifndef KR_KUSTOMIZE_PATCH_SMP_H
#define KR_KUSTOMIZE_PATCH_SMP_H

#include <stdbool.h>

#include "kustomize/schema.h"
#include "resource/resource.h"

/*
 * kr_smp_apply() - merge patch @patch into resource root @target in place.
 * *@deleted is set when the patch deletes the whole resource ($patch:
 * delete at the top). @id names the target's kind for the schema lookup:
 * @schema, a custom schema, when not NULL (it replaces the built-in one).
 * Returns 0 or a KR_E* code with @err filled.
 */
int kr_smp_apply(kr_arena *a, kr_node *target, const kr_node *patch, const kr_resid *id,
		 const kr_schema *schema, bool *deleted, kr_err *err);

#endif
