/*
 * funcs.c - the function lookup, the helpers function files share (Sprig's
 * strval, cast.ToInt64/ToFloat64, empty) and text/template's builtins:
 * and, or (their short-circuit is in exec.c), not, len, index, print,
 * printf, println, eq, ne, lt, le, gt, ge, html, js, urlquery. Sprig's
 * slice replaces the builtin one, as it does in ArgoCD.
 */
#include "gotmpl/internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template/gofmt.h"

const gt_fn *kr_gt_func(const char *name)
{
	/* later tables win: Sprig's and ArgoCD's before the builtins */
	static const gt_fn *const tables[] = {kr_gt_fns_argocd, kr_gt_fns_data, kr_gt_fns_strings, kr_gt_fns_more,
						 kr_gt_fns_builtin};
	size_t t;

	for (t = 0; t < sizeof(tables) / sizeof(*tables); t++) {
		const gt_fn *f;

		for (f = tables[t]; f->name; f++)
			if (strcmp(f->name, name) == 0)
				return f;
	}
	return NULL;
}

bool kr_gt_sprig_missing(const char *name)
{
	/* Sprig functions krender does not provide (docs/compat.md); env, expandenv and getHostByName ArgoCD removes */
	static const char *const names[] = {
		"add1f", "addf", "ago", "bcrypt", "buildCustomCert", "camelcase", "date", "dateInZone", "dateModify",
		"date_in_zone", "date_modify", "decryptAES", "derivePassword", "divf", "duration", "durationRound",
		"encryptAES", "genCA", "genCAWithKey", "genPrivateKey", "genSelfSignedCert", "genSelfSignedCertWithKey",
		"genSignedCert", "genSignedCertWithKey", "htmlDate", "htmlDateInZone", "htpasswd", "kebabcase", "mulf",
		"mustDateModify", "mustToDate", "must_date_modify", "now", "randAlpha", "randAlphaNum", "randAscii",
		"randBytes", "randInt", "randNumeric", "semver", "semverCompare", "shuffle", "snakecase", "subf", "toDate",
		"unixEpoch", "urlJoin", "urlParse", "uuidv4", "wrap", "wrapWith", NULL};
	size_t i;

	for (i = 0; names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

const char *kr_gt_sig_type(char c)
{
	switch (c) {
	case 's': return "string";
	case 'i': return "int";
	case 'I': return "int64";
	case 'f': return "float64";
	case 'b': return "bool";
	case 'l': return "[]interface {}";
	case 'm': return "map[string]interface {}";
	default: return "interface {}";
	}
}

int kr_gt_failf(kr_buf *msg, const char *fmt, ...)
{
	va_list ap;
	char tmp[1024];

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	kr_buf_puts(msg, tmp);
	return -1;
}

bool kr_gt_is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

kr_gt_value kr_gt_take(kr_arena *a, kr_buf *b)
{
	char *s = kr_arena_memdup(a, b->data ? b->data : "", b->len);

	return s ? kr_gt_string(s, b->len) : (kr_gt_value){KR_GT_INVALID, {0}};
}

kr_gt_value kr_gt_cstr(kr_arena *a, const char *s)
{
	char *c = kr_arena_strdup(a, s);

	return c ? kr_gt_string(c, strlen(c)) : (kr_gt_value){KR_GT_INVALID, {0}};
}

int kr_gt_strval(kr_arena *a, kr_gt_value v, kr_gt_value *out)
{
	kr_buf b;

	if (v.kind == KR_GT_STRING) {
		*out = v;
		return 0;
	}
	kr_buf_init(&b, (size_t)1 << 26);
	if (kr_gt_print(&b, v.kind == KR_GT_INVALID ? kr_gt_nil() : v) < 0) {
		kr_buf_dispose(&b);
		return -1;
	}
	*out = kr_gt_take(a, &b);
	kr_buf_dispose(&b);
	return out->kind == KR_GT_STRING ? 0 : -1;
}

int64_t kr_gt_to_int64(kr_gt_value v)
{
	switch (v.kind) {
	case KR_GT_BOOL: return v.u.b;
	case KR_GT_INT:
	case KR_GT_INT64: return v.u.i;
	case KR_GT_FLOAT: return v.u.f >= 9.2e18 || v.u.f <= -9.2e18 || v.u.f != v.u.f ? INT64_MIN : (int64_t)v.u.f;
	case KR_GT_STRING: {
		/* strconv.ParseInt(trimZeroDecimal(s), 0, 64) */
		char tmp[64], *end;
		size_t n = v.u.s.n, i;
		long long r;

		if (n == 0 || n >= sizeof(tmp))
			return 0;
		memcpy(tmp, v.u.s.p, n);
		tmp[n] = 0;
		for (i = n; i > 0 && tmp[i - 1] == '0'; i--)
			;
		if (i > 0 && i < n && tmp[i - 1] == '.')
			tmp[i - 1] = 0;
		if (tmp[0] == ' ' || tmp[0] == '\t' || tmp[0] == '\n')
			return 0;
		errno = 0;
		r = strtoll(tmp, &end, 0);
		return errno || *end ? 0 : (int64_t)r;
	}
	default: return 0;
	}
}

double kr_gt_to_float64(kr_gt_value v)
{
	switch (v.kind) {
	case KR_GT_BOOL: return v.u.b;
	case KR_GT_INT:
	case KR_GT_INT64: return (double)v.u.i;
	case KR_GT_FLOAT: return v.u.f;
	case KR_GT_STRING: {
		char tmp[64], *end;
		double r;

		if (v.u.s.n == 0 || v.u.s.n >= sizeof(tmp) || v.u.s.p[0] == ' ')
			return 0;
		memcpy(tmp, v.u.s.p, v.u.s.n);
		tmp[v.u.s.n] = 0;
		r = strtod(tmp, &end);
		return *end ? 0 : r;
	}
	default: return 0;
	}
}

bool kr_gt_empty(kr_gt_value v)
{
	return v.kind == KR_GT_INVALID || v.kind == KR_GT_NIL || !kr_gt_truth(v);
}

static int f_not(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = kr_gt_bool(!kr_gt_truth(v[0]));
	return 0;
}

static int f_andor(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)v, (void)n, (void)out; /* exec.c evaluates and/or itself */
	return kr_gt_failf(msg, "unreachable");
}

static int f_len(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n;
	switch (v[0].kind) {
	case KR_GT_STRING: *out = kr_gt_int((int64_t)v[0].u.s.n); return 0;
	case KR_GT_LIST: *out = kr_gt_int((int64_t)v[0].u.l->n); return 0;
	case KR_GT_MAP: *out = kr_gt_int((int64_t)v[0].u.m->n); return 0;
	case KR_GT_INVALID:
	case KR_GT_NIL: return kr_gt_failf(msg, "reflect: call of reflect.Value.Type on zero Value");
	default: return kr_gt_failf(msg, "len of type %s", kr_gt_type_name(v[0]));
	}
}

static int f_index(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	kr_gt_value item = v[0];
	size_t i;

	if (item.kind <= KR_GT_NIL)
		return kr_gt_failf(msg, "index of untyped nil");
	for (i = 1; i < n; i++) {
		kr_gt_value x = v[i];

		if (item.kind <= KR_GT_NIL)
			return kr_gt_failf(msg, "index of nil pointer");
		if (item.kind == KR_GT_LIST || item.kind == KR_GT_STRING) {
			size_t len = item.kind == KR_GT_LIST ? item.u.l->n : item.u.s.n;

			if (x.kind <= KR_GT_NIL)
				return kr_gt_failf(msg, "cannot index slice/array with nil");
			if (x.kind != KR_GT_INT && x.kind != KR_GT_INT64)
				return kr_gt_failf(msg, "cannot index slice/array with type %s", kr_gt_type_name(x));
			if (x.u.i < 0 || (uint64_t)x.u.i >= len)
				return kr_gt_failf(msg, "index out of range: %lld", (long long)x.u.i);
			item = item.kind == KR_GT_LIST ? item.u.l->v[x.u.i]
						       : kr_gt_int((unsigned char)item.u.s.p[x.u.i]);
		} else if (item.kind == KR_GT_MAP) {
			bool found;

			if (x.kind <= KR_GT_NIL)
				return kr_gt_failf(msg, "value is nil; should be of type string");
			if (x.kind != KR_GT_STRING)
				return kr_gt_failf(msg, "value has type %s; should be string", kr_gt_type_name(x));
			{
				char *key = kr_arena_memdup(a, x.u.s.p, x.u.s.n);

				if (!key)
					return kr_gt_failf(msg, "out of memory");
				item = kr_gt_map_get(item, key, &found);
			}
			if (!found)
				item = kr_gt_nil(); /* the element type's zero: a nil interface */
		} else {
			return kr_gt_failf(msg, "can't index item of type %s", kr_gt_type_name(item));
		}
	}
	*out = item.kind == KR_GT_NIL ? (kr_gt_value){KR_GT_INVALID, {0}} : item;
	return 0;
}

int kr_gt_result(kr_arena *a, kr_buf *b, int rc, kr_gt_value *out, kr_buf *msg)
{
	if (rc == 0)
		*out = kr_gt_take(a, b);
	kr_buf_dispose(b);
	if (rc < 0 || out->kind != KR_GT_STRING)
		return kr_gt_failf(msg, "output too large");
	return 0;
}

static int f_print(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	kr_buf b;

	kr_buf_init(&b, (size_t)1 << 26);
	return kr_gt_result(a, &b, kr_gt_sprint(&b, v, n, false), out, msg);
}

static int f_println(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	kr_buf b;

	kr_buf_init(&b, (size_t)1 << 26);
	return kr_gt_result(a, &b, kr_gt_sprint(&b, v, n, true), out, msg);
}

static int f_printf(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	kr_buf b;

	kr_buf_init(&b, (size_t)1 << 26);
	return kr_gt_result(a, &b, kr_gt_sprintf(&b, v[0].u.s.p, v[0].u.s.n, v + 1, n - 1), out, msg);
}

/* text/template's basicKind classes */
enum { K_BAD, K_BOOL, K_INT, K_FLOAT, K_STRING };

static int basic_kind(kr_gt_value v)
{
	switch (v.kind) {
	case KR_GT_BOOL: return K_BOOL;
	case KR_GT_INT:
	case KR_GT_INT64: return K_INT;
	case KR_GT_FLOAT: return K_FLOAT;
	case KR_GT_STRING: return K_STRING;
	default: return K_BAD;
	}
}

static int cmp_strings(kr_gt_value x, kr_gt_value y)
{
	size_t m = x.u.s.n < y.u.s.n ? x.u.s.n : y.u.s.n;
	int c = memcmp(x.u.s.p, y.u.s.p, m);

	return c ? c : (x.u.s.n > y.u.s.n) - (x.u.s.n < y.u.s.n);
}

/* Go 1.19's eq for two operands: 1 equal, 0 not, -1 error in @msg */
static int equal(kr_gt_value x, kr_gt_value y, kr_buf *msg)
{
	int k1 = basic_kind(x), k2 = basic_kind(y);

	if (k1 != k2) {
		if (x.kind > KR_GT_INVALID && y.kind > KR_GT_INVALID && (k1 != K_BAD || k2 != K_BAD))
			return kr_gt_failf(msg, "incompatible types for comparison");
		if (k1 != K_BAD || k2 != K_BAD)
			return 0;
	}
	switch (k1) {
	case K_BOOL: return x.u.b == y.u.b;
	case K_INT: return x.u.i == y.u.i;
	case K_FLOAT: return x.u.f == y.u.f;
	case K_STRING: return cmp_strings(x, y) == 0;
	}
	if (x.kind == KR_GT_LIST || x.kind == KR_GT_MAP || y.kind == KR_GT_LIST || y.kind == KR_GT_MAP) {
		if (x.kind <= KR_GT_NIL || y.kind <= KR_GT_NIL)
			return x.kind <= KR_GT_NIL && y.kind <= KR_GT_NIL;
		return kr_gt_failf(msg, "non-comparable type %s: %s", kr_gt_type_name(y), kr_gt_type_name(y));
	}
	return (x.kind <= KR_GT_NIL) == (y.kind <= KR_GT_NIL);
}

static int f_eq(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	size_t i;

	(void)a;
	if (n < 2)
		return kr_gt_failf(msg, "missing argument for comparison");
	for (i = 1; i < n; i++) {
		int r = equal(v[0], v[i], msg);

		if (r < 0)
			return r;
		if (r) {
			*out = kr_gt_bool(true);
			return 0;
		}
	}
	*out = kr_gt_bool(false);
	return 0;
}

static int f_ne(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	int r = equal(v[0], v[1], msg);

	(void)a, (void)n;
	if (r < 0)
		return r;
	*out = kr_gt_bool(!r);
	return 0;
}

/* lt: 1, 0, or -1 with the error */
static int less(kr_gt_value x, kr_gt_value y, kr_buf *msg)
{
	int k1 = basic_kind(x), k2 = basic_kind(y);

	if (k1 == K_BAD || k2 == K_BAD)
		return kr_gt_failf(msg, "invalid type for comparison");
	if (k1 != k2)
		return kr_gt_failf(msg, "incompatible types for comparison");
	switch (k1) {
	case K_BOOL: return kr_gt_failf(msg, "invalid type for comparison");
	case K_INT: return x.u.i < y.u.i;
	case K_FLOAT: return x.u.f < y.u.f;
	default: return cmp_strings(x, y) < 0;
	}
}

static int compare(kr_gt_value *v, kr_gt_value *out, kr_buf *msg, char op)
{
	int lt = less(v[0], v[1], msg), eq;

	if (lt < 0)
		return lt;
	switch (op) {
	case '<': *out = kr_gt_bool(lt); return 0;
	case '>':
	case 'G':
	case 'L':
		eq = equal(v[0], v[1], msg);
		if (eq < 0)
			return eq;
		*out = kr_gt_bool(op == 'L' ? lt || eq : op == 'G' ? !lt : !lt && !eq);
		return 0;
	}
	return -1;
}

static int f_lt(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n;
	return compare(v, out, msg, '<');
}

static int f_le(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n;
	return compare(v, out, msg, 'L');
}

static int f_gt(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n;
	return compare(v, out, msg, '>');
}

static int f_ge(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n;
	return compare(v, out, msg, 'G');
}

/* evalArgs: one string operand as it is, else fmt.Sprint of them all */
static int joined(kr_gt_value *v, size_t n, kr_buf *b)
{
	if (n == 1 && v[0].kind == KR_GT_STRING)
		return kr_buf_append(b, v[0].u.s.p, v[0].u.s.n);
	return kr_gt_sprint(b, v, n, false);
}

/* html, js and urlquery: the operands' text with each byte through @one */
static int escape(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg, int (*one)(kr_buf *, unsigned char))
{
	kr_buf in, b;
	size_t i;
	int rc;

	kr_buf_init(&in, (size_t)1 << 26);
	kr_buf_init(&b, (size_t)1 << 28);
	rc = joined(v, n, &in);
	for (i = 0; i < in.len && rc == 0; i++)
		rc = one(&b, (unsigned char)in.data[i]);
	kr_buf_dispose(&in);
	return kr_gt_result(a, &b, rc, out, msg);
}

static int html_byte(kr_buf *b, unsigned char c)
{
	switch (c) {
	case '"': return kr_buf_puts(b, "&#34;");
	case '\'': return kr_buf_puts(b, "&#39;");
	case '&': return kr_buf_puts(b, "&amp;");
	case '<': return kr_buf_puts(b, "&lt;");
	case '>': return kr_buf_puts(b, "&gt;");
	case 0: return kr_buf_puts(b, "\xef\xbf\xbd");
	default: return kr_buf_putc(b, (char)c);
	}
}

static int js_byte(kr_buf *b, unsigned char c)
{
	switch (c) {
	case '\\': return kr_buf_puts(b, "\\\\");
	case '\'': return kr_buf_puts(b, "\\'");
	case '"': return kr_buf_puts(b, "\\\"");
	case '<': return kr_buf_puts(b, "\\u003C");
	case '>': return kr_buf_puts(b, "\\u003E");
	case '&': return kr_buf_puts(b, "\\u0026");
	case '=': return kr_buf_puts(b, "\\u003D");
	default: return c < ' ' ? kr_buf_printf(b, "\\u%04X", c) : kr_buf_putc(b, (char)c);
	}
}

static int query_byte(kr_buf *b, unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c && strchr("-_.~", c)))
		return kr_buf_putc(b, (char)c);
	return c == ' ' ? kr_buf_putc(b, '+') : kr_buf_printf(b, "%%%02X", c);
}

static int f_html(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	return escape(a, v, n, out, msg, html_byte);
}

static int f_js(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	return escape(a, v, n, out, msg, js_byte);
}

static int f_urlquery(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	return escape(a, v, n, out, msg, query_byte);
}

const gt_fn kr_gt_fns_builtin[] = {
	{"and", "a*a", f_andor},
	{"eq", "a*a", f_eq},
	{"ge", "aa", f_ge},
	{"gt", "aa", f_gt},
	{"html", "*a", f_html},
	{"index", "a*a", f_index},
	{"js", "*a", f_js},
	{"le", "aa", f_le},
	{"len", "a", f_len},
	{"lt", "aa", f_lt},
	{"ne", "aa", f_ne},
	{"not", "a", f_not},
	{"or", "a*a", f_andor},
	{"print", "*a", f_print},
	{"printf", "s*a", f_printf},
	{"println", "*a", f_println},
	{"urlquery", "*a", f_urlquery},
	{NULL, NULL, NULL},
};
