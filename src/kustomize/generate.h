/*
 * generate.h - generators in the build: run them per kustomization,
 * absorb their objects, and add the content-hash name suffixes at the end.
 */
#ifndef KR_KUSTOMIZE_GENERATE_H
#define KR_KUSTOMIZE_GENERATE_H

#include "kustomize/accumulate.h"

/* kr_generate_all() - @k's configMapGenerator then secretGenerator entries, in order. */
int kr_generate_all(kr_render *r, kr_resmap *rm, const kr_kustomization *k);

/* kr_generate_hashes() - "-<hash>" on every resource that needs one (top level, once). */
int kr_generate_hashes(kr_render *r, kr_resmap *rm);

#endif
