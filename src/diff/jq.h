/*
 * jq.h - ArgoCD's jqPathExpressions: every object a jq rule matches goes,
 * as one line of canonical JSON (or only the part its expressions read),
 * through one run of the krender-jq helper (libjq, each expression
 * compiled once as [path(EXPR)], 1 s per evaluation); a pure field chain
 * is answered without jq (jq_shape.h). The paths are deleted in krender's
 * own tree, then maps and arrays left empty are removed, as ArgoCD does.
 */
#ifndef KR_DIFF_JQ_H
#define KR_DIFF_JQ_H

#include "diff/diff.h"
#include "resource/resource.h"

/* One object to normalise: the tree (changed in place), its id and namespace. */
typedef struct kr_jq_target {
	kr_node *obj;
	const kr_resid *id;
	const char *ns;
} kr_jq_target;

/*
 * kr_diff_jq() - apply the jq rules of @c to @t[0..n). A compile error or a
 * timeout is an error naming the rule; a run-time error skips that rule on
 * that object, as ArgoCD skips the patch. 0 or KR_E*.
 */
int kr_diff_jq(kr_arena *a, const kr_diff_config *c, const kr_jq_target *t, size_t n, kr_err *err);

#endif
