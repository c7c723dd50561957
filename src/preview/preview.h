/*
 * preview.h - what a change does to the rendered manifests of a GitOps
 * repository (`krender preview`, issue 10): every kustomization and every
 * Application (ApplicationSets expanded) rendered at two revisions read
 * straight from Git objects (krender-git ls/cat into an in-memory kr_fs;
 * Applications from a krender-git export: no checkout), compared per
 * resource with the diff engine (ArgoCD's normalisation, ignoreDifferences,
 * Secret values masked).
 */
#ifndef KR_PREVIEW_PREVIEW_H
#define KR_PREVIEW_PREVIEW_H
#include <stdbool.h>
#include <stddef.h>

#include "diff/diff.h"
#include "util/buf.h"
#include "util/limits.h"

enum kr_preview_status { KR_PREVIEW_ADDED, KR_PREVIEW_REMOVED, KR_PREVIEW_CHANGED, KR_PREVIEW_FAILED };

typedef struct kr_preview_app {
	const char *kind, *name;     /* "Application" (or "ApplicationSet") and its name; NULL for a kustomization */
	const char *path;            /* the kustomization directory or the app's file, relative to the repository */
	enum kr_preview_status status;
	const char *error;           /* FAILED: the head revision's error */
	size_t added, removed, changed; /* resources */
	const char *diff;            /* unified per-resource diff (Secrets masked) */
	size_t difflen;
	kr_diff_result res;
} kr_preview_app;

typedef struct kr_preview {
	char base_commit[41], head_commit[41];
	size_t apps;                 /* kustomizations and Applications at head */
	size_t rendered;             /* renders done (head and base) */
	kr_preview_app *changed;     /* the apps that differ, by path */
	size_t n;
} kr_preview;

typedef struct kr_preview_opts {
	const char *repo;            /* the repository (work tree or bare) */
	const char *base, *head;     /* revisions */
	const char *path;            /* only kustomizations and Applications under this directory ("" for all) */
	const char *repo_url;        /* the URL Applications give the repository (its sources read at base and head) */
	const char *const *repo_urls; /* other repositories (--repo URL=PATH), read at targetRevision */
	const char *const *repo_paths;
	size_t nrepo;
	const kr_diff_config *cfg;   /* ignoreDifferences and compare options */
	const kr_limits *lim;
} kr_preview_opts;

/* kr_preview_run() - compare the two revisions into @out (in @a). 0 or KR_E*. */
int kr_preview_run(kr_arena *a, const kr_preview_opts *o, kr_preview *out, kr_err *err);

enum kr_preview_format { KR_PREVIEW_TEXT, KR_PREVIEW_MARKDOWN, KR_PREVIEW_JSON };

/*
 * kr_preview_print() - @p as text, markdown (a summary table, one collapsible
 * section per app; past @max_bytes the remaining diffs are left out with a
 * note) or JSON. 0 or KR_E*.
 */
int kr_preview_print(kr_buf *out, const kr_preview *p, enum kr_preview_format f, size_t max_bytes);

#endif
