/*
 * internal.h - what the ApplicationSet files share: the expansion context
 * and parameter-set lists. A parameter set is a kr_node map: in the
 * default (flat) mode every value is a string and keys are dotted
 * ("path.basename"); goTemplate mode keeps nested native values.
 */
#ifndef KR_APPSET_INTERNAL_H
#define KR_APPSET_INTERNAL_H

#include <stdbool.h>

#include "appset/appset.h"
#include "gotmpl/gotmpl.h"
#include "util/buf.h"
#include "util/map.h"

typedef struct kr_psets {
	kr_node **v;
	size_t n, cap;
} kr_psets;

struct kr_appset_ctx {
	kr_arena *a;
	const kr_appset_opts *o;
	const char *file;
	const char *name;      /* the ApplicationSet's */
	bool go;               /* spec.goTemplate */
	kr_err *err;
	/* goTemplate rendering */
	const char **go_options;   /* spec.goTemplateOptions, NUL-terminated copies */
	size_t ngo_options;
	bool go_values;            /* rendering a matrix child's values: missingkey=error, raw text kept on error */
	kr_map go_cache;           /* template text -> kr_gt_template (each text parsed once) */
	const kr_node *go_set;     /* the parameter set go_data was made from */
	kr_gt_value go_data;
};

typedef struct kr_appset_ctx kr_appset_ctx;

int kr_psets_push(kr_appset_ctx *c, kr_psets *s, kr_node *set);

/* an error about @what (a generator path such as "generators[0].git") */
int kr_appset_fail(kr_appset_ctx *c, int rc, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* set flat parameter @key (NUL-terminated) to the string @v/@n */
int kr_param_set(kr_appset_ctx *c, kr_node *set, const char *key, const char *v, size_t n);

/*
 * kr_param_scalar() - the type sigs.k8s.io/yaml gives scalar @v (YAML 1.1 for plain ones: KR_SCALAR_*),
 * with its float64 (numbers) or 0/1 (booleans) in *@num; <0 for a number JSON cannot hold
 */
int kr_param_scalar(kr_appset_ctx *c, const kr_node *v, double *num, const char *what);

/* goTemplate: a new map, @dst with @src merged over it (maps merge, other values replaced); NULL on OOM */
kr_node *kr_param_merge(kr_appset_ctx *c, const kr_node *dst, const kr_node *src, int depth);

/* goTemplate: the map under @key of @map, made (or replacing a non-map) when absent; NULL on OOM */
kr_node *kr_param_child(kr_appset_ctx *c, kr_node *map, const char *key);

/* Go %v of a scalar from YAML (string as is, bool, null "<nil>", numbers as float64) into @b */
int kr_param_format(kr_appset_ctx *c, const kr_node *v, kr_buf *b, const char *what);

/* the flat form of @tree under @prefix ("" at the top): dotted keys, list indexes, %v; empty maps/lists vanish */
int kr_param_flatten(kr_appset_ctx *c, kr_node *set, const char *prefix, const kr_node *tree, const char *what);

/* render one string with @params in the ApplicationSet's engine */
int kr_appset_render_string(kr_appset_ctx *c, const char *s, size_t n, const kr_node *params, const char **out,
			    size_t *outlen);

/* a copy of @tree with every string and string map key rendered with @params */
int kr_appset_render_tree(kr_appset_ctx *c, const kr_node *tree, const kr_node *params, kr_node **out);

/* `values`: each rendered with @set, added as values.<k> (flat) or as the map `values` (goTemplate) */
int kr_appset_values(kr_appset_ctx *c, kr_node *set, const kr_node *values, const char *what);

/* generators */
int kr_gen_list(kr_appset_ctx *c, const kr_node *g, const char *what, kr_psets *out);
int kr_gen_clusters(kr_appset_ctx *c, const kr_node *g, const char *what, kr_psets *out);
int kr_gen_git(kr_appset_ctx *c, const kr_node *g, const char *what, kr_psets *out);
int kr_gen_matrix(kr_appset_ctx *c, const kr_node *g, const char *what, int depth, kr_psets *out);
int kr_gen_merge(kr_appset_ctx *c, const kr_node *g, const char *what, int depth, kr_psets *out);

/* one generator entry (`{list: ...}`, `{git: ...}`, with optional selector), @depth 0 at the top */
int kr_appset_generate(kr_appset_ctx *c, const kr_node *entry, const char *what, int depth, kr_psets *out);

/* whether @set (flattened) matches label selector @sel */
int kr_appset_selects(kr_appset_ctx *c, const kr_node *sel, const kr_node *set, const char *what, bool *match);

#endif
