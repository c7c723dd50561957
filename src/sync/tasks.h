/*
 * tasks.h - the order in which ArgoCD's gitops-engine runs a sync's tasks
 * (shared/spec/argocd.md 4.1-4.3): phase, then wave, then a fixed kind
 * rank, then name; Namespaces and CRDs moved before their first user, in
 * that user's phase and wave; prune tasks' waves reversed and PruneLast
 * tasks put one wave past the last Sync-phase wave. The first piece of
 * `krender plan` (issue 9).
 */
#ifndef KR_SYNC_TASKS_H
#define KR_SYNC_TASKS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "yaml/node.h"

enum kr_sync_phase { KR_PHASE_PRESYNC = -1, KR_PHASE_SYNC = 0, KR_PHASE_POSTSYNC = 1, KR_PHASE_SYNCFAIL = 2 };

typedef struct kr_sync_task {
	int phase;
	int wave;
	const char *group, *kind, *ns, *name;
	const kr_node *target; /* the desired object, NULL for a prune task */
	const kr_node *live;   /* the live object, NULL when it does not exist */
	bool prune_last;       /* PruneLast (the app's option or the live object's annotation) */
	const void *user;      /* the caller's, carried along */
} kr_sync_task;

/* kr_sync_phase_name() - "PreSync", "Sync", "PostSync" or "SyncFail" */
const char *kr_sync_phase_name(int phase);

/* kr_sync_kind_rank() - the position of @kind in gitops-engine's kind order (1..35), 36 for the rest */
int kr_sync_kind_rank(const char *kind);

/*
 * kr_sync_wave() - argocd.argoproj.io/sync-wave of @obj read as Go's
 * strconv.Atoi, else helm.sh/hook-weight, else 0.
 */
int kr_sync_wave(const kr_node *obj);

/*
 * kr_sync_phases() - the phases @obj runs in, as gitops-engine reads them:
 * with an argocd.argoproj.io/hook annotation it is a hook whose phases are
 * the PreSync, Sync, PostSync and SyncFail types of that csv (trimmed,
 * repeats dropped; Skip, PreDelete, PostDelete and unknown types give no
 * sync phase); else with a helm.sh/hook other than crd-install it is a hook
 * (pre-install/pre-upgrade: PreSync, post-install/post-upgrade: PostSync,
 * other types none); else one Sync phase. Up to 4 in @out; the count.
 * *@hook tells whether it is a hook.
 */
size_t kr_sync_phases(const kr_node *obj, int out[4], bool *hook);

/* kr_sync_csv_has() - whether the comma-separated list @s/@n (tokens trimmed) holds @word */
bool kr_sync_csv_has(const char *s, size_t n, const char *word);

/*
 * kr_sync_order() - sort @t[0..n) into execution order: prune waves
 * reversed and PruneLast applied first, then the sort, then Namespaces
 * (by name) and CRDs (by spec.group/spec.names.kind) moved before the first
 * task that uses them. Stable for equal keys.
 */
int kr_sync_order(kr_arena *a, kr_sync_task *t, size_t n);

#endif
