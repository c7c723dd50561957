/*
 * plan.h - a sync plan (shared/spec/argocd.md 4): the tasks ArgoCD would
 * run for a desired and a live state, in execution order, each with its
 * action and the resource's sync status. Built on the diff engine's
 * pairing and statuses and on tasks.c's order.
 */
#ifndef KR_SYNC_PLAN_H
#define KR_SYNC_PLAN_H

#include "diff/diff.h"
#include "sync/tasks.h"
#include "util/buf.h"

typedef struct kr_plan_opts {
	const char *dest_ns;       /* the destination namespace */
	bool prune;                /* --prune: extraneous objects are deleted */
	bool prune_last;           /* the app's PruneLast=true */
	bool out_of_sync_only;     /* the app's ApplyOutOfSyncOnly=true */
} kr_plan_opts;

typedef struct kr_plan_task {
	kr_sync_task t;
	const char *ns;     /* as printed: "" for cluster-scoped objects */
	const char *action; /* create, update, prune, skip, none */
	const char *status; /* Synced, OutOfSync, Missing, Extraneous; "" for hooks */
	const char *why;    /* for skip: "ignored (no prune)" ... ; else "" */
} kr_plan_task;

typedef struct kr_plan {
	kr_plan_task *tasks;
	size_t n;
	bool out_of_sync;
} kr_plan;

/* kr_plan_opts_from_app() - set @o's sync options from Application @app's spec.syncPolicy.syncOptions */
void kr_plan_opts_from_app(kr_plan_opts *o, const kr_node *app);

/*
 * kr_plan_build() - the plan for @desired/@live as read (before the diff
 * normalised its copies) and @res, the diff of them. 0 or KR_E*.
 */
int kr_plan_build(kr_arena *a, const kr_plan_opts *o, kr_node *const *desired, size_t nd, kr_node *const *live,
		  size_t nl, const kr_diff_result *res, kr_plan *out, kr_err *err);

/* kr_plan_print() - @p as text (a table) or JSON ({"status", "tasks": [...]}). 0 or KR_E*. */
int kr_plan_print(kr_buf *out, const kr_plan *p, bool json);

#endif
