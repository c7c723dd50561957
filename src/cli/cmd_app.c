/*
 * cmd_app.c - `krender app FILE...`: the manifests ArgoCD would apply for
 * each Application in FILE, offline (src/app/). Exit codes: 0 printed, 1 an
 * Application that cannot be rendered (one message on stderr, nothing on
 * stdout), 2 a bad command line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "cli/cli.h"
#include "cli/objects.h"
#include "diff/input.h"
#include "util/limits.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: krender app FILE... [options]\n"
		"\n"
		"Print the manifests ArgoCD would apply for each Application in FILE, without a\n"
		"cluster or a repo-server: every source (spec.source or spec.sources) read from a\n"
		"local repository at its targetRevision, .argocd-source overrides, kustomize\n"
		"options (namePrefix, nameSuffix, images, replicas, commonLabels,\n"
		"commonAnnotations, namespace, patches, components) applied to an in-memory copy\n"
		"of the kustomization, $ARGOCD_APP_* substitution, directory sources (recurse,\n"
		"include, exclude), the destination namespace filled in, and the tracking\n"
		"metadata. Helm, jsonnet and plugin sources: an error, for now.\n"
		"\n"
		"options:\n"
		"      --repo URL=PATH      read the Git repository URL from the local clone or bare\n"
		"                           repository PATH, at the source's targetRevision (libgit2;\n"
		"                           krender never fetches). Repeatable.\n"
		"      --controller-namespace NS  where ArgoCD runs (default argocd): an Application\n"
		"                           elsewhere is tracked as NAMESPACE_NAME\n"
		"      --tracking-method M  annotation (default), annotation+label or label\n"
		"      --instance-label-key K  the tracking label (default app.kubernetes.io/instance)\n"
		"  -o, --output FORMAT      yaml (a stream, default) or json (an array)\n"
		"      --limit NAME=VALUE   a safety limit, as for `krender build` (and KRENDER_LIMITS)\n"
		"  -h, --help               show this help\n"
		"\n"
		"exit codes: 0 ok, 1 an Application could not be rendered, 2 bad command line\n");
}

/* the command with --repo's arrays made by kr_cmd_app() (every return path frees them there) */
static int app_main(int argc, char **argv, const char **urls, const char **paths)
{
	static const struct option opts[] = {
		{"repo", required_argument, NULL, 'r'},
		{"controller-namespace", required_argument, NULL, 'n'},
		{"tracking-method", required_argument, NULL, 't'},
		{"instance-label-key", required_argument, NULL, 'k'},
		{"output", required_argument, NULL, 'o'},
		{"limit", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool json = false;
	size_t nrepo = 0, i, j, k, n;
	kr_app_opts o;
	kr_node **objs;
	kr_limits lim;
	kr_arena *a;
	kr_err err;
	kr_cli_objects out;
	int c, rc = 0;

	memset(&err, 0, sizeof(err));
	if (kr_cli_limits_init(&lim, "app") < 0)
		return KR_EXIT_USAGE;
	memset(&o, 0, sizeof(o));
	o.controller_ns = "argocd";
	o.tracking = KR_TRACK_ANNOTATION;
	o.instance_label = "app.kubernetes.io/instance";
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (kr_cli_repo_arg(optarg, urls, paths, &nrepo, "app") < 0)
				return KR_EXIT_USAGE;
			break;
		case 'n': o.controller_ns = optarg; break;
		case 'k': o.instance_label = optarg; break;
		case 't':
			if (strcmp(optarg, "annotation") == 0)
				o.tracking = KR_TRACK_ANNOTATION;
			else if (strcmp(optarg, "annotation+label") == 0)
				o.tracking = KR_TRACK_ANNOTATION_LABEL;
			else if (strcmp(optarg, "label") == 0)
				o.tracking = KR_TRACK_LABEL;
			else {
				fprintf(stderr, "krender app: --tracking-method is annotation, annotation+label or label, not '%s'\n", optarg);
				return KR_EXIT_USAGE;
			}
			break;
		case 'o':
			if (kr_cli_objects_format(optarg, &json, "app") < 0)
				return KR_EXIT_USAGE;
			break;
		case 'l':
			if (kr_cli_limit_option(&lim, optarg, "app") < 0)
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
	o.repo_url = urls, o.repo_path = paths, o.nrepo = nrepo, o.lim = &lim;
	kr_cli_objects_init(&out, json, lim.output_bytes);
	for (i = optind; rc == 0 && i < (size_t)argc; i++) {
		kr_objects apps = {0};

		rc = kr_diff_read_file(a, argv[i], &lim, &apps, &err);
		for (j = 0; rc == 0 && j < apps.n; j++) {
			rc = kr_app_render(a, &o, apps.v[j], argv[i], &objs, &n, &err);
			for (k = 0; rc == 0 && k < n; k++)
				rc = kr_cli_objects_add(&out, objs[k], &err);
		}
	}
	kr_app_cleanup();
	rc = kr_cli_objects_finish(&out, rc, &err, "app");
	kr_arena_free(a);
	return rc;
}

int kr_cmd_app(int argc, char **argv)
{
	const char **urls = calloc((size_t)argc + 1, sizeof(*urls)), **paths = calloc((size_t)argc + 1, sizeof(*paths));
	int rc = KR_EXIT_RENDER;

	if (urls && paths)
		rc = app_main(argc, argv, urls, paths);
	else
		fprintf(stderr, "krender app: out of memory\n");
	free(urls);
	free(paths);
	return rc;
}
