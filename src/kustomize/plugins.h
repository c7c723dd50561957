/*
 * plugins.h - builtin plugin configurations in `generators:` and
 * `transformers:`, and `validators:` (transformers that must change nothing)
 * (kustomize.md 2.2).
 */
#ifndef KR_KUSTOMIZE_PLUGINS_H
#define KR_KUSTOMIZE_PLUGINS_H

#include "kustomize/accumulate.h"
#include "kustomize/tfconfig.h"

int kr_plugins_generate(kr_render *r, kr_resmap *rm, const kr_kustomization *k);
int kr_plugins_transform(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const kr_tfconfig *cfg);

int kr_plugins_validate(kr_render *r, const kr_resmap *rm, const kr_kustomization *k, const kr_tfconfig *cfg);

#endif
