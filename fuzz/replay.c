/*
 * replay.c - run a fuzz target over stored inputs: every file named on the
 * command line, or every file of the directories named. TAP output, one
 * line per input; used by make check for each target's corpus.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path, int n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long len;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0) {
		printf("not ok %d - %s (unreadable)\n", n, path);
		if (f)
			fclose(f);
		return 1;
	}
	rewind(f);
	buf = malloc((size_t)len + 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		printf("not ok %d - %s (unreadable)\n", n, path);
		free(buf);
		fclose(f);
		return 1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)len);
	free(buf);
	printf("ok %d - %s\n", n, path);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	char **paths = NULL, *dflt[2] = {NULL, NULL};
	size_t n = 0, cap = 0, i;
	int failed = 0, a;

	/* no arguments: the target's stored corpus (make check) */
	if (argc == 1) {
		const char *top = getenv("top_srcdir");

		if (asprintf(&dflt[1], "%s/fuzz/corpus/%s", top ? top : ".", FUZZ_TARGET) < 0)
			return 1;
		argv = dflt;
		argc = 2;
	}
	for (a = 1; a < argc; a++) {
		struct stat st;
		DIR *d;
		struct dirent *de;

		if (stat(argv[a], &st) != 0)
			continue;
		if (!S_ISDIR(st.st_mode)) {
			if (n == cap)
				paths = realloc(paths, (cap = cap ? cap * 2 : 64) * sizeof(*paths));
			paths[n++] = strdup(argv[a]);
			continue;
		}
		d = opendir(argv[a]);
		while (d && (de = readdir(d))) {
			char *p;

			if (de->d_name[0] == '.')
				continue;
			if (asprintf(&p, "%s/%s", argv[a], de->d_name) < 0)
				continue;
			if (n == cap)
				paths = realloc(paths, (cap = cap ? cap * 2 : 64) * sizeof(*paths));
			paths[n++] = p;
		}
		if (d)
			closedir(d);
	}
	qsort(paths, n, sizeof(*paths), by_name);
	printf("1..%zu\n", n ? n : 1);
	if (n == 0)
		printf("not ok 1 - no inputs\n");
	for (i = 0; i < n; i++) {
		failed |= run_file(paths[i], (int)i + 1);
		free(paths[i]);
	}
	free(paths);
	free(dflt[1]);
	return failed || n == 0;
}
