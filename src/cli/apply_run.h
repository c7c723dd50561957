/*
 * apply_run.h - one apply: render (DESIRED, or the Application from its
 * repository at a revision), then carry the result to the target (a
 * directory, a Git branch, or the user's commands against LIVE). Shared by
 * `krender apply` (once) and `krender reconcile` (every cycle).
 */
#ifndef KR_CLI_APPLY_RUN_H
#define KR_CLI_APPLY_RUN_H
#include <stdbool.h>
#include <stdio.h>

#include "apply/dir.h"
#include "apply/git.h"
#include "apply/waves.h"
#include "util/limits.h"

typedef struct kr_cli_apply {
	const char *desired;  /* DESIRED as `krender diff` reads it, or NULL: render the app */
	const char *app_file; /* the Application (sync options, destination; rendered without DESIRED) */
	const char *const *repo_url, *const *repo_path;
	size_t nrepo;
	const char *revision; /* render at this revision instead of targetRevision (rollback) */
	const char *settings; /* argocd-cm, or NULL */
	const char *project;  /* an AppProject: nothing is applied when it denies the app or a resource */
	const char *ns;       /* the destination namespace, or NULL: the app's */
	bool prune;           /* commands target: prune extraneous objects */
	const char *to_dir;   /* the target: a directory, */
	kr_apply_git_target git; /* a Git branch (git.repo set), */
	const char *live;     /* or the commands (cmds.apply_cmd set) against LIVE */
	kr_apply_cmds cmds;
	const kr_limits *lim;
	FILE *report; /* the plan or change list and the waves run; NULL for none */
} kr_cli_apply;

typedef struct kr_cli_apply_result {
	char revision[41]; /* the commit rendered ("" for DESIRED) */
	char commit[41];   /* Git target: the branch's commit afterwards */
	kr_apply_stats st; /* directory and Git targets */
	bool out_of_sync;  /* commands target: the plan found differences */
	kr_waves_result waves;
} kr_cli_apply_result;

/*
 * kr_cli_apply_run() - render and compare; with @execute also write or run.
 * 0 (a failing command is @r->waves.failed) or KR_E*.
 */
int kr_cli_apply_run(const kr_cli_apply *o, bool execute, kr_cli_apply_result *r, kr_err *err);

#endif
