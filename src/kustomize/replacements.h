/*
 * replacements.h - the `replacements` transformer.
 */
#ifndef KR_KUSTOMIZE_REPLACEMENTS_H
#define KR_KUSTOMIZE_REPLACEMENTS_H

#include "kustomize/accumulate.h"

/* kr_replacement_one() - one replacement {source, targets} over @rm. */
int kr_replacement_one(kr_render *r, const kr_kustomization *k, const kr_node *rep, kr_resmap *rm);

/* kr_replacements_apply() - run @k's replacements (inline and from files) over @rm. */
int kr_replacements_apply(kr_render *r, kr_resmap *rm, const kr_kustomization *k);

#endif
