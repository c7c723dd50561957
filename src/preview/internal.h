/*
 * internal.h - what the preview files share: one revision held in memory
 * (its files, kustomization directories and Applications) and the
 * Application side of the comparison (apps.c).
 */
#ifndef KR_PREVIEW_INTERNAL_H
#define KR_PREVIEW_INTERNAL_H

#include "fs/fs.h"
#include "krender/build.h"
#include "preview/preview.h"
#include "util/map.h"

/* the namespace previewed Applications are rendered as if ArgoCD ran in */
#define KR_PREVIEW_CONTROLLER_NS "argocd"

/* an Application found at a revision (or an ApplicationSet that failed to expand) */
typedef struct kr_preview_appdef {
	const char *kind;   /* "Application", or "ApplicationSet" when @error is set */
	const char *name;   /* metadata.name */
	const char *file;   /* the file defining it (the ApplicationSet's for a generated one) */
	const kr_node *app; /* NULL when @error is set */
	const char *error;  /* the ApplicationSet's expansion error */
} kr_preview_appdef;

/* one revision in memory */
typedef struct kr_preview_rev {
	char commit[41];
	kr_fs_mem_file *files; /* sorted by path */
	size_t n;
	char **dirs; /* kustomization directories, sorted */
	size_t ndirs;
	kr_preview_appdef *apps; /* sorted by kind and name, one per name */
	size_t napps;
	const char **ids; /* each file's blob id (40 hex digits) */
	kr_map index; /* path -> file */
	kr_map by_id; /* blob id -> file: the base revision takes the head's bytes of a blob both hold */
	kr_fs *fs;
	char root[64];
} kr_preview_rev;

/* kr_preview_text() - the text of scalar @n (in @a), "" for anything else */
const char *kr_preview_text(kr_arena *a, const kr_node *n);

/* kr_preview_wanted() - whether repository file @path is under o->path and in no hidden directory */
bool kr_preview_wanted(const kr_preview_opts *o, const char *path);

/*
 * kr_preview_find_apps() - the Applications of @r under o->path: documents
 * of kind Application (with a source) and the Applications every
 * ApplicationSet generates (its Git generators read the previewed
 * repository at @r's commit). 0 or KR_E* (out of memory).
 */
int kr_preview_find_apps(kr_arena *a, const kr_preview_opts *o, kr_preview_rev *r, kr_err *err);

/* kr_preview_find_app() - @r's Application @kind/@name, or NULL */
const kr_preview_appdef *kr_preview_find_app(const kr_preview_rev *r, const char *kind, const char *name);

/*
 * kr_preview_render_app() - the manifests of @d at @r (sources from the
 * previewed repository read at @r's commit, others at their targetRevision
 * from o->repo_paths; kustomize builds through @pcache): 0, or -1 with the
 * error in *@error.
 */
int kr_preview_render_app(kr_arena *a, const kr_preview_opts *o, const kr_preview_rev *r, const kr_preview_appdef *d,
			  kr_parse_cache *pcache, kr_node ***objs, size_t *n, const char **error);

#endif
