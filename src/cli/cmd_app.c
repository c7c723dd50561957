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
#include "diff/input.h"
#include "util/limits.h"
#include "yaml/emit.h"
#include "yaml/json.h"

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

int kr_cmd_app(int argc, char **argv)
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
	const char *format = "yaml", **urls, **paths;
	size_t nrepo = 0, i, j, k, n, total = 0;
	kr_app_opts o;
	kr_node **objs;
	kr_limits lim;
	kr_arena *a;
	kr_err err;
	kr_buf out;
	char bad[128];
	int c, rc = 0;

	memset(&err, 0, sizeof(err));
	kr_limits_default(&lim);
	if (getenv("KRENDER_LIMITS") && kr_limits_set_list(&lim, getenv("KRENDER_LIMITS"), bad, sizeof(bad)) < 0) {
		fprintf(stderr, "krender app: KRENDER_LIMITS: bad limit '%s' (names: %s)\n", bad, kr_limits_names());
		return KR_EXIT_USAGE;
	}
	urls = calloc((size_t)argc + 1, sizeof(*urls));
	paths = calloc((size_t)argc + 1, sizeof(*paths));
	if (!urls || !paths) {
		fprintf(stderr, "krender app: out of memory\n");
		return KR_EXIT_RENDER;
	}
	memset(&o, 0, sizeof(o));
	o.controller_ns = "argocd";
	o.tracking = KR_TRACK_ANNOTATION;
	o.instance_label = "app.kubernetes.io/instance";
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': {
			char *eq = strstr(optarg, "=");

			if (!eq || eq == optarg || !eq[1]) {
				fprintf(stderr, "krender app: --repo wants URL=PATH, not '%s'\n", optarg);
				return KR_EXIT_USAGE;
			}
			*eq = '\0';
			urls[nrepo] = optarg;
			paths[nrepo++] = eq + 1;
			break;
		}
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
			if (strcmp(optarg, "yaml") != 0 && strcmp(optarg, "json") != 0) {
				fprintf(stderr, "krender app: --output is yaml or json, not '%s'\n", optarg);
				return KR_EXIT_USAGE;
			}
			format = optarg;
			break;
		case 'l':
			if (kr_limits_set(&lim, optarg) < 0) {
				fprintf(stderr, "krender app: bad --limit '%s' (names: %s)\n", optarg, kr_limits_names());
				return KR_EXIT_USAGE;
			}
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
	kr_buf_init(&out, lim.output_bytes);
	if (strcmp(format, "json") == 0)
		rc = kr_buf_putc(&out, '[');
	for (i = optind; rc == 0 && i < (size_t)argc; i++) {
		kr_objects apps = {0};

		rc = kr_diff_read_file(a, argv[i], &lim, &apps, &err);
		for (j = 0; rc == 0 && j < apps.n; j++) {
			rc = kr_app_render(a, &o, apps.v[j], argv[i], &objs, &n, &err);
			for (k = 0; rc == 0 && k < n; k++, total++) {
				if (strcmp(format, "json") == 0) {
					rc = kr_buf_puts(&out, total ? ",\n" : "\n");
					if (rc == 0)
						rc = kr_json_write(&out, objs[k]);
				} else {
					rc = total ? kr_buf_puts(&out, "---\n") : 0;
					if (rc == 0)
						rc = kr_yaml_emit_doc(&out, objs[k], &err);
				}
				if (rc < 0 && !err.msg[0])
					kr_err_set(&err, rc, NULL, "the output is over the limit output-bytes (" KR_LIMIT_RAISE("output-bytes") ")");
			}
		}
	}
	if (rc == 0 && strcmp(format, "json") == 0)
		rc = kr_buf_puts(&out, total ? "\n]\n" : "]\n");
	kr_app_cleanup();
	if (rc < 0) {
		char msg[KR_ERR_MAX + 600];

		kr_err_format(&err, msg, sizeof(msg));
		fprintf(stderr, "krender app: %s\n", msg);
	} else if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len) {
		rc = KR_EIO;
	}
	kr_buf_dispose(&out);
	kr_arena_free(a);
	free(urls);
	free(paths);
	return rc < 0 ? KR_EXIT_RENDER : KR_EXIT_OK;
}
