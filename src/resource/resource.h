/*
 * resource.h - a Kubernetes resource, its identity, and the ordered
 * resource map of a render.
 *
 * A resource is a document root (a mapping) plus its ID: group, version,
 * kind, name, namespace. The resource map keeps insertion order in a vector
 * and indexes every resource by a hash of (group, version, kind, name,
 * effective namespace), so appends and lookups are O(1) and duplicates are
 * found without scans. All memory belongs to the render's arena.
 */
#ifndef KR_RESOURCE_RESOURCE_H
#define KR_RESOURCE_RESOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"
#include "util/map.h"
#include "yaml/node.h"

typedef struct kr_resid {
	const char *group;
	const char *version;
	const char *kind;
	const char *name;
	const char *ns;
} kr_resid;

/* A growing list of strings in the arena (name histories). */
typedef struct kr_strs {
	const char **v;
	size_t n, cap;
} kr_strs;

typedef struct kr_resource {
	kr_node *root;
	kr_resid id;      /* current ID, kept in step with the node */
	kr_resid orig;    /* ID when loaded or generated */
	kr_resid *prev;   /* earlier IDs, oldest first, one per rename */
	size_t nprev, capprev;
	kr_strs prefixes; /* namePrefix values applied, innermost first */
	kr_strs suffixes; /* nameSuffix values applied, innermost first */
	const char *file; /* source file, root-relative, for messages */
	bool needs_hash;  /* generated: gets the content hash suffix at the end */
	bool generated;
	/* buildMetadata: where the resource came from, which transformers ran on it */
	const char *origin_path; /* canonical file it was read from, or NULL */
	const char *origin_kust; /* canonical kustomization file of its generator */
	const char *origin_gen;  /* "ConfigMapGenerator" or "SecretGenerator" */
	kr_strs tf_in;           /* canonical kustomization file of each transformer run */
	kr_strs tf_kind;         /* its kind, e.g. "PrefixTransformer" */
} kr_resource;

typedef struct kr_resmap {
	kr_resource **items;
	size_t n, cap;
	kr_map index; /* id key -> resource */
	kr_arena *a;
} kr_resmap;

/*
 * kr_resid_from_node() - read the ID of @root. Errors (missing kind or
 * metadata.name) name @file; @need_name is false for List documents.
 */
int kr_resid_from_node(kr_resid *id, const kr_node *root, bool need_name, kr_arena *a,
		       const char *file, kr_err *err);

/*
 * kr_resource_set_name() - rename @res (metadata.name and its ID), keeping
 * the old ID in its history. kr_resource_set_namespace() likewise.
 */
int kr_resource_set_name(kr_resource *res, kr_arena *a, const char *name);
int kr_resource_set_namespace(kr_resource *res, kr_arena *a, const char *ns);

/* kr_strs_push() - append @s to @list (arena). */
int kr_strs_push(kr_arena *a, kr_strs *list, const char *s);

/* kr_resid_format() - kustomize's ResId.String(): Kind.version.group/name.ns */
char *kr_resid_format(const kr_resid *id, char *buf, size_t cap);

/* kr_resid_is_cluster_scoped() - the 36 built-in cluster-scoped (apiVersion, kind) pairs. */
bool kr_resid_is_cluster_scoped(const kr_resid *id);

/* kr_resmap_init() / kr_resmap_dispose() - an empty map whose items live in @a. */
void kr_resmap_init(kr_resmap *rm, kr_arena *a);
void kr_resmap_dispose(kr_resmap *rm);

/*
 * kr_resmap_append() - add @r at the end. A resource with an equal ID
 * (kustomize's ResId.Equals) is KR_EDUP, worded as kustomize words it.
 */
int kr_resmap_append(kr_resmap *rm, kr_resource *r, kr_err *err);

/* kr_resmap_find() - the resource whose ID equals @id, or NULL. */
kr_resource *kr_resmap_find(const kr_resmap *rm, const kr_resid *id);

/*
 * kr_resmap_reindex() - rebuild the index from every resource's current
 * ID, after transformers renamed things; an ID now held twice is KR_EDUP.
 */
int kr_resmap_reindex(kr_resmap *rm, kr_err *err);

/* kr_resmap_append_all() - append every resource of @src, in order. */
int kr_resmap_append_all(kr_resmap *dst, const kr_resmap *src, kr_err *err);

/* Sort orders, as kustomize's sortOptions */
typedef struct kr_sort_options {
	bool fifo;
	const char **order_first; /* NULL: kustomize's default legacy lists */
	size_t n_first;
	const char **order_last;
	size_t n_last;
	bool custom; /* legacySortOptions given: the lists above replace the defaults */
} kr_sort_options;

/* kr_resmap_sort() - order @rm as kustomize does before printing. */
int kr_resmap_sort(kr_resmap *rm, const kr_sort_options *opt, kr_err *err);

#endif
