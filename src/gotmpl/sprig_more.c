/*
 * sprig_more.c - the rest of Sprig's deterministic functions krender
 * provides: word helpers from goutils (abbrev, abbrevboth, initials,
 * untitle, swapcase), plural, base32, adler32sum, float arithmetic helpers
 * (maxf, minf, round), seq, toDecimal, chunk, typeIsLike, hello, and the
 * os* path functions (the same as the path ones on Linux). ASCII letters
 * only for case changes, as elsewhere in gotmpl.
 */
#include "gotmpl/internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* goutils.AbbreviateFull; @ok false where it reports an error (Sprig then gives "") */
static kr_gt_value abbreviate(kr_arena *a, kr_gt_value s, int64_t offset, int64_t width, bool *ok)
{
	int64_t len = (int64_t)s.u.s.n;
	char *o;

	*ok = true;
	if (len == 0)
		return s;
	if (width < 4) {
		*ok = false;
		return kr_gt_string("", 0);
	}
	if (len <= width)
		return s;
	if (offset > len)
		offset = len;
	if (len - offset < width - 3)
		offset = len - (width - 3);
	if (offset <= 4) {
		o = kr_arena_sprintf(a, "%.*s...", (int)(width - 3), s.u.s.p);
		return o ? kr_gt_string(o, strlen(o)) : (kr_gt_value){KR_GT_INVALID, {0}};
	}
	if (width < 7) {
		*ok = false;
		return kr_gt_string("", 0);
	}
	if (offset + width - 3 < len) {
		kr_gt_value rest = abbreviate(a, kr_gt_string(s.u.s.p + offset, (size_t)(len - offset)), 0, width - 3, ok);

		o = rest.kind ? kr_arena_sprintf(a, "...%.*s", (int)rest.u.s.n, rest.u.s.p) : NULL;
	} else {
		o = kr_arena_sprintf(a, "...%.*s", (int)(width - 3), s.u.s.p + len - (width - 3));
	}
	return o ? kr_gt_string(o, strlen(o)) : (kr_gt_value){KR_GT_INVALID, {0}};
}

static int f_abbrev(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	bool ok;

	(void)n;
	if (v[0].u.i < 4) {
		*out = v[1];
		return 0;
	}
	*out = abbreviate(a, v[1], 0, v[0].u.i, &ok);
	return out->kind ? 0 : kr_gt_failf(msg, "out of memory");
}

static int f_abbrevboth(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	bool ok;

	(void)n;
	if (v[1].u.i < 4 || (v[0].u.i > 0 && v[1].u.i < 7)) {
		*out = v[2];
		return 0;
	}
	*out = abbreviate(a, v[2], v[0].u.i, v[1].u.i, &ok);
	return out->kind ? 0 : kr_gt_failf(msg, "out of memory");
}

static int f_initials(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	kr_buf b;
	bool gap = true;
	size_t i;
	int rc = 0;

	(void)n;
	kr_buf_init(&b, (size_t)1 << 26);
	for (i = 0; i < v[0].u.s.n && rc == 0; i++) {
		unsigned char c = (unsigned char)v[0].u.s.p[i];

		if (kr_gt_is_space(c))
			gap = true;
		else if (gap)
			rc = kr_buf_putc(&b, (char)c), gap = false;
	}
	return kr_gt_result(a, &b, rc, out, msg);
}

/* untitle (@swap false): each word's first letter lowered; swapcase: goutils.SwapCase */
static int recase(kr_arena *a, kr_gt_value s, bool swap, kr_gt_value *out, kr_buf *msg)
{
	char *p = kr_arena_memdup(a, s.u.s.p, s.u.s.n);
	bool start = true;
	size_t i;

	if (!p)
		return kr_gt_failf(msg, "out of memory");
	for (i = 0; i < s.u.s.n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (!swap) {
			if (kr_gt_is_space(c))
				start = true;
			else if (start)
				p[i] = (char)tolower(c), start = false;
		} else if (isupper(c)) {
			p[i] = (char)tolower(c), start = false;
		} else if (islower(c)) {
			p[i] = (char)toupper(c), start = false;
		} else {
			start = kr_gt_is_space(c);
		}
	}
	*out = kr_gt_string(p, s.u.s.n);
	return 0;
}

static int f_untitle(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return recase(a, v[0], false, out, msg);
}

static int f_swapcase(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return recase(a, v[0], true, out, msg);
}

static int f_plural(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = v[2].u.i == 1 ? v[0] : v[1];
	return 0;
}

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static int f_b32enc(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	const unsigned char *s = (const unsigned char *)v[0].u.s.p;
	size_t len = v[0].u.s.n, i, k = 0, olen = (len + 4) / 5 * 8;
	char *o = kr_arena_alloc(a, olen + 1);

	(void)n;
	if (!o)
		return kr_gt_failf(msg, "out of memory");
	for (i = 0; i < len; i += 5) {
		unsigned char blk[5] = {0};
		size_t m = len - i < 5 ? len - i : 5, chars = (m * 8 + 4) / 5, j;
		uint64_t bits;

		memcpy(blk, s + i, m);
		bits = (uint64_t)blk[0] << 32 | (uint64_t)blk[1] << 24 | (uint64_t)blk[2] << 16 | (uint64_t)blk[3] << 8 | blk[4];
		for (j = 0; j < 8; j++)
			o[k++] = j < chars ? b32[(bits >> (35 - 5 * j)) & 31] : '=';
	}
	*out = kr_gt_string(o, k);
	return 0;
}

/* b32dec: the decoded bytes, or Go's error text as the result (Sprig's way) */
static int f_b32dec(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	const char *s = v[0].u.s.p;
	size_t len = v[0].u.s.n, i, k = 0, bits = 0, pad = 0;
	uint64_t acc = 0;
	char *o = kr_arena_alloc(a, len + 1);

	(void)n;
	if (!o)
		return kr_gt_failf(msg, "out of memory");
	for (i = 0; i < len; i++) {
		const char *at = s[i] ? strchr(b32, s[i]) : NULL;

		if (s[i] == '=') {
			pad++;
			continue;
		}
		if (!at || pad || len % 8) {
			char *e = kr_arena_sprintf(a, "illegal base32 data at input byte %zu", len % 8 && at && !pad ? len / 8 * 8 : i);

			*out = e ? kr_gt_string(e, strlen(e)) : (kr_gt_value){KR_GT_INVALID, {0}};
			return out->kind ? 0 : kr_gt_failf(msg, "out of memory");
		}
		acc = acc << 5 | (uint64_t)(at - b32);
		bits += 5;
		if (bits >= 8) {
			o[k++] = (char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	*out = kr_gt_string(o, k);
	return 0;
}

static int f_adler32sum(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	uint32_t s1 = 1, s2 = 0;
	size_t i;
	char num[16];

	(void)n;
	for (i = 0; i < v[0].u.s.n; i++) {
		s1 = (s1 + (unsigned char)v[0].u.s.p[i]) % 65521;
		s2 = (s2 + s1) % 65521;
	}
	snprintf(num, sizeof(num), "%u", s2 << 16 | s1);
	*out = kr_gt_cstr(a, num);
	return out->kind ? 0 : kr_gt_failf(msg, "out of memory");
}

static int f_maxf(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	double m = kr_gt_to_float64(v[0]);
	size_t i;

	(void)a, (void)msg;
	for (i = 1; i < n; i++)
		m = fmax(m, kr_gt_to_float64(v[i]));
	*out = kr_gt_float(m);
	return 0;
}

static int f_minf(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	double m = kr_gt_to_float64(v[0]);
	size_t i;

	(void)a, (void)msg;
	for (i = 1; i < n; i++)
		m = fmin(m, kr_gt_to_float64(v[i]));
	*out = kr_gt_float(m);
	return 0;
}

/* round VALUE PLACES [ROUND_ON=.5] */
static int f_round(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	double on = n > 2 ? v[2].u.f : .5, pow10 = pow(10, (double)v[1].u.i), digit = pow10 * kr_gt_to_float64(v[0]), ip;

	(void)a, (void)msg;
	*out = kr_gt_float((modf(digit, &ip) >= on ? ceil(digit) : floor(digit)) / pow10);
	return 0;
}

/* seq [START [STEP]] END: the numbers joined by spaces */
static int f_seq(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	int64_t start = 1, end, step, inc = 1, x;
	kr_buf b;
	int rc = 0, count = 0;

	if (n == 0 || n > 3) {
		*out = kr_gt_string("", 0);
		return 0;
	}
	end = v[n - 1].u.i;
	if (n >= 2)
		start = v[0].u.i;
	if (end < start)
		inc = -1;
	step = n == 3 ? v[1].u.i : inc;
	if (n == 3 && end < start && step > 0) {
		*out = kr_gt_string("", 0);
		return 0;
	}
	end += inc; /* untilStep(start, end+increment, step) */
	kr_buf_init(&b, (size_t)1 << 26);
	if (step != 0 && !(step > 0 && start >= end) && !(step < 0 && start <= end))
		for (x = start; (step > 0 ? x < end : x > end) && rc == 0; x += step)
			rc = kr_buf_printf(&b, count++ ? " %lld" : "%lld", (long long)x);
	return kr_gt_result(a, &b, rc, out, msg);
}

/* toDecimal: strconv.ParseInt(fmt.Sprint(v), 8, 64), 0 when it is no octal number */
static int f_to_decimal(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	kr_gt_value s;
	char tmp[64], *end;
	long long r = 0;

	(void)n;
	if (kr_gt_strval(a, v[0], &s) < 0)
		return kr_gt_failf(msg, "out of memory");
	if (s.u.s.n && s.u.s.n < sizeof(tmp) && !kr_gt_is_space((unsigned char)s.u.s.p[0])) {
		memcpy(tmp, s.u.s.p, s.u.s.n);
		tmp[s.u.s.n] = '\0';
		r = strtoll(tmp, &end, 8);
		if (*end)
			r = 0;
	}
	*out = kr_gt_int(r);
	out->kind = KR_GT_INT64;
	return 0;
}

static int f_chunk(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	int64_t size = v[0].u.i;
	size_t len, chunks, i, j, k = 0;

	(void)n;
	if (v[1].kind <= KR_GT_NIL)
		return kr_gt_failf(msg, "runtime error: invalid memory address or nil pointer dereference");
	if (v[1].kind != KR_GT_LIST)
		return kr_gt_failf(msg, "Cannot chunk type %s", v[1].kind == KR_GT_MAP ? "map" : kr_gt_type_name(v[1]));
	if (size <= 0)
		return kr_gt_failf(msg, "runtime error: integer divide by zero");
	len = v[1].u.l->n;
	chunks = len == 0 ? 0 : (len - 1) / (size_t)size + 1;
	*out = kr_gt_new_list(a, chunks);
	for (i = 0; out->kind && i < chunks; i++) {
		size_t clen = i + 1 < chunks || len % (size_t)size == 0 ? (size_t)size : len % (size_t)size;
		kr_gt_value c = kr_gt_new_list(a, clen);

		if (!c.kind)
			return kr_gt_failf(msg, "out of memory");
		for (j = 0; j < clen; j++)
			c.u.l->v[j] = v[1].u.l->v[k++];
		out->u.l->v[i] = c;
	}
	return out->kind ? 0 : kr_gt_failf(msg, "out of memory");
}

static int f_type_is_like(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	const char *t = v[1].kind <= KR_GT_NIL ? "<nil>" : kr_gt_type_name(v[1]);

	(void)a, (void)n, (void)msg;
	*out = kr_gt_bool((strlen(t) == v[0].u.s.n && memcmp(t, v[0].u.s.p, v[0].u.s.n) == 0) ||
			  (v[0].u.s.n + 1 == strlen(t) && t[0] == '*' && memcmp(t + 1, v[0].u.s.p, v[0].u.s.n) == 0));
	return 0;
}

static int f_hello(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)v, (void)n, (void)msg;
	*out = kr_gt_string("Hello!", 6);
	return 0;
}

const gt_fn kr_gt_fns_more[] = {
	{"abbrev", "is", f_abbrev},
	{"abbrevboth", "iis", f_abbrevboth},
	{"adler32sum", "s", f_adler32sum},
	{"b32dec", "s", f_b32dec},
	{"b32enc", "s", f_b32enc},
	{"chunk", "ia", f_chunk},
	{"hello", "", f_hello},
	{"initials", "s", f_initials},
	{"maxf", "a*a", f_maxf},
	{"minf", "a*a", f_minf},
	{"mustChunk", "ia", f_chunk},
	{"plural", "ssi", f_plural},
	{"round", "ai*f", f_round},
	{"seq", "*i", f_seq},
	{"swapcase", "s", f_swapcase},
	{"toDecimal", "a", f_to_decimal},
	{"typeIsLike", "sa", f_type_is_like},
	{"untitle", "s", f_untitle},
	{NULL, NULL, NULL},
};
