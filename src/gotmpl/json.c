/*
 * json.c - encoding/json's Marshal and MarshalIndent of template values
 * (Go 1.19): keys sorted, floats in the shortest form ('f' layout, 'e'
 * below 1e-6 or from 1e21 with "e-07" cleaned to "e-7"), strings escaped
 * as Go does (\u0008 and \u000c for backspace and form feed, <, > and &
 * escaped unless @html is false, U+2028/U+2029 always, invalid UTF-8 as
 * U+FFFD). kr_gt_json_check() is its scanner: a syntax check with the
 * same error texts.
 */
#include "gotmpl/internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

/* the shortest digits of @f that read back as @f, and the decimal exponent of the first */
static int shortest(double f, char digits[24], int *exp10)
{
	char tmp[40];
	int p, k = 0;

	for (p = 0; p < 17; p++) {
		snprintf(tmp, sizeof(tmp), "%.*e", p, f);
		if (strtod(tmp, NULL) == f)
			break;
	}
	snprintf(tmp, sizeof(tmp), "%.*e", p, f);
	{
		const char *s = tmp + (tmp[0] == '-');
		const char *e = strchr(s, 'e');

		for (; s < e; s++)
			if (*s != '.')
				digits[k++] = *s;
		*exp10 = atoi(e + 1);
	}
	while (k > 1 && digits[k - 1] == '0')
		k--;
	digits[k] = 0;
	return k;
}

static int json_float(kr_buf *out, double f)
{
	char d[24];
	int e, k, rc = 0, i;
	double abs = fabs(f);

	if (!isfinite(f))
		return KR_EINVAL; /* json: unsupported value */
	if (f == 0)
		return kr_buf_puts(out, signbit(f) ? "-0" : "0");
	k = shortest(f, d, &e);
	if (f < 0)
		rc = kr_buf_putc(out, '-');
	if (abs < 1e-6 || abs >= 1e21) {
		rc = rc ? rc : kr_buf_putc(out, d[0]);
		if (rc == 0 && k > 1)
			rc = kr_buf_putc(out, '.') || kr_buf_append(out, d + 1, (size_t)k - 1);
		return rc ? rc : kr_buf_printf(out, "e%c%d", e < 0 ? '-' : '+', e < 0 ? -e : e);
	}
	if (e < 0) {
		rc = rc ? rc : kr_buf_puts(out, "0.");
		for (i = 0; i < -e - 1 && rc == 0; i++)
			rc = kr_buf_putc(out, '0');
		return rc ? rc : kr_buf_append(out, d, (size_t)k);
	}
	if (e + 1 >= k) {
		rc = rc ? rc : kr_buf_append(out, d, (size_t)k);
		for (i = k; i < e + 1 && rc == 0; i++)
			rc = kr_buf_putc(out, '0');
		return rc;
	}
	rc = rc ? rc : kr_buf_append(out, d, (size_t)e + 1);
	rc = rc ? rc : kr_buf_putc(out, '.');
	return rc ? rc : kr_buf_append(out, d + e + 1, (size_t)(k - e - 1));
}

static int json_string(kr_buf *out, const char *s, size_t n, bool html)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	int rc = kr_buf_putc(out, '"');

	while (i < n && rc == 0) {
		unsigned char c = u[i];

		if (c < 0x80) {
			if (c == '"' || c == '\\')
				rc = kr_buf_putc(out, '\\') || kr_buf_putc(out, (char)c);
			else if (c == '\n')
				rc = kr_buf_puts(out, "\\n");
			else if (c == '\r')
				rc = kr_buf_puts(out, "\\r");
			else if (c == '\t')
				rc = kr_buf_puts(out, "\\t");
			else if (c < 0x20 || (html && (c == '<' || c == '>' || c == '&')))
				rc = kr_buf_printf(out, "\\u00%02x", c);
			else
				rc = kr_buf_putc(out, (char)c);
			i++;
			continue;
		}
		{
			unsigned long r;
			size_t len = kr_utf8_rune(u + i, n - i, &r);

			if (len == 0) {
				rc = kr_buf_puts(out, "\\ufffd");
				i++;
			} else if (r == 0x2028 || r == 0x2029) {
				rc = kr_buf_printf(out, "\\u%04lx", r);
				i += len;
			} else {
				rc = kr_buf_append(out, s + i, len);
				i += len;
			}
		}
	}
	return rc ? rc : kr_buf_putc(out, '"');
}

static int newline(kr_buf *out, const char *indent, int depth)
{
	int rc = kr_buf_putc(out, '\n'), i;

	for (i = 0; i < depth && rc == 0; i++)
		rc = kr_buf_puts(out, indent);
	return rc;
}

static int json_value(kr_buf *out, kr_gt_value v, const char *indent, bool html, int depth)
{
	char num[32];
	size_t i;
	int rc = 0;

	if (depth > KR_GT_MAX_NESTING)
		return KR_EINVAL;
	switch (v.kind) {
	case KR_GT_INVALID:
	case KR_GT_NIL: return kr_buf_puts(out, "null");
	case KR_GT_BOOL: return kr_buf_puts(out, v.u.b ? "true" : "false");
	case KR_GT_INT:
	case KR_GT_INT64: snprintf(num, sizeof(num), "%lld", (long long)v.u.i); return kr_buf_puts(out, num);
	case KR_GT_FLOAT: return json_float(out, v.u.f);
	case KR_GT_STRING: return json_string(out, v.u.s.p, v.u.s.n, html);
	case KR_GT_LIST:
		if (v.u.l->n == 0)
			return kr_buf_puts(out, "[]");
		rc = kr_buf_putc(out, '[');
		for (i = 0; i < v.u.l->n && rc == 0; i++) {
			if (i)
				rc = kr_buf_putc(out, ',');
			if (rc == 0 && *indent)
				rc = newline(out, indent, depth + 1);
			if (rc == 0)
				rc = json_value(out, v.u.l->v[i], indent, html, depth + 1);
		}
		if (rc == 0 && *indent)
			rc = newline(out, indent, depth);
		return rc ? rc : kr_buf_putc(out, ']');
	default:
		if (v.u.m->n == 0)
			return kr_buf_puts(out, "{}");
		rc = kr_buf_putc(out, '{');
		for (i = 0; i < v.u.m->n && rc == 0; i++) {
			if (i)
				rc = kr_buf_putc(out, ',');
			if (rc == 0 && *indent)
				rc = newline(out, indent, depth + 1);
			if (rc == 0)
				rc = json_string(out, v.u.m->k[i], strlen(v.u.m->k[i]), html);
			if (rc == 0)
				rc = kr_buf_puts(out, *indent ? ": " : ":");
			if (rc == 0)
				rc = json_value(out, v.u.m->v[i], indent, html, depth + 1);
		}
		if (rc == 0 && *indent)
			rc = newline(out, indent, depth);
		return rc ? rc : kr_buf_putc(out, '}');
	}
}

int kr_gt_json(kr_buf *out, kr_gt_value v, const char *indent, bool html)
{
	return json_value(out, v, indent, html, 0);
}

/* JSON syntax check with encoding/json's scanner messages */

struct scan {
	const unsigned char *s;
	size_t n, i;
	kr_buf *msg;
	int depth;
};

static int scan_fail(struct scan *S, const char *context)
{
	unsigned char c;

	if (S->i >= S->n)
		return kr_gt_failf(S->msg, "unexpected end of JSON input");
	c = S->s[S->i];
	if (c == '\'')
		return kr_gt_failf(S->msg, "invalid character '\\'' %s", context);
	if (c == '"')
		return kr_gt_failf(S->msg, "invalid character '\"' %s", context);
	if (c < 0x20)
		return kr_gt_failf(S->msg, "invalid character '\\x%02x' %s", c, context);
	if (c >= 0x80)
		return kr_gt_failf(S->msg, "invalid character '\\u%04x' %s", 0xfffd, context);
	return kr_gt_failf(S->msg, "invalid character '%c' %s", c, context);
}

static void skip_ws(struct scan *S)
{
	while (S->i < S->n && (S->s[S->i] == ' ' || S->s[S->i] == '\t' || S->s[S->i] == '\n' || S->s[S->i] == '\r'))
		S->i++;
}

static int scan_value(struct scan *S);

static int scan_string(struct scan *S)
{
	S->i++; /* '"' */
	while (S->i < S->n) {
		unsigned char c = S->s[S->i];

		if (c == '"') {
			S->i++;
			return 0;
		}
		if (c < 0x20)
			return scan_fail(S, "in string literal");
		if (c == '\\') {
			S->i++;
			if (S->i < S->n && S->s[S->i] == 'u') {
				int k;

				for (k = 0; k < 4; k++) {
					S->i++;
					if (S->i >= S->n || !isxdigit(S->s[S->i]))
						return scan_fail(S, "in \\u hexadecimal character escape");
				}
			} else if (S->i >= S->n || !S->s[S->i] || !strchr("\"\\/bfnrt", S->s[S->i])) {
				return scan_fail(S, "in string escape code");
			}
		}
		S->i++;
	}
	return scan_fail(S, "");
}

static int scan_number(struct scan *S)
{
	if (S->s[S->i] == '-')
		S->i++;
	if (S->i < S->n && S->s[S->i] == '0')
		S->i++;
	else if (S->i < S->n && isdigit(S->s[S->i]))
		while (S->i < S->n && isdigit(S->s[S->i]))
			S->i++;
	else
		return scan_fail(S, "in numeric literal");
	if (S->i < S->n && S->s[S->i] == '.') {
		S->i++;
		if (S->i >= S->n || !isdigit(S->s[S->i]))
			return scan_fail(S, "after decimal point in numeric literal");
		while (S->i < S->n && isdigit(S->s[S->i]))
			S->i++;
	}
	if (S->i < S->n && (S->s[S->i] == 'e' || S->s[S->i] == 'E')) {
		S->i++;
		if (S->i < S->n && (S->s[S->i] == '+' || S->s[S->i] == '-'))
			S->i++;
		if (S->i >= S->n || !isdigit(S->s[S->i]))
			return scan_fail(S, "in exponent of numeric literal");
		while (S->i < S->n && isdigit(S->s[S->i]))
			S->i++;
	}
	return 0;
}

static int scan_literal(struct scan *S, const char *word)
{
	size_t k;

	for (k = 0; word[k]; k++, S->i++) {
		if (S->i >= S->n || S->s[S->i] != (unsigned char)word[k]) {
			char ctx[64];

			if (k == 0)
				return scan_fail(S, "looking for beginning of value");
			snprintf(ctx, sizeof(ctx), "in literal %s (expecting '%c')", word, word[k]);
			return scan_fail(S, ctx);
		}
	}
	return 0;
}

static int scan_value(struct scan *S)
{
	unsigned char c;

	skip_ws(S);
	if (S->i >= S->n)
		return scan_fail(S, "");
	if (++S->depth > 10000)
		return kr_gt_failf(S->msg, "exceeded max depth");
	c = S->s[S->i];
	if (c == '{' || c == '[') {
		bool obj = c == '{';

		S->i++;
		skip_ws(S);
		if (S->i < S->n && S->s[S->i] == (obj ? '}' : ']')) {
			S->i++;
			S->depth--;
			return 0;
		}
		for (;;) {
			skip_ws(S);
			if (obj) {
				if (S->i >= S->n || S->s[S->i] != '"')
					return scan_fail(S, "looking for beginning of object key string");
				if (scan_string(S) < 0)
					return -1;
				skip_ws(S);
				if (S->i >= S->n || S->s[S->i] != ':')
					return scan_fail(S, "after object key");
				S->i++;
			}
			if (scan_value(S) < 0)
				return -1;
			skip_ws(S);
			if (S->i < S->n && S->s[S->i] == ',') {
				S->i++;
				continue;
			}
			if (S->i < S->n && S->s[S->i] == (obj ? '}' : ']')) {
				S->i++;
				S->depth--;
				return 0;
			}
			return scan_fail(S, obj ? "after object key:value pair" : "after array element");
		}
	}
	S->depth--;
	switch (c) {
	case '"': return scan_string(S);
	case 't': return scan_literal(S, "true");
	case 'f': return scan_literal(S, "false");
	case 'n': return scan_literal(S, "null");
	default:
		if (c == '-' || isdigit(c))
			return scan_number(S);
		return scan_fail(S, "looking for beginning of value");
	}
}

int kr_gt_json_check(const char *s, size_t n, kr_buf *msg)
{
	struct scan S = {(const unsigned char *)s, n, 0, msg, 0};

	if (scan_value(&S) < 0)
		return -1;
	skip_ws(&S);
	return S.i < n ? scan_fail(&S, "after top-level value") : 0;
}
