/*
 * main.c - the krender program: global options and subcommand dispatch.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "cli/cli.h"
#include "krender/krender.h"

static void usage(FILE *f)
{
	fputs("usage: krender <command> [options]\n"
	      "\n"
	      "krender renders GitOps manifests: a drop-in for `kustomize build`, byte for byte.\n"
	      "\n"
	      "commands:\n"
	      "  build DIR     render the kustomization in DIR (like `kustomize build DIR`)\n"
	      "  batch ROOT    render every kustomization of a monorepo in one process\n"
	      "  diff DESIRED --live LIVE\n"
	      "                compare desired with live state as ArgoCD does (`krender diff -h`)\n"
	      "  appset FILE   the Applications an ApplicationSet generates (`krender appset -h`)\n"
	      "  app FILE      the manifests of an Application's sources (`krender app -h`)\n"
	      "  plan DESIRED --live LIVE\n"
	      "                the tasks of a sync, in ArgoCD's order (`krender plan -h`)\n"
	      "  check APP --project PROJECT\n"
	      "                an Application against its AppProject (`krender check -h`)\n"
	      "  apply [DESIRED] --to-dir DIR | --to-git REPO --branch B | --apply-cmd CMD\n"
	      "                hydrate to a directory or Git branch, or sync with your commands\n"
	      "                (`krender apply -h`)\n"
	      "  preview --base REV --head REV [REPO]\n"
	      "                what a change does to every app's manifests (`krender preview -h`)\n"
	      "  precommit build|hydrated|project\n"
	      "                the checks of krender's pre-commit hooks (`krender precommit -h`)\n"
	      "  cmp generate|discover|parameters\n"
	      "                krender as an ArgoCD config-management plugin (`krender cmp -h`)\n"
	      "  reconcile APP --repo URL=PATH TARGET\n"
	      "                the GitOps loop: poll, render, plan, apply (`krender reconcile -h`)\n"
	      "\n"
	      "options:\n"
	      "  -h, --help    show this help (`krender build --help` for the command's own)\n"
	      "  --version     print the version (`krender version --output json`: as JSON)\n"
	      "\n"
	      "exit codes: 0 ok, 1 the input could not be rendered, 2 bad command line\n",
	      f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return KR_EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return KR_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		bool json = argc == 4 && (strcmp(argv[2], "--output") == 0 || strcmp(argv[2], "-o") == 0) &&
			    strcmp(argv[3], "json") == 0;

		if (argc > 2 && !json) {
			fputs("usage: krender version [--output json]\n", stderr);
			return KR_EXIT_USAGE;
		}
		if (json)
			printf("{\"version\":\"%s\",\"kustomize\":\"v5.5.0\",\"libyaml\":\"%s\"}\n", krender_version(),
			       yaml_get_version_string());
		else
			printf("krender %s (kustomize v5.5.0 compatible)\n", krender_version());
		return KR_EXIT_OK;
	}
	if (strcmp(argv[1], "build") == 0)
		return kr_cmd_build(argc - 1, argv + 1);
	if (strcmp(argv[1], "batch") == 0)
		return kr_cmd_batch(argc - 1, argv + 1);
	if (strcmp(argv[1], "diff") == 0)
		return kr_cmd_diff(argc - 1, argv + 1);
	if (strcmp(argv[1], "appset") == 0)
		return kr_cmd_appset(argc - 1, argv + 1);
	if (strcmp(argv[1], "app") == 0)
		return kr_cmd_app(argc - 1, argv + 1);
	if (strcmp(argv[1], "plan") == 0)
		return kr_cmd_plan(argc - 1, argv + 1);
	if (strcmp(argv[1], "check") == 0)
		return kr_cmd_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "preview") == 0)
		return kr_cmd_preview(argc - 1, argv + 1);
	if (strcmp(argv[1], "precommit") == 0)
		return kr_cmd_precommit(argc - 1, argv + 1);
	if (strcmp(argv[1], "cmp") == 0)
		return kr_cmd_cmp(argc - 1, argv + 1);
	if (strcmp(argv[1], "apply") == 0)
		return kr_cmd_apply(argc - 1, argv + 1);
	if (strcmp(argv[1], "reconcile") == 0)
		return kr_cmd_reconcile(argc - 1, argv + 1);
	fprintf(stderr, "krender: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return KR_EXIT_USAGE;
}
