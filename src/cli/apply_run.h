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
	bool when_out_of_sync; /* commands target: run the waves only when the plan is OutOfSync (reconcile) */
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

/* the command-line options apply and reconcile share, for their getopt tables */
#define KR_CLI_APPLY_OPTIONS                                                                                   \
	{"to-dir", required_argument, NULL, 'd'}, {"to-git", required_argument, NULL, 'g'},                     \
	{"branch", required_argument, NULL, 'b'}, {"path", required_argument, NULL, 'p'},                       \
	{"apply-cmd", required_argument, NULL, 'c'}, {"delete-cmd", required_argument, NULL, 'D'},              \
	{"live", required_argument, NULL, 'L'}, {"repo", required_argument, NULL, 'r'},                         \
	{"settings", required_argument, NULL, 'S'}, {"project", required_argument, NULL, 'J'},                  \
	{"namespace", required_argument, NULL, 'n'}, {"prune", no_argument, NULL, 'P'},                        \
	{"timeout", required_argument, NULL, 't'}, {"limit", required_argument, NULL, 'l'}

/*
 * kr_cli_apply_init() - @o with the defaults, @lim from KRENDER_LIMITS, room
 * for the --repo pairs of @argc arguments. -1 (reported as "krender CMD:
 * ...") on a bad KRENDER_LIMITS or no memory; kr_cli_apply_free() after.
 */
int kr_cli_apply_init(kr_cli_apply *o, kr_limits *lim, int argc, const char *cmd);
void kr_cli_apply_free(kr_cli_apply *o);

/*
 * kr_cli_apply_option() - take shared option @c (of KR_CLI_APPLY_OPTIONS)
 * with @arg: 1 taken, 0 not a shared option, -1 a bad value (reported as
 * "krender CMD: ...").
 */
int kr_cli_apply_option(kr_cli_apply *o, int c, char *arg, const char *cmd);

/*
 * kr_cli_apply_run() - render and compare; with @execute also write or run.
 * 0 (a failing command is @r->waves.failed) or KR_E*.
 */
int kr_cli_apply_run(const kr_cli_apply *o, bool execute, kr_cli_apply_result *r, kr_err *err);

#endif
