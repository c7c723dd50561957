/*
 * cmd_check.c - `krender check APP.yaml --project PROJECT.yaml`: an
 * Application (and optionally its rendered manifests) against its
 * AppProject (src/project/). Exit codes: 0 permitted, 1 violations (one
 * line each on stdout), 2 a bad command line, 20 input it cannot use.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "diff/input.h"
#include "project/project.h"
#include "util/limits.h"

#define KR_EXIT_CHECK_ERROR 20

static void usage(FILE *f)
{
	fprintf(f,
		"usage: krender check APP.yaml --project PROJECT.yaml [--manifests DESIRED]\n"
		"\n"
		"Check an Application, and the manifests it renders to, against its AppProject as\n"
		"ArgoCD enforces it: source repositories (normalised URLs, globs, ! deny entries),\n"
		"destinations (globs, negation), namespaced and cluster-scoped resource white- and\n"
		"blacklists (a nil namespaced whitelist allows all, an empty one none; a nil or\n"
		"empty cluster whitelist denies all), the Application's own namespace\n"
		"(sourceNamespaces: globs or /regexp/; Argo CD's namespace is always allowed),\n"
		"the destination (a name or a server, not both; checked with the cluster's name\n"
		"and server, in-cluster being https://kubernetes.default.svc) and\n"
		"permitOnlyProjectScopedClusters (a cluster Secret whose project is this one).\n"
		"Every violation is printed with its rule.\n"
		"\n"
		"options:\n"
		"      --project FILE       the AppProject (required)\n"
		"      --manifests DESIRED  the rendered manifests (a kustomization, a file or -)\n"
		"      --clusters FILE      Argo CD cluster Secrets (name, server, project); without\n"
		"                           it only in-cluster is known and an unknown destination\n"
		"                           name is matched by name alone\n"
		"      --controller-namespace NS  Argo CD's namespace (default argocd)\n"
		"      --limit NAME=VALUE   a safety limit (and KRENDER_LIMITS)\n"
		"  -h, --help               show this help\n"
		"\n"
		"exit codes: 0 permitted, 1 a violation, 2 bad command line, 20 unusable input\n");
}

static int one(kr_arena *a, const char *file, const kr_limits *lim, const char *kind, kr_node **out, kr_err *err)
{
	int rc = kr_diff_read_one(a, file, lim, out, err);

	if (rc == 0 && !kr_node_str_eq(kr_node_map_get(*out, "kind"), kind))
		rc = kr_err_set(err, KR_EINVAL, NULL, "%s: one %s expected", file, kind);
	return rc;
}

int kr_cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{"project", required_argument, NULL, 'p'},
		{"manifests", required_argument, NULL, 'm'},
		{"clusters", required_argument, NULL, 'c'},
		{"controller-namespace", required_argument, NULL, 'C'},
		{"limit", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *project_file = NULL, *manifests = NULL, *clusters = NULL;
	kr_project_env env = {NULL, NULL, 0};
	kr_objects objs = {0}, secrets = {0};
	kr_node *app = NULL, *project = NULL;
	size_t violations = 0;
	kr_limits lim;
	kr_arena *a;
	kr_err err;
	kr_buf out;
	int c, rc;

	memset(&err, 0, sizeof(err));
	if (kr_cli_limits_init(&lim, "check") < 0)
		return KR_EXIT_USAGE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': project_file = optarg; break;
		case 'm': manifests = optarg; break;
		case 'c': clusters = optarg; break;
		case 'C': env.controller_ns = optarg; break;
		case 'l':
			if (kr_cli_limit_option(&lim, optarg, "check") < 0)
				return KR_EXIT_USAGE;
			break;
		case 'h': usage(stdout); return KR_EXIT_OK;
		default: usage(stderr); return KR_EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || !project_file) {
		fprintf(stderr, "krender check: %s\n", !project_file ? "--project FILE is required" : "one APP.yaml expected");
		usage(stderr);
		return KR_EXIT_USAGE;
	}
	a = kr_arena_new(lim.memory_bytes);
	if (!a)
		return KR_EXIT_CHECK_ERROR;
	kr_buf_init(&out, lim.output_bytes);
	rc = one(a, argv[optind], &lim, "Application", &app, &err);
	if (rc == 0)
		rc = one(a, project_file, &lim, "AppProject", &project, &err);
	if (rc == 0 && manifests)
		rc = kr_diff_read_desired(a, manifests, &lim, &objs, &err);
	if (rc == 0 && clusters)
		rc = kr_diff_read_file(a, clusters, &lim, &secrets, &err);
	env.clusters = secrets.v, env.nclusters = secrets.n;
	if (rc == 0)
		rc = kr_project_check(a, &env, project, app, objs.v, objs.n, &out, &violations, &err);
	if (rc < 0) {
		char msg[KR_ERR_MAX + 600];

		kr_err_format(&err, msg, sizeof(msg));
		fprintf(stderr, "krender check: %s\n", msg);
	} else {
		if (!violations)
			kr_buf_puts(&out, "permitted\n");
		fwrite(out.data ? out.data : "", 1, out.len, stdout);
	}
	kr_buf_dispose(&out);
	kr_arena_free(a);
	return rc < 0 ? KR_EXIT_CHECK_ERROR : violations ? 1 : KR_EXIT_OK;
}
