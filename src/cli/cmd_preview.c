/*
 * cmd_preview.c - `krender preview --base REV --head REV [REPO]`: what a
 * change (a pull request) does to every app's rendered manifests, read from
 * Git objects without a checkout (src/preview/). Exit codes: 0 printed
 * (with or without differences; --exit-code: 1 when apps differ), 2 a bad
 * command line, 20 a revision or input that cannot be used.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "apply/git.h"
#include "appset/appset.h"
#include "cli/cli.h"
#include "cli/objects.h"
#include "diff/input.h"
#include "diff/rules.h"
#include "preview/preview.h"
#include "util/proc.h"

#define EXIT_INPUT 20

static void usage(FILE *f)
{
	fprintf(f,
		"usage: krender preview --base REV --head REV [REPO] [options]\n"
		"\n"
		"Render every kustomization and every Application (ApplicationSets expanded) of\n"
		"Git repository REPO (default .) at two revisions, straight from Git objects\n"
		"(libgit2, no checkout), and print the apps whose manifests differ: added,\n"
		"removed, changed (a per-resource unified diff, ArgoCD's normalisation and\n"
		"ignoreDifferences applied, Secret values masked) or failing at head.\n"
		"Kustomizations whose input files did not change are rendered once. Application\n"
		"sources and Git generators naming REPO (--repo-url) read it at each revision\n"
		"whatever their targetRevision; other repositories need --repo.\n"
		"\n"
		"options:\n"
		"      --base REV           the revision merged into (a branch, tag or commit)\n"
		"      --head REV           the revision proposed\n"
		"      --path DIR           only the kustomizations and Applications under DIR\n"
		"      --repo-url URL       the URL Applications give REPO (default: its remote\n"
		"                           origin); compared as ArgoCD normalises URLs\n"
		"      --repo URL=PATH      another repository, read from the local clone PATH at\n"
		"                           the source's targetRevision (repeatable)\n"
		"      --format FORMAT      text (default), markdown (a pull-request comment: summary\n"
		"                           table, one collapsible section per app) or json\n"
		"      --max-bytes N        markdown: leave out diffs past N bytes (default 60000;\n"
		"                           GitHub comments hold 65536), with a note\n"
		"      --app APP.yaml       ignoreDifferences of this Application\n"
		"      --settings CM.yaml   argocd-cm (ignoreDifferences, compare options)\n"
		"      --exit-code          exit 1 when an app differs\n"
		"      --limit NAME=VALUE   a safety limit (and KRENDER_LIMITS)\n"
		"  -h, --help               show this help\n"
		"\n"
		"exit codes: 0 printed (1 with --exit-code when apps differ), 2 bad command line,\n"
		"20 a revision or input that cannot be used\n");
}

/* the remote origin of @repo, or NULL (in @a) */
static const char *origin_url(kr_arena *a, const char *repo)
{
	char helper[PATH_MAX];
	char *argv[] = {(char *)kr_helper_path("krender-git", helper, sizeof(helper)), "origin", (char *)repo, NULL};
	const char *url = NULL;
	kr_buf out;
	kr_err err;

	memset(&err, 0, sizeof(err));
	kr_buf_init(&out, 65536);
	if (kr_git_helper(argv, "", 0, &out, &err) == 0 && out.len > 1)
		url = kr_arena_memdup(a, out.data, strcspn(out.data, "\n")); /* the first line, NUL-terminated */
	kr_buf_dispose(&out);
	return url;
}

/* the command with --repo's arrays made by kr_cmd_preview() (every return path frees them there) */
static int preview_main(int argc, char **argv, const char **urls, const char **paths)
{
	static const struct option opts[] = {
		{"base", required_argument, NULL, 'b'},     {"head", required_argument, NULL, 'H'},
		{"path", required_argument, NULL, 'p'},     {"format", required_argument, NULL, 'f'},
		{"max-bytes", required_argument, NULL, 'm'}, {"app", required_argument, NULL, 'A'},
		{"settings", required_argument, NULL, 'S'}, {"exit-code", no_argument, NULL, 'e'},
		{"limit", required_argument, NULL, 'l'},    {"help", no_argument, NULL, 'h'},
		{"repo", required_argument, NULL, 'r'},     {"repo-url", required_argument, NULL, 'u'},
		{NULL, 0, NULL, 0},
	};
	const char *app_file = NULL, *settings = NULL, *dest = NULL;
	kr_node *app = NULL;
	enum kr_preview_format format = KR_PREVIEW_TEXT;
	size_t max_bytes = 60000;
	bool exit_code = false;
	kr_preview_opts o;
	kr_diff_config cfg;
	kr_preview p;
	kr_limits lim;
	kr_arena *a;
	kr_err err;
	kr_buf out;
	char *end;
	int c, rc = 0;

	memset(&o, 0, sizeof(o));
	memset(&cfg, 0, sizeof(cfg));
	memset(&err, 0, sizeof(err));
	o.path = "";
	if (kr_cli_limits_init(&lim, "preview") < 0)
		return KR_EXIT_USAGE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'b': o.base = optarg; break;
		case 'H': o.head = optarg; break;
		case 'p': o.path = optarg; break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				format = KR_PREVIEW_TEXT;
			else if (strcmp(optarg, "markdown") == 0)
				format = KR_PREVIEW_MARKDOWN;
			else if (strcmp(optarg, "json") == 0)
				format = KR_PREVIEW_JSON;
			else {
				fprintf(stderr, "krender preview: --format is text, markdown or json, not '%s'\n", optarg);
				return KR_EXIT_USAGE;
			}
			break;
		case 'm':
			max_bytes = strtoull(optarg, &end, 10);
			if (*end || max_bytes < 1000) {
				fprintf(stderr, "krender preview: --max-bytes takes a number of at least 1000, not '%s'\n", optarg);
				return KR_EXIT_USAGE;
			}
			break;
		case 'A': app_file = optarg; break;
		case 'r':
			if (kr_cli_repo_arg(optarg, urls, paths, &o.nrepo, "preview") < 0)
				return KR_EXIT_USAGE;
			break;
		case 'u': o.repo_url = optarg; break;
		case 'S': settings = optarg; break;
		case 'e': exit_code = true; break;
		case 'l':
			if (kr_cli_limit_option(&lim, optarg, "preview") < 0)
				return KR_EXIT_USAGE;
			break;
		case 'h': usage(stdout); return KR_EXIT_OK;
		default: usage(stderr); return KR_EXIT_USAGE;
		}
	}
	if (!o.base || !o.head || argc - optind > 1) {
		fprintf(stderr, "krender preview: %s\n", !o.base || !o.head ? "--base and --head are required" : "one REPO at most");
		usage(stderr);
		return KR_EXIT_USAGE;
	}
	while (o.path[0] == '.' && o.path[1] == '/')
		o.path += 2;
	o.repo = optind < argc ? argv[optind] : ".";
	o.lim = &lim;
	o.cfg = &cfg;
	o.repo_urls = urls, o.repo_paths = paths;
	if (!(a = kr_arena_new(lim.memory_bytes)))
		return EXIT_INPUT;
	if (!o.repo_url)
		o.repo_url = origin_url(a, o.repo);
	rc = kr_diff_rules_read(a, &cfg, settings, app_file, &lim, &app, &dest, &err);
	cfg.ns = dest ? dest : "";
	if (rc == 0)
		rc = kr_preview_run(a, &o, &p, &err);
	kr_buf_init(&out, lim.output_bytes);
	if (rc == 0 && kr_preview_print(&out, &p, format, max_bytes) < 0)
		rc = kr_err_set(&err, KR_ETOOBIG, NULL, "the preview is over the limit output-bytes");
	if (rc < 0) {
		char msg[KR_ERR_MAX + 600];

		kr_err_format(&err, msg, sizeof(msg));
		fprintf(stderr, "krender preview: %s\n", msg);
	} else if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len) {
		rc = KR_EIO;
	}
	kr_buf_dispose(&out);
	kr_arena_free(a);
	if (rc < 0)
		return EXIT_INPUT;
	return exit_code && p.n ? 1 : KR_EXIT_OK;
}

int kr_cmd_preview(int argc, char **argv)
{
	const char **urls = calloc((size_t)argc + 1, sizeof(*urls)), **paths = calloc((size_t)argc + 1, sizeof(*paths));
	int rc = EXIT_INPUT;

	if (urls && paths)
		rc = preview_main(argc, argv, urls, paths);
	else
		fprintf(stderr, "krender preview: out of memory\n");
	free(urls);
	free(paths);
	kr_app_cleanup();
	kr_appset_cleanup();
	return rc;
}
