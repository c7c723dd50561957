/*
 * project.h - AppProject policy as ArgoCD enforces it (shared/spec/argocd.md
 * section 6): source repositories (normalised URLs, gobwas globs, deny
 * entries), destinations (globs with negation, the four-step rule) and
 * resource kinds (namespaced and cluster-scoped white- and blacklists, nil
 * versus empty lists), the Application's own namespace (sourceNamespaces),
 * the destination's name/server form and permitOnlyProjectScopedClusters.
 * Every violation is reported with the rule that denies it.
 */
#ifndef KR_PROJECT_PROJECT_H
#define KR_PROJECT_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "yaml/node.h"

/* kr_project_repo_permitted() - whether @url may be a source under the sourceRepos list @repos */
bool kr_project_repo_permitted(kr_arena *a, const kr_node *repos, const char *url);

/* kr_project_dest_permitted() - whether server @server / name @name / namespace @ns is a permitted destination */
bool kr_project_dest_permitted(kr_arena *a, const kr_node *dests, const char *server, const char *name, const char *ns);

/* what Argo CD knows besides the project and the app */
typedef struct kr_project_env {
	const char *controller_ns; /* Argo CD's own namespace; NULL: "argocd" */
	kr_node *const *clusters;  /* cluster Secrets (stringData or base64 data: name, server, project) */
	size_t nclusters;          /* 0: only the built-in in-cluster is known */
} kr_project_env;

/*
 * kr_project_check() - check Application @app and the manifests @objs
 * (@n, may be 0) against AppProject @project, with @env (NULL: defaults).
 * One line per violation is appended to @report ("DENY what: why (rule)");
 * *@violations counts them. 0, or KR_E* with @err set for input that is not
 * an AppProject.
 */
int kr_project_check(kr_arena *a, const kr_project_env *env, const kr_node *project, const kr_node *app,
		     kr_node *const *objs, size_t n, kr_buf *report, size_t *violations, kr_err *err);

#endif
