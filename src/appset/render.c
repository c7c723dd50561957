/*
 * render.c - templating an ApplicationSet's template with one parameter
 * set (argocd.md 1.6.1): a deep copy in which every string and every
 * string map key is rendered on its own; other scalars are copied as they
 * are. goTemplate mode is refused until krender's Go template engine lands.
 */
#include "appset/internal.h"

#include <string.h>

#include "template/fast.h"

int kr_appset_render_string(kr_appset_ctx *c, const char *s, size_t n, const kr_node *params, const char **out,
			    size_t *outlen)
{
	if (c->go)
		return kr_err_set(c->err, KR_EUNSUP, NULL,
				  "goTemplate: true is not supported yet (krender renders the default fasttemplate mode)");
	return kr_fast_render(c->a, s, n, params, out, outlen, c->err);
}

static int render(kr_appset_ctx *c, const kr_node *n, const kr_node *params, kr_node **out, kr_buf *path)
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
			rc = render(c, n->u.pairs[i].key, params, &k, path);
		if (rc == 0)
			rc = render(c, n->kind == KR_NODE_MAP ? n->u.pairs[i].value : n->u.items[i], params, &v, path);
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
	rc = render(c, tree, params, out, &path);
	kr_buf_dispose(&path);
	return rc;
}
