/*
 * prefetch.c - parallel read and parse of every resource file of a build.
 *
 * A discovery walk (the ordinary accumulate walk with r->discover set, on a
 * render of its own) lists the resource files in first-use order without
 * reading them. Worker threads then take files largest first and parse each
 * into the worker's own arena; the arenas live until the render ends. The
 * real walk stays sequential and reads the results, so output and the first
 * error reported are the same as without prefetching.
 * Invariants: workers share only read-only state (kr_fs, limits) and an
 * atomic index; each kr_parsed is written by exactly one worker.
 */
#include "kustomize/prefetch.h"
#include "kustomize/tfconfig.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_JOBS 8
/* below this much input, threads cost more than they save */
#define MIN_PARALLEL_BYTES (512 * 1024)

struct kr_prefetch {
	kr_map visits; /* canonical dir -> size_t, from discovery */
	kr_map parsed; /* canonical path -> kr_parsed */
	kr_parsed *items;
	size_t n;
	size_t *order; /* indexes, largest file first */
	atomic_size_t next;
	kr_arena *arenas[MAX_JOBS];
	const kr_render *r;
};

struct worker {
	kr_prefetch *p;
	kr_arena *a;
};

int kr_prefetch_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > MAX_JOBS ? MAX_JOBS : (int)n;
}

static void parse_one(kr_prefetch *p, kr_arena *a, kr_parsed *e)
{
	const char *data;
	size_t len;

	e->file = kr_arena_strdup(a, kr_fs_rel(p->r->fs, e->canon));
	if (!e->file) {
		e->rc = kr_err_set(&e->err, KR_ENOMEM, NULL, "memory budget exceeded");
		return;
	}
	e->rc = kr_fs_read(p->r->fs, e->canon, a, &data, &len, p->r->lim->file_bytes, &e->err);
	if (e->rc < 0)
		return;
	e->bytes = len;
	e->rc = kr_yaml_load(&e->s, a, e->file, data, len, p->r->lim, KR_LOAD_RESOURCE | KR_LOAD_BORROW,
			     &e->err);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	kr_prefetch *p = w->p;

	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= p->n)
			break;
		parse_one(p, w->a, &p->items[p->order[i]]);
	}
	return NULL;
}

static int by_size_desc(const void *x, const void *y, void *ctx)
{
	const size_t *sizes = ctx;
	size_t a = sizes[*(const size_t *)x], b = sizes[*(const size_t *)y];

	return a < b ? 1 : a > b ? -1 : 0;
}

/* List the resource files of the build of @dir (errors are left for the real walk). */
static int discover(kr_render *r, const char *dir, kr_file_list *fl)
{
	kr_render d = {0};
	kr_tfconfig cfg;
	kr_err ignored;
	kr_resmap rm;
	int rc;

	d.a = r->a;
	d.fs = r->fs;
	d.lim = r->lim;
	d.restrict_root_only = r->restrict_root_only;
	d.err = &ignored;
	d.discover = fl;
	d.pcache = r->pcache;
	d.pslot = r->pslot;
	kr_resmap_init(&rm, r->a);
	memset(&cfg, 0, sizeof(cfg));
	rc = kr_accumulate_dir(&d, dir, &rm, NULL, &cfg);
	kr_resmap_dispose(&rm);
	kr_render_dispose(&d);
	return rc == KR_ENOMEM ? rc : 0;
}

/* Parse every listed file on @jobs threads (the caller's included). */
static int parse_all(kr_prefetch *p, const kr_file_list *fl, int jobs)
{
	struct worker workers[MAX_JOBS];
	pthread_t tids[MAX_JOBS];
	size_t *sizes, total = 0, i;
	int started = 0, t;

	sizes = malloc(fl->n * sizeof(*sizes));
	if (!sizes)
		return KR_ENOMEM;
	for (i = 0; i < fl->n; i++) {
		struct stat st;
		sizes[i] = stat(fl->paths[i], &st) == 0 ? (size_t)st.st_size : 0;
		total += sizes[i];
	}
	if (total < MIN_PARALLEL_BYTES) {
		free(sizes);
		return 0;
	}
	p->n = fl->n;
	p->items = calloc(fl->n, sizeof(*p->items));
	p->order = malloc(fl->n * sizeof(*p->order));
	if (!p->items || !p->order) {
		free(sizes);
		return KR_ENOMEM;
	}
	for (i = 0; i < fl->n; i++) {
		p->items[i].canon = fl->paths[i];
		p->order[i] = i;
	}
	qsort_r(p->order, fl->n, sizeof(*p->order), by_size_desc, sizes);
	free(sizes);
	atomic_init(&p->next, 0);
	if ((size_t)jobs > fl->n)
		jobs = (int)fl->n;
	for (t = 0; t < jobs; t++) {
		p->arenas[t] = kr_arena_new(p->r->lim->memory_bytes);
		if (!p->arenas[t])
			return KR_ENOMEM;
		workers[t].p = p;
		workers[t].a = p->arenas[t];
	}
	/* the calling thread is worker 0 */
	for (t = 1; t < jobs; t++) {
		if (pthread_create(&tids[t], NULL, work, &workers[t]) != 0)
			break;
		started++;
	}
	work(&workers[0]);
	for (t = 1; t <= started; t++)
		pthread_join(tids[t], NULL);
	for (i = 0; i < fl->n; i++)
		if (kr_map_put(&p->parsed, p->items[i].canon, strlen(p->items[i].canon), &p->items[i],
			       NULL) < 0)
			return KR_ENOMEM;
	return 0;
}

int kr_prefetch_run(kr_prefetch **out, kr_render *r, const char *dir, int jobs)
{
	kr_file_list fl = {0};
	kr_prefetch *p;
	int rc;

	*out = NULL;
	if (jobs > MAX_JOBS)
		jobs = MAX_JOBS;
	if (jobs < 2)
		return 0; /* nothing to parse ahead; memoising needs no visit counts */
	rc = discover(r, dir, &fl);
	if (rc < 0)
		goto done;
	p = calloc(1, sizeof(*p));
	if (!p)
		goto done;
	p->r = r;
	/* the walk needs the visit counts (which directories to memoise) */
	p->visits = fl.visits;
	fl.visits = (kr_map)KR_MAP_INIT;
	r->visits = &p->visits;
	*out = p;
	if (fl.n >= 2 && jobs >= 2 && parse_all(p, &fl, jobs) == 0 && p->n)
		r->parsed = &p->parsed;
done:
	free(fl.paths);
	kr_map_dispose(&fl.seen);
	kr_map_dispose(&fl.visits);
	return rc;
}

void kr_prefetch_free(kr_prefetch *p)
{
	int t;

	if (!p)
		return;
	for (t = 0; t < MAX_JOBS; t++)
		kr_arena_free(p->arenas[t]);
	kr_map_dispose(&p->parsed);
	kr_map_dispose(&p->visits);
	free(p->items);
	free(p->order);
	free(p);
}
