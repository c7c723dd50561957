/*
 * plan.h - a sync plan (shared/spec/argocd.md 4): the tasks ArgoCD would
 * run for a desired and a live state, in execution order, each with its
 * action, the resource's sync status, the sync options that change how it
 * is applied and, for hooks, the delete policies. Built on the diff
 * engine's pairing and statuses and on tasks.c's order.
 */
#ifndef KR_SYNC_PLAN_H
#define KR_SYNC_PLAN_H

#include "diff/diff.h"
#include "sync/tasks.h"
#include "util/buf.h"

/* the application-level sync options, from spec.syncPolicy.syncOptions */
enum {
	KR_PLAN_REPLACE = 1 << 0,        /* Replace=true */
	KR_PLAN_SSA = 1 << 1,            /* ServerSideApply=true */
	KR_PLAN_NO_VALIDATE = 1 << 2,    /* Validate=false */
	KR_PLAN_SKIP_DRY_RUN = 1 << 3,   /* SkipDryRunOnMissingResource=true */
	KR_PLAN_CREATE_NS = 1 << 4,      /* CreateNamespace=true */
	KR_PLAN_FAIL_ON_SHARED = 1 << 5, /* FailOnSharedResource=true */
};

typedef struct kr_plan_opts {
	const char *dest_ns;       /* the destination namespace */
	bool prune;                /* --prune: extraneous objects are deleted */
	bool prune_last;           /* the app's PruneLast=true */
	bool out_of_sync_only;     /* the app's ApplyOutOfSyncOnly=true */
	unsigned flags;            /* KR_PLAN_* */
	const kr_node *ns_meta;    /* spec.syncPolicy.managedNamespaceMetadata, or NULL */
	const kr_node *app;        /* the Application, or NULL */
	const kr_node *revision;   /* status.operationState.syncResult.revision, or NULL */
	const kr_node *started_at; /* status.operationState.startedAt (RFC 3339), or NULL */
	const kr_node *approved;   /* metadata.annotations[argocd.argoproj.io/deletion-approved], or NULL */
} kr_plan_opts;

#define KR_PLAN_MAX_OPTIONS 4

typedef struct kr_plan_task {
	kr_sync_task t;
	const char *ns;     /* as printed: "" for cluster-scoped objects */
	const char *action; /* create, update, prune, skip, none */
	const char *status; /* Synced, OutOfSync, Missing, Extraneous; "" for hooks and a CreateNamespace task */
	const char *why;    /* for skip: "ignored (no prune)" ... ; else "" */
	const char *options[KR_PLAN_MAX_OPTIONS]; /* the sync options in effect, in a fixed order */
	size_t nopt;
	const char *policies[8]; /* a hook's delete policies, as gitops-engine lists them */
	size_t npol;             /* 0: none shown (not a hook, or no delete-policy annotation) */
	bool delete_first;       /* a live hook deleted before the new one is created (BeforeHookCreation) */
} kr_plan_task;

typedef struct kr_plan {
	kr_plan_task *tasks;
	size_t n;
	bool out_of_sync;
	const char *message;       /* "Waiting for pruning confirmation of ..." or NULL */
	const char *const *violations; /* AppProject violations (set by the caller), or NULL */
	size_t nviol;
} kr_plan;

/*
 * kr_plan_opts_from_app() - set @o's sync options from Application @app:
 * spec.syncPolicy.syncOptions and managedNamespaceMetadata, the operation's
 * resolved revision and start time (status.operationState.syncResult.revision,
 * status.operationState.startedAt) and the deletion-approved annotation.
 */
void kr_plan_opts_from_app(kr_plan_opts *o, const kr_node *app);

/*
 * kr_plan_time() - the sync's start in Unix seconds: @o->started_at, else
 * $SOURCE_DATE_EPOCH, else now. KR_EINVAL with @err set for a bad value.
 */
int kr_plan_time(kr_arena *a, const kr_plan_opts *o, long long *out, kr_err *err);

/* kr_plan_parse_time() - RFC 3339 or decimal Unix seconds @s into *@out; false when it is neither */
bool kr_plan_parse_time(const char *s, long long *out);

/*
 * kr_plan_check_shared() - with FailOnSharedResource=true in @app, fail
 * (KR_EINVAL, ArgoCD's "Shared resource found: ..." in @err) when a live
 * object paired with a desired one carries another application's tracking
 * id; @controller_ns is Argo CD's own namespace. 0 otherwise.
 */
int kr_plan_check_shared(kr_arena *a, const kr_plan *p, const kr_node *app, const char *controller_ns, kr_err *err);

/*
 * kr_plan_build() - the plan for @desired/@live as read (before the diff
 * normalised its copies) and @res, the diff of them. 0 or KR_E*.
 */
int kr_plan_build(kr_arena *a, const kr_plan_opts *o, kr_node *const *desired, size_t nd, kr_node *const *live,
		  size_t nl, const kr_diff_result *res, kr_plan *out, kr_err *err);

/* kr_plan_print() - @p as text (a table) or JSON ({"status", "tasks": [...]}). 0 or KR_E*. */
int kr_plan_print(kr_buf *out, const kr_plan *p, bool json);

#endif
