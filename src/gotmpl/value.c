/*
 * value.c - template values: Go's type names, truth, fmt's %v, maps with
 * sorted keys, and the conversions from and to YAML trees.
 */
#include "gotmpl/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template/gofmt.h"

kr_gt_value kr_gt_nil(void)
{
	kr_gt_value v = {KR_GT_NIL, {0}};
	return v;
}

kr_gt_value kr_gt_int(int64_t i)
{
	kr_gt_value v = {KR_GT_INT, {0}};
	v.u.i = i;
	return v;
}

kr_gt_value kr_gt_float(double f)
{
	kr_gt_value v = {KR_GT_FLOAT, {0}};
	v.u.f = f;
	return v;
}

kr_gt_value kr_gt_bool(bool b)
{
	kr_gt_value v = {KR_GT_BOOL, {0}};
	v.u.b = b;
	return v;
}

kr_gt_value kr_gt_string(const char *s, size_t n)
{
	kr_gt_value v = {KR_GT_STRING, {0}};
	v.u.s.p = s;
	v.u.s.n = n;
	return v;
}

kr_gt_value kr_gt_new_list(kr_arena *a, size_t n)
{
	kr_gt_value v = {KR_GT_LIST, {0}};
	v.u.l = kr_arena_zalloc(a, sizeof(*v.u.l));
	if (!v.u.l)
		return (kr_gt_value){KR_GT_INVALID, {0}};
	v.u.l->n = n;
	v.u.l->v = kr_arena_zalloc(a, (n ? n : 1) * sizeof(kr_gt_value));
	if (!v.u.l->v)
		return (kr_gt_value){KR_GT_INVALID, {0}};
	return v;
}

const char *kr_gt_type_name(kr_gt_value v)
{
	switch (v.kind) {
	case KR_GT_NIL: return "<nil>";
	case KR_GT_BOOL: return "bool";
	case KR_GT_INT: return "int";
	case KR_GT_INT64: return "int64";
	case KR_GT_FLOAT: return "float64";
	case KR_GT_STRING: return "string";
	case KR_GT_LIST: return "[]interface {}";
	case KR_GT_MAP: return "map[string]interface {}";
	default: return "<invalid reflect.Value>";
	}
}

bool kr_gt_truth(kr_gt_value v)
{
	switch (v.kind) {
	case KR_GT_BOOL: return v.u.b;
	case KR_GT_INT:
	case KR_GT_INT64: return v.u.i != 0;
	case KR_GT_FLOAT: return v.u.f != 0;
	case KR_GT_STRING: return v.u.s.n != 0;
	case KR_GT_LIST: return v.u.l->n != 0;
	case KR_GT_MAP: return v.u.m->n != 0;
	default: return false;
	}
}

static int print_inner(kr_buf *b, kr_gt_value v, bool top, int depth)
{
	char num[40];
	size_t i;
	int rc = 0;

	if (depth > KR_GT_MAX_NESTING)
		return KR_EINVAL; /* a map that holds itself (set) prints forever in Go */
	switch (v.kind) {
	case KR_GT_INVALID: return kr_buf_puts(b, top ? "<no value>" : "<invalid reflect.Value>");
	case KR_GT_NIL: return kr_buf_puts(b, "<nil>");
	case KR_GT_BOOL: return kr_buf_puts(b, v.u.b ? "true" : "false");
	case KR_GT_INT:
	case KR_GT_INT64: snprintf(num, sizeof(num), "%lld", (long long)v.u.i); return kr_buf_puts(b, num);
	case KR_GT_FLOAT: kr_go_float(v.u.f, num); return kr_buf_puts(b, num);
	case KR_GT_STRING: return kr_buf_append(b, v.u.s.p, v.u.s.n);
	case KR_GT_LIST:
		rc = kr_buf_putc(b, '[');
		for (i = 0; i < v.u.l->n && rc == 0; i++) {
			if (i)
				rc = kr_buf_putc(b, ' ');
			if (rc == 0)
				rc = print_inner(b, v.u.l->v[i], false, depth + 1);
		}
		return rc ? rc : kr_buf_putc(b, ']');
	default:
		rc = kr_buf_puts(b, "map[");
		for (i = 0; i < v.u.m->n && rc == 0; i++) {
			if (i)
				rc = kr_buf_putc(b, ' ');
			if (rc == 0)
				rc = kr_buf_puts(b, v.u.m->k[i]);
			if (rc == 0)
				rc = kr_buf_putc(b, ':');
			if (rc == 0)
				rc = print_inner(b, v.u.m->v[i], false, depth + 1);
		}
		return rc ? rc : kr_buf_putc(b, ']');
	}
}

int kr_gt_print(kr_buf *b, kr_gt_value v)
{
	return print_inner(b, v, true, 0);
}

kr_gt_value kr_gt_map_get(kr_gt_value m, const char *key, bool *found)
{
	size_t lo = 0, hi = m.kind == KR_GT_MAP ? m.u.m->n : 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(m.u.m->k[mid], key);

		if (c == 0) {
			*found = true;
			return m.u.m->v[mid];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return (kr_gt_value){KR_GT_INVALID, {0}};
}

struct kv {
	const char *k;
	kr_gt_value v;
	size_t order;
};

static int cmp_kv(const void *x, const void *y)
{
	const struct kv *a = x, *b = y;
	int c = strcmp(a->k, b->k);

	return c ? c : (a->order > b->order) - (a->order < b->order);
}

kr_gt_value kr_gt_map_from(kr_arena *a, const char **k, const kr_gt_value *v, size_t n)
{
	kr_gt_value m = {KR_GT_MAP, {0}};
	struct kv *kv = malloc((n ? n : 1) * sizeof(*kv));
	size_t i, o = 0;

	m.u.m = kr_arena_zalloc(a, sizeof(*m.u.m));
	if (!kv || !m.u.m) {
		free(kv);
		return (kr_gt_value){KR_GT_INVALID, {0}};
	}
	for (i = 0; i < n; i++)
		kv[i] = (struct kv){k[i], v[i], i};
	qsort(kv, n, sizeof(*kv), cmp_kv);
	m.u.m->k = kr_arena_alloc(a, (n ? n : 1) * sizeof(char *));
	m.u.m->v = kr_arena_alloc(a, (n ? n : 1) * sizeof(kr_gt_value));
	if (!m.u.m->k || !m.u.m->v) {
		free(kv);
		return (kr_gt_value){KR_GT_INVALID, {0}};
	}
	for (i = 0; i < n; i++) {
		if (o && strcmp(m.u.m->k[o - 1], kv[i].k) == 0) {
			m.u.m->v[o - 1] = kv[i].v; /* the later one wins */
			continue;
		}
		m.u.m->k[o] = kv[i].k;
		m.u.m->v[o++] = kv[i].v;
	}
	m.u.m->n = o;
	free(kv);
	return m;
}

kr_gt_value kr_gt_from_node(kr_arena *a, const kr_node *n)
{
	kr_gt_value v = {KR_GT_INVALID, {0}};
	size_t i;

	if (!n)
		return v;
	if (n->kind == KR_NODE_SCALAR) {
		switch (n->type) {
		case KR_SCALAR_NULL: return kr_gt_nil();
		case KR_SCALAR_BOOL: return kr_gt_bool(n->u.str[0] == 't');
		case KR_SCALAR_INT:
		case KR_SCALAR_FLOAT: return kr_gt_float(strtod(n->u.str, NULL));
		default: return kr_gt_string(n->u.str, n->len);
		}
	}
	if (n->kind == KR_NODE_SEQ) {
		v = kr_gt_new_list(a, n->len);
		for (i = 0; v.kind && i < n->len; i++)
			v.u.l->v[i] = kr_gt_from_node(a, n->u.items[i]);
		return v;
	}
	{
		const char **k = kr_arena_alloc(a, (n->len ? n->len : 1) * sizeof(char *));
		kr_gt_value *vals = kr_arena_alloc(a, (n->len ? n->len : 1) * sizeof(kr_gt_value));

		if (!k || !vals)
			return v;
		for (i = 0; i < n->len; i++) {
			k[i] = kr_node_text(a, n->u.pairs[i].key);
			vals[i] = kr_gt_from_node(a, n->u.pairs[i].value);
			if (!k[i])
				return v;
		}
		return kr_gt_map_from(a, k, vals, n->len);
	}
}

static kr_node *to_node(kr_arena *a, kr_gt_value v, int depth)
{
	char num[40];
	kr_node *n;
	size_t i;

	if (depth > KR_GT_MAX_NESTING)
		return NULL;
	switch (v.kind) {
	case KR_GT_NIL: return kr_node_new_scalar(a, KR_SCALAR_NULL, "null", 4);
	case KR_GT_BOOL: return kr_node_new_scalar(a, KR_SCALAR_BOOL, v.u.b ? "true" : "false", v.u.b ? 4 : 5);
	case KR_GT_INT:
	case KR_GT_INT64:
		snprintf(num, sizeof(num), "%lld", (long long)v.u.i);
		return kr_node_new_scalar(a, KR_SCALAR_INT, num, strlen(num));
	case KR_GT_FLOAT: {
		/* encoding/json's float spelling: %v below 1e21, no exponent for integers */
		if (v.u.f < 1e21 && v.u.f > -1e21 && v.u.f == floor(v.u.f))
			snprintf(num, sizeof(num), "%.0f", v.u.f);
		else
			kr_go_float(v.u.f, num);
		return kr_node_new_scalar(a, strchr(num, '.') || strchr(num, 'e') ? KR_SCALAR_FLOAT : KR_SCALAR_INT, num,
					  strlen(num));
	}
	case KR_GT_STRING: return kr_node_new_scalar(a, KR_SCALAR_STR, v.u.s.p, v.u.s.n);
	case KR_GT_LIST:
		n = kr_node_new_seq(a);
		for (i = 0; n && i < v.u.l->n; i++) {
			kr_node *item = to_node(a, v.u.l->v[i], depth + 1);

			if (!item || kr_node_seq_append(a, n, item) < 0)
				return NULL;
		}
		return n;
	case KR_GT_MAP:
		n = kr_node_new_map(a);
		for (i = 0; n && i < v.u.m->n; i++) {
			kr_node *item = to_node(a, v.u.m->v[i], depth + 1);

			if (!item || kr_node_map_set(a, n, v.u.m->k[i], item) < 0)
				return NULL;
		}
		return n;
	default:
		return NULL;
	}
}

int kr_gt_map_set(kr_arena *a, kr_gt_value m, const char *key, kr_gt_value v)
{
	kr_gt_map *mp = m.u.m;
	size_t lo = 0, hi = mp->n;
	const char **k;
	kr_gt_value *vals;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(mp->k[mid], key);

		if (c == 0) {
			mp->v[mid] = v;
			return 0;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Sprig's set changes the map in place: every holder sees the new key */
	k = kr_arena_alloc(a, (mp->n + 1) * sizeof(*k));
	vals = kr_arena_alloc(a, (mp->n + 1) * sizeof(*vals));
	if (!k || !vals)
		return KR_ENOMEM;
	memcpy(k, mp->k, lo * sizeof(*k));
	memcpy(vals, mp->v, lo * sizeof(*vals));
	k[lo] = key, vals[lo] = v;
	memcpy(k + lo + 1, mp->k + lo, (mp->n - lo) * sizeof(*k));
	memcpy(vals + lo + 1, mp->v + lo, (mp->n - lo) * sizeof(*vals));
	mp->k = k, mp->v = vals, mp->n++;
	return 0;
}

int kr_gt_map_unset(kr_gt_value m, const char *key)
{
	kr_gt_map *mp = m.u.m;
	size_t i;

	for (i = 0; i < mp->n; i++)
		if (strcmp(mp->k[i], key) == 0) {
			memmove(mp->k + i, mp->k + i + 1, (mp->n - i - 1) * sizeof(*mp->k));
			memmove(mp->v + i, mp->v + i + 1, (mp->n - i - 1) * sizeof(*mp->v));
			mp->n--;
			break;
		}
	return 0;
}

kr_gt_value kr_gt_new_map(kr_arena *a)
{
	return kr_gt_map_from(a, NULL, NULL, 0);
}

kr_node *kr_gt_to_node(kr_arena *a, kr_gt_value v)
{
	return to_node(a, v, 0);
}
