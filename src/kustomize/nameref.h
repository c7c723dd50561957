/*
 * nameref.h - fixing references to renamed resources (kustomize's
 * nameReference transformer), run once at the top of a build, after the
 * hash suffixes (kustomize.md 7).
 */
#ifndef KR_KUSTOMIZE_NAMEREF_H
#define KR_KUSTOMIZE_NAMEREF_H

#include "kustomize/accumulate.h"

struct kr_nameref_entry {
	const char *group, *version, *kind;      /* the referenced kind ("" = any) */
	const char *fgroup, *fversion, *fkind;   /* the referrer kind ("" = any) */
	const char *path;                        /* the referring field */
};

/* The built-in table, ended by an entry whose path is NULL. */
extern const struct kr_nameref_entry kr_nameref_table[];

/*
 * kr_nameref_fix() - rewrite every referring field of @rm whose value is an
 * earlier name of a renamed resource to that resource's current name, for
 * the built-in table and the nameReference entries of @cfg.
 */
struct kr_tfconfig;
int kr_nameref_fix(kr_render *r, kr_resmap *rm, const struct kr_tfconfig *cfg);

#endif
