/*
 * parse-ceiling.c - the libyaml parse-only ceiling for bench/batch-bench.sh:
 * reads every file named on stdin (one path a line; a path may repeat, as
 * a base does for every overlay that uses it) into memory, then times
 * libyaml's event parser over all of them, best of 10 runs, one thread.
 * Prints "BYTES SECONDS" on stdout. Not part of krender.
 * Build: gcc -O2 -o parse-ceiling parse-ceiling.c -lyaml
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yaml.h>

struct file {
	unsigned char *data;
	size_t len;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse(const struct file *f)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int done = 0, ok = 1;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, f->data, f->len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			ok = 0;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return ok;
}

int main(void)
{
	struct file *files = NULL;
	size_t n = 0, cap = 0, bytes = 0, i;
	char line[4096];
	double best = 1e9;
	int run;

	while (fgets(line, sizeof(line), stdin)) {
		FILE *f;
		long len;

		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || !(f = fopen(line, "rb")))
			continue;
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		rewind(f);
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			files = realloc(files, cap * sizeof(*files));
		}
		files[n].data = malloc((size_t)len + 1);
		files[n].len = fread(files[n].data, 1, (size_t)len, f);
		bytes += files[n].len;
		n++;
		fclose(f);
	}
	for (run = 0; run < 10; run++) {
		double t0 = now(), t;

		for (i = 0; i < n; i++)
			if (!parse(&files[i]))
				fprintf(stderr, "parse error in file %zu\n", i);
		t = now() - t0;
		if (t < best)
			best = t;
	}
	printf("%zu %.6f\n", bytes, best);
	return 0;
}
