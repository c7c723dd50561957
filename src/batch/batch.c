/*
 * batch.c - render the entries of a kr_batch on worker threads.
 *
 * Every worker owns a kr_build (one thread each, -j 1 inside) and a slot of
 * the shared parse cache, so a base used by many overlays is read and
 * parsed once per run. Entries are taken in order from an atomic counter;
 * results go to the entry's own record, so nothing else is shared.
 * Outputs: OUTDIR/<entry>.yaml (the root entry: OUTDIR/_root.yaml), each
 * written to a temporary name and renamed; an output whose bytes did not
 * change is not rewritten. The list of outputs is kept in
 * OUTDIR/.krender-batch-<shard>-of-<shards>; a later run of the same shard
 * removes what it listed and did not write again (failed or vanished
 * entries), and nothing else.
 */
#include "batch/batch.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "cli/cli.h"
#include "krender/build.h"
#include "krender/krender.h"
#include "kustomize/remote.h"
#include "util/buf.h"
#include "util/proc.h"

#define MAX_WORKERS 64

struct worker {
	kr_batch *b;
	kr_build *build;
	atomic_size_t *next;
	int slot;
	int rc;
	char err[512];
	char known_dir[4096]; /* the output directory this worker last made sure of */
};

double kr_batch_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

char *kr_batch_output_name(const char *entry)
{
	char *name;

	if (strcmp(entry, ".") == 0)
		return strdup("_root.yaml");
	return asprintf(&name, "%s.yaml", entry) < 0 ? NULL : name;
}

/*
 * mkdir -p of the directories above @rel (relative to @base). @known holds
 * the last directory this worker made sure of (entries come in path order,
 * so neighbours share parents). Returns 1 when a directory was created (the
 * file cannot exist yet), 0 when all were there, -1 on error.
 */
static int make_parents(const char *base, const char *rel, char *known, size_t cap)
{
	char path[4096];
	size_t i, off = (size_t)snprintf(path, sizeof(path), "%s/", base);
	int created = 0;

	for (i = 0; rel[i] && off + i < sizeof(path) - 1; i++) {
		path[off + i] = rel[i];
		if (rel[i] != '/')
			continue;
		path[off + i] = '\0';
		if (strncmp(known, path, off + i + 1) != 0 && !(strncmp(known, path, off + i) == 0 &&
								known[off + i] == '/')) {
			if (mkdir(path, 0755) == 0)
				created = 1;
			else if (errno != EEXIST)
				return -1;
		}
		path[off + i] = '/';
	}
	path[off + i] = '\0';
	/* remember the file's directory */
	if (i > 0) {
		char *slash = strrchr(path, '/');

		if (slash && (size_t)(slash - path) < cap) {
			memcpy(known, path, (size_t)(slash - path));
			known[slash - path] = '\0';
		}
	}
	return created;
}

static size_t count_documents(const char *s, size_t len)
{
	size_t n = len ? 1 : 0;
	const char *p = s, *end = s + len;

	while (p < end && (p = memmem(p, (size_t)(end - p), "\n---\n", 5))) {
		n++;
		p += 4;
	}
	return n;
}

/* Does @path hold exactly @data already? (then it is left alone, mtime and all) */
static bool same_content(const char *path, const char *data, size_t len)
{
	struct stat st;
	char buf[65536];
	size_t off = 0;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	bool same;

	if (fd < 0)
		return false;
	same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len;
	while (same && off < len) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n <= 0 || memcmp(buf, data + off, (size_t)n) != 0)
			same = false;
		else
			off += (size_t)n;
	}
	close(fd);
	return same && off == len;
}

static void render_one(struct worker *w, kr_batch_entry *e)
{
	kr_batch *b = w->b;
	char *dir = NULL, *out = NULL, *name = NULL, *path = NULL;
	size_t len = 0;
	double t0 = kr_batch_clock();

	if (asprintf(&dir, "%s/%s", b->root, e->path) < 0)
		dir = NULL;
	if (dir && b->cache_dir && kr_batch_cache_lookup(b, e->path, &out, &len) == 1) {
		e->ok = e->cached = true;
		e->bytes = len;
		e->resources = count_documents(out, len);
	} else if (dir && kr_build_run(w->build, dir, &out, &len) == 0) {
		const char *const *inputs;
		int cacheable;
		size_t n = kr_build_inputs(w->build, &inputs, &cacheable);

		e->ok = true;
		e->bytes = len;
		e->resources = count_documents(out, len);
		if (b->cache_dir && cacheable)
			kr_batch_cache_store(b, e->path, out ? out : "", len, inputs, n);
		if (b->keep_inputs && (e->inputs = calloc(n + 1, sizeof(*e->inputs))))
			for (size_t k = 0; k < n; k++)
				if ((e->inputs[e->ninputs] = strdup(inputs[k])))
					e->ninputs++;
	} else {
		e->error = strdup(dir ? kr_build_error(w->build) : "out of memory");
	}
	if (e->ok && b->outdir && b->check_only) {
		if (!(name = kr_batch_output_name(e->path)) || asprintf(&path, "%s/%s", b->outdir, name) < 0)
			e->stale = true;
		else
			e->stale = !same_content(path, out ? out : "", len);
	} else if (e->ok && b->outdir) {
		name = kr_batch_output_name(e->path);
		int fresh = name ? make_parents(b->outdir, name, w->known_dir, sizeof(w->known_dir)) : -1;

		if (fresh < 0 || asprintf(&path, "%s/%s", b->outdir, name) < 0 ||
		    ((fresh || !same_content(path, out ? out : "", len)) &&
		     kr_cli_write_file(path, out ? out : "", len, false) < 0)) {
			e->ok = false;
			e->error = strdup("cannot write the output file");
		}
	}
	e->seconds = kr_batch_clock() - t0;
	free(dir);
	free(out);
	free(name);
	free(path);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	size_t i;

	while ((i = atomic_fetch_add(w->next, 1)) < w->b->n) {
		if (!w->b->e[i].skipped)
			render_one(w, &w->b->e[i]);
		__atomic_add_fetch(&w->b->done, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static kr_build *new_build(const kr_batch *b, kr_parse_cache *pc, int slot, char *err, size_t errcap)
{
	kr_build *k = kr_build_new();
	size_t i;

	if (!k) {
		snprintf(err, errcap, "out of memory");
		return NULL;
	}
	kr_build_set_jobs(k, 1);
	kr_build_set_enable_helm(k, b->enable_helm);
	kr_build_set_parse_cache(k, pc, slot);
	if (kr_build_set_root(k, b->root) < 0 ||
	    (b->restrictor && kr_build_set_load_restrictor(k, b->restrictor) < 0)) {
		snprintf(err, errcap, "%s", kr_build_error(k));
		kr_build_free(k);
		return NULL;
	}
	if (b->limit_list && kr_build_set_limits(k, b->limit_list) < 0) {
		snprintf(err, errcap, "KRENDER_LIMITS: %s", kr_build_error(k));
		kr_build_free(k);
		return NULL;
	}
	for (i = 0; b->limits && b->limits[i]; i++)
		if (kr_build_set_limit(k, b->limits[i]) < 0) {
			snprintf(err, errcap, "%s", kr_build_error(k));
			kr_build_free(k);
			return NULL;
		}
	return k;
}

/* The outputs a run of this shard wrote, one name a line. */
static char *manifest_path(const kr_batch *b)
{
	char *p;

	if (asprintf(&p, "%s/.krender-batch-%d-of-%d", b->outdir, b->shard + 1, b->shards > 1 ? b->shards : 1) < 0)
		return NULL;
	return p;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Remove the outputs the previous run listed and this one did not write; list this run's. */
static int sweep_stale(kr_batch *b)
{
	char *mpath = manifest_path(b), **written = calloc(b->n + 1, sizeof(char *)), line[4096];
	size_t i, nw = 0;
	FILE *f;
	kr_buf list;
	int rc = 0;

	if (!mpath || !written) {
		free(mpath);
		free(written);
		return -1;
	}
	for (i = 0; i < b->n; i++)
		if ((b->e[i].ok || b->e[i].skipped) && (written[nw] = kr_batch_output_name(b->e[i].path)))
			nw++;
	qsort(written, nw, sizeof(*written), by_name);
	f = fopen(mpath, "r");
	while (f && fgets(line, sizeof(line), f)) {
		char *key = line, *path;

		line[strcspn(line, "\n")] = '\0';
		/* only names this program writes: relative, no "..", ending in .yaml */
		if (!line[0] || line[0] == '/' || strstr(line, "..") || strlen(line) < 5 ||
		    strcmp(line + strlen(line) - 5, ".yaml") != 0)
			continue;
		if (bsearch(&key, written, nw, sizeof(*written), by_name))
			continue;
		if (asprintf(&path, "%s/%s", b->outdir, line) >= 0) {
			if (unlink(path) == 0)
				b->stale_removed++;
			free(path);
		}
	}
	if (f)
		fclose(f);
	kr_buf_init(&list, (size_t)-1);
	for (i = 0; i < nw && rc == 0; i++)
		rc = kr_buf_printf(&list, "%s\n", written[i]);
	if (rc == 0)
		rc = kr_cli_write_file(mpath, list.data ? list.data : "", list.len, false);
	kr_buf_dispose(&list);
	for (i = 0; i < nw; i++)
		free(written[i]);
	free(written);
	free(mpath);
	return rc;
}

/* krender's version and every option that changes output: part of each cache key */
static unsigned long long fingerprint(const kr_batch *b)
{
	XXH3_state_t *st = XXH3_createState();
	unsigned long long h;
	size_t i;

	if (!st)
		return 0;
	XXH3_64bits_reset(st);
	XXH3_64bits_update(st, krender_version(), strlen(krender_version()) + 1);
	XXH3_64bits_update(st, b->enable_helm ? "helm=1" : "helm=0", 7);
	if (b->restrictor)
		XXH3_64bits_update(st, b->restrictor, strlen(b->restrictor) + 1);
	for (i = 0; b->limits && b->limits[i]; i++)
		XXH3_64bits_update(st, b->limits[i], strlen(b->limits[i]) + 1);
	h = XXH3_64bits_digest(st);
	XXH3_freeState(st);
	return h;
}

int kr_batch_run(kr_batch *b, char *err, size_t errcap)
{
	int jobs = b->jobs < 1 ? 1 : b->jobs > MAX_WORKERS ? MAX_WORKERS : b->jobs;
	struct worker w[MAX_WORKERS];
	pthread_t tid[MAX_WORKERS];
	bool started[MAX_WORKERS] = {false};
	atomic_size_t next = 0;
	kr_parse_cache *pc;
	double t0 = kr_batch_clock();
	size_t i;
	int t, rc = 0;

	if ((size_t)jobs > b->n)
		jobs = b->n ? (int)b->n : 1;
	b->fingerprint = fingerprint(b);
	if (b->cache_dir && mkdir(b->cache_dir, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errcap, "cannot create the cache directory '%s': %s", b->cache_dir, strerror(errno));
		return -1;
	}
	if (b->outdir && !b->check_only && mkdir(b->outdir, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errcap, "cannot create the output directory '%s': %s", b->outdir, strerror(errno));
		return -1;
	}
	pc = kr_parse_cache_new(jobs);
	if (!pc) {
		snprintf(err, errcap, "out of memory");
		return -1;
	}
	for (t = 0; t < jobs; t++) {
		w[t] = (struct worker){b, new_build(b, pc, t, err, errcap), &next, t, 0, "", ""};
		if (!w[t].build)
			rc = -1;
	}
	for (t = 1; rc == 0 && t < jobs; t++)
		started[t] = pthread_create(&tid[t], NULL, work, &w[t]) == 0;
	if (rc == 0)
		work(&w[0]);
	for (t = 1; t < jobs; t++)
		if (started[t])
			pthread_join(tid[t], NULL);
	for (t = 0; rc == 0 && t < jobs; t++)
		if (!started[t] && t > 0)
			work(&w[t]); /* a thread that did not start: its share runs here */
	for (t = 0; t < jobs; t++)
		kr_build_free(w[t].build);
	kr_parse_cache_stats(pc, &b->cache_hits, &b->cache_misses);
	kr_parse_cache_free(pc);
	if (rc < 0)
		return -1;
	for (i = 0; i < b->n; i++) {
		if (b->e[i].skipped) {
			b->skipped++;
			continue;
		}
		b->from_cache += b->e[i].cached;
		if (b->e[i].ok) {
			b->ok++;
			b->resources += b->e[i].resources;
			b->bytes += b->e[i].bytes;
		} else {
			b->failed++;
		}
	}
	if (b->outdir && !b->check_only && sweep_stale(b) < 0) {
		snprintf(err, errcap, "cannot update the output list in '%s'", b->outdir);
		return -1;
	}
	b->seconds = kr_batch_clock() - t0;
	return 0;
}

/* Does sorted @list (n items) hold @s? */
static bool holds(char *const *list, size_t n, const char *s)
{
	return bsearch(&s, list, n, sizeof(*list), by_name) != NULL;
}

int kr_batch_select_changed(kr_batch *b, const char *rev, char *err, size_t errcap)
{
	char helper[4096], root[4096], *prefix = NULL, **changed = NULL, *line, *save = NULL;
	char *argv[] = {(char *)kr_helper_path("krender-git", helper, sizeof(helper)), "changed", root, (char *)rev, NULL};
	kr_buf out, errs;
	kr_proc_result res;
	size_t nchanged = 0, i, j;
	int rc;

	if (!realpath(b->root, root)) {
		snprintf(err, errcap, "cannot resolve the root '%s'", b->root);
		return -1;
	}
	b->fingerprint = fingerprint(b); /* the cache records are keyed by it */
	kr_buf_init(&out, (size_t)1 << 30);
	kr_buf_init(&errs, 4096);
	rc = kr_proc_run(argv, NULL, &out, &errs, 120000, &res);
	if (rc < 0 || res.status != 0 || !out.data) {
		snprintf(err, errcap, "--changed-since %s: %.*s", rev,
			 (int)strcspn(errs.data ? errs.data : "krender-git failed", "\n"),
			 errs.data ? errs.data : "krender-git failed");
		kr_buf_dispose(&out);
		kr_buf_dispose(&errs);
		return -1;
	}
	kr_buf_putc(&out, '\0');
	/* first line: the work tree; the root is it or below it */
	line = strtok_r(out.data, "\n", &save);
	if (line) {
		size_t wl = strlen(line);

		while (wl > 1 && line[wl - 1] == '/')
			line[--wl] = '\0';
		if (strncmp(root, line, wl) == 0 && (root[wl] == '/' || root[wl] == '\0'))
			prefix = root[wl] ? root + wl + 1 : root + wl;
	}
	changed = malloc(out.len * sizeof(*changed) / 2 + 1);
	while (prefix && changed && (line = strtok_r(NULL, "\n", &save))) {
		size_t pl = strlen(prefix);

		if (pl == 0)
			changed[nchanged++] = line;
		else if (strncmp(line, prefix, pl) == 0 && line[pl] == '/')
			changed[nchanged++] = line + pl + 1;
	}
	if (!prefix || !changed) {
		snprintf(err, errcap, "--changed-since: the root is not inside the Git work tree");
		free(changed);
		kr_buf_dispose(&out);
		kr_buf_dispose(&errs);
		return -1;
	}
	qsort(changed, nchanged, sizeof(*changed), by_name);
	for (i = 0; i < b->n; i++) {
		char **deps;
		size_t ndeps;
		bool touched = false;

		if (kr_batch_cache_deps(b, b->e[i].path, &deps, &ndeps) < 0)
			continue; /* no record of its inputs: render it */
		for (j = 0; j < ndeps; j++) {
			touched = touched || holds(changed, nchanged, deps[j]);
			free(deps[j]);
		}
		free(deps);
		b->e[i].skipped = !touched;
	}
	free(changed);
	kr_buf_dispose(&out);
	kr_buf_dispose(&errs);
	return 0;
}
