/*
 * cmd_build.c - `krender build DIR`: argument parsing and output only.
 *
 * Output reaches stdout (or the -o file, via temp + rename) only after the
 * whole render succeeded; on failure one error line goes to stderr.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "krender/krender.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: krender build [DIR] [options]\n"
		"\n"
		"Render the kustomization in DIR (default: the current directory) and print the\n"
		"resources as `kubectl kustomize DIR` (kustomize v5.5.0) prints them, byte for byte.\n"
		"Remote bases: only file:// URLs of local Git repositories (file:///REPO//DIR?ref=REV),\n"
		"read with libgit2; krender never uses the network.\n"
		"\n"
		"options:\n"
		"  -o, --output PATH        write to file PATH (atomically) instead of stdout; when\n"
		"                           PATH is a directory, one file per resource, named as\n"
		"                           kustomize names them (group_version_kind_name.yaml)\n"
		"      --root DIR           never read a file or base outside DIR (default: the Git\n"
		"                           work tree holding DIR, else the current directory if it\n"
		"                           holds DIR, else DIR)\n"
		"      --load-restrictor R  LoadRestrictionsRootOnly (default: files must be inside\n"
		"                           their kustomization's directory) or LoadRestrictionsNone;\n"
		"                           neither lifts the --root jail\n"
		"      --enable-helm        inflate helmCharts by running `helm` (v3, on $PATH) as\n"
		"                           kustomize does; the chart is pulled when absent\n"
		"  -j, --jobs N             threads that read and parse files (default: the CPUs,\n"
		"                           at most 8); the output does not depend on it\n"
		"      --limit NAME=VALUE   raise or lower a safety limit (sizes take K/M/G, the\n"
		"                           timeout ms/s/m); also KRENDER_LIMITS=\"NAME=VALUE,...\",\n"
		"                           which the command line overrides; names: %s\n"
		"  -h, --help               show this help\n"
		"\n"
		"exit codes: 0 rendered, 1 the input could not be rendered (one message on stderr,\n"
		"naming file:line:column), 2 bad command line\n",
		kr_build_limit_names());
}

int kr_cli_build_option(kr_build *b, int opt, const char *arg, const char *cmd)
{
	switch (opt) {
	case 'L':
		if (kr_build_set_load_restrictor(b, arg) == 0)
			return 0;
		fprintf(stderr,
			"krender %s: --load-restrictor must be LoadRestrictionsRootOnly or LoadRestrictionsNone, "
			"not '%s'\n",
			cmd, arg);
		return -1;
	case 'l':
		if (kr_build_set_limit(b, arg) == 0)
			return 0;
		fprintf(stderr, "krender %s: bad --limit '%s' (names: %s)\n", cmd, arg, kr_build_limit_names());
		return -1;
	case 'H':
		kr_build_set_enable_helm(b, 1);
		return 0;
	default:
		return -1;
	}
}

int kr_cli_env_limits(kr_build *b, const char *cmd)
{
	const char *list = getenv("KRENDER_LIMITS");

	if (!list || kr_build_set_limits(b, list) == 0)
		return 0;
	fprintf(stderr, "krender %s: KRENDER_LIMITS: %s\n", cmd, kr_build_error(b));
	return -1;
}

int kr_cli_limits_init(kr_limits *l, const char *cmd)
{
	const char *list = getenv("KRENDER_LIMITS");
	char bad[128];

	kr_limits_default(l);
	if (!list || kr_limits_set_list(l, list, bad, sizeof(bad)) == 0)
		return 0;
	fprintf(stderr, "krender %s: KRENDER_LIMITS: bad limit '%s' (names: %s)\n", cmd, bad, kr_limits_names());
	return -1;
}

int kr_cli_limit_option(kr_limits *l, const char *arg, const char *cmd)
{
	if (kr_limits_set(l, arg) == 0)
		return 0;
	fprintf(stderr, "krender %s: bad --limit '%s' (names: %s)\n", cmd, arg, kr_limits_names());
	return -1;
}

int kr_cli_write_file(const char *path, const char *data, size_t len, bool durable)
{
	size_t n = strlen(path);
	char *tmp = malloc(n + 32);
	size_t off = 0;
	int fd;

	if (!tmp)
		return -1;
	snprintf(tmp, n + 32, "%s.tmp.%ld.%lx", path, (long)getpid(), (unsigned long)pthread_self());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		free(tmp);
		return -1;
	}
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			unlink(tmp);
			free(tmp);
			return -1;
		}
		off += (size_t)w;
	}
	if ((durable && fsync(fd) != 0) || close(fd) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

static int write_stdout(const char *data, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t w = write(STDOUT_FILENO, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

/* The files of `-o DIR`, kept until all are known, then written together. */
struct split_files {
	char **names;
	char **data;
	size_t *lens;
	size_t n, cap;
};

static int collect_file(void *ctx, const char *name, const char *data, size_t len)
{
	struct split_files *sf = ctx;
	char *copy_name, *copy_data;

	if (sf->n == sf->cap) {
		size_t cap = sf->cap ? sf->cap * 2 : 64;
		char **nn = realloc(sf->names, cap * sizeof(*nn));
		if (nn)
			sf->names = nn;
		char **dd = realloc(sf->data, cap * sizeof(*dd));
		if (dd)
			sf->data = dd;
		size_t *ll = realloc(sf->lens, cap * sizeof(*ll));
		if (ll)
			sf->lens = ll;
		if (!nn || !dd || !ll)
			return -1;
		sf->cap = cap;
	}
	copy_name = strdup(name);
	copy_data = malloc(len ? len : 1);
	if (!copy_name || !copy_data) {
		free(copy_name);
		free(copy_data);
		return -1;
	}
	memcpy(copy_data, data, len);
	sf->names[sf->n] = copy_name;
	sf->data[sf->n] = copy_data;
	sf->lens[sf->n] = len;
	sf->n++;
	return 0;
}

/* Write every collected file into @dir, each atomically. 0 or -1 (errno set). */
static int write_split(const char *dir, const struct split_files *sf)
{
	size_t i;

	for (i = 0; i < sf->n; i++) {
		size_t n = strlen(dir) + strlen(sf->names[i]) + 2;
		char *path = malloc(n);
		int rc;
		if (!path)
			return -1;
		snprintf(path, n, "%s/%s", dir, sf->names[i]);
		rc = kr_cli_write_file(path, sf->data[i], sf->lens[i], true);
		free(path);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static void free_split(struct split_files *sf)
{
	size_t i;

	for (i = 0; i < sf->n; i++) {
		free(sf->names[i]);
		free(sf->data[i]);
	}
	free(sf->names);
	free(sf->data);
	free(sf->lens);
}

static int is_directory(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int kr_cmd_build(int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"root", required_argument, NULL, 'r'},
		{"load-restrictor", required_argument, NULL, 'L'},
		{"load_restrictor", required_argument, NULL, 'L'},
		{"limit", required_argument, NULL, 'l'},
		{"jobs", required_argument, NULL, 'j'},
		{"enable-helm", no_argument, NULL, 'H'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *output = NULL;
	const char *dir = ".";
	kr_build *b = kr_build_new();
	char *out = NULL;
	size_t len = 0;
	int status = KR_EXIT_USAGE;
	int c;

	if (!b) {
		fputs("krender: out of memory\n", stderr);
		return KR_EXIT_RENDER;
	}
	if (kr_cli_env_limits(b, "build") < 0)
		goto done;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:j:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'r':
			if (kr_build_set_root(b, optarg) < 0)
				goto done;
			break;
		case 'L':
		case 'l':
		case 'H':
			if (kr_cli_build_option(b, c, optarg, "build") < 0)
				goto done;
			break;
		case 'j':
			if (kr_build_set_jobs(b, atoi(optarg)) < 0) {
				fprintf(stderr, "krender build: --jobs wants a positive number, not '%s'\n",
					optarg);
				goto done;
			}
			break;
		case 'h':
			usage(stdout);
			status = KR_EXIT_OK;
			goto done;
		default:
			usage(stderr);
			goto done;
		}
	}
	if (argc - optind > 1) {
		fputs("krender build: expected at most one directory\n", stderr);
		usage(stderr);
		goto done;
	}
	if (optind < argc)
		dir = argv[optind];
	if (output && is_directory(output)) {
		/* like kustomize: -o naming an existing directory writes one file per resource */
		struct split_files sf = {0};
		int rc = kr_build_run_split(b, dir, collect_file, &sf);
		fputs(kr_build_warnings(b), stderr);
		if (rc < 0) {
			fprintf(stderr, "Error: %s\n", kr_build_error(b));
			status = KR_EXIT_RENDER;
		} else if (write_split(output, &sf) < 0) {
			fprintf(stderr, "Error: cannot write into %s: %s\n", output, strerror(errno));
			status = KR_EXIT_RENDER;
		} else {
			status = KR_EXIT_OK;
		}
		free_split(&sf);
		goto done;
	}
	if (kr_build_run(b, dir, &out, &len) < 0) {
		fputs(kr_build_warnings(b), stderr);
		fprintf(stderr, "Error: %s\n", kr_build_error(b));
		status = KR_EXIT_RENDER;
		goto done;
	}
	fputs(kr_build_warnings(b), stderr);
	if (output ? kr_cli_write_file(output, out, len, true) : write_stdout(out, len)) {
		fprintf(stderr, "Error: cannot write %s: %s\n", output ? output : "standard output",
			strerror(errno));
		status = KR_EXIT_RENDER;
		goto done;
	}
	status = KR_EXIT_OK;
done:
	free(out);
	kr_build_free(b);
	return status;
}
