/*
 * cmd_diff.c - `krender diff DESIRED --live LIVE`: desired against live
 * state as ArgoCD compares them (src/diff/). Exit codes follow `argocd app
 * diff`: 0 no difference, 1 (or --diff-exit-code) a difference, 2 a bad
 * command line, 20 an input or rule that cannot be used.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "diff/diff.h"
#include "diff/input.h"
#include "diff/report.h"
#include "diff/rules.h"
#include "util/limits.h"

#define KR_EXIT_DIFF_ERROR 20

static void usage(FILE *f)
{
	fprintf(f,
		"usage: krender diff DESIRED --live LIVE [options]\n"
		"\n"
		"Compare the desired state with the live one as ArgoCD does: pair objects by\n"
		"group/kind/namespace/name, normalise both (status, server-set metadata, Secret\n"
		"stringData, quantities, ignoreDifferences), predict the live object after an apply\n"
		"(3-way from kubectl's last-applied-configuration, else 2-way) and compare.\n"
		"\n"
		"DESIRED is a kustomization directory (rendered by krender), a manifest file or -.\n"
		"LIVE is a file (`kubectl get -o yaml` List or a multi-document stream), a directory\n"
		"of manifests, - , or cmd:COMMAND (its stdout; run with /bin/sh -c).\n"
		"\n"
		"options:\n"
		"      --live LIVE          the live state (required)\n"
		"      --app FILE           an Application: spec.ignoreDifferences and the\n"
		"                           destination namespace\n"
		"      --settings FILE      the argocd-cm ConfigMap: resource.customizations.\n"
		"                           ignoreDifferences.*, resource.compareoptions,\n"
		"                           resource.sensitive.mask.annotations\n"
		"      --namespace NS       namespace of desired objects without one (default: the\n"
		"                           Application's destination namespace)\n"
		"  -o, --output FORMAT      text (argocd app diff's), unified, or json\n"
		"  -u                       same as --output unified\n"
		"      --hash               print the app's XXH3-128 hash of the desired state last\n"
		"      --exit-code=BOOL     exit 1 when something differs (default true)\n"
		"      --diff-exit-code N   the exit code for a difference (default 1)\n"
		"      --limit NAME=VALUE   a safety limit, as for `krender build` (and KRENDER_LIMITS)\n"
		"  -h, --help               show this help\n"
		"\n"
		"Secret data and the annotations named in resource.sensitive.mask.annotations are\n"
		"masked as ArgoCD masks them (++++++++, 4 more + per distinct value).\n"
		"\n"
		"exit codes: 0 no difference, 1 a difference, 2 bad command line, 20 an input or\n"
		"rule krender cannot use (one message on stderr)\n");
}

static int fail(const kr_err *err)
{
	char msg[KR_ERR_MAX + 600];

	kr_err_format(err, msg, sizeof(msg));
	fprintf(stderr, "Error: %s\n", msg);
	return KR_EXIT_DIFF_ERROR;
}

/* the one object of @file (an Application or argocd-cm) */
static bool parse_bool(const char *s, bool *v)
{
	if (!s || strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
		return *v = true, true;
	if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
		return *v = false, true;
	return false;
}

int kr_cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{"live", required_argument, NULL, 'L'},
		{"app", required_argument, NULL, 'A'},
		{"settings", required_argument, NULL, 'S'},
		{"namespace", required_argument, NULL, 'n'},
		{"output", required_argument, NULL, 'o'},
		{"hash", no_argument, NULL, 'H'},
		{"exit-code", optional_argument, NULL, 'e'},
		{"diff-exit-code", required_argument, NULL, 'd'},
		{"limit", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *live = NULL, *app = NULL, *settings = NULL, *ns = NULL, *dest_ns = NULL;
	enum kr_diff_format format = KR_DIFF_TEXT;
	bool hash = false, exit_code = true;
	int diff_exit = 1, c, status = KR_EXIT_USAGE;
	kr_limits lim;
	kr_arena *a = NULL;
	kr_objects want = {0}, have = {0};
	kr_diff_config cfg;
	kr_diff_result res;
	kr_err err;
	kr_buf out;
	char *end;
	bool failed = true;

	memset(&cfg, 0, sizeof(cfg));
	memset(&err, 0, sizeof(err));
	if (kr_cli_limits_init(&lim, "diff") < 0)
		return KR_EXIT_USAGE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:uh", opts, NULL)) != -1) {
		switch (c) {
		case 'L': live = optarg; break;
		case 'A': app = optarg; break;
		case 'S': settings = optarg; break;
		case 'n': ns = optarg; break;
		case 'H': hash = true; break;
		case 'u': format = KR_DIFF_UNIFIED; break;
		case 'o':
			if (strcmp(optarg, "text") == 0)
				format = KR_DIFF_TEXT;
			else if (strcmp(optarg, "unified") == 0)
				format = KR_DIFF_UNIFIED;
			else if (strcmp(optarg, "json") == 0)
				format = KR_DIFF_JSON;
			else {
				fprintf(stderr, "krender diff: --output must be text, unified or json, not '%s'\n", optarg);
				return KR_EXIT_USAGE;
			}
			break;
		case 'e':
			if (!parse_bool(optarg, &exit_code)) {
				fprintf(stderr, "krender diff: --exit-code wants true or false, not '%s'\n", optarg);
				return KR_EXIT_USAGE;
			}
			break;
		case 'd':
			diff_exit = (int)strtol(optarg, &end, 10);
			if (end == optarg || *end || diff_exit < 0 || diff_exit > 125) {
				fprintf(stderr, "krender diff: --diff-exit-code wants 0..125, not '%s'\n", optarg);
				return KR_EXIT_USAGE;
			}
			break;
		case 'l':
			if (kr_cli_limit_option(&lim, optarg, "diff") < 0)
				return KR_EXIT_USAGE;
			break;
		case 'h':
			usage(stdout);
			return KR_EXIT_OK;
		default:
			usage(stderr);
			return KR_EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || !live) {
		fprintf(stderr, "krender diff: %s\n", !live ? "--live LIVE is required" : "one DESIRED argument expected");
		usage(stderr);
		return KR_EXIT_USAGE;
	}
	a = kr_arena_new(lim.memory_bytes);
	kr_buf_init(&out, lim.output_bytes);
	status = KR_EXIT_DIFF_ERROR;
	if (!a) {
		kr_err_set(&err, KR_ENOMEM, NULL, "out of memory");
		goto done;
	}
	{
		kr_node *doc = NULL;

		if (kr_diff_rules_read(a, &cfg, settings, app, &lim, &doc, &dest_ns, &err) < 0)
			goto done;
	}
	cfg.ns = ns ? ns : dest_ns ? dest_ns : "";
	cfg.hashes_only = format == KR_DIFF_JSON;
	if (kr_diff_read_desired(a, argv[optind], &lim, &want, &err) < 0 ||
	    kr_diff_read_live(a, live, &lim, &have, &err) < 0 ||
	    kr_diff_compute(a, &cfg, want.v, want.n, have.v, have.n, &res, &err) < 0 ||
	    kr_diff_report(&out, &res, format, hash, isatty(STDOUT_FILENO), &err) < 0)
		goto done;
	fwrite(out.data ? out.data : "", 1, out.len, stdout);
	failed = false;
	status = KR_EXIT_OK;
	if (exit_code) {
		size_t i;
		for (i = 0; i < res.n; i++)
			if (res.items[i].status != KR_DIFF_SYNCED)
				status = diff_exit;
	}
done:
	if (failed)
		fail(&err);
	kr_buf_dispose(&out);
	kr_arena_free(a);
	return fflush(stdout) == 0 ? status : KR_EXIT_DIFF_ERROR;
}
