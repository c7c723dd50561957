/*
 * normalize.h - the normaliser chain ArgoCD runs on desired, live and
 * last-applied objects before comparing them (argocd.md 3.2-3.4): ignore
 * rules (the default /status rule, then the user's JSON pointers), then
 * the built-in normalisations. Works in place on trees in @a.
 */
#ifndef KR_DIFF_NORMALIZE_H
#define KR_DIFF_NORMALIZE_H

#include "diff/diff.h"
#include "resource/resource.h"

/* kr_diff_normalize() - normalise @obj (of id @id) in place. */
int kr_diff_normalize(kr_arena *a, const kr_diff_config *c, const kr_resid *id, kr_node *obj);

/* kr_diff_rule_matches() - rule @r applies to @id (@ns: its namespace after defaulting). */
bool kr_diff_rule_matches(const kr_diff_rule *r, const kr_resid *id, const char *ns);

/*
 * kr_diff_step() - one step down a path: to the value of map key @key, or
 * (@key NULL) to sequence item @idx; with @remove, that entry is removed
 * instead and *@cur stays. False when there is no such entry.
 */
bool kr_diff_step(kr_node **cur, const char *key, size_t idx, bool remove);

/* An RFC 6901 JSON pointer, split and decoded once (n == 0: the whole document). */
typedef struct kr_json_pointer {
	const char **tok;
	size_t n;
} kr_json_pointer;

/*
 * kr_json_pointer_parse() - @text ("" or '/' before each token, '~' only
 * as ~0 or ~1) into @out, tokens in @a. 0, KR_EINVAL or KR_ENOMEM.
 */
int kr_json_pointer_parse(kr_arena *a, const char *text, kr_json_pointer *out);

/* kr_json_pointer_remove() - RFC 6902 remove at @p; a missing path is no error. */
void kr_json_pointer_remove(kr_node *obj, const kr_json_pointer *p);

/*
 * kr_diff_mask_secrets() - if @id is a Secret, replace the values under
 * data in @objs (NULLs skipped) by ArgoCD's masks: the first distinct value
 * "++++++++", each next one 4 '+' longer; likewise the annotations of
 * @c->mask_annotations on any kind.
 */
int kr_diff_mask(kr_arena *a, const kr_diff_config *c, const kr_resid *id, kr_node **objs, size_t n);

#endif
