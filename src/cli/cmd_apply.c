/*
 * cmd_apply.c - `krender apply`: render DESIRED (or an Application from
 * its repository, at --revision for a rollback) and carry it to a target:
 * a directory (--to-dir), a Git branch (--to-git), or the user's commands
 * wave by wave (--apply-cmd against --live). Dry run unless --yes.
 * Exit codes: 0 done or nothing to do, 1 an input or target error,
 * 2 a bad command line, 3 an apply or delete command failed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/apply_run.h"
#include "cli/cli.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: krender apply [DESIRED] TARGET [options]\n"
		"\n"
		"Render DESIRED (read as by `krender diff`), or without it the Application of\n"
		"--app from its repository (--repo), and carry the result to one TARGET:\n"
		"  --to-dir DIR             one file per object, <namespace>/<group>.<kind>/<name>.yaml\n"
		"                           (_cluster for cluster-scoped objects, core for the core group),\n"
		"                           plus .krender-manifest (XXH3 hashes); the new tree replaces the\n"
		"                           old one in a single rename: never a half-written tree\n"
		"  --to-git REPO --branch B commit the same files to branch B (created if missing) with\n"
		"                           libgit2; no commit when nothing changed; the work tree, index\n"
		"                           and HEAD are never touched. --path P puts them under P\n"
		"  --apply-cmd CMD --live LIVE\n"
		"                           run CMD (with /bin/sh -c) once per phase and wave, in sync\n"
		"                           order, the wave's objects as YAML on stdin; KRENDER_PHASE,\n"
		"                           KRENDER_WAVE, KRENDER_ACTION set; stops at the first failure,\n"
		"                           then runs the SyncFail hooks. LIVE as for `krender diff`\n"
		"                           (for example cmd:'kubectl get ... -o yaml')\n"
		"Without --yes nothing is changed: the plan or the list of file changes is printed.\n"
		"\n"
		"options:\n"
		"      --yes                execute (default: dry run)\n"
		"      --app APP.yaml       the Application (destination, sync options; rendered\n"
		"                           when DESIRED is not given)\n"
		"      --repo URL=PATH      the local clone for repository URL (repeatable)\n"
		"      --revision REV       render the app at REV instead of targetRevision (rollback)\n"
		"      --path P             with --to-git: the directory on the branch (default: root)\n"
		"      --delete-cmd CMD     with --apply-cmd: run for prune tasks (live objects on stdin)\n"
		"      --prune              with --apply-cmd: delete extraneous objects\n"
		"      --timeout DURATION   with --apply-cmd: per command (default 5m)\n"
		"      --settings CM.yaml   argocd-cm (ignoreDifferences, compare options)\n"
		"      --project PROJ.yaml  the app's AppProject: when it denies the app or an object\n"
		"                           (as `krender check`), nothing is applied (exit 1)\n"
		"      --namespace NS       the destination namespace (overrides the app's)\n"
		"      --limit NAME=VALUE   a safety limit (and KRENDER_LIMITS)\n"
		"  -h, --help               show this help\n"
		"\n"
		"exit codes: 0 done (or nothing to do), 1 an input or target error, 2 bad command\n"
		"line, 3 an apply or delete command failed (the waves after it did not run)\n");
}

static int check_args(const kr_cli_apply *o, const char *branch, int ndesired)
{
	int targets = !!o->to_dir + !!o->git.repo + !!o->cmds.apply_cmd;
	const char *why = NULL;

	if (targets != 1)
		why = "exactly one target: --to-dir, --to-git or --apply-cmd";
	else if (ndesired > 1)
		why = "at most one DESIRED argument";
	else if (!ndesired && !o->app_file)
		why = "DESIRED or --app APP.yaml is required";
	else if (ndesired && o->revision)
		why = "--revision renders the app: leave out DESIRED";
	else if (o->git.repo && !branch)
		why = "--to-git needs --branch";
	else if (o->cmds.apply_cmd && !o->live)
		why = "--apply-cmd needs --live LIVE";
	else if (!o->cmds.apply_cmd && (o->live || o->cmds.delete_cmd || o->prune))
		why = "--live, --delete-cmd and --prune go with --apply-cmd (a directory or branch is always pruned)";
	if (why)
		fprintf(stderr, "krender apply: %s\n", why);
	return why ? -1 : 0;
}

/* the closing summary of an apply (or of a dry run) */
static void summary(const kr_cli_apply *o, bool yes, const kr_cli_apply_result *r)
{
	const kr_apply_stats *s = &r->st;

	if (o->cmds.apply_cmd) {
		if (!yes)
			printf("dry run: %s; pass --yes to run the commands\n", r->out_of_sync ? "OutOfSync" : "Synced");
		else if (r->waves.failed)
			printf("failed: %zu task%s ran, %zu not run\n", r->waves.ran, r->waves.ran == 1 ? "" : "s",
			       r->waves.not_run);
		else
			printf("synced: %zu task%s ran\n", r->waves.ran, r->waves.ran == 1 ? "" : "s");
		return;
	}
	printf("%s%zu created, %zu updated, %zu deleted, %zu unchanged", yes ? "" : "dry run: would be ", s->created,
	       s->updated, s->deleted, s->unchanged);
	if (o->git.repo && yes)
		printf("; %s %s", s->changed ? "commit" : "no commit, branch at", r->commit);
	printf("%s\n", !yes && s->changed ? "; pass --yes to write" : !s->changed ? " (nothing to do)" : "");
}

static int apply_main(kr_cli_apply *o, int argc, char **argv)
{
	static const struct option opts[] = {
		KR_CLI_APPLY_OPTIONS,
		{"app", required_argument, NULL, 'A'}, {"revision", required_argument, NULL, 'R'},
		{"yes", no_argument, NULL, 'y'},       {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	kr_cli_apply_result r;
	kr_err err;
	bool yes = false;
	int c, rc;

	memset(&err, 0, sizeof(err));
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (kr_cli_apply_option(o, c, optarg, "apply")) {
		case 1: continue;
		case -1: return KR_EXIT_USAGE;
		}
		switch (c) {
		case 'A': o->app_file = optarg; break;
		case 'R': o->revision = optarg; break;
		case 'y': yes = true; break;
		case 'h': usage(stdout); return KR_EXIT_OK;
		default: usage(stderr); return KR_EXIT_USAGE;
		}
	}
	o->desired = optind < argc ? argv[optind] : NULL;
	if (check_args(o, o->git.branch, argc - optind) < 0) {
		usage(stderr);
		return KR_EXIT_USAGE;
	}
	o->report = stdout;
	rc = kr_cli_apply_run(o, yes, &r, &err);
	if (rc < 0) {
		char msg[KR_ERR_MAX + 600];

		kr_err_format(&err, msg, sizeof(msg));
		fprintf(stderr, "krender apply: %s\n", msg);
	} else {
		summary(o, yes, &r);
	}
	fflush(stdout);
	return rc < 0 ? KR_EXIT_RENDER : r.waves.failed ? 3 : KR_EXIT_OK;
}

int kr_cmd_apply(int argc, char **argv)
{
	kr_cli_apply o;
	kr_limits lim;
	int rc;

	if (kr_cli_apply_init(&o, &lim, argc, "apply") < 0)
		return KR_EXIT_USAGE;
	rc = apply_main(&o, argc, argv);
	kr_cli_apply_free(&o);
	return rc;
}
