/*
 * appset.h - ApplicationSet expansion offline, as ArgoCD's controller does
 * it (shared/spec/argocd.md section 1): generators give parameter sets,
 * each set renders the template into an Application.
 *
 * Repositories are never fetched: a generator's repoURL must be mapped to
 * a local clone or bare repository (read at `revision` with libgit2 by the
 * krender-git helper). Generators that need a live API (scmProvider,
 * pullRequest, clusterDecisionResource, plugin) take their parameter sets
 * from a file instead.
 */
#ifndef KR_APPSET_APPSET_H
#define KR_APPSET_APPSET_H

#include "util/arena.h"
#include "util/err.h"
#include "util/limits.h"
#include "util/repourl.h"
#include "yaml/node.h"

typedef struct kr_appset_opts {
	const char *const *repo_url; /* --repo URL=PATH */
	const char *const *repo_path;
	size_t nrepo;
	kr_node *const *clusters; /* cluster Secret manifests (--clusters) */
	size_t nclusters;
	const kr_node *params; /* --params: {generatorType: [parameter set, ...]} or NULL */
	const kr_limits *lim;
	const kr_repo_pin *pin; /* krender preview: this repository read at pin->rev by git generators, or NULL */
} kr_appset_opts;

/*
 * kr_appset_expand() - the Applications ApplicationSet @appset (read from
 * @file) generates, sorted by name: the array *@apps of *@n trees in @a. The first
 * error stops the expansion; it names the file, the ApplicationSet, the
 * generator and the field. 0 or KR_E*.
 */
int kr_appset_expand(kr_arena *a, const kr_appset_opts *o, const kr_node *appset, const char *file, kr_node ***apps,
		     size_t *n, kr_err *err);

/* kr_appset_cleanup() - free what was read from repositories for generators so far (call once at exit). */
void kr_appset_cleanup(void);

#endif
