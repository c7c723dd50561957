/*
 * batch.h - render many kustomizations in one process (`krender batch`):
 * discovery, sharding, worker threads sharing one parse cache, atomic
 * outputs with stale ones removed, and the per-entry results for reports.
 */
#ifndef KR_BATCH_BATCH_H
#define KR_BATCH_BATCH_H
#include <stdbool.h>
#include <stddef.h>

/* One kustomization to render, and what became of it. */
typedef struct kr_batch_entry {
	char *path;   /* relative to the batch root ("." for the root itself) */
	bool ok;
	bool cached;  /* the output came from --cache */
	bool skipped; /* --changed-since: no input changed, not rendered */
	char *error;  /* when !ok */
	size_t resources, bytes;
	double seconds;
	bool stale;    /* check_only: its output file is missing or differs */
	char **inputs; /* with keep_inputs and ok: the files it read (relative to the root) */
	size_t ninputs;
} kr_batch_entry;

typedef struct kr_batch {
	/* options */
	const char *root;      /* the monorepo (also the path jail) */
	const char *outdir;    /* NULL: render and check only */
	int jobs;
	int shard, shards;     /* keep entries with hash % shards == shard (0-based) */
	bool enable_helm;
	const char *restrictor;
	const char *limit_list;    /* "NAME=VALUE,..." (KRENDER_LIMITS), applied first; or NULL */
	const char *const *limits; /* NAME=VALUE assignments, NULL-terminated */
	const char *cache_dir; /* --cache: reuse outputs whose inputs did not change */
	unsigned long long fingerprint; /* krender version and options, part of every cache key */
	bool keep_inputs;      /* record each rendered entry's input files (pre-commit's "touched") */
	bool check_only;       /* with outdir: compare the outputs with the files there, write nothing */
	/* entries: discovered or given */
	kr_batch_entry *e;
	size_t n, cap;
	/* progress, read by the caller's progress display while workers run */
	volatile size_t done;
	/* totals */
	size_t ok, failed, resources, bytes, stale_removed, cache_hits, cache_misses;
	size_t from_cache, skipped;
	double seconds;
} kr_batch;

/* kr_batch_discover() - add every kustomization directory under b->root. */
int kr_batch_discover(kr_batch *b, char *err, size_t errcap);
/* kr_batch_add() - add entry @path (relative to the root). */
int kr_batch_add(kr_batch *b, const char *path);
/* kr_batch_shard() - keep only this shard's entries (by XXH3 of the path). */
void kr_batch_shard(kr_batch *b);
/*
 * kr_batch_select_changed() - mark skipped every entry whose recorded inputs
 * (in the --cache directory) did not change between Git revision @rev and
 * the work tree; entries without a record stay selected. 0 or -1.
 */
int kr_batch_select_changed(kr_batch *b, const char *rev, char *err, size_t errcap);
/* kr_batch_output_name() - the file (under the output directory) of entry @path, malloc'd; NULL when out of memory */
char *kr_batch_output_name(const char *path);
/* kr_batch_run() - render every entry; 0, or -1 when the run itself failed (not an entry). */
int kr_batch_run(kr_batch *b, char *err, size_t errcap);
/* kr_batch_clock() - monotonic seconds, for durations and rates. */
double kr_batch_clock(void);
/* kr_batch_free() - release the entries. */
void kr_batch_free(kr_batch *b);

/* The --cache directory (cache.c). */
int kr_batch_cache_lookup(const kr_batch *b, const char *entry, char **out, size_t *len);
void kr_batch_cache_store(const kr_batch *b, const char *entry, const char *out, size_t len,
			  const char *const *inputs, size_t n);
/* kr_batch_cache_deps() - the inputs the cache recorded for @entry (malloc'd), or -1. */
int kr_batch_cache_deps(const kr_batch *b, const char *entry, char ***paths, size_t *n);

/* Reports (report.c): JSON or JUnit XML of the results, on @f. */
#include <stdio.h>
void kr_batch_report_json(const kr_batch *b, FILE *f);
void kr_batch_report_junit(const kr_batch *b, FILE *f);
#endif
