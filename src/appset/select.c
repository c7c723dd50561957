/*
 * select.c - a generator's `selector` (argocd.md 1.4) and the cluster
 * generator's Secret selector: a Kubernetes label selector (matchLabels AND
 * matchExpressions with In, NotIn, Exists, DoesNotExist) over a flat map;
 * values are not restricted to label syntax, so URLs can be matched.
 */
#include "appset/internal.h"

#include <string.h>

static const kr_node *lookup(const kr_node *set, const kr_node *key)
{
	const kr_node *v = key->kind == KR_NODE_SCALAR ? kr_node_map_get_n(set, key->u.str, key->len) : NULL;

	return v && v->kind == KR_NODE_SCALAR ? v : NULL;
}

static bool same(const kr_node *a, const kr_node *b)
{
	return a && b && a->kind == KR_NODE_SCALAR && b->kind == KR_NODE_SCALAR && a->len == b->len &&
	       memcmp(a->u.str, b->u.str, a->len) == 0;
}

int kr_appset_selects(kr_appset_ctx *c, const kr_node *sel, const kr_node *set, const char *what, bool *match)
{
	const kr_node *labels = kr_node_map_get(sel, "matchLabels"), *exprs = kr_node_map_get(sel, "matchExpressions");
	kr_node *flat = (kr_node *)set;
	size_t i, j;

	*match = true;
	if (sel->kind != KR_NODE_MAP)
		return kr_appset_fail(c, KR_EINVAL, what, "selector must be a map");
	for (i = 0; i < set->len; i++) {
		if (set->u.pairs[i].value->kind != KR_NODE_SCALAR) { /* nested values: the flat form */
			flat = kr_node_new_map(c->a);
			if (!flat || kr_param_flatten(c, flat, "", set, what) < 0)
				return flat ? c->err->code : kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
			break;
		}
	}
	for (i = 0; labels && labels->kind == KR_NODE_MAP && i < labels->len && *match; i++)
		*match = same(lookup(flat, labels->u.pairs[i].key), labels->u.pairs[i].value);
	for (i = 0; exprs && exprs->kind == KR_NODE_SEQ && i < exprs->len && *match; i++) {
		const kr_node *e = exprs->u.items[i], *key = kr_node_map_get(e, "key"), *op = kr_node_map_get(e, "operator");
		const kr_node *vals = kr_node_map_get(e, "values"), *have;
		bool in = false;

		if (!key || key->kind != KR_NODE_SCALAR || !op || op->kind != KR_NODE_SCALAR)
			return kr_appset_fail(c, KR_EINVAL, what, "selector.matchExpressions[%zu] needs key and operator", i);
		have = lookup(flat, key);
		for (j = 0; vals && vals->kind == KR_NODE_SEQ && j < vals->len && !in; j++)
			in = same(have, vals->u.items[j]);
		if (kr_node_str_eq(op, "In"))
			*match = in;
		else if (kr_node_str_eq(op, "NotIn"))
			*match = !in;
		else if (kr_node_str_eq(op, "Exists"))
			*match = have != NULL;
		else if (kr_node_str_eq(op, "DoesNotExist"))
			*match = have == NULL;
		else
			return kr_appset_fail(c, KR_EINVAL, what, "selector.matchExpressions[%zu]: %.*s is not a valid "
					      "selector operator (In, NotIn, Exists, DoesNotExist)",
					      i, (int)op->len, op->u.str);
	}
	return 0;
}
