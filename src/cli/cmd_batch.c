/*
 * cmd_batch.c - `krender batch ROOT`: render every kustomization of a
 * monorepo in one process. Options are checked here, the work is
 * src/batch/. On a terminal a progress line is redrawn ten times a second
 * on stderr (never with --quiet, never when stderr is not a terminal).
 * Exit: 0 every entry rendered, 1 some entry failed (or the run could not
 * start), 2 bad command line.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch/batch.h"
#include "cli/cli.h"
#include "krender/build.h"

#define MAX_LIMITS 32

static void usage(FILE *f)
{
	fprintf(f,
		"usage: krender batch ROOT [ENTRY...] [options]\n"
		"\n"
		"Render many kustomizations of the monorepo ROOT in one process: each ENTRY (a\n"
		"directory relative to ROOT), the entries listed with --from, or else every\n"
		"kustomization under ROOT (hidden directories left out). Files\n"
		"shared by several entries are read and parsed once. A failing entry never stops\n"
		"the others. ROOT is also the path jail.\n"
		"\n"
		"options:\n"
		"  -o, --output DIR         write each entry's output to DIR/<entry>.yaml (the root\n"
		"                           entry: DIR/_root.yaml), atomically; outputs an earlier\n"
		"                           run of the same shard wrote and this one did not are\n"
		"                           removed. Without -o, entries are rendered and checked.\n"
		"      --from FILE          the entries, one a line (- for stdin)\n"
		"  -j, --jobs N             worker threads (default: the CPUs)\n"
		"      --shard K/N          render only shard K of N (1 <= K <= N), a stable\n"
		"                           partition by path hash, for CI matrices\n"
		"      --report FORMAT      json or junit: results on stdout (or --report-file)\n"
		"      --report-file PATH   where --report writes\n"
		"      --cache DIR          keep each entry's output and the list of files it read\n"
		"                           (with their XXH3) in DIR; an entry none of whose files\n"
		"                           changed is not rendered again (helm and remote bases:\n"
		"                           always rendered)\n"
		"      --changed-since REV  with --cache: render only the entries whose recorded\n"
		"                           files differ between Git revision REV and the work tree\n"
		"                           (entries without a record are rendered)\n"
		"  -q, --quiet              no progress line, no summary\n"
		"      --enable-helm, --load-restrictor R, --limit NAME=VALUE\n"
		"                           as for `krender build` (and KRENDER_LIMITS)\n"
		"  -h, --help               show this help\n"
		"\n"
		"exit codes: 0 every entry rendered, 1 some entry failed, 2 bad command line\n");
}

struct runner {
	kr_batch *b;
	int rc;
	char err[512];
};

static void *run_thread(void *arg)
{
	struct runner *r = arg;

	r->rc = kr_batch_run(r->b, r->err, sizeof(r->err));
	return NULL;
}

static void progress(const kr_batch *b, double started, double t)
{
	size_t done = __atomic_load_n(&b->done, __ATOMIC_RELAXED);
	double elapsed = t - started, rate = elapsed > 0 ? (double)done / elapsed : 0;
	int width = 30, fill = b->n ? (int)((double)done * width / (double)b->n) : width;

	fprintf(stderr, "\r[%.*s%*s] %zu/%zu  %.0f/s  ETA %.0fs ", fill,
		"==============================", width - fill, "", done, b->n, rate,
		rate > 0 ? (double)(b->n - done) / rate : 0.0);
	fflush(stderr);
}

static int read_entries(kr_batch *b, const char *from)
{
	FILE *f = strcmp(from, "-") == 0 ? stdin : fopen(from, "r");
	char line[4096];
	int rc = 0;

	if (!f) {
		fprintf(stderr, "krender batch: cannot read '%s': %s\n", from, strerror(errno));
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] && line[0] != '#')
			rc = kr_batch_add(b, line);
	}
	if (f != stdin)
		fclose(f);
	return rc;
}

static int parse_shard(kr_batch *b, const char *s)
{
	int k, n;
	char tail;

	if (sscanf(s, "%d/%d%c", &k, &n, &tail) != 2 || n < 1 || k < 1 || k > n)
		return -1;
	b->shard = k - 1;
	b->shards = n;
	return 0;
}

int kr_cmd_batch(int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"from", required_argument, NULL, 'F'},
		{"jobs", required_argument, NULL, 'j'},
		{"shard", required_argument, NULL, 'S'},
		{"report", required_argument, NULL, 'R'},
		{"report-file", required_argument, NULL, 'W'},
		{"quiet", no_argument, NULL, 'q'},
		{"cache", required_argument, NULL, 'C'},
		{"changed-since", required_argument, NULL, 'G'},
		{"enable-helm", no_argument, NULL, 'H'},
		{"load-restrictor", required_argument, NULL, 'L'},
		{"limit", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	kr_batch b;
	kr_build *probe = kr_build_new();
	const char *limits[MAX_LIMITS + 1] = {NULL};
	const char *from = NULL, *report = NULL, *report_file = NULL, *since = NULL;
	size_t nlimits = 0;
	bool quiet = false;
	struct runner run = {&b, 0, ""};
	pthread_t tid;
	double t0;
	char err[512] = "";
	int c, status = KR_EXIT_USAGE;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	memset(&b, 0, sizeof(b));
	b.jobs = cpus > 0 ? (int)cpus : 1;
	if (!probe || kr_cli_env_limits(probe, "batch") < 0)
		goto done;
	b.limit_list = getenv("KRENDER_LIMITS");
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:j:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			b.outdir = optarg;
			break;
		case 'F':
			from = optarg;
			break;
		case 'j':
			b.jobs = atoi(optarg);
			if (b.jobs < 1) {
				fprintf(stderr, "krender batch: --jobs wants a positive number, not '%s'\n", optarg);
				goto done;
			}
			break;
		case 'S':
			if (parse_shard(&b, optarg) < 0) {
				fprintf(stderr, "krender batch: --shard wants K/N with 1 <= K <= N, not '%s'\n", optarg);
				goto done;
			}
			break;
		case 'R':
			if (strcmp(optarg, "json") != 0 && strcmp(optarg, "junit") != 0) {
				fprintf(stderr, "krender batch: --report is json or junit, not '%s'\n", optarg);
				goto done;
			}
			report = optarg;
			break;
		case 'W':
			report_file = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'C':
			b.cache_dir = optarg;
			break;
		case 'G':
			since = optarg;
			break;
		case 'H':
		case 'L':
		case 'l':
			/* checked here on a probe build, so a bad value is a usage error */
			if (!probe || kr_cli_build_option(probe, c, optarg, "batch") < 0)
				goto done;
			if (c == 'H')
				b.enable_helm = true;
			else if (c == 'L')
				b.restrictor = optarg;
			else if (nlimits == MAX_LIMITS) {
				fputs("krender batch: too many --limit options\n", stderr);
				goto done;
			} else
				limits[nlimits++] = optarg;
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
	if (optind >= argc) {
		fputs("krender batch: which monorepo? (krender batch ROOT)\n", stderr);
		goto done;
	}
	b.root = argv[optind++];
	b.limits = limits;
	if (access(b.root, R_OK | X_OK) != 0) {
		fprintf(stderr, "krender batch: cannot read the root '%s': %s\n", b.root, strerror(errno));
		goto done;
	}
	status = KR_EXIT_RENDER;
	for (; optind < argc; optind++)
		if (kr_batch_add(&b, argv[optind]) < 0)
			goto oom;
	if (from && read_entries(&b, from) < 0)
		goto done;
	if (b.n == 0 && !from && kr_batch_discover(&b, err, sizeof(err)) < 0) {
		fprintf(stderr, "krender batch: %s\n", err);
		goto done;
	}
	kr_batch_shard(&b);
	if (since && !b.cache_dir) {
		fputs("krender batch: --changed-since needs --cache (the inputs of each entry are recorded there)\n",
		      stderr);
		status = KR_EXIT_USAGE;
		goto done;
	}
	if (since && kr_batch_select_changed(&b, since, err, sizeof(err)) < 0) {
		fprintf(stderr, "krender batch: %s\n", err);
		goto done;
	}
	t0 = kr_batch_clock();
	if (pthread_create(&tid, NULL, run_thread, &run) != 0)
		goto oom;
	/* wait for the run, redrawing the progress line every 100 ms on a terminal */
	for (;;) {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 100000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		if (quiet || !isatty(STDERR_FILENO)) {
			pthread_join(tid, NULL);
			break;
		}
		if (pthread_timedjoin_np(tid, NULL, &until) == 0)
			break;
		progress(&b, t0, kr_batch_clock());
	}
	if (!quiet && isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);
	if (run.rc < 0) {
		fprintf(stderr, "krender batch: %s\n", run.err);
		goto done;
	}
	for (size_t i = 0; i < b.n; i++)
		if (!b.e[i].ok)
			fprintf(stderr, "FAILED %s: %s\n", b.e[i].path, b.e[i].error ? b.e[i].error : "");
	if (!quiet)
		fprintf(stderr,
			"krender batch: %zu entries, %zu ok, %zu failed, %zu from cache, %zu unchanged; %zu "
			"resources, %.1f MB; %.3f s (%zu files parsed, %zu reused)%s\n",
			b.n, b.ok, b.failed, b.from_cache, b.skipped, b.resources, (double)b.bytes / 1e6, b.seconds,
			b.cache_misses, b.cache_hits, b.stale_removed ? "; stale outputs removed" : "");
	if (report) {
		FILE *f = report_file ? fopen(report_file, "w") : stdout;

		if (!f) {
			fprintf(stderr, "krender batch: cannot write '%s': %s\n", report_file, strerror(errno));
			goto done;
		}
		if (strcmp(report, "json") == 0)
			kr_batch_report_json(&b, f);
		else
			kr_batch_report_junit(&b, f);
		if (f != stdout)
			fclose(f);
	}
	status = b.failed ? KR_EXIT_RENDER : KR_EXIT_OK;
	goto done;
oom:
	fputs("krender batch: out of memory\n", stderr);
done:
	kr_build_free(probe);
	kr_batch_free(&b);
	return status;
}
