/*
 * app.h - an ArgoCD Application rendered offline, as the repo-server and
 * the application controller produce its manifests (shared/spec/argocd.md
 * section 2): each source read from a local repository at targetRevision,
 * .argocd-source overrides, the source type (kustomize or directory; helm
 * and plugins are refused for now), kustomize options applied to an
 * in-memory copy of the kustomization, $ARGOCD_APP_* substitution, Lists
 * unpacked, namespaces filled, tracking metadata stamped.
 */
#ifndef KR_APP_APP_H
#define KR_APP_APP_H

#include "util/arena.h"
#include "util/err.h"
#include "util/limits.h"
#include "util/repourl.h"
#include "yaml/node.h"

/* how the app instance is stamped; NONE for hydrated manifests (the controller stamps at sync time) */
enum kr_tracking { KR_TRACK_ANNOTATION, KR_TRACK_ANNOTATION_LABEL, KR_TRACK_LABEL, KR_TRACK_NONE };

typedef struct kr_app_opts {
	const char *const *repo_url; /* --repo URL=PATH */
	const char *const *repo_path;
	size_t nrepo;
	const char *controller_ns;  /* where ArgoCD runs (apps elsewhere are "<ns>_<name>") */
	enum kr_tracking tracking;   /* application.resourceTrackingMethod */
	const char *instance_label;  /* application.instanceLabelKey */
	const kr_limits *lim;
	const char *revision;        /* overrides every source's targetRevision (rollback), or NULL */
	char *commit_out;            /* when set (41 bytes): the commit id of the first rendered source */
	const char *local_root;      /* the repository already on disk (a CMP sidecar's copy): nothing exported */
	const char *local_commit;    /* ... and its revision (ARGOCD_APP_REVISION), "" when unknown */
	bool as_plugin;              /* print what a CMP prints: namespaces and tracking left to the controller */
	const kr_repo_pin *pin;      /* krender preview: this repository's sources read at pin->rev, or NULL */
	struct kr_parse_cache *pcache; /* kustomize builds share this parse cache (slot 0), or NULL */
} kr_app_opts;

/*
 * kr_app_render() - the manifests of Application @app (read from @file), in
 * generation order, source after source: the array *@out of *@n trees in
 * @a. Errors name the file, the application and the source. 0 or KR_E*.
 */
int kr_app_render(kr_arena *a, const kr_app_opts *o, const kr_node *app, const char *file, kr_node ***out, size_t *n,
		  kr_err *err);

/*
 * kr_app_instance() - the app instance name of Application @app: its name,
 * or "<namespace>_<name>" outside @controller_ns (tracking metadata and the
 * .argocd-source-<instance>.yaml override use it). NULL when out of memory.
 */
const char *kr_app_instance(kr_arena *a, const kr_node *app, const char *controller_ns);

/* kr_repo_lookup() - the local clone --repo maps @url to (@urls/@paths, @n pairs), or NULL */
const char *kr_repo_lookup(const char *const *urls, const char *const *paths, size_t n, const char *url);

/*
 * kr_repo_locate() - the local repository to read @url from: @pin's path
 * when @pin names it (and *@rev becomes pin->rev: the preview's revision
 * wins over targetRevision or a generator's revision), else the --repo
 * mapping, else NULL.
 */
const char *kr_repo_locate(kr_arena *a, const kr_repo_pin *pin, const char *const *urls, const char *const *paths,
			   size_t n, const char *url, const char **rev);

/* kr_app_cleanup() - remove the revisions exported so far (call once at exit). */
void kr_app_cleanup(void);

#endif
