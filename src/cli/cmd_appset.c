/*
 * cmd_appset.c - `krender appset FILE...`: the Applications that
 * ApplicationSets generate, offline (src/appset/). Exit codes: 0 printed,
 * 1 an ApplicationSet that cannot be expanded (one message on stderr,
 * nothing on stdout), 2 a bad command line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appset/appset.h"
#include "cli/cli.h"
#include "cli/objects.h"
#include "diff/input.h"
#include "util/limits.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: krender appset FILE... [options]\n"
		"\n"
		"Print the Applications the ApplicationSets in FILE generate, as ArgoCD's\n"
		"ApplicationSet controller would create them, without a cluster: list, clusters,\n"
		"git (directories and files), matrix and merge generators, selectors, values,\n"
		"generator-level templates, templatePatch, the resources finalizer. Output is\n"
		"sorted by application name.\n"
		"\n"
		"options:\n"
		"      --repo URL=PATH      read the Git repository URL from the local clone or bare\n"
		"                           repository PATH, at the generator's revision (libgit2;\n"
		"                           krender never fetches). Repeatable.\n"
		"      --clusters PATH      ArgoCD cluster Secrets (a file or a directory of\n"
		"                           manifests) for the clusters generator. Repeatable.\n"
		"      --params FILE        parameter sets for generators that need a live API, as\n"
		"                           {scmProvider: [...], pullRequest: [...],\n"
		"                           clusterDecisionResource: [...], plugin: [...]}\n"
		"  -o, --output FORMAT      yaml (a stream, default) or json (an array)\n"
		"      --limit NAME=VALUE   a safety limit, as for `krender build` (and KRENDER_LIMITS)\n"
		"  -h, --help               show this help\n"
		"\n"
		"Templates: the default fasttemplate mode, and goTemplate: true (Go's text/template\n"
		"with Sprig's functions and ArgoCD's; goTemplateOptions). A Sprig function krender\n"
		"does not provide yet is an error naming it (docs/compat.md lists them).\n"
		"\n"
		"exit codes: 0 ok, 1 an ApplicationSet could not be expanded, 2 bad command line\n");
}

static int add_objects(kr_arena *a, const char *path, const kr_limits *lim, kr_node ***v, size_t *n, size_t *cap,
		       kr_err *err)
{
	kr_objects objs = {0};
	size_t i;
	int rc = kr_diff_read_live(a, path, lim, &objs, err);

	for (i = 0; rc == 0 && i < objs.n; i++) {
		if (kr_arena_grow(a, v, cap, *n, sizeof(**v)) < 0)
			return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		(*v)[(*n)++] = objs.v[i];
	}
	return rc;
}

/* the command with the arrays made by kr_cmd_appset() (every return path frees them there) */
static int appset_main(int argc, char **argv, const char **urls, const char **paths, const char **clusters)
{
	static const struct option opts[] = {
		{"repo", required_argument, NULL, 'r'},
		{"clusters", required_argument, NULL, 'c'},
		{"params", required_argument, NULL, 'p'},
		{"output", required_argument, NULL, 'o'},
		{"limit", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *params_file = NULL;
	bool json = false;
	size_t nrepo = 0, nclusters = 0, cap = 0, i, j, napps;
	kr_node **secrets = NULL, **apps;
	kr_appset_opts o;
	kr_limits lim;
	kr_arena *a;
	kr_err err;
	kr_cli_objects out;
	int c, rc = 0;

	memset(&err, 0, sizeof(err));
	if (kr_cli_limits_init(&lim, "appset") < 0)
		return KR_EXIT_USAGE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (kr_cli_repo_arg(optarg, urls, paths, &nrepo, "appset") < 0)
				return KR_EXIT_USAGE;
			break;
		case 'c': clusters[nclusters++] = optarg; break;
		case 'p': params_file = optarg; break;
		case 'o':
			if (kr_cli_objects_format(optarg, &json, "appset") < 0)
				return KR_EXIT_USAGE;
			break;
		case 'l':
			if (kr_cli_limit_option(&lim, optarg, "appset") < 0)
				return KR_EXIT_USAGE;
			break;
		case 'h': usage(stdout); return KR_EXIT_OK;
		default: usage(stderr); return KR_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return KR_EXIT_USAGE;
	}
	a = kr_arena_new(lim.memory_bytes);
	if (!a)
		return KR_EXIT_RENDER;
	o = (kr_appset_opts){urls, paths, nrepo, NULL, 0, NULL, &lim, NULL};
	for (i = 0; i < nclusters && rc == 0; i++)
		rc = add_objects(a, clusters[i], &lim, &secrets, &o.nclusters, &cap, &err);
	o.clusters = secrets;
	if (rc == 0 && params_file) {
		kr_objects p = {0};

		rc = kr_diff_read_file(a, params_file, &lim, &p, &err);
		if (rc == 0 && (p.n != 1 || p.v[0]->kind != KR_NODE_MAP))
			rc = kr_err_set(&err, KR_EINVAL, NULL, "%s: --params wants one map of generator type to parameter sets",
					params_file);
		if (rc == 0)
			o.params = p.v[0];
	}
	kr_cli_objects_init(&out, json, lim.output_bytes);
	for (i = optind; rc == 0 && i < (size_t)argc; i++) {
		kr_objects sets = {0};

		rc = kr_diff_read_file(a, argv[i], &lim, &sets, &err);
		for (j = 0; rc == 0 && j < sets.n; j++) {
			rc = kr_appset_expand(a, &o, sets.v[j], argv[i], &apps, &napps, &err);
			for (size_t k = 0; rc == 0 && k < napps; k++)
				rc = kr_cli_objects_add(&out, apps[k], &err);
		}
	}
	kr_appset_cleanup();
	rc = kr_cli_objects_finish(&out, rc, &err, "appset");
	kr_arena_free(a);
	return rc;
}

int kr_cmd_appset(int argc, char **argv)
{
	const char **urls = calloc((size_t)argc + 1, sizeof(*urls)), **paths = calloc((size_t)argc + 1, sizeof(*paths));
	const char **clusters = calloc((size_t)argc + 1, sizeof(*clusters));
	int rc = KR_EXIT_RENDER;

	if (urls && paths && clusters)
		rc = appset_main(argc, argv, urls, paths, clusters);
	else
		fprintf(stderr, "krender appset: out of memory\n");
	free(urls);
	free(paths);
	free(clusters);
	return rc;
}
