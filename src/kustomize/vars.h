/*
 * vars.h - resolving the deprecated `vars` at the top of a build.
 */
#ifndef KR_KUSTOMIZE_VARS_H
#define KR_KUSTOMIZE_VARS_H

#include "kustomize/accumulate.h"
#include "kustomize/tfconfig.h"

/* kr_vars_resolve() - substitute every var of @cfg in @rm's varReference fields. */
int kr_vars_resolve(kr_render *r, kr_resmap *rm, const kr_tfconfig *cfg);

#endif
