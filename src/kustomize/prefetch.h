/*
 * prefetch.h - read and parse a build's resource files in parallel, before
 * the (sequential, deterministic) build walks them.
 */
#ifndef KR_KUSTOMIZE_PREFETCH_H
#define KR_KUSTOMIZE_PREFETCH_H

#include "kustomize/accumulate.h"

typedef struct kr_prefetch kr_prefetch;

/*
 * kr_prefetch_run() - discover the resource files the build of canonical
 * @dir will read, parse them on @jobs threads, and attach the results to
 * @r (r->parsed). Failures of single files are kept for the walk to report
 * in order; only a failure of the machinery itself is returned, and then
 * the build simply parses as it walks. *@out must be freed with
 * kr_prefetch_free() after the render.
 */
int kr_prefetch_run(kr_prefetch **out, kr_render *r, const char *dir, int jobs);

/* kr_prefetch_free() - release the parsed trees and their arenas. */
void kr_prefetch_free(kr_prefetch *p);

/* kr_prefetch_default_jobs() - the online CPUs, at most 8. */
int kr_prefetch_default_jobs(void);

#endif
