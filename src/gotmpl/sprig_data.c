/*
 * sprig_data.c - Sprig's functions over values: defaults and flow
 * (default, empty, coalesce, ternary, all, any, fail), lists, dicts,
 * conversions, integer and float arithmetic, JSON, type inspection.
 *
 * Sprig's list functions take interface{} and fail on anything that is not
 * a list ("Cannot find first on type string"); given nil they hit Go's
 * nil dereference, whose runtime message is reproduced. Dicts are changed
 * in place by set and unset, as in Go, so `$_ := set $d "k" "v"` works.
 * keys and values come out sorted by key (Go's order is random, so
 * templates that print them unsorted have no stable output anyway).
 * merge and mergeOverwrite follow mergo's map rules: nested maps merge,
 * a destination value is replaced when it is empty (merge) or whenever the
 * source value is not empty (mergeOverwrite).
 */
#include "gotmpl/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template/gofmt.h"
#include "util/limits.h"
#include "yaml/load.h"

#define NIL_DEREF "runtime error: invalid memory address or nil pointer dereference"

static int oom(kr_buf *msg)
{
	return kr_gt_failf(msg, "out of memory");
}

/* reflect's Kind name, as Sprig's errors print it */
static const char *kind_name(kr_gt_value v)
{
	switch (v.kind) {
	case KR_GT_LIST: return "slice";
	case KR_GT_MAP: return "map";
	default: return kr_gt_type_name(v);
	}
}

/* a list argument: 1 a list, 0 nil (Go panics on it), -1 other type */
static int need_list(kr_gt_value v, const char *what, kr_buf *msg)
{
	if (v.kind == KR_GT_LIST)
		return 1;
	if (v.kind <= KR_GT_NIL)
		return kr_gt_failf(msg, NIL_DEREF);
	return kr_gt_failf(msg, "Cannot %s on type %s", what, kind_name(v));
}

static int f_default(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)msg;
	*out = n < 2 || kr_gt_empty(v[1]) ? v[0] : v[1];
	return 0;
}

static int f_empty(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = kr_gt_bool(kr_gt_empty(v[0]));
	return 0;
}

static int f_coalesce(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	size_t i;

	(void)a, (void)msg;
	*out = kr_gt_nil();
	for (i = 0; i < n; i++)
		if (!kr_gt_empty(v[i])) {
			*out = v[i];
			break;
		}
	return 0;
}

static int f_all(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	size_t i;

	(void)a, (void)msg;
	*out = kr_gt_bool(true);
	for (i = 0; i < n; i++)
		if (kr_gt_empty(v[i]))
			*out = kr_gt_bool(false);
	return 0;
}

static int f_any(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	size_t i;

	(void)a, (void)msg;
	*out = kr_gt_bool(false);
	for (i = 0; i < n; i++)
		if (!kr_gt_empty(v[i]))
			*out = kr_gt_bool(true);
	return 0;
}

static int f_ternary(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = v[2].u.b ? v[0] : v[1];
	return 0;
}

static int f_fail(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)out;
	return kr_gt_failf(msg, "%.*s", (int)v[0].u.s.n, v[0].u.s.p);
}

static kr_gt_value list_of(kr_arena *a, const kr_gt_value *v, size_t n)
{
	kr_gt_value l = kr_gt_new_list(a, n);

	if (l.kind && n)
		memcpy(l.u.l->v, v, n * sizeof(*v));
	return l;
}

static int f_list(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	*out = list_of(a, v, n);
	return out->kind ? 0 : oom(msg);
}

static char *key_of(kr_arena *a, kr_gt_value s)
{
	char *k = kr_arena_alloc(a, s.u.s.n + 1);

	if (k) {
		memcpy(k, s.u.s.p, s.u.s.n);
		k[s.u.s.n] = 0;
	}
	return k;
}

static int f_dict(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	size_t i;

	*out = kr_gt_new_map(a);
	for (i = 0; out->kind && i < n; i += 2) {
		kr_gt_value key;
		char *k;

		if (kr_gt_strval(a, v[i], &key) < 0 || !(k = key_of(a, key)))
			return oom(msg);
		/* an odd count: the last key gets "" */
		if (kr_gt_map_set(a, *out, k, i + 1 < n ? v[i + 1] : kr_gt_string("", 0)) < 0)
			return oom(msg);
	}
	return out->kind ? 0 : oom(msg);
}

static int map_arg(kr_gt_value m, kr_buf *msg)
{
	/* a nil map reads as empty; writing to it is Go's panic */
	return m.kind == KR_GT_MAP ? 0 : kr_gt_failf(msg, "assignment to entry in nil map");
}

static int f_get(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	char *k = key_of(a, v[1]);
	bool found = false;

	(void)n;
	if (!k)
		return oom(msg);
	*out = v[0].kind == KR_GT_MAP ? kr_gt_map_get(v[0], k, &found) : kr_gt_nil();
	if (!found)
		*out = kr_gt_string("", 0);
	return 0;
}

static int f_set(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	char *k = key_of(a, v[1]);

	(void)n;
	if (!k)
		return oom(msg);
	if (map_arg(v[0], msg) < 0)
		return -1;
	if (kr_gt_map_set(a, v[0], k, v[2]) < 0)
		return oom(msg);
	*out = v[0];
	return 0;
}

static int f_unset(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	char *k = key_of(a, v[1]);

	(void)n;
	if (!k)
		return oom(msg);
	if (v[0].kind == KR_GT_MAP)
		kr_gt_map_unset(v[0], k);
	*out = v[0];
	return 0;
}

static int f_has_key(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	char *k = key_of(a, v[1]);
	bool found = false;

	(void)n;
	if (!k)
		return oom(msg);
	if (v[0].kind == KR_GT_MAP)
		kr_gt_map_get(v[0], k, &found);
	*out = kr_gt_bool(found);
	return 0;
}

static int f_keys(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	size_t i, j, total = 0, k = 0;

	for (i = 0; i < n; i++)
		total += v[i].kind == KR_GT_MAP ? v[i].u.m->n : 0;
	*out = kr_gt_new_list(a, total);
	if (!out->kind)
		return oom(msg);
	for (i = 0; i < n; i++)
		for (j = 0; v[i].kind == KR_GT_MAP && j < v[i].u.m->n; j++)
			out->u.l->v[k++] = kr_gt_string(v[i].u.m->k[j], strlen(v[i].u.m->k[j]));
	return 0;
}

static int f_values(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	*out = v[0].kind == KR_GT_MAP ? list_of(a, v[0].u.m->v, v[0].u.m->n) : kr_gt_new_list(a, 0);
	return out->kind ? 0 : oom(msg);
}

static int f_pluck(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	char *k = key_of(a, v[0]);
	size_t i;

	if (!k)
		return oom(msg);
	*out = kr_gt_new_list(a, n);
	if (!out->kind)
		return oom(msg);
	out->u.l->n = 0;
	for (i = 1; i < n; i++) {
		bool found = false;
		kr_gt_value x = v[i].kind == KR_GT_MAP ? kr_gt_map_get(v[i], k, &found) : kr_gt_nil();

		if (found)
			out->u.l->v[out->u.l->n++] = x;
	}
	return 0;
}

/* pick (@keep) and omit: a new dict with the named keys kept or left out */
static int pick_omit(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg, bool keep)
{
	size_t i, j;

	*out = kr_gt_new_map(a);
	if (!out->kind)
		return oom(msg);
	for (i = 0; v[0].kind == KR_GT_MAP && i < v[0].u.m->n; i++) {
		const char *k = v[0].u.m->k[i];
		bool named = false;

		for (j = 1; j < n && !named; j++)
			named = v[j].u.s.n == strlen(k) && memcmp(v[j].u.s.p, k, v[j].u.s.n) == 0;
		if (named == keep && kr_gt_map_set(a, *out, k, v[0].u.m->v[i]) < 0)
			return oom(msg);
	}
	return 0;
}

static int f_pick(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	return pick_omit(a, v, n, out, msg, true);
}

static int f_omit(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	return pick_omit(a, v, n, out, msg, false);
}

/* dig "a" "b" DEFAULT DICT: the value at a.b, DEFAULT when any step is missing */
static int f_dig(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	kr_gt_value cur;
	size_t i;

	if (n < 3)
		return kr_gt_failf(msg, "reflect: Call with too few input arguments");
	cur = v[n - 1];
	if (cur.kind != KR_GT_MAP)
		return kr_gt_failf(msg, "interface conversion: interface {} is %s, not map[string]interface {}",
				   cur.kind <= KR_GT_NIL ? "nil" : kr_gt_type_name(cur));
	for (i = 0; i + 2 < n; i++) {
		bool found;
		char *k;

		if (v[i].kind != KR_GT_STRING)
			return kr_gt_failf(msg, "interface conversion: interface {} is %s, not string",
					   v[i].kind <= KR_GT_NIL ? "nil" : kr_gt_type_name(v[i]));
		if (!(k = key_of(a, v[i])))
			return oom(msg);
		cur = kr_gt_map_get(cur, k, &found);
		if (!found) {
			*out = v[n - 2];
			return 0;
		}
		if (i + 3 < n && cur.kind != KR_GT_MAP)
			return kr_gt_failf(msg, "interface conversion: interface {} is %s, not map[string]interface {}",
					   cur.kind <= KR_GT_NIL ? "nil" : kr_gt_type_name(cur));
	}
	*out = cur;
	return 0;
}

static kr_gt_value deep_copy(kr_arena *a, kr_gt_value v, int depth)
{
	size_t i;
	kr_gt_value c = v;

	if (depth > KR_GT_MAX_NESTING)
		return (kr_gt_value){KR_GT_INVALID, {0}};
	if (v.kind == KR_GT_LIST) {
		c = kr_gt_new_list(a, v.u.l->n);
		for (i = 0; c.kind && i < v.u.l->n; i++)
			c.u.l->v[i] = deep_copy(a, v.u.l->v[i], depth + 1);
	} else if (v.kind == KR_GT_MAP) {
		c = kr_gt_new_map(a);
		for (i = 0; c.kind && i < v.u.m->n; i++)
			if (kr_gt_map_set(a, c, v.u.m->k[i], deep_copy(a, v.u.m->v[i], depth + 1)) < 0)
				return (kr_gt_value){KR_GT_INVALID, {0}};
	}
	return c;
}

static int f_deep_copy(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	*out = deep_copy(a, v[0], 0);
	return out->kind || v[0].kind == KR_GT_INVALID ? 0 : oom(msg);
}

static int merge_into(kr_arena *a, kr_gt_value dst, kr_gt_value src, bool overwrite, int depth)
{
	size_t i;

	if (depth > 100)
		return 0;
	for (i = 0; i < src.u.m->n; i++) {
		bool found;
		kr_gt_value d = kr_gt_map_get(dst, src.u.m->k[i], &found), s = src.u.m->v[i];

		if (found && d.kind == KR_GT_MAP && s.kind == KR_GT_MAP) {
			if (merge_into(a, d, s, overwrite, depth + 1) < 0)
				return -1;
		} else if (!kr_gt_empty(s) && (overwrite || !found || kr_gt_empty(d))) {
			if (kr_gt_map_set(a, dst, src.u.m->k[i], s) < 0)
				return -1;
		}
	}
	return 0;
}

static int merge(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg, bool overwrite)
{
	size_t i;

	if (map_arg(v[0], msg) < 0)
		return -1;
	for (i = 1; i < n; i++)
		if (v[i].kind == KR_GT_MAP && merge_into(a, v[0], v[i], overwrite, 0) < 0)
			return oom(msg);
	*out = v[0];
	return 0;
}

static int f_merge(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	return merge(a, v, n, out, msg, false);
}

static int f_merge_overwrite(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	return merge(a, v, n, out, msg, true);
}

/* lists */

static int f_first(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n;
	if (need_list(v[0], "find first", msg) < 0)
		return -1;
	*out = v[0].u.l->n ? v[0].u.l->v[0] : kr_gt_nil();
	return 0;
}

static int f_last(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n;
	if (need_list(v[0], "find last", msg) < 0)
		return -1;
	*out = v[0].u.l->n ? v[0].u.l->v[v[0].u.l->n - 1] : kr_gt_nil();
	return 0;
}

static int sub_list(kr_arena *a, kr_gt_value l, size_t from, size_t to, kr_gt_value *out, kr_buf *msg)
{
	*out = list_of(a, l.u.l->v + from, to - from);
	return out->kind ? 0 : oom(msg);
}

static int f_rest(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	if (need_list(v[0], "find rest", msg) < 0)
		return -1;
	if (!v[0].u.l->n) {
		*out = kr_gt_new_list(a, 0); /* a nil []interface{}: prints [] */
		return out->kind ? 0 : oom(msg);
	}
	return sub_list(a, v[0], 1, v[0].u.l->n, out, msg);
}

static int f_initial(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	if (need_list(v[0], "find initial", msg) < 0)
		return -1;
	if (!v[0].u.l->n) {
		*out = kr_gt_new_list(a, 0); /* a nil []interface{}: prints [] */
		return out->kind ? 0 : oom(msg);
	}
	return sub_list(a, v[0], 0, v[0].u.l->n - 1, out, msg);
}

static int f_reverse(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	size_t i, len;

	(void)n;
	if (need_list(v[0], "find reverse", msg) < 0)
		return -1;
	len = v[0].u.l->n;
	*out = kr_gt_new_list(a, len);
	if (!out->kind)
		return oom(msg);
	for (i = 0; i < len; i++)
		out->u.l->v[i] = v[0].u.l->v[len - 1 - i];
	return 0;
}

/* reflect.DeepEqual for template values */
static bool deep_equal(kr_gt_value x, kr_gt_value y, int depth)
{
	size_t i;

	if (x.kind != y.kind || depth > KR_GT_MAX_NESTING)
		return false;
	switch (x.kind) {
	case KR_GT_BOOL: return x.u.b == y.u.b;
	case KR_GT_INT:
	case KR_GT_INT64: return x.u.i == y.u.i;
	case KR_GT_FLOAT: return x.u.f == y.u.f;
	case KR_GT_STRING: return x.u.s.n == y.u.s.n && memcmp(x.u.s.p, y.u.s.p, x.u.s.n) == 0;
	case KR_GT_LIST:
		if (x.u.l->n != y.u.l->n)
			return false;
		for (i = 0; i < x.u.l->n; i++)
			if (!deep_equal(x.u.l->v[i], y.u.l->v[i], depth + 1))
				return false;
		return true;
	case KR_GT_MAP:
		if (x.u.m->n != y.u.m->n)
			return false;
		for (i = 0; i < x.u.m->n; i++)
			if (strcmp(x.u.m->k[i], y.u.m->k[i]) != 0 || !deep_equal(x.u.m->v[i], y.u.m->v[i], depth + 1))
				return false;
		return true;
	default: return true;
	}
}

static bool in_list(kr_gt_value l, size_t n, kr_gt_value x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (deep_equal(l.u.l->v[i], x, 0))
			return true;
	return false;
}

static int f_uniq(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	size_t i;

	(void)n;
	if (need_list(v[0], "find uniq", msg) < 0)
		return -1;
	*out = kr_gt_new_list(a, v[0].u.l->n);
	if (!out->kind)
		return oom(msg);
	out->u.l->n = 0;
	for (i = 0; i < v[0].u.l->n; i++)
		if (!in_list(*out, out->u.l->n, v[0].u.l->v[i]))
			out->u.l->v[out->u.l->n++] = v[0].u.l->v[i];
	return 0;
}

static int f_without(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	size_t i, j;

	if (need_list(v[0], "find without", msg) < 0)
		return -1;
	*out = kr_gt_new_list(a, v[0].u.l->n);
	if (!out->kind)
		return oom(msg);
	out->u.l->n = 0;
	for (i = 0; i < v[0].u.l->n; i++) {
		bool drop = false;

		for (j = 1; j < n && !drop; j++)
			drop = deep_equal(v[0].u.l->v[i], v[j], 0);
		if (!drop)
			out->u.l->v[out->u.l->n++] = v[0].u.l->v[i];
	}
	return 0;
}

static int f_has(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n;
	if (v[1].kind <= KR_GT_NIL) {
		*out = kr_gt_bool(false);
		return 0;
	}
	if (need_list(v[1], "find has", msg) < 0)
		return -1;
	*out = kr_gt_bool(in_list(v[1], v[1].u.l->n, v[0]));
	return 0;
}

static int f_compact(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	size_t i;

	(void)n;
	if (need_list(v[0], "compact", msg) < 0)
		return -1;
	*out = kr_gt_new_list(a, v[0].u.l->n);
	if (!out->kind)
		return oom(msg);
	out->u.l->n = 0;
	for (i = 0; i < v[0].u.l->n; i++)
		if (!kr_gt_empty(v[0].u.l->v[i]))
			out->u.l->v[out->u.l->n++] = v[0].u.l->v[i];
	return 0;
}

static int f_append(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	size_t len;

	(void)n;
	if (need_list(v[0], "push", msg) < 0)
		return -1;
	len = v[0].u.l->n;
	*out = kr_gt_new_list(a, len + 1);
	if (!out->kind)
		return oom(msg);
	memcpy(out->u.l->v, v[0].u.l->v, len * sizeof(kr_gt_value));
	out->u.l->v[len] = v[1];
	return 0;
}

static int f_prepend(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	size_t len;

	(void)n;
	if (need_list(v[0], "prepend", msg) < 0)
		return -1;
	len = v[0].u.l->n;
	*out = kr_gt_new_list(a, len + 1);
	if (!out->kind)
		return oom(msg);
	memcpy(out->u.l->v + 1, v[0].u.l->v, len * sizeof(kr_gt_value));
	out->u.l->v[0] = v[1];
	return 0;
}

static int f_concat(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	size_t i, total = 0, k = 0;

	for (i = 0; i < n; i++) {
		if (v[i].kind != KR_GT_LIST)
			return v[i].kind <= KR_GT_NIL ? kr_gt_failf(msg, NIL_DEREF)
						      : kr_gt_failf(msg, "Cannot concat type %s as list", kind_name(v[i]));
		total += v[i].u.l->n;
	}
	*out = kr_gt_new_list(a, total);
	if (!out->kind)
		return oom(msg);
	for (i = 0; i < n; i++) {
		memcpy(out->u.l->v + k, v[i].u.l->v, v[i].u.l->n * sizeof(kr_gt_value));
		k += v[i].u.l->n;
	}
	return 0;
}

/* Sprig's slice LIST [START [END]] */
static int f_slice(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	int64_t len, lo = 0, hi;

	if (need_list(v[0], "slice", msg) < 0)
		return -1;
	len = (int64_t)v[0].u.l->n;
	hi = len;
	if (n > 1)
		lo = kr_gt_to_int64(v[1]);
	if (n > 2)
		hi = kr_gt_to_int64(v[2]);
	if (hi < 0 || hi > len)
		return kr_gt_failf(msg, "runtime error: slice bounds out of range [:%lld] with capacity %lld", (long long)hi,
				   (long long)len);
	if (lo < 0 || lo > hi)
		return kr_gt_failf(msg, "runtime error: slice bounds out of range [%lld:%lld]", (long long)lo, (long long)hi);
	return sub_list(a, v[0], (size_t)lo, (size_t)hi, out, msg);
}

static int f_until_step(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	int64_t start = n == 1 ? 0 : v[0].u.i, stop = n == 1 ? v[0].u.i : v[1].u.i;
	int64_t step = n == 1 ? (stop < 0 ? -1 : 1) : v[2].u.i, x;
	size_t count = 0;

	if (step == 0 || (step > 0 && start >= stop) || (step < 0 && start <= stop)) {
		*out = kr_gt_new_list(a, 0);
		return out->kind ? 0 : oom(msg);
	}
	count = (size_t)((stop - start + step + (step > 0 ? -1 : 1)) / step);
	if (count > 10000000)
		return kr_gt_failf(msg, "until: %zu elements is over krender's limit", count);
	*out = kr_gt_new_list(a, count);
	if (!out->kind)
		return oom(msg);
	for (x = start, count = 0; step > 0 ? x < stop : x > stop; x += step)
		out->u.l->v[count++] = kr_gt_int(x);
	out->u.l->n = count;
	return 0;
}

/* Sprig's strslice */
static int strslice(kr_arena *a, kr_gt_value v, kr_gt_value *out, kr_buf *msg)
{
	size_t i;

	if (v.kind == KR_GT_LIST) {
		*out = kr_gt_new_list(a, v.u.l->n);
		if (!out->kind)
			return oom(msg);
		out->u.l->n = 0;
		for (i = 0; i < v.u.l->n; i++)
			if (v.u.l->v[i].kind > KR_GT_NIL &&
			    kr_gt_strval(a, v.u.l->v[i], &out->u.l->v[out->u.l->n++]) < 0)
				return oom(msg);
		return 0;
	}
	if (v.kind <= KR_GT_NIL) {
		*out = kr_gt_new_list(a, 0);
		return out->kind ? 0 : oom(msg);
	}
	*out = kr_gt_new_list(a, 1);
	return out->kind && kr_gt_strval(a, v, &out->u.l->v[0]) == 0 ? 0 : oom(msg);
}

static int f_to_strings(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return strslice(a, v[0], out, msg);
}

static int f_join(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	kr_gt_value l;
	kr_buf b;
	size_t i;
	int rc = 0;

	(void)n;
	if (strslice(a, v[1], &l, msg) < 0)
		return -1;
	kr_buf_init(&b, (size_t)1 << 26);
	for (i = 0; i < l.u.l->n && rc == 0; i++) {
		if (i)
			rc = kr_buf_append(&b, v[0].u.s.p, v[0].u.s.n);
		if (rc == 0)
			rc = kr_buf_append(&b, l.u.l->v[i].u.s.p, l.u.l->v[i].u.s.n);
	}
	if (rc == 0)
		*out = kr_gt_take(a, &b);
	kr_buf_dispose(&b);
	return rc == 0 && out->kind ? 0 : oom(msg);
}

static int cmp_str_values(const void *x, const void *y)
{
	const kr_gt_value *p = x, *q = y;
	size_t m = p->u.s.n < q->u.s.n ? p->u.s.n : q->u.s.n;
	int c = memcmp(p->u.s.p, q->u.s.p, m);

	return c ? c : (p->u.s.n > q->u.s.n) - (p->u.s.n < q->u.s.n);
}

static int f_sort_alpha(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	if (v[0].kind != KR_GT_LIST) {
		/* Sprig: a non-list becomes a one-element list of its %v */
		*out = kr_gt_new_list(a, 1);
		return out->kind && kr_gt_strval(a, v[0], &out->u.l->v[0]) == 0 ? 0 : oom(msg);
	}
	if (strslice(a, v[0], out, msg) < 0)
		return -1;
	if (out->u.l->n > 1)
		qsort(out->u.l->v, out->u.l->n, sizeof(kr_gt_value), cmp_str_values);
	return 0;
}

/* numbers */

static int f_int64(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = kr_gt_int(kr_gt_to_int64(v[0]));
	out->kind = KR_GT_INT64;
	return 0;
}

static int f_int(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = kr_gt_int(kr_gt_to_int64(v[0]));
	return 0;
}

static int f_float64(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = kr_gt_float(kr_gt_to_float64(v[0]));
	return 0;
}

static int f_atoi(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	char tmp[32], *end;
	long long r = 0;

	(void)a, (void)n, (void)msg;
	if (v[0].u.s.n && v[0].u.s.n < sizeof(tmp) && v[0].u.s.p[0] != ' ') {
		memcpy(tmp, v[0].u.s.p, v[0].u.s.n);
		tmp[v[0].u.s.n] = 0;
		r = strtoll(tmp, &end, 10);
		if (*end)
			r = 0;
	}
	*out = kr_gt_int(r);
	return 0;
}

static kr_gt_value i64(int64_t x)
{
	kr_gt_value v = kr_gt_int(x);

	v.kind = KR_GT_INT64;
	return v;
}

static int f_add1(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = i64((int64_t)((uint64_t)kr_gt_to_int64(v[0]) + 1));
	return 0;
}

static int f_add(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	uint64_t s = 0;
	size_t i;

	(void)a, (void)msg;
	for (i = 0; i < n; i++)
		s += (uint64_t)kr_gt_to_int64(v[i]);
	*out = i64((int64_t)s);
	return 0;
}

static int f_sub(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = i64((int64_t)((uint64_t)kr_gt_to_int64(v[0]) - (uint64_t)kr_gt_to_int64(v[1])));
	return 0;
}

static int f_mul(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	uint64_t p = (uint64_t)kr_gt_to_int64(v[0]);
	size_t i;

	(void)a, (void)msg;
	for (i = 1; i < n; i++)
		p *= (uint64_t)kr_gt_to_int64(v[i]);
	*out = i64((int64_t)p);
	return 0;
}

static int divmod(kr_gt_value *v, kr_gt_value *out, kr_buf *msg, bool mod)
{
	int64_t x = kr_gt_to_int64(v[0]), y = kr_gt_to_int64(v[1]);

	if (y == 0)
		return kr_gt_failf(msg, "runtime error: integer divide by zero");
	if (y == -1)
		*out = i64(mod ? 0 : (int64_t)(0 - (uint64_t)x));
	else
		*out = i64(mod ? x % y : x / y);
	return 0;
}

static int f_div(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n;
	return divmod(v, out, msg, false);
}

static int f_mod(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n;
	return divmod(v, out, msg, true);
}

static int f_max(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	int64_t m = kr_gt_to_int64(v[0]);
	size_t i;

	(void)a, (void)msg;
	for (i = 1; i < n; i++)
		if (kr_gt_to_int64(v[i]) > m)
			m = kr_gt_to_int64(v[i]);
	*out = i64(m);
	return 0;
}

static int f_min(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	int64_t m = kr_gt_to_int64(v[0]);
	size_t i;

	(void)a, (void)msg;
	for (i = 1; i < n; i++)
		if (kr_gt_to_int64(v[i]) < m)
			m = kr_gt_to_int64(v[i]);
	*out = i64(m);
	return 0;
}

static int f_floor(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = kr_gt_float(floor(kr_gt_to_float64(v[0])));
	return 0;
}

static int f_ceil(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = kr_gt_float(ceil(kr_gt_to_float64(v[0])));
	return 0;
}

/* JSON */

/* toJson and its kin: encoding/json's output, "" when the value has none (Sprig ignores the error) */
static int to_json(kr_arena *a, kr_gt_value v, const char *indent, bool html, kr_gt_value *out, kr_buf *msg)
{
	kr_buf b;
	int rc;

	kr_buf_init(&b, (size_t)1 << 26);
	rc = kr_gt_json(&b, v, indent, html);
	*out = rc == 0 ? kr_gt_take(a, &b) : kr_gt_string("", 0);
	kr_buf_dispose(&b);
	return out->kind ? 0 : oom(msg);
}

static int f_to_json(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return to_json(a, v[0], "", true, out, msg);
}

static int f_to_pretty_json(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return to_json(a, v[0], "  ", true, out, msg);
}

static int f_to_raw_json(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return to_json(a, v[0], "", false, out, msg);
}

/* types */

static int f_type_of(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = v[0].kind <= KR_GT_NIL ? kr_gt_string("<nil>", 5)
				      : kr_gt_string(kr_gt_type_name(v[0]), strlen(kr_gt_type_name(v[0])));
	return 0;
}

static int f_kind_of(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	const char *k;

	(void)a, (void)n;
	if (v[0].kind <= KR_GT_NIL)
		return kr_gt_failf(msg, NIL_DEREF);
	k = kind_name(v[0]);
	*out = kr_gt_string(k, strlen(k));
	return 0;
}

static int f_kind_is(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	const char *k;

	(void)a, (void)n;
	if (v[1].kind <= KR_GT_NIL)
		return kr_gt_failf(msg, NIL_DEREF);
	k = kind_name(v[1]);
	*out = kr_gt_bool(strlen(k) == v[0].u.s.n && memcmp(k, v[0].u.s.p, v[0].u.s.n) == 0);
	return 0;
}

static int f_type_is(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	const char *t = v[1].kind <= KR_GT_NIL ? "<nil>" : kr_gt_type_name(v[1]);

	(void)a, (void)n, (void)msg;
	*out = kr_gt_bool(strlen(t) == v[0].u.s.n && memcmp(t, v[0].u.s.p, v[0].u.s.n) == 0);
	return 0;
}

static int f_deep_equal(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = kr_gt_bool(deep_equal(v[0].kind == KR_GT_INVALID ? kr_gt_nil() : v[0],
				     v[1].kind == KR_GT_INVALID ? kr_gt_nil() : v[1], 0));
	return 0;
}

/* fromJson: the value of a JSON text (numbers float64); nil when it is not JSON, an error for mustFromJson */
static int from_json(kr_arena *a, kr_gt_value s, kr_gt_value *out, kr_buf *msg, bool must)
{
	kr_yaml_stream st;
	kr_limits lim;
	kr_err err = {0};
	kr_buf why;

	kr_buf_init(&why, 4096);
	kr_limits_default(&lim);
	/* JSON is YAML: the YAML reader builds the value once the JSON scanner accepts the text */
	if (kr_gt_json_check(s.u.s.p, s.u.s.n, &why) < 0 ||
	    kr_yaml_load(&st, a, "fromJson", s.u.s.p, s.u.s.n, &lim, 0, &err) < 0 || st.n != 1) {
		int rc = must ? kr_gt_failf(msg, "%s", why.data ? why.data : err.msg) : 0;

		kr_buf_dispose(&why);
		*out = kr_gt_nil();
		return rc;
	}
	kr_buf_dispose(&why);
	*out = kr_gt_from_node(a, st.docs[0]);
	return out->kind ? 0 : oom(msg);
}

static int f_from_json(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return from_json(a, v[0], out, msg, false);
}

static int f_must_from_json(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return from_json(a, v[0], out, msg, true);
}

const gt_fn kr_gt_fns_data[] = {
	{"add", "*a", f_add},
	{"add1", "a", f_add1},
	{"all", "*a", f_all},
	{"any", "*a", f_any},
	{"append", "aa", f_append},
	{"atoi", "s", f_atoi},
	{"biggest", "a*a", f_max},
	{"ceil", "a", f_ceil},
	{"coalesce", "*a", f_coalesce},
	{"compact", "a", f_compact},
	{"concat", "*a", f_concat},
	{"deepCopy", "a", f_deep_copy},
	{"deepEqual", "aa", f_deep_equal},
	{"default", "a*a", f_default},
	{"dict", "*a", f_dict},
	{"dig", "*a", f_dig},
	{"div", "aa", f_div},
	{"empty", "a", f_empty},
	{"fail", "s", f_fail},
	{"first", "a", f_first},
	{"float64", "a", f_float64},
	{"floor", "a", f_floor},
	{"fromJson", "s", f_from_json},
	{"get", "ms", f_get},
	{"has", "aa", f_has},
	{"hasKey", "ms", f_has_key},
	{"initial", "a", f_initial},
	{"int", "a", f_int},
	{"int64", "a", f_int64},
	{"join", "sa", f_join},
	{"keys", "*m", f_keys},
	{"kindIs", "sa", f_kind_is},
	{"kindOf", "a", f_kind_of},
	{"last", "a", f_last},
	{"list", "*a", f_list},
	{"max", "a*a", f_max},
	{"merge", "m*m", f_merge},
	{"mergeOverwrite", "m*m", f_merge_overwrite},
	{"min", "a*a", f_min},
	{"mod", "aa", f_mod},
	{"mul", "a*a", f_mul},
	{"mustAppend", "aa", f_append},
	{"mustCompact", "a", f_compact},
	{"mustDeepCopy", "a", f_deep_copy},
	{"mustFirst", "a", f_first},
	{"mustFromJson", "s", f_must_from_json},
	{"mustHas", "aa", f_has},
	{"mustInitial", "a", f_initial},
	{"mustLast", "a", f_last},
	{"mustMerge", "m*m", f_merge},
	{"mustMergeOverwrite", "m*m", f_merge_overwrite},
	{"mustPrepend", "aa", f_prepend},
	{"mustPush", "aa", f_append},
	{"mustRest", "a", f_rest},
	{"mustReverse", "a", f_reverse},
	{"mustSlice", "a*a", f_slice},
	{"mustToJson", "a", f_to_json},
	{"mustToPrettyJson", "a", f_to_pretty_json},
	{"mustToRawJson", "a", f_to_raw_json},
	{"mustUniq", "a", f_uniq},
	{"mustWithout", "a*a", f_without},
	{"omit", "m*s", f_omit},
	{"pick", "m*s", f_pick},
	{"pluck", "s*m", f_pluck},
	{"prepend", "aa", f_prepend},
	{"push", "aa", f_append},
	{"rest", "a", f_rest},
	{"reverse", "a", f_reverse},
	{"set", "msa", f_set},
	{"slice", "a*a", f_slice},
	{"sortAlpha", "a", f_sort_alpha},
	{"sub", "aa", f_sub},
	{"ternary", "aab", f_ternary},
	{"toJson", "a", f_to_json},
	{"toPrettyJson", "a", f_to_pretty_json},
	{"toRawJson", "a", f_to_raw_json},
	{"toStrings", "a", f_to_strings},
	{"tuple", "*a", f_list},
	{"typeIs", "sa", f_type_is},
	{"typeOf", "a", f_type_of},
	{"uniq", "a", f_uniq},
	{"unset", "ms", f_unset},
	{"until", "i", f_until_step},
	{"untilStep", "iii", f_until_step},
	{"values", "m", f_values},
	{"without", "a*a", f_without},
	{NULL, NULL, NULL},
};
