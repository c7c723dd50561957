/*
 * selector.h - patch targets: which resources a `target:` selects
 * (kustomize.md 9.4). group/version/kind/name/namespace are anchored
 * regular expressions; name and namespace match the original or the
 * current value; labelSelector and annotationSelector use Kubernetes
 * label-selector syntax on the current labels and annotations.
 */
#ifndef KR_KUSTOMIZE_SELECTOR_H
#define KR_KUSTOMIZE_SELECTOR_H

#include <regex.h>
#include <stdbool.h>

#include "resource/resource.h"

typedef struct kr_selector kr_selector;

/* kr_selector_parse() - compile target map @target (errors name @file). NULL target = everything. */
int kr_selector_parse(kr_selector **out, kr_arena *a, const kr_node *target, const char *file,
		      kr_err *err);

/* kr_selector_matches() - does @sel select @res? */
bool kr_selector_matches(const kr_selector *sel, const kr_resource *res, kr_arena *a);

/* kr_selector_free() - release the compiled expressions. */
void kr_selector_free(kr_selector *sel);

#endif
