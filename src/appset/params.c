/*
 * params.c - parameter sets: flat keys, Go's %v of YAML scalars, and the
 * flattening ArgoCD applies to git-file contents and selectors (nested keys
 * joined with '.', list indexes as segments, empty maps and lists gone).
 * Numbers read from YAML are float64 in Go, so 1000000 reads back as 1e+06.
 * goTemplate mode keeps nested values; its sets merge deeply (mergo with
 * override: maps merge key by key, anything else is replaced).
 */
#include "appset/internal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template/gofmt.h"

int kr_psets_push(kr_appset_ctx *c, kr_psets *s, kr_node *set)
{
	/* a matrix multiplies: every list of sets (and of applications) is bounded by the documents limit */
	if (s->n >= c->o->lim->documents)
		return kr_err_set(c->err, KR_ETOOBIG, NULL,
				  "%s: ApplicationSet %s: more than %zu parameter sets or applications, over the limit "
				  "documents=%zu (" KR_LIMIT_RAISE("documents") ")",
				  c->file, c->name, c->o->lim->documents, c->o->lim->documents);
	if (kr_arena_grow(c->a, &s->v, &s->cap, s->n, sizeof(*s->v)) < 0)
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	s->v[s->n++] = set;
	return 0;
}

int kr_appset_fail(kr_appset_ctx *c, int rc, const char *what, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return kr_err_set(c->err, rc, NULL, "%s: ApplicationSet %s: %s: %s", c->file, c->name, what, msg);
}

int kr_param_set(kr_appset_ctx *c, kr_node *set, const char *key, const char *v, size_t n)
{
	kr_node *s = kr_node_new_scalar(c->a, KR_SCALAR_STR, v, n);

	if (!s || kr_node_map_set(c->a, set, key, s) < 0)
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	return 0;
}

/* the float64 YAML 1.1 (sigs.k8s.io/yaml) reads from integer text @t/@n (signs, _, 0x, 0o, 0b, leading 0) */
static bool int_value(const char *t, size_t n, double *out)
{
	char buf[128];
	size_t i, k = 0;
	int base = 10;
	bool neg = false;
	unsigned long long v;
	char *end;

	for (i = 0; i < n && k + 1 < sizeof(buf); i++)
		if (t[i] != '_')
			buf[k++] = t[i];
	buf[k] = '\0';
	i = 0;
	if (buf[0] == '+' || buf[0] == '-')
		neg = buf[i++] == '-';
	if (buf[i] == '0' && (buf[i + 1] == 'x' || buf[i + 1] == 'X'))
		base = 16, i += 2;
	else if (buf[i] == '0' && (buf[i + 1] == 'b' || buf[i + 1] == 'B'))
		base = 2, i += 2;
	else if (buf[i] == '0' && (buf[i + 1] == 'o' || buf[i + 1] == 'O'))
		base = 8, i += 2;
	else if (buf[i] == '0' && buf[i + 1])
		base = 8, i += 1;
	errno = 0;
	v = strtoull(buf + i, &end, base);
	if (*end || errno)
		return false;
	*out = neg ? -(double)v : (double)v;
	return true;
}

int kr_param_scalar(kr_appset_ctx *c, const kr_node *v, double *num, const char *what)
{
	const char *t = v->x.orig ? v->x.orig : v->u.str;
	size_t n = v->x.orig ? v->orig_len : v->len;
	enum kr_scalar_type type = (enum kr_scalar_type)v->type;
	char buf[128];
	size_t i, k = 0;

	if (v->flags & KR_NODE_PLAIN)
		type = kr_scalar_type_v2(t, n); /* sigs.k8s.io/yaml reads YAML 1.1 */
	if (type == KR_SCALAR_BOOL)
		*num = kr_scalar_bool_v2(t, n) == 1;
	if (type != KR_SCALAR_INT && type != KR_SCALAR_FLOAT)
		return type;
	if (type == KR_SCALAR_INT && int_value(t, n, num))
		return type;
	for (i = 0; i < n && k + 1 < sizeof(buf); i++)
		if (t[i] != '_')
			buf[k++] = t[i];
	buf[k] = '\0';
	*num = strtod(buf, NULL);
	if (!isfinite(*num))
		return kr_appset_fail(c, KR_EINVAL, what, "json: unsupported value: %s (a YAML number JSON cannot hold)", buf);
	return type;
}

int kr_param_format(kr_appset_ctx *c, const kr_node *v, kr_buf *b, const char *what)
{
	char num[32];
	double d = 0;
	int type = kr_param_scalar(c, v, &d, what);

	switch (type) {
	case KR_SCALAR_NULL: return kr_buf_puts(b, "<nil>");
	case KR_SCALAR_BOOL: return kr_buf_puts(b, d ? "true" : "false");
	case KR_SCALAR_INT:
	case KR_SCALAR_FLOAT: kr_go_float(d, num); return kr_buf_puts(b, num);
	default: return type < 0 ? type : kr_buf_append(b, v->u.str, v->len);
	}
}

kr_node *kr_param_merge(kr_appset_ctx *c, const kr_node *dst, const kr_node *src, int depth)
{
	kr_node *out = kr_node_copy(c->a, dst, NULL);
	size_t i;

	for (i = 0; out && i < src->len && depth < 100; i++) {
		const kr_node *k = src->u.pairs[i].key, *v = src->u.pairs[i].value;
		const kr_node *have = kr_node_map_get_n(out, k->u.str, k->len);
		kr_node *merged = (kr_node *)v;

		if (have && have->kind == KR_NODE_MAP && v->kind == KR_NODE_MAP)
			merged = kr_param_merge(c, have, v, depth + 1);
		if (!merged || kr_node_map_set(c->a, out, kr_node_text(c->a, k), merged) < 0)
			out = NULL;
	}
	if (!out)
		kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	return out;
}

kr_node *kr_param_child(kr_appset_ctx *c, kr_node *map, const char *key)
{
	kr_node *m = kr_node_map_get(map, key);

	if (m && m->kind == KR_NODE_MAP)
		return m;
	m = kr_node_new_map(c->a);
	if (!m || kr_node_map_set(c->a, map, key, m) < 0) {
		kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		return NULL;
	}
	return m;
}

int kr_param_flatten(kr_appset_ctx *c, kr_node *set, const char *prefix, const kr_node *tree, const char *what)
{
	kr_buf key, val;
	size_t i;
	int rc = 0;

	if (tree->kind == KR_NODE_SCALAR) {
		kr_buf_init(&val, (size_t)1 << 30);
		rc = kr_param_format(c, tree, &val, what);
		if (rc == 0)
			rc = kr_param_set(c, set, prefix, val.data ? val.data : "", val.len);
		kr_buf_dispose(&val);
		return rc;
	}
	kr_buf_init(&key, (size_t)1 << 20);
	for (i = 0; i < tree->len && rc == 0; i++) {
		const kr_node *child = tree->kind == KR_NODE_MAP ? tree->u.pairs[i].value : tree->u.items[i];

		key.len = 0;
		rc = kr_buf_puts(&key, prefix);
		if (rc == 0 && prefix[0])
			rc = kr_buf_putc(&key, '.');
		if (rc == 0 && tree->kind == KR_NODE_MAP)
			rc = kr_buf_append(&key, tree->u.pairs[i].key->u.str, tree->u.pairs[i].key->len);
		else if (rc == 0)
			rc = kr_buf_printf(&key, "%zu", i);
		if (rc == 0)
			rc = kr_param_flatten(c, set, key.data, child, what);
	}
	kr_buf_dispose(&key);
	return rc < 0 && !c->err->msg[0] ? kr_err_set(c->err, rc, NULL, "out of memory") : rc;
}

int kr_appset_values(kr_appset_ctx *c, kr_node *set, const kr_node *values, const char *what)
{
	kr_node *rendered;
	size_t i;
	int rc = 0;

	if (!values)
		return 0;
	if (values->kind != KR_NODE_MAP)
		return kr_appset_fail(c, KR_EINVAL, what, "values must be a map of strings");
	rendered = kr_node_new_map(c->a);
	if (!rendered)
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	/* every value sees the parameters without the other values: rendered apart, then added */
	for (i = 0; i < values->len && rc == 0; i++) {
		const kr_node *v = values->u.pairs[i].value;
		const char *out;
		size_t n;

		if (v->kind != KR_NODE_SCALAR || v->type != KR_SCALAR_STR)
			return kr_appset_fail(c, KR_EINVAL, what, "values.%.*s must be a string",
					      (int)values->u.pairs[i].key->len, values->u.pairs[i].key->u.str);
		rc = kr_appset_render_string(c, v->u.str, v->len, set, &out, &n);
		if (rc == 0) {
			const char *key = c->go ? kr_node_text(c->a, values->u.pairs[i].key)
					  : kr_arena_cat(c->a, "values.", kr_node_text(c->a, values->u.pairs[i].key), NULL);
			kr_node *s = kr_node_new_scalar(c->a, KR_SCALAR_STR, out, n);

			if (!key || !s || kr_node_map_set(c->a, rendered, key, s) < 0)
				rc = kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		}
	}
	if (c->go) /* goTemplate: one `values` map */
		return rc ? rc : kr_node_map_set(c->a, set, "values", rendered) < 0 ? kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory") : 0;
	for (i = 0; i < rendered->len && rc == 0; i++)
		if (kr_node_map_set(c->a, set, rendered->u.pairs[i].key->u.str, rendered->u.pairs[i].value) < 0)
			rc = kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	return rc;
}
