/*
 * render.c - templating an ApplicationSet's template with one parameter
 * set (argocd.md 1.6.1): a deep copy in which every string and every
 * string map key is rendered on its own; other scalars are copied as they
 * are. The default mode is fasttemplate (template/fast.c); goTemplate mode
 * is Go's text/template (gotmpl/) with goTemplateOptions, each distinct
 * text parsed once per ApplicationSet and each parameter set converted to
 * template data once (numbers float64, YAML 1.1 typing, as ArgoCD reads
 * them). Inside a matrix child's generator `values`, goTemplate renders
 * with missingkey=error and keeps the raw text when that fails, so the
 * child can resolve it against its own parameters (argocd.md 1.3.5).
 */
#include "appset/internal.h"

#include <string.h>

#include "template/fast.h"

/* a parameter-set tree as Go template data */
static kr_gt_value go_value(kr_appset_ctx *c, const kr_node *n, int depth)
{
	kr_gt_value v = {KR_GT_INVALID, {0}};
	size_t i;

	if (!n || depth > 200)
		return v;
	if (n->kind == KR_NODE_SCALAR) {
		double num = 0;

		switch (kr_param_scalar(c, n, &num, "parameters")) {
		case KR_SCALAR_NULL: return kr_gt_from_node(c->a, n);
		case KR_SCALAR_BOOL: v.kind = KR_GT_BOOL, v.u.b = num != 0; return v;
		case KR_SCALAR_INT:
		case KR_SCALAR_FLOAT: v.kind = KR_GT_FLOAT, v.u.f = num; return v;
		case KR_SCALAR_STR: return kr_gt_string(n->u.str, n->len);
		default: return v;
		}
	}
	if (n->kind == KR_NODE_SEQ) {
		v = kr_gt_new_list(c->a, n->len);
		for (i = 0; v.kind == KR_GT_LIST && i < n->len; i++)
			v.u.l->v[i] = go_value(c, n->u.items[i], depth + 1);
		return v;
	}
	{
		const char **keys = kr_arena_alloc(c->a, (n->len ? n->len : 1) * sizeof(*keys));
		kr_gt_value *vals = kr_arena_alloc(c->a, (n->len ? n->len : 1) * sizeof(*vals));

		if (!keys || !vals)
			return v;
		for (i = 0; i < n->len; i++) {
			if (!(keys[i] = kr_node_text(c->a, n->u.pairs[i].key)))
				return v;
			vals[i] = go_value(c, n->u.pairs[i].value, depth + 1);
		}
		return kr_gt_map_from(c->a, keys, vals, n->len);
	}
}

static int go_template(kr_appset_ctx *c, const char *s, size_t n, kr_gt_template **out)
{
	kr_gt_template *t = kr_map_get(&c->go_cache, s, n);
	size_t i;
	int rc;

	if (!t) {
		char *key = kr_arena_memdup(c->a, s, n);

		rc = key ? kr_gt_parse(c->a, "", s, n, &t, c->err) : kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		if (rc < 0)
			return rc;
		if (kr_map_set(&c->go_cache, key, n, t) < 0)
			return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	}
	rc = kr_gt_option(t, "missingkey=default", c->err); /* the cached template may carry another call's */
	for (i = 0; rc == 0 && i < c->ngo_options; i++)
		rc = kr_gt_option(t, c->go_options[i], c->err);
	if (rc == 0 && c->go_values)
		rc = kr_gt_option(t, "missingkey=error", c->err);
	*out = t;
	return rc;
}

static int go_render(kr_appset_ctx *c, const char *s, size_t n, const kr_node *params, const char **out, size_t *outlen)
{
	kr_gt_template *t = NULL;
	kr_buf b;
	int rc;

	if (!memchr(s, '{', n)) { /* no action: the text as it is */
		*out = s, *outlen = n;
		return 0;
	}
	rc = go_template(c, s, n, &t);
	if (rc == 0) {
		/* a whole tree renders with one conversion (render_tree); a lone string converts its set */
		kr_gt_value data = c->go_set == params ? c->go_data : go_value(c, params, 0);

		kr_buf_init(&b, (size_t)1 << 28);
		rc = kr_gt_exec(c->a, t, data, &b, c->err);
		if (rc == 0) {
			*outlen = b.len;
			*out = kr_arena_memdup(c->a, b.data ? b.data : "", b.len);
			if (!*out)
				rc = kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		}
		kr_buf_dispose(&b);
	}
	if (rc < 0 && c->go_values) { /* a matrix child's value: kept raw for the child's own parameters */
		kr_err_clear(c->err);
		*out = s, *outlen = n;
		return 0;
	}
	return rc;
}

int kr_appset_render_string(kr_appset_ctx *c, const char *s, size_t n, const kr_node *params, const char **out,
			    size_t *outlen)
{
	if (c->go)
		return go_render(c, s, n, params, out, outlen);
	return kr_fast_render(c->a, s, n, params, out, outlen, c->err);
}

static bool is_generator(const kr_node *key)
{
	static const char *const names[] = {"list", "clusters", "git", "scmProvider", "pullRequest",
					    "clusterDecisionResource", "plugin", NULL};
	size_t i;

	for (i = 0; key && names[i]; i++)
		if (kr_node_str_eq(key, names[i]))
			return true;
	return false;
}

/* @n rendered into *@out; @parent the key @n is the value of (NULL for list items and the root) */
static int render(kr_appset_ctx *c, const kr_node *n, const kr_node *params, kr_node **out, kr_buf *path,
		  const kr_node *parent)
{
	size_t i, mark = path->len;
	kr_node *copy;
	int rc = 0;

	if (n->kind == KR_NODE_SCALAR) {
		const char *s;
		size_t len;

		*out = kr_node_copy(c->a, n, NULL);
		if (!*out)
			return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		if (n->type != KR_SCALAR_STR)
			return 0; /* booleans and numbers cannot be templated */
		rc = kr_appset_render_string(c, n->u.str, n->len, params, &s, &len);
		if (rc < 0)
			return kr_err_prefix(c->err, "%s", path->data ? path->data : "template"), rc;
		(*out)->u.str = s;
		(*out)->len = len;
		(*out)->x.orig = NULL;
		(*out)->orig_len = 0;
		return 0;
	}
	copy = n->kind == KR_NODE_MAP ? kr_node_new_map(c->a) : kr_node_new_seq(c->a);
	if (!copy)
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	for (i = 0; i < n->len && rc == 0; i++) {
		kr_node *v = NULL, *k = NULL;

		path->len = mark;
		if (n->kind == KR_NODE_MAP)
			rc = kr_buf_printf(path, "%s%.*s", mark ? "." : "", (int)n->u.pairs[i].key->len,
					   n->u.pairs[i].key->u.str);
		else
			rc = kr_buf_printf(path, "[%zu]", i);
		if (rc < 0)
			return kr_err_set(c->err, rc, NULL, "out of memory");
		if (n->kind == KR_NODE_MAP)
			rc = render(c, n->u.pairs[i].key, params, &k, path, NULL);
		if (rc == 0) {
			bool was = c->go_values;

			/* a generator's values: see the top of the file */
			if (n->kind == KR_NODE_MAP && c->go && is_generator(parent) && kr_node_str_eq(n->u.pairs[i].key, "values"))
				c->go_values = true;
			rc = render(c, n->kind == KR_NODE_MAP ? n->u.pairs[i].value : n->u.items[i], params, &v, path,
				    n->kind == KR_NODE_MAP ? n->u.pairs[i].key : NULL);
			c->go_values = was;
		}
		if (rc == 0 && (n->kind == KR_NODE_MAP ? kr_node_map_append(c->a, copy, k, v) : kr_node_seq_append(c->a, copy, v)) < 0)
			rc = kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	}
	path->len = mark;
	if (path->data)
		path->data[mark] = '\0';
	*out = copy;
	return rc;
}

int kr_appset_render_tree(kr_appset_ctx *c, const kr_node *tree, const kr_node *params, kr_node **out)
{
	kr_buf path;
	int rc;

	kr_buf_init(&path, (size_t)1 << 20);
	if (c->go) {
		c->go_data = go_value(c, params, 0);
		c->go_set = params;
	}
	rc = render(c, tree, params, out, &path, NULL);
	c->go_set = NULL;
	kr_buf_dispose(&path);
	return rc;
}
