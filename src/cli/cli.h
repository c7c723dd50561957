/*
 * cli.h - shared pieces of the krender command line: exit codes and the
 * subcommand entry points (one cmd_<name>.c each).
 */
#ifndef KR_CLI_CLI_H
#define KR_CLI_CLI_H
#include <stdbool.h>
#include <stddef.h>

#define KR_EXIT_OK 0
#define KR_EXIT_RENDER 1 /* the input could not be rendered */
#define KR_EXIT_USAGE 2  /* bad command line */

#include "krender/build.h"
#include "util/limits.h"

int kr_cmd_build(int argc, char **argv);

/*
 * kr_cli_build_option() - apply an option every rendering command takes
 * (--load-restrictor 'L', --limit 'l', --enable-helm 'H') to @b; a bad value
 * is reported as "krender CMD: ..." and gives -1 (a usage error).
 */
int kr_cli_build_option(kr_build *b, int opt, const char *arg, const char *cmd);

/*
 * kr_cli_env_limits() - apply the KRENDER_LIMITS environment variable to @b
 * (before the command line, which overrides it); a bad entry is reported as
 * "krender CMD: ..." and gives -1 (a usage error).
 */
int kr_cli_env_limits(kr_build *b, const char *cmd);

/*
 * kr_cli_limits_init() - @l: the defaults, then KRENDER_LIMITS; a bad entry
 * is reported as "krender CMD: ..." and gives -1 (a usage error).
 */
int kr_cli_limits_init(kr_limits *l, const char *cmd);

/* kr_cli_limit_option() - apply --limit @arg to @l; a bad one is reported and gives -1. */
int kr_cli_limit_option(kr_limits *l, const char *arg, const char *cmd);

/*
 * kr_cli_write_file() - write @data atomically to @path (temp + rename),
 * fsync'ed first when @durable.
 */
int kr_cli_write_file(const char *path, const char *data, size_t len, bool durable);
int kr_cmd_batch(int argc, char **argv);
int kr_cmd_diff(int argc, char **argv);

/* kr_cmd_appset() - `krender appset FILE...`: the Applications ApplicationSets generate. */
int kr_cmd_appset(int argc, char **argv);

/* kr_cmd_app() - `krender app FILE...`: the manifests of Applications' sources. */
int kr_cmd_app(int argc, char **argv);

/* kr_cmd_plan() - `krender plan DESIRED --live LIVE`: a sync's tasks in order. */
int kr_cmd_plan(int argc, char **argv);

/* kr_cmd_check() - `krender check APP --project PROJECT`: AppProject policy. */
int kr_cmd_check(int argc, char **argv);

/* kr_cmd_apply() - `krender apply`: hydrate to a directory or branch, or sync with commands. */
int kr_cmd_apply(int argc, char **argv);

/* kr_cmd_preview() - `krender preview --base REV --head REV`: a pull request's effect. */
int kr_cmd_preview(int argc, char **argv);

/* kr_cmd_precommit() - `krender precommit build|hydrated|project`: pre-commit checks. */
int kr_cmd_precommit(int argc, char **argv);

/* kr_cmd_cmp() - `krender cmp generate|discover|parameters`: the ArgoCD plugin. */
int kr_cmd_cmp(int argc, char **argv);

/* kr_cmd_reconcile() - `krender reconcile`: the GitOps loop. */
int kr_cmd_reconcile(int argc, char **argv);

#endif
