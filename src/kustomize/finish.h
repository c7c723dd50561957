/*
 * finish.h - the last steps kustomize applies to every resource before it
 * sorts and prints them (kustomize.md 1 step 4-5 and 3.7).
 */
#ifndef KR_KUSTOMIZE_FINISH_H
#define KR_KUSTOMIZE_FINISH_H

#include "resource/resource.h"

/*
 * kr_finish_resources() - drop resources marked
 * config.kubernetes.io/local-config (any value but "false"), remove the
 * annotations kustomize strips from user input, drop an emptied
 * `annotations` map, and re-write the remaining annotation values as
 * strings holding their source text, as kustomize's SetAnnotations does.
 */
int kr_finish_resources(kr_resmap *rm, kr_arena *a, kr_err *err);

#endif
