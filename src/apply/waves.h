/*
 * waves.h - a sync plan carried out through the user's own commands (for
 * example `kubectl apply --server-side -f -`), one call per phase and wave
 * in execution order: prune tasks of a wave first (their live objects to
 * the delete command, with the live copies of hooks that BeforeHookCreation
 * replaces), then its create/update tasks (their desired objects
 * to the apply command, as a YAML stream on stdin). The first failing call
 * stops the run; SyncFail hooks then run, as ArgoCD runs them.
 */
#ifndef KR_APPLY_WAVES_H
#define KR_APPLY_WAVES_H
#include <stdbool.h>
#include <stdio.h>

#include "sync/plan.h"

typedef struct kr_apply_cmds {
	const char *apply_cmd;  /* run with /bin/sh -c */
	const char *delete_cmd; /* for prune tasks; NULL: a plan that prunes is refused */
	long timeout_ms;        /* per call */
} kr_apply_cmds;

typedef struct kr_waves_result {
	size_t ran;      /* tasks whose call succeeded */
	size_t not_run;  /* tasks after the failing call */
	bool failed;     /* a call failed (exit status, signal or timeout) */
} kr_waves_result;

/*
 * kr_apply_waves() - run @p with @c, reporting each call and its tasks on
 * @report. 0 (see @res->failed) or KR_E* when a call could not be made.
 * A plan waiting for a pruning confirmation (Prune=confirm) runs nothing:
 * Argo CD would run the waves before it, then wait (a known difference).
 */
int kr_apply_waves(const kr_plan *p, const kr_apply_cmds *c, FILE *report, kr_waves_result *res, kr_err *err);

#endif
