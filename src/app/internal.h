/*
 * internal.h - what the Application files share: one source being
 * rendered (its app, build environment and exported revision) and the
 * helpers of each step.
 */
#ifndef KR_APP_INTERNAL_H
#define KR_APP_INTERNAL_H

#include <stdbool.h>

#include "app/app.h"
#include "fs/fs.h"
#include "util/buf.h"

typedef struct kr_app_src {
	kr_arena *a;
	const kr_app_opts *o;
	kr_err *err;
	const char *file;     /* the Application's file, for messages */
	const char *name;     /* the Application's name */
	const char *instance; /* name, or <namespace>_<name> outside the controller namespace */
	const char *dest_ns;  /* spec.destination.namespace, "" when none */
	const char *project;
	const char *what;     /* "spec.source" or "spec.sources[N]" */
	kr_node *source;      /* the source after the .argocd-source overrides */
	const char *repo_url, *path, *target_revision;
	kr_fs *fs;            /* the revision, read only through this (the path jail) */
	kr_fs *own_fs;        /* ... when made for this source (freed after it) */
	const char *root;     /* its root (canonical) */
	const char *dir;      /* the app directory inside it (canonical) */
	char commit[41];
	/* the manifests so far */
	kr_node **objs;
	size_t nobjs, capobjs;
} kr_app_src;

/* an error about the source */
int kr_app_fail(kr_app_src *s, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* the revision of @url at @rev exported to a private directory (cached per process); the commit id in @commit */
int kr_app_export(kr_app_src *s, const char *url, const char *rev, const char **dir, char commit[41]);

/* the bytes of file @path (NUL-terminated, in the arena), at most file_bytes: 0, KR_ENOENT, KR_ETOOBIG, KR_EIO, KR_EJAIL */
int kr_app_read(kr_app_src *s, const char *path, char **data, size_t *len);

/* why kr_app_read() failed with @rc, for messages: "cannot read it", "over the file_bytes limit"... */
const char *kr_app_read_failure(int rc);

/* what @path (absolute, in the revision) is; KR_FS_MISSING also for a path outside the revision */
enum kr_fs_type kr_app_type(kr_app_src *s, const char *path);

/* Go os.Expand of @in with the build environment ($ARGOCD_APP_*; unknown names empty, $$ a '$') */
const char *kr_app_envsubst(kr_app_src *s, const char *in, size_t n);

/* the kustomize source: options applied to an in-memory kustomization, then built */
int kr_app_kustomize(kr_app_src *s, const kr_node *opts);

/* the directory source: manifests of the app directory */
int kr_app_directory(kr_app_src *s, const kr_node *opts);

/* add one rendered document (Lists unpacked, empty and null documents dropped) */
int kr_app_add(kr_app_src *s, kr_node *doc);

/* the controller's last steps over every manifest: namespaces and tracking metadata */
int kr_app_finish(kr_app_src *s);

#endif
