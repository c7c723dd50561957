/*
 * cmd_plan.c - `krender plan DESIRED --live LIVE`: the tasks ArgoCD would
 * run to sync DESIRED onto LIVE, in execution order (src/sync/). DESIRED
 * and LIVE are read as `krender diff` reads them. Exit codes: 0 printed,
 * 1 an input or rule that cannot be used, 2 a bad command line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/planning.h"
#include "util/limits.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: krender plan DESIRED --live LIVE [options]\n"
		"\n"
		"Print the tasks ArgoCD would run to sync DESIRED onto LIVE, in the order its\n"
		"gitops-engine runs them: phase (PreSync, Sync, PostSync, SyncFail hooks), wave\n"
		"(sync-wave, helm.sh/hook-weight), kind, name; Namespaces and CRDs before their\n"
		"first user; prune tasks in reversed waves, PruneLast at the end. Each task has an\n"
		"action (create, update, prune, skip, none) and the resource's sync status.\n"
		"DESIRED and LIVE are read as by `krender diff` (a kustomization, a file, `-`;\n"
		"a file, a directory, cmd:COMMAND).\n"
		"\n"
		"options:\n"
		"      --live LIVE          the live state (required)\n"
		"      --app APP.yaml       the Application: destination namespace, ignoreDifferences,\n"
		"                           syncOptions (PruneLast, ApplyOutOfSyncOnly)\n"
		"      --settings CM.yaml   argocd-cm (ignoreDifferences, compare options)\n"
		"      --namespace NS       the destination namespace (overrides --app's)\n"
		"      --prune              delete extraneous objects (else their tasks are skipped)\n"
		"  -o, --output FORMAT      text (default) or json\n"
		"      --limit NAME=VALUE   a safety limit (and KRENDER_LIMITS)\n"
		"  -h, --help               show this help\n"
		"\n"
		"Not yet: AppProject policy, hook naming and delete policies, sync options other\n"
		"than PruneLast, Prune=false and ApplyOutOfSyncOnly (issue 9).\n"
		"\n"
		"exit codes: 0 printed, 1 an input or rule that cannot be used, 2 bad command line\n");
}

int kr_cmd_plan(int argc, char **argv)
{
	static const struct option opts[] = {
		{"live", required_argument, NULL, 'L'},   {"app", required_argument, NULL, 'A'},
		{"settings", required_argument, NULL, 'S'}, {"namespace", required_argument, NULL, 'n'},
		{"prune", no_argument, NULL, 'P'},         {"output", required_argument, NULL, 'o'},
		{"limit", required_argument, NULL, 'l'},   {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	kr_cli_plan_in in;
	bool json = false;
	kr_plan plan;
	kr_limits lim;
	kr_arena *a;
	kr_err err;
	kr_buf out;
	int c, rc;

	memset(&in, 0, sizeof(in));
	memset(&err, 0, sizeof(err));
	if (kr_cli_limits_init(&lim, "plan") < 0)
		return KR_EXIT_USAGE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'L': in.live = optarg; break;
		case 'A': in.app_file = optarg; break;
		case 'S': in.settings = optarg; break;
		case 'n': in.ns = optarg; break;
		case 'P': in.prune = true; break;
		case 'o':
			if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0) {
				fprintf(stderr, "krender plan: --output is text or json, not '%s'\n", optarg);
				return KR_EXIT_USAGE;
			}
			json = strcmp(optarg, "json") == 0;
			break;
		case 'l':
			if (kr_cli_limit_option(&lim, optarg, "plan") < 0)
				return KR_EXIT_USAGE;
			break;
		case 'h': usage(stdout); return KR_EXIT_OK;
		default: usage(stderr); return KR_EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || !in.live) {
		fprintf(stderr, "krender plan: %s\n", !in.live ? "--live LIVE is required" : "one DESIRED argument expected");
		usage(stderr);
		return KR_EXIT_USAGE;
	}
	a = kr_arena_new(lim.memory_bytes);
	if (!a)
		return KR_EXIT_RENDER;
	kr_buf_init(&out, lim.output_bytes);
	in.desired = argv[optind];
	rc = kr_cli_plan_make(a, &lim, &in, &plan, &err);
	if (rc == 0)
		rc = kr_plan_print(&out, &plan, json);
	if (rc < 0) {
		char msg[KR_ERR_MAX + 600];

		if (!err.msg[0])
			kr_err_set(&err, rc, NULL, "the output is over the limit output-bytes");
		kr_err_format(&err, msg, sizeof(msg));
		fprintf(stderr, "krender plan: %s\n", msg);
	} else if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len) {
		rc = KR_EIO;
	}
	kr_buf_dispose(&out);
	kr_arena_free(a);
	return rc < 0 ? KR_EXIT_RENDER : KR_EXIT_OK;
}
