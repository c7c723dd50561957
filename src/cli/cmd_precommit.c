/*
 * cmd_precommit.c - `krender precommit build|hydrated|project`: the checks
 * behind the pre-commit hooks of .pre-commit-hooks.yaml (docs/pre-commit.md).
 *   build [FILE...]    every kustomization under --root that reads one of the
 *                      files (or, given none, every one) must render;
 *   hydrated --out DIR the rendered output committed in DIR (`krender batch
 *                      ROOT -o DIR`) must be what krender renders now;
 *   project --projects DIR [FILE...]  each Application in the files must be
 *                      permitted by its AppProject (found by name in DIR).
 * All kustomizations render in one batch (shared bases parsed once): a
 * 1,000-app monorepo takes about 0.15 s; the hydrated check compares in
 * memory and writes nothing. "Reads" comes from each render's
 * input list; a kustomization that fails has none, so it counts as touched
 * when a file lies under its directory or its error names the file.
 * Exit codes: 0 clean, 1 a check failed, 2 bad command line.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch/batch.h"
#include "cli/cli.h"
#include "diff/input.h"
#include "fs/fs.h"
#include "project/project.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: krender precommit build [--root DIR] [FILE...]\n"
		"       krender precommit hydrated --out DIR [--root DIR]\n"
		"       krender precommit project --projects DIR [FILE...]\n"
		"\n"
		"The checks of krender's pre-commit hooks (.pre-commit-hooks.yaml, docs/pre-commit.md):\n"
		"  build     render every kustomization under --root (default .) that reads one\n"
		"            of FILE (all of them without FILE); fail on any error\n"
		"  hydrated  fail when DIR (written by `krender batch ROOT -o DIR`) differs from\n"
		"            what krender renders now: stale, missing or extra files are named\n"
		"  project   check each Application in FILE against its AppProject, read from\n"
		"            the YAML files under --projects DIR (by spec.project); every\n"
		"            violation with its rule\n"
		"\n"
		"exit codes: 0 clean, 1 a check failed, 2 bad command line\n");
}

/* @f relative to the root, without "./" */
static const char *rel(const char *f)
{
	while (f[0] == '.' && f[1] == '/')
		f += 2;
	return f;
}

/* whether entry @e reads one of @files */
static bool touched(const kr_batch_entry *e, char **files, size_t n)
{
	size_t i, k, plen = strcmp(e->path, ".") == 0 ? 0 : strlen(e->path);

	for (i = 0; i < n; i++) {
		const char *f = rel(files[i]);

		if (e->ok) {
			for (k = 0; k < e->ninputs; k++)
				if (strcmp(e->inputs[k], f) == 0)
					return true;
		} else if (plen == 0 || (strncmp(f, e->path, plen) == 0 && f[plen] == '/') ||
			   (e->error && strstr(e->error, f))) {
			return true;
		}
	}
	return false;
}

static int run_batch(kr_batch *b, const char *root, const char *outdir)
{
	char err[512] = "";
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	memset(b, 0, sizeof(*b));
	b->root = root;
	b->outdir = outdir;
	b->jobs = cpus > 0 ? (int)(cpus < 8 ? cpus : 8) : 1;
	b->limit_list = getenv("KRENDER_LIMITS");
	b->keep_inputs = !outdir;
	b->check_only = outdir != NULL;
	if (kr_batch_discover(b, err, sizeof(err)) < 0 || kr_batch_run(b, err, sizeof(err)) < 0) {
		fprintf(stderr, "krender precommit: %s\n", err);
		return -1;
	}
	return 0;
}

static int check_build(const char *root, char **files, size_t n)
{
	kr_batch b;
	size_t i, hit = 0, failed = 0;

	if (run_batch(&b, root, NULL) < 0)
		return KR_EXIT_RENDER;
	for (i = 0; i < b.n; i++) {
		if (n && !touched(&b.e[i], files, n))
			continue;
		hit++;
		if (!b.e[i].ok) {
			failed++;
			fprintf(stderr, "krender: %s/%s: %s\n", root, b.e[i].path, b.e[i].error ? b.e[i].error : "failed");
		}
	}
	fprintf(stderr, "krender: %zu of %zu kustomizations read the %s, %zu failed\n", hit, b.n,
		n ? "staged files" : "tree", failed);
	kr_batch_free(&b);
	return failed ? KR_EXIT_RENDER : KR_EXIT_OK;
}

/* the files under @dir (relative paths, sorted by the walk), appended to @v */
static int list_files(const char *dir, const char *prefix, char ***v, size_t *n, size_t *cap)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return errno == ENOENT ? 0 : -1;
	while (rc == 0 && (e = readdir(d))) {
		char path[PATH_MAX], name[PATH_MAX];
		struct stat sb;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		snprintf(name, sizeof(name), "%s%s%s", prefix, *prefix ? "/" : "", e->d_name);
		if (lstat(path, &sb) < 0)
			rc = -1;
		else if (S_ISDIR(sb.st_mode))
			rc = list_files(path, name, v, n, cap);
		else {
			if (*n == *cap) {
				char **nv = realloc(*v, (*cap = *cap ? 2 * *cap : 64) * sizeof(*nv));

				if (!nv)
					rc = -1;
				else
					*v = nv;
			}
			if (rc == 0 && !((*v)[(*n)++] = strdup(name)))
				rc = -1;
		}
	}
	closedir(d);
	return rc;
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static int check_hydrated(const char *root, const char *out)
{
	char **have = NULL, **want = NULL;
	size_t nh = 0, ch = 0, nw = 0, i = 0, j = 0, bad = 0, k;
	kr_batch b;

	if (run_batch(&b, root, out) < 0) /* check_only: compared in memory, nothing written */
		return KR_EXIT_RENDER;
	want = calloc(b.n + 1, sizeof(*want));
	for (k = 0; want && k < b.n; k++) {
		if (!b.e[k].ok) {
			bad++;
			fprintf(stderr, "krender: %s/%s: %s\n", root, b.e[k].path, b.e[k].error ? b.e[k].error : "failed");
		} else if ((want[nw] = kr_batch_output_name(b.e[k].path))) {
			if (b.e[k].stale) {
				char path[PATH_MAX];

				snprintf(path, sizeof(path), "%s/%s", out, want[nw]);
				bad++;
				fprintf(stderr, "krender: %s/%s: %s (run krender batch %s -o %s)\n", out, want[nw],
					access(path, F_OK) == 0 ? "stale" : "missing", root, out);
			}
			nw++;
		}
	}
	if (list_files(out, "", &have, &nh, &ch) < 0)
		bad++, fprintf(stderr, "krender precommit: cannot list %s\n", out);
	if (have)
		qsort(have, nh, sizeof(*have), by_name);
	if (want)
		qsort(want, nw, sizeof(*want), by_name);
	for (i = 0; i < nh; i++) { /* files no kustomization renders (batch's own .krender-batch-* list aside) */
		while (j < nw && strcmp(want[j], have[i]) < 0)
			j++;
		if ((j == nw || strcmp(want[j], have[i]) != 0) && strncmp(have[i], ".krender-batch-", 15) != 0) {
			bad++;
			fprintf(stderr, "krender: %s/%s: extra (no kustomization renders it)\n", out, have[i]);
		}
	}
	fprintf(stderr, "krender: %s: %zu rendered files, %s\n", out, nw, bad ? "out of date" : "up to date");
	for (k = 0; k < nh; k++)
		free(have[k]);
	for (k = 0; k < nw; k++)
		free(want[k]);
	free(have);
	free(want);
	kr_batch_free(&b);
	return bad ? KR_EXIT_RENDER : KR_EXIT_OK;
}

static bool is_yaml(const char *name)
{
	size_t len = strlen(name);

	return (len > 5 && strcmp(name + len - 5, ".yaml") == 0) || (len > 4 && strcmp(name + len - 4, ".yml") == 0);
}

/* every AppProject in the YAML files under @dir, read once for all the Applications */
static int read_projects(kr_arena *a, const char *dir, const kr_limits *lim, kr_objects *out)
{
	char **files = NULL;
	size_t n = 0, cap = 0, i, k;
	int rc = list_files(dir, "", &files, &n, &cap);

	for (i = 0; rc == 0 && i < n; i++) {
		kr_objects o = {0};
		char path[PATH_MAX];
		kr_err err;

		memset(&err, 0, sizeof(err));
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		if (!is_yaml(files[i]) || kr_diff_read_file(a, path, lim, &o, &err) < 0)
			continue;
		for (k = 0; k < o.n; k++)
			if (kr_node_str_eq(kr_node_map_get(o.v[k], "kind"), "AppProject") &&
			    (kr_arena_grow(a, &out->v, &out->cap, out->n, sizeof(*out->v)) < 0 || !(out->v[out->n++] = o.v[k])))
				rc = -1;
	}
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	return rc;
}

/* the AppProject named @name in @projects, or NULL */
static kr_node *find_project(const kr_objects *projects, const char *name)
{
	size_t i;

	for (i = 0; i < projects->n; i++)
		if (kr_node_str_eq(kr_node_map_get(kr_node_map_get(projects->v[i], "metadata"), "name"), name))
			return projects->v[i];
	return NULL;
}

static int check_project(const char *projects, char **files, size_t n)
{
	kr_objects known = {0};
	kr_limits lim;
	kr_arena *a;
	size_t i, k, apps = 0, bad = 0;

	if (kr_cli_limits_init(&lim, "precommit") < 0)
		return KR_EXIT_USAGE;
	if (!(a = kr_arena_new(lim.memory_bytes)))
		return KR_EXIT_RENDER;
	if (read_projects(a, projects, &lim, &known) < 0) {
		fprintf(stderr, "krender precommit: cannot read the AppProjects under %s\n", projects);
		kr_arena_free(a);
		return KR_EXIT_RENDER;
	}
	for (i = 0; i < n; i++) {
		kr_objects o = {0};
		kr_err err;

		memset(&err, 0, sizeof(err));
		if (!is_yaml(files[i]) || kr_diff_read_file(a, files[i], &lim, &o, &err) < 0)
			continue; /* not YAML krender reads: the build hook reports it */
		for (k = 0; k < o.n; k++) {
			const kr_node *app = o.v[k];
			const kr_node *pn = kr_node_map_get(kr_node_map_get(app, "spec"), "project");
			const char *pname = pn && pn->kind == KR_NODE_SCALAR ? kr_node_text(a, pn) : "default";
			const char *aname = kr_node_text(a, kr_node_map_get(kr_node_map_get(app, "metadata"), "name"));
			kr_node *project;
			size_t nv = 0;
			kr_buf report;

			if (!kr_node_str_eq(kr_node_map_get(app, "kind"), "Application"))
				continue;
			apps++;
			if (!(project = find_project(&known, pname && *pname ? pname : "default"))) {
				fprintf(stderr, "krender: %s: Application %s: AppProject '%s' is not under %s\n", files[i], aname,
					pname, projects);
				bad++;
				continue;
			}
			kr_buf_init(&report, 1 << 20);
			if (kr_project_check(a, NULL, project, app, NULL, 0, &report, &nv, &err) < 0) {
				fprintf(stderr, "krender: %s: %s\n", files[i], err.msg);
				nv = 1;
			} else if (nv) {
				fprintf(stderr, "krender: %s: Application %s:\n%.*s", files[i], aname, (int)report.len, report.data);
			}
			kr_buf_dispose(&report);
			bad += nv;
		}
	}
	fprintf(stderr, "krender: %zu Application%s checked, %zu violation%s\n", apps, apps == 1 ? "" : "s", bad,
		bad == 1 ? "" : "s");
	kr_arena_free(a);
	return bad ? KR_EXIT_RENDER : KR_EXIT_OK;
}

int kr_cmd_precommit(int argc, char **argv)
{
	static const struct option opts[] = {
		{"root", required_argument, NULL, 'r'}, {"out", required_argument, NULL, 'o'},
		{"projects", required_argument, NULL, 'p'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *root = ".", *out = NULL, *projects = NULL, *what;
	int c;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? KR_EXIT_USAGE : KR_EXIT_OK;
	}
	what = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': root = optarg; break;
		case 'o': out = optarg; break;
		case 'p': projects = optarg; break;
		case 'h': usage(stdout); return KR_EXIT_OK;
		default: usage(stderr); return KR_EXIT_USAGE;
		}
	}
	if (strcmp(what, "build") == 0)
		return check_build(root, argv + optind, (size_t)(argc - optind));
	if (strcmp(what, "hydrated") == 0 && out)
		return check_hydrated(root, out);
	if (strcmp(what, "project") == 0 && projects)
		return check_project(projects, argv + optind, (size_t)(argc - optind));
	fprintf(stderr, "krender precommit: %s\n",
		strcmp(what, "hydrated") == 0 ? "hydrated needs --out DIR" :
		strcmp(what, "project") == 0 ? "project needs --projects DIR" : "build, hydrated or project?");
	usage(stderr);
	return KR_EXIT_USAGE;
}
