/*
 * helm.h - helmCharts: charts inflated by running `helm template`, as
 * kustomize v5.5.0's HelmChartInflationGenerator does.
 */
#ifndef KR_KUSTOMIZE_HELM_H
#define KR_KUSTOMIZE_HELM_H
#include "kustomize/accumulate.h"

/*
 * kr_helm_inflate() - for every entry of @k's helmCharts, run helm (only
 * with --enable-helm; otherwise kustomize's error) and append the rendered
 * resources to @out. Temporary files live in one directory under $TMPDIR,
 * removed before returning.
 */
int kr_helm_inflate(kr_render *r, const kr_kustomization *k, kr_resmap *out);
#endif
