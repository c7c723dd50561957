/*
 * build_run.h - the state of one `krender build` run, shared by the
 * front ends in build.c (one stream) and build_split.c (one file per
 * resource). Private to libkrender.
 */
#ifndef KR_KUSTOMIZE_BUILD_RUN_H
#define KR_KUSTOMIZE_BUILD_RUN_H

#include "fs/fs.h"
#include "krender/build.h"
#include "kustomize/accumulate.h"
#include "kustomize/prefetch.h"
#include "util/buf.h"
#include "util/limits.h"

struct kr_build {
	char *root;
	int restrict_none;
	int enable_helm;
	int jobs;
	kr_parse_cache *pcache; /* shared with other builds, or NULL */
	kr_fs *fs;              /* kept between runs with the same root (path cache) */
	kr_fs *ext_fs;          /* kr_build_set_fs(): the caller's, used instead of the disk */
	kr_arena *arena;        /* kept between runs, reset at the start of each */
	char **inputs;          /* files the last run read: root-relative, sorted, unique */
	size_t ninputs;
	int cacheable;
	char *fs_root;
	int pslot;
	kr_limits lim;
	char *top_kust; /* kr_build_set_top_kustomization(), or NULL */
	size_t top_kust_len;
	char error[KR_ERR_MAX + 600];
	kr_buf warnings;
};

typedef struct kr_run {
	kr_render r;
	kr_prefetch *pre;
	kr_fs *fs;
	kr_arena *a;
	kr_resmap rm; /* the finished, sorted resources */
	char *root;
	kr_err err;
} kr_run;

/* kr_run_render() - everything up to the sorted resources. 0 or KR_E* (run->err). */
int kr_run_render(kr_build *b, const char *dir, kr_run *run);

/* kr_run_fail() - make run->err the build's last error. */
void kr_run_fail(kr_build *b, const kr_run *run);

/* kr_run_dispose() - release everything the run holds. */
void kr_run_dispose(kr_run *run);

#endif
