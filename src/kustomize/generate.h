/*
 * generate.h - generators in the build: run them per kustomization,
 * absorb their objects, and add the content-hash name suffixes at the end.
 */
#ifndef KR_KUSTOMIZE_GENERATE_H
#define KR_KUSTOMIZE_GENERATE_H

#include "kustomize/accumulate.h"

/* kr_generate_all() - @k's configMapGenerator then secretGenerator entries, in order. */
int kr_generate_all(kr_render *r, kr_resmap *rm, const kr_kustomization *k);

struct kr_generated;
/* kr_generate_absorb() - add generated object @g to @rm, or merge/replace the one it names. */
int kr_generate_absorb(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const kr_node *entry,
		       struct kr_generated *g);

/* kr_generate_hashes() - "-<hash>" on every resource that needs one (top level, once). */
int kr_generate_hashes(kr_render *r, kr_resmap *rm);

#endif
