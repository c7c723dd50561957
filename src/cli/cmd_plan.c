/*
 * cmd_plan.c - `krender plan DESIRED --live LIVE`: the tasks ArgoCD would
 * run to sync DESIRED onto LIVE, in execution order (src/sync/). DESIRED
 * and LIVE are read as `krender diff` reads them. --revision and
 * --sync-time reach the plan as the Application's operation state
 * (status.operationState.syncResult.revision, .startedAt), an Application
 * being synced carries them there. Exit codes: 0 printed, 1 an input or
 * rule that cannot be used, or an AppProject violation, 2 a bad command line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/planning.h"
#include "project/project.h"
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
		"Sync options, from the app's syncOptions or a resource's sync-options annotation,\n"
		"are listed per task (\"options\"): Replace=true (wins over ServerSideApply=true,\n"
		"which a resource's ServerSideApply=false turns off), Validate=false,\n"
		"SkipDryRunOnMissingResource=true, Prune=confirm. CreateNamespace=true adds a\n"
		"PreSync Namespace task for a destination namespace that neither DESIRED (hooks\n"
		"aside) nor LIVE has (or that LIVE has, with managedNamespaceMetadata).\n"
		"FailOnSharedResource=true fails on a live object tracked by another app\n"
		"(tracking-id annotation). A prune task with Prune=confirm makes the sync wait at\n"
		"its wave (\"message\") unless the app's argocd.argoproj.io/deletion-approved is at\n"
		"or after the sync's start. Hooks: a generateName hook is named\n"
		"<generateName><revision[0:7]>-<phase>-<start seconds>; \"deletePolicy\" lists the\n"
		"annotated delete policies (none: BeforeHookCreation); a live hook under\n"
		"BeforeHookCreation is deleted first (\"deleteBeforeCreation\"), else updated.\n"
		"\n"
		"options:\n"
		"      --live LIVE          the live state (required)\n"
		"      --app APP.yaml       the Application: destination namespace, ignoreDifferences,\n"
		"                           syncOptions, managedNamespaceMetadata, the operation state\n"
		"      --settings CM.yaml   argocd-cm (ignoreDifferences, compare options)\n"
		"      --namespace NS       the destination namespace (overrides --app's)\n"
		"      --prune              delete extraneous objects (else their tasks are skipped)\n"
		"      --revision REV       the resolved revision being synced (commit SHA); default:\n"
		"                           the app's status.operationState.syncResult.revision, else\n"
		"                           none, which names a hook <generateName>-<phase>-<seconds>\n"
		"      --sync-time T        the sync's start, Unix seconds or RFC 3339; default: the\n"
		"                           app's status.operationState.startedAt, else\n"
		"                           $SOURCE_DATE_EPOCH, else now\n"
		"      --project FILE       check the app (needs --app) and DESIRED against this\n"
		"                           AppProject as `krender check` does; violations go to\n"
		"                           stderr (json: \"violations\") and the exit code is 1\n"
		"      --clusters FILE      Argo CD cluster Secrets, for --project\n"
		"      --controller-namespace NS  Argo CD's namespace (default argocd), for --project\n"
		"                           and the app's tracking instance name\n"
		"  -o, --output FORMAT      text (default) or json\n"
		"      --limit NAME=VALUE   a safety limit (and KRENDER_LIMITS)\n"
		"  -h, --help               show this help\n"
		"\n"
		"Also read: PruneLast, Prune=false, ApplyOutOfSyncOnly. Not yet: Force,\n"
		"PrunePropagationPolicy, RespectIgnoreDifferences, the label tracking method for\n"
		"FailOnSharedResource, sync windows.\n"
		"\n"
		"exit codes: 0 printed, 1 an input or rule that cannot be used or an AppProject\n"
		"violation, 2 bad command line\n");
}

/* --project: the AppProject report on @app and DESIRED (read here, before the diff normalises it) */
static int project_check(kr_arena *a, const kr_limits *lim, const char *file, const char *clusters,
			 kr_project_env *env, kr_node *app, kr_cli_plan_in *in, kr_plan *plan, kr_err *err)
{
	kr_node *project = NULL;
	kr_objects secrets = {0};
	const char **lines = NULL;
	size_t n = 0, cap = 0;
	kr_buf report;
	char *p, *nl;
	int rc = kr_diff_read_one(a, file, lim, &project, err);

	if (rc == 0 && !kr_node_str_eq(kr_node_map_get(project, "kind"), "AppProject"))
		rc = kr_err_set(err, KR_EINVAL, NULL, "%s: one AppProject expected", file);
	if (rc == 0 && clusters)
		rc = kr_diff_read_file(a, clusters, lim, &secrets, err);
	if (rc == 0)
		rc = kr_diff_read_desired(a, in->desired, lim, &in->want, err);
	if (rc < 0)
		return rc;
	in->desired = NULL; /* kr_cli_plan_make takes the objects read here */
	env->clusters = secrets.v, env->nclusters = secrets.n;
	kr_buf_init(&report, lim->output_bytes);
	rc = kr_project_check(a, env, project, app, in->want.v, in->want.n, &report, &n, err);
	n = 0;
	for (p = report.data; rc == 0 && p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		if (kr_arena_grow(a, &lines, &cap, n, sizeof(*lines)) < 0 || !(lines[n] = kr_arena_memdup(a, p, (size_t)(nl - p) + 1)))
			rc = kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		else
			((char *)lines[n++])[nl - p] = '\0';
	}
	kr_buf_dispose(&report);
	plan->violations = lines, plan->nviol = n;
	return rc;
}

int kr_cmd_plan(int argc, char **argv)
{
	static const struct option opts[] = {
		{"live", required_argument, NULL, 'L'},   {"app", required_argument, NULL, 'A'},
		{"settings", required_argument, NULL, 'S'}, {"namespace", required_argument, NULL, 'n'},
		{"prune", no_argument, NULL, 'P'},         {"output", required_argument, NULL, 'o'},
		{"limit", required_argument, NULL, 'l'},   {"help", no_argument, NULL, 'h'},
		{"revision", required_argument, NULL, 'r'}, {"sync-time", required_argument, NULL, 't'},
		{"project", required_argument, NULL, 'p'}, {"clusters", required_argument, NULL, 'c'},
		{"controller-namespace", required_argument, NULL, 'C'},
		{NULL, 0, NULL, 0},
	};
	const char *revision = NULL, *project_file = NULL, *clusters = NULL;
	kr_project_env env = {NULL, NULL, 0};
	long long start = 0;
	bool json = false, has_start = false;
	kr_node *app = NULL;
	kr_cli_plan_in in;
	kr_plan plan, extra;
	size_t i;
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
		case 'r': revision = optarg; break;
		case 't':
			if (!kr_plan_parse_time(optarg, &start)) {
				fprintf(stderr, "krender plan: --sync-time is Unix seconds or an RFC 3339 time, not '%s'\n", optarg);
				return KR_EXIT_USAGE;
			}
			has_start = true;
			break;
		case 'p': project_file = optarg; break;
		case 'c': clusters = optarg; break;
		case 'C': env.controller_ns = optarg; break;
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
	if (project_file && !in.app_file) {
		fprintf(stderr, "krender plan: --project needs --app\n");
		return KR_EXIT_USAGE;
	}
	a = kr_arena_new(lim.memory_bytes);
	if (!a)
		return KR_EXIT_RENDER;
	kr_buf_init(&out, lim.output_bytes);
	in.desired = argv[optind];
	memset(&extra, 0, sizeof(extra));
	rc = 0;
	if (in.app_file)
		rc = kr_diff_read_one(a, in.app_file, &lim, &app, &err);
	else if (revision || has_start) /* an Application that only carries the operation state */
		app = kr_node_new_map(a);
	if (rc == 0 && app && (revision || has_start))
		rc = kr_cli_plan_operation(a, app, revision, start, has_start, &err);
	in.app = app;
	if (rc == 0 && project_file)
		rc = project_check(a, &lim, project_file, clusters, &env, app, &in, &extra, &err);
	if (rc == 0 && app && !in.app_file)
		rc = kr_node_map_set(a, app, "kind", kr_node_new_str(a, "Application"));
	in.controller_ns = env.controller_ns;
	if (rc == 0)
		rc = kr_cli_plan_make(a, &lim, &in, &plan, &err);
	if (rc == 0) {
		plan.violations = extra.violations, plan.nviol = extra.nviol;
		rc = kr_plan_print(&out, &plan, json);
	}
	for (i = 0; rc == 0 && !json && i < plan.nviol; i++)
		fprintf(stderr, "krender plan: %s\n", plan.violations[i]);
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
	return rc < 0 || extra.nviol ? KR_EXIT_RENDER : KR_EXIT_OK;
}
