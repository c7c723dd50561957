/*
 * planning.h - the road from command-line inputs to a sync plan, shared by
 * `krender plan`, `krender apply` and `krender reconcile`: read argocd-cm
 * and the Application (ignore rules, destination, sync options), read or
 * take DESIRED and LIVE, diff them, order the tasks (src/sync/), and refuse
 * a plan that FailOnSharedResource forbids.
 */
#ifndef KR_CLI_PLANNING_H
#define KR_CLI_PLANNING_H
#include <stdbool.h>
#include <stddef.h>

#include "diff/input.h"
#include "sync/plan.h"
#include "util/limits.h"

typedef struct kr_cli_plan_in {
	const char *desired;   /* DESIRED as `krender diff` reads it, or NULL: @want holds it */
	const char *live;      /* LIVE as `krender diff` reads it, or NULL: @have holds it */
	kr_objects want, have; /* the objects when not read here (they are diffed in place) */
	const char *app_file;  /* the Application, or NULL */
	const kr_node *app;    /* ... or already read */
	const char *settings;  /* argocd-cm, or NULL */
	const char *ns;        /* --namespace, or NULL */
	bool prune;            /* --prune */
	const char *controller_ns; /* Argo CD's namespace (FailOnSharedResource), NULL: argocd */
} kr_cli_plan_in;

/*
 * kr_cli_plan_operation() - record the revision being synced (@revision,
 * may be NULL) and the sync's start (when @has_start) in @app's
 * status.operationState, where the plan reads them (hook names). 0 or KR_E*.
 */
int kr_cli_plan_operation(kr_arena *a, kr_node *app, const char *revision, long long start, bool has_start,
			  kr_err *err);

/*
 * kr_cli_plan_make() - the plan of @in into @out (its tasks point into
 * copies of the objects taken before the diff normalised them). 0 or KR_E*.
 */
int kr_cli_plan_make(kr_arena *a, const kr_limits *lim, kr_cli_plan_in *in, kr_plan *out, kr_err *err);

#endif
