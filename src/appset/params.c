/*
 * params.c - parameter sets: flat keys, Go's %v of YAML scalars, and the
 * flattening ArgoCD applies to git-file contents and selectors (nested keys
 * joined with '.', list indexes as segments, empty maps and lists gone).
 * Numbers read from YAML are float64 in Go, so 1000000 reads back as 1e+06.
 */
#include "appset/internal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template/gofmt.h"

int kr_psets_push(kr_appset_ctx *c, kr_psets *s, kr_node *set)
{
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

int kr_param_format(kr_appset_ctx *c, const kr_node *v, kr_buf *b, const char *what)
{
	const char *t = v->x.orig ? v->x.orig : v->u.str;
	size_t n = v->x.orig ? v->orig_len : v->len;
	enum kr_scalar_type type = (enum kr_scalar_type)v->type;
	char num[32];
	double d = 0;

	if (v->flags & KR_NODE_PLAIN)
		type = kr_scalar_type_v2(t, n); /* sigs.k8s.io/yaml reads YAML 1.1 */
	switch (type) {
	case KR_SCALAR_NULL:
		return kr_buf_puts(b, "<nil>");
	case KR_SCALAR_BOOL:
		return kr_buf_puts(b, kr_scalar_bool_v2(t, n) == 1 ? "true" : "false");
	case KR_SCALAR_INT:
	case KR_SCALAR_FLOAT: {
		char buf[128];
		size_t i, k = 0;

		if (type == KR_SCALAR_INT && int_value(t, n, &d))
			break;
		for (i = 0; i < n && k + 1 < sizeof(buf); i++)
			if (t[i] != '_')
				buf[k++] = t[i];
		buf[k] = '\0';
		d = strtod(buf, NULL);
		if (!isfinite(d))
			return kr_appset_fail(c, KR_EINVAL, what, "json: unsupported value: %s (a YAML number "
					      "JSON cannot hold)", buf);
		break;
	}
	default:
		return kr_buf_append(b, v->u.str, v->len);
	}
	kr_go_float(d, num);
	return kr_buf_puts(b, num);
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
			char *key = kr_arena_cat(c->a, "values.", kr_node_text(c->a, values->u.pairs[i].key), NULL);
			kr_node *s = kr_node_new_scalar(c->a, KR_SCALAR_STR, out, n);

			if (!key || !s || kr_node_map_set(c->a, rendered, key, s) < 0)
				rc = kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		}
	}
	for (i = 0; i < rendered->len && rc == 0; i++)
		if (kr_node_map_set(c->a, set, rendered->u.pairs[i].key->u.str, rendered->u.pairs[i].value) < 0)
			rc = kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	return rc;
}
