/*
 * cmd_build.c - `krender build DIR`: argument parsing and output only.
 *
 * Output reaches stdout (or the -o file, via temp + rename) only after the
 * whole render succeeded; on failure one error line goes to stderr.
 */
#include "config.h"

#include <errno.h>
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
		"\n"
		"options:\n"
		"  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
		"      --root DIR           never read a file or base outside DIR (default: the Git\n"
		"                           work tree holding DIR, else the current directory if it\n"
		"                           holds DIR, else DIR)\n"
		"      --load-restrictor R  LoadRestrictionsRootOnly (default: files must be inside\n"
		"                           their kustomization's directory) or LoadRestrictionsNone;\n"
		"                           neither lifts the --root jail\n"
		"  -j, --jobs N             threads that read and parse files (default: the CPUs,\n"
		"                           at most 8); the output does not depend on it\n"
		"      --limit NAME=VALUE   raise or lower a safety limit (K/M/G suffixes allowed);\n"
		"                           names: %s\n"
		"  -h, --help               show this help\n"
		"\n"
		"exit codes: 0 rendered, 1 the input could not be rendered (one message on stderr,\n"
		"naming file:line:column), 2 bad command line\n",
		kr_build_limit_names());
}

int kr_cli_write_file(const char *path, const char *data, size_t len)
{
	size_t n = strlen(path);
	char *tmp = malloc(n + 32);
	size_t off = 0;
	int fd;

	if (!tmp)
		return -1;
	snprintf(tmp, n + 32, "%s.tmp.%ld", path, (long)getpid());
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
	if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
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

int kr_cmd_build(int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"root", required_argument, NULL, 'r'},
		{"load-restrictor", required_argument, NULL, 'L'},
		{"load_restrictor", required_argument, NULL, 'L'},
		{"limit", required_argument, NULL, 'l'},
		{"jobs", required_argument, NULL, 'j'},
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
			if (kr_build_set_load_restrictor(b, optarg) < 0) {
				fprintf(stderr,
					"krender build: --load-restrictor must be LoadRestrictionsRootOnly or "
					"LoadRestrictionsNone, not '%s'\n",
					optarg);
				goto done;
			}
			break;
		case 'l':
			if (kr_build_set_limit(b, optarg) < 0) {
				fprintf(stderr, "krender build: bad --limit '%s' (names: %s)\n", optarg,
					kr_build_limit_names());
				goto done;
			}
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
	if (kr_build_run(b, dir, &out, &len) < 0) {
		fputs(kr_build_warnings(b), stderr);
		fprintf(stderr, "Error: %s\n", kr_build_error(b));
		status = KR_EXIT_RENDER;
		goto done;
	}
	fputs(kr_build_warnings(b), stderr);
	if (output ? kr_cli_write_file(output, out, len) : write_stdout(out, len)) {
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
