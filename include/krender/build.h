/*
 * build.h - `kustomize build` as a library call.
 *
 *	kr_build *b = kr_build_new();
 *	kr_build_set_root(b, "/repo");             // the path jail (optional)
 *	if (kr_build_run(b, "/repo/apps/prod", &out, &len) < 0)
 *		fprintf(stderr, "%s\n", kr_build_error(b));
 *	free(out);
 *	kr_build_free(b);
 *
 * The output is produced only when the whole render succeeded.
 */
#ifndef KRENDER_BUILD_H
#define KRENDER_BUILD_H

#include <stddef.h>

typedef struct kr_build kr_build;

/* kr_build_new() - build options with kustomize's defaults; NULL on OOM. */
kr_build *kr_build_new(void);

/* kr_build_free() - release @b. */
void kr_build_free(kr_build *b);

/*
 * kr_build_set_root() - no file or base outside @root is ever read. Unset,
 * the root is the top of the Git work tree holding the build directory,
 * else the current directory when it holds the build directory, else the
 * build directory itself.
 */
int kr_build_set_root(kr_build *b, const char *root);

/*
 * kr_build_set_fs() - read through @fs (borrowed; NULL: the disk) instead of
 * the disk, jailed to its root: a Git revision held in memory. Directories
 * given to kr_build_run() are then paths inside @fs.
 */
struct kr_fs;
void kr_build_set_fs(kr_build *b, struct kr_fs *fs);

/* kr_build_set_load_restrictor() - "LoadRestrictionsRootOnly" (default) or "LoadRestrictionsNone". */
int kr_build_set_load_restrictor(kr_build *b, const char *restrictor);

/* kr_build_set_enable_helm() - allow helmCharts (kustomize's --enable-helm). */
void kr_build_set_enable_helm(kr_build *b, int on);

/* kr_build_set_jobs() - threads that read and parse files (default: the CPUs, at most 8). */
int kr_build_set_jobs(kr_build *b, int jobs);

/* kr_build_set_limit() - "name=value", see kr_build_limit_names(). */
int kr_build_set_limit(kr_build *b, const char *assignment);

/*
 * kr_build_set_limits() - every "name=value" of @list, separated by commas
 * or blanks (the form of the KRENDER_LIMITS environment variable). On a bad
 * entry returns KR_EUSAGE and kr_build_error() names it.
 */
int kr_build_set_limits(kr_build *b, const char *list);

/*
 * kr_build_set_top_kustomization() - the next runs read @yaml/@len as the
 * kustomization of the directory they render, instead of its file (which
 * must exist: it names the file in messages). NULL clears it. Used to apply
 * ArgoCD's kustomize options without editing files. 0 or KR_ENOMEM.
 */
int kr_build_set_top_kustomization(kr_build *b, const char *yaml, size_t len);

/* kr_build_limit_names() - the limit names kr_build_set_limit() accepts. */
const char *kr_build_limit_names(void);

/*
 * kr_build_run() - render kustomization directory @dir. On success *@out is
 * a malloc'd buffer of *@len bytes (NUL-terminated) that the caller frees.
 * Returns 0, or a negative code with the message in kr_build_error().
 */
int kr_build_run(kr_build *b, const char *dir, char **out, size_t *len);

/*
 * kr_build_run_split() - render @dir like kr_build_run(), then hand each
 * resource to @fn as its own document with the file name `kustomize build
 * -o DIR` gives it. @fn is called only after the whole render succeeded;
 * a negative return from it stops the calls and fails the run.
 */
typedef int (*kr_build_file_fn)(void *ctx, const char *name, const char *data, size_t len);
int kr_build_run_split(kr_build *b, const char *dir, kr_build_file_fn fn, void *ctx);

/* kr_build_error() - "file:line:col: message" of the last failure. */
const char *kr_build_error(const kr_build *b);

/* kr_build_warnings() - warnings of the last run (kustomize's deprecation lines), or "". */
const char *kr_build_warnings(const kr_build *b);

/* Error codes returned by kr_build_run() (the KR_E* codes of the engine). */
/*
 * A parse cache shared by many builds of one process (a batch over a
 * monorepo): every file is read and parsed once, whichever build needs it
 * first, and each build copies the trees it uses. Safe across threads when
 * each thread's builds use their own @slot (0 .. slots-1).
 */
typedef struct kr_parse_cache kr_parse_cache;
kr_parse_cache *kr_parse_cache_new(int slots);
void kr_parse_cache_free(kr_parse_cache *c);
/* kr_parse_cache_stats() - lookups answered from the cache, and parses. */
void kr_parse_cache_stats(const kr_parse_cache *c, size_t *hits, size_t *misses);
/* kr_build_set_parse_cache() - read files of @b's builds through @c (NULL: no cache). */
void kr_build_set_parse_cache(kr_build *b, kr_parse_cache *c, int slot);

/*
 * kr_build_inputs() - the files the last successful kr_build_run() read,
 * relative to the root, sorted, without repeats (borrowed until the next
 * run). *@cacheable is 0 when the output also depends on something no file
 * list describes (helm charts, remote bases) or a path could not be kept.
 */
size_t kr_build_inputs(const kr_build *b, const char *const **paths, int *cacheable);

#define KR_BUILD_EUNSUP (-10)

#endif
