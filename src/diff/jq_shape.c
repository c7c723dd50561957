/*
 * jq_shape.c - reading a jqPathExpression's leading field chain, answering
 * a pure chain, and cutting the view of an object a chain reads.
 *
 * Field syntax is jq's FIELD token, "." then [A-Za-z_][A-Za-z0-9_]*, with
 * no space inside the chain (a keyword after the dot is a field too: `.if`
 * reads key "if" in jq 1.6). Invariant: a shape with a chain is only given
 * to expressions whose every reading of the input goes through the
 * chain's value, so a view makes jq answer exactly as the whole object does.
 */
#include "diff/jq_shape.h"

#include <string.h>

static bool ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool ident_char(char c)
{
	return ident_start(c) || (c >= '0' && c <= '9');
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* past the `[]` and `?` that may follow the chain; NULL on anything else before `|` or the end */
static const char *skip_postfix(const char *p)
{
	for (;;) {
		p = skip_space(p);
		if (*p == '?') {
			p++;
		} else if (*p == '[') {
			p = skip_space(p + 1);
			if (*p != ']')
				return NULL;
			p++;
		} else {
			return p;
		}
	}
}

int kr_jq_shape_read(kr_arena *a, const char *expr, kr_jq_shape *out)
{
	const char *p = skip_space(expr), *rest;
	size_t n = 0, cap = 0, i;

	memset(out, 0, sizeof(*out));
	while (p[0] == '.' && ident_start(p[1])) {
		size_t len = 1;

		while (ident_char(p[1 + len]))
			len++;
		if (kr_arena_grow(a, &out->field, &cap, n, sizeof(*out->field)) < 0)
			return KR_ENOMEM;
		out->field[n] = kr_arena_memdup(a, p + 1, len);
		if (!out->field[n++])
			return KR_ENOMEM;
		p += 1 + len;
	}
	if (n == 0)
		return 0;
	rest = skip_space(p);
	if (*rest == '\0') {
		out->pure = true;
	} else {
		rest = skip_postfix(p);
		if (!rest || !(*rest == '\0' || (*rest == '|' && rest[1] != '=')))
			return 0; /* `,`, `as`, `//`, `|=`, an operator...: reads the whole input */
	}
	out->nfield = n;
	if (!out->pure)
		return 0;
	out->path = kr_node_new_seq(a);
	if (!out->path)
		return KR_ENOMEM;
	for (i = 0; i < n; i++) {
		kr_node *step = kr_node_new_str(a, out->field[i]);

		if (!step || kr_node_seq_append(a, out->path, step) < 0)
			return KR_ENOMEM;
	}
	return 0;
}

static bool is_null(const kr_node *n)
{
	return n->kind == KR_NODE_SCALAR && n->type == KR_SCALAR_NULL;
}

bool kr_jq_shape_selects(const kr_jq_shape *s, const kr_node *obj)
{
	const kr_node *cur = obj;
	size_t i;

	/* each step indexes the value before it: a map or null, else "Cannot index" */
	for (i = 0; i < s->nfield && cur; i++) {
		if (is_null(cur))
			return true;
		if (cur->kind != KR_NODE_MAP)
			return false;
		cur = kr_node_map_get(cur, s->field[i]);
	}
	return true;
}

int kr_jq_shape_view(kr_arena *a, const kr_jq_shape *s, const kr_node *obj, kr_node **view)
{
	const kr_node *src = obj;
	kr_node *dst;
	size_t i;

	if (!*view && !(*view = kr_node_new_map(a)))
		return KR_ENOMEM;
	dst = *view;
	for (i = 0; i < s->nfield; i++) {
		kr_node *v = kr_node_map_get(src, s->field[i]);
		kr_node *have = kr_node_map_get(dst, s->field[i]);

		if (!v || have == v)
			return 0; /* absent (jq reads null), or already there whole */
		if (i + 1 == s->nfield || v->kind != KR_NODE_MAP)
			return kr_node_map_set(a, dst, s->field[i], v); /* replaces a partial map */
		if (!have) {
			have = kr_node_new_map(a);
			if (!have || kr_node_map_set(a, dst, s->field[i], have) < 0)
				return KR_ENOMEM;
		}
		dst = have;
		src = v;
	}
	return 0;
}
