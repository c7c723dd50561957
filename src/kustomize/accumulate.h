/*
 * accumulate.h - loading a kustomization directory and everything it lists.
 *
 * A render walks the kustomization graph depth first: each `resources`
 * entry is a file of documents or a directory with its own kustomization,
 * built into a fresh resource map and appended. Every path goes through the
 * kr_fs jail; the chain of directories being built detects cycles; results
 * are memoised per directory so a shared base is read and parsed once.
 */
#ifndef KR_KUSTOMIZE_ACCUMULATE_H
#define KR_KUSTOMIZE_ACCUMULATE_H

#include <stdbool.h>

#include "fs/fs.h"
#include "kustomize/kustomization.h"
#include "resource/resource.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/map.h"
#include "util/proc.h"
#include "yaml/load.h"

struct kr_tfconfig;

/* The file names kustomize looks for in a directory, in its order. */
#define KR_KUST_NAMES 3
extern const char *const kr_kust_names[KR_KUST_NAMES];

typedef struct kr_render {
	kr_arena *a;
	kr_fs *fs;
	const kr_limits *lim;
	unsigned long long deadline_ms; /* kr_now_ms() past which the render stops; 0: none */
	bool restrict_root_only; /* kustomize's LoadRestrictionsRootOnly for files */
	bool enable_helm;        /* --enable-helm */
	kr_buf *warnings;
	kr_err *err;
	/* a parse cache shared with other builds (batch), and this thread's slot in it */
	struct kr_parse_cache *pcache;
	int pslot;
	/* every file this render read (canonical, repeats allowed), for caches */
	kr_strs inputs;
	bool uncacheable; /* it also used what a file list cannot describe (helm, remote bases) */
	/* the top directory's kustomization given as bytes (kr_build_set_top_kustomization), or NULL */
	const char *top_dir;
	const char *top_kust;
	size_t top_kust_len;
	/* the custom OpenAPI schema last loaded (kustomize's global), NULL: built-in */
	struct kr_schema *schema;
	/* state */
	const char **chain; /* directories being built, outermost first */
	size_t depth, capchain;
	size_t loads;
	size_t input_bytes;
	kr_map memo; /* canonical dir -> struct memo_entry */
	/* set by kr_prefetch(): files parsed ahead of the walk, canonical path -> kr_parsed */
	kr_map *parsed;
	/* set while discovering: resource files are listed here, not read */
	struct kr_file_list *discover;
	/* from discovery: canonical dir -> size_t visits; NULL when unknown */
	kr_map *visits;
} kr_render;

/* The resource files a build reads, in first-use order, without duplicates. */
typedef struct kr_file_list {
	const char **paths; /* canonical */
	size_t n, cap;
	kr_map seen;
	kr_map visits; /* canonical dir -> size_t count */
} kr_file_list;

/* A resource file read and parsed ahead of the walk (in its own arena). */
typedef struct kr_parsed {
	const char *canon;
	const char *file; /* root-relative, for messages */
	kr_yaml_stream s;
	size_t bytes;
	int rc;
	kr_err err;
	bool used; /* handed out once already: later users get deep copies */
} kr_parsed;

/*
 * kr_accumulate_dir() - build canonical directory @dir into @out (a fresh,
 * initialised map) and hand back its kustomization in *@k (may be NULL);
 * the transformer configuration of the subtree is merged into @cfg.
 */
int kr_accumulate_dir(kr_render *r, const char *dir, kr_resmap *out, kr_kustomization **k,
		      struct kr_tfconfig *cfg);

/*
 * kr_kust_read() - read the file @path that kustomization @k names at node
 * @at (for the error mark): resolved through the jail, inside @k's
 * directory unless the load restrictor is off, a regular file within the
 * size limit. *@rel receives its root-relative name (arena).
 */
int kr_kust_read(kr_render *r, const kr_kustomization *k, const kr_node *at, const char *path,
		 const char **data, size_t *len, const char **rel);

/* kr_resource_copy() - a deep copy of @src in the render's arena, or NULL. */
kr_resource *kr_resource_copy(kr_render *r, const kr_resource *src);

/* kr_append_copies() - append deep copies of every resource of @src to @out. */
int kr_append_copies(kr_render *r, const kr_resmap *src, kr_resmap *out);

/* kr_render_note_input() - record that the render read file @canon. */
int kr_render_note_input(kr_render *r, const char *canon);

/* kr_render_dispose() - release the render's heap state (not the arena). */
void kr_render_dispose(kr_render *r);

/*
 * kr_load_resource_file() - read file @canon and append its resources to
 * @out: documents in order, List items after the file's other documents.
 */
int kr_load_resource_file(kr_render *r, const char *canon, kr_resmap *out);

/*
 * kr_load_resource_bytes() - parse @data/@len (named @file in messages; it
 * must outlive the render) and append its resources to @out as
 * kr_load_resource_file() does.
 */
int kr_load_resource_bytes(kr_render *r, const char *data, size_t len, const char *file,
			   kr_resmap *out);

/*
 * kr_render_check_time() - 0 while the render is within its wall-clock
 * limit, else KR_ETOOBIG with the error set. Called once per unit of work
 * (a file, a kustomization, a patch on a target, a replacement).
 */
int kr_render_check_time(kr_render *r);

/*
 * kr_render_check_depth() - 0 while resource @root (named @file in errors)
 * nests no deeper than the limit depth, else KR_ETOOBIG. Patches and
 * replacements graft subtrees onto deep paths: every such step re-checks,
 * so that no later recursive step meets a tree deeper than the limit.
 */
int kr_render_check_depth(kr_render *r, const kr_node *root, const char *file);

/*
 * kr_render_proc() - kr_proc_run() for at most @cap_ms and never past the
 * render's deadline. When the deadline killed the program, returns
 * KR_ETOOBIG with the timeout error set (and res->timed_out); otherwise
 * what kr_proc_run() returns.
 */
int kr_render_proc(kr_render *r, char *const argv[], char *const env_add[], kr_buf *out, kr_buf *err,
		   long cap_ms, kr_proc_result *res);

#endif
