/*
 * buildmeta.h - `buildMetadata` of the top kustomization, applied last.
 */
#ifndef KR_KUSTOMIZE_BUILDMETA_H
#define KR_KUSTOMIZE_BUILDMETA_H

#include "kustomize/accumulate.h"

/* kr_build_metadata() - add the origin/transformations annotations and the managed-by label @top asks for. */
int kr_build_metadata(kr_render *r, kr_resmap *rm, const kr_kustomization *top);

#endif
