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
	char *error;  /* when !ok */
	size_t resources, bytes;
	double seconds;
} kr_batch_entry;

typedef struct kr_batch {
	/* options */
	const char *root;      /* the monorepo (also the path jail) */
	const char *outdir;    /* NULL: render and check only */
	int jobs;
	int shard, shards;     /* keep entries with hash % shards == shard (0-based) */
	bool enable_helm;
	const char *restrictor;
	const char *const *limits; /* NAME=VALUE assignments, NULL-terminated */
	/* entries: discovered or given */
	kr_batch_entry *e;
	size_t n, cap;
	/* progress, read by the caller's progress display while workers run */
	volatile size_t done;
	/* totals */
	size_t ok, failed, resources, bytes, stale_removed, cache_hits, cache_misses;
	double seconds;
} kr_batch;

/* kr_batch_discover() - add every kustomization directory under b->root. */
int kr_batch_discover(kr_batch *b, char *err, size_t errcap);
/* kr_batch_add() - add entry @path (relative to the root). */
int kr_batch_add(kr_batch *b, const char *path);
/* kr_batch_shard() - keep only this shard's entries (by XXH3 of the path). */
void kr_batch_shard(kr_batch *b);
/* kr_batch_run() - render every entry; 0, or -1 when the run itself failed (not an entry). */
int kr_batch_run(kr_batch *b, char *err, size_t errcap);
/* kr_batch_free() - release the entries. */
void kr_batch_free(kr_batch *b);

/* Reports (report.c): JSON or JUnit XML of the results, on @f. */
#include <stdio.h>
void kr_batch_report_json(const kr_batch *b, FILE *f);
void kr_batch_report_junit(const kr_batch *b, FILE *f);
#endif
