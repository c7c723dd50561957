/*
 * sprig_strings.c - Sprig's string functions: trimming, case, substrings,
 * quoting, joining and splitting, indentation, encodings and hashes,
 * slash-separated paths (Go's path package) and regular expressions.
 * Regular expressions are PCRE2 with $ matching only at the end, standing
 * in for Go's RE2 (same syntax for what RE2 accepts); replacement
 * templates expand $1, ${1}, $name and $$ as Go's Regexp.Expand does.
 * Argument order is Sprig's: the string operated on comes last so that it
 * can be piped in.
 */
#include "gotmpl/internal.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <nettle/base64.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>
#include <pcre2.h>
#include <string.h>

#include "fs/fs.h"
#include "template/gofmt.h"

#define STR(v) (v).u.s.p, (v).u.s.n
#define OUT_LIMIT ((size_t)1 << 26)

static int f_trim(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	const char *s = v[0].u.s.p;
	size_t len = v[0].u.s.n;

	(void)a, (void)n, (void)msg;
	while (len && kr_gt_is_space((unsigned char)*s))
		s++, len--;
	while (len && kr_gt_is_space((unsigned char)s[len - 1]))
		len--;
	*out = kr_gt_string(s, len);
	return 0;
}

/* strings.Trim(v[1], cutset v[0]) for ASCII cutsets */
static int f_trim_all(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	const char *s = v[1].u.s.p;
	size_t len = v[1].u.s.n;

	(void)a, (void)n, (void)msg;
	while (len && memchr(v[0].u.s.p, *s, v[0].u.s.n))
		s++, len--;
	while (len && memchr(v[0].u.s.p, s[len - 1], v[0].u.s.n))
		len--;
	*out = kr_gt_string(s, len);
	return 0;
}

static int f_trim_prefix(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = v[1];
	if (v[1].u.s.n >= v[0].u.s.n && memcmp(v[1].u.s.p, STR(v[0])) == 0)
		*out = kr_gt_string(v[1].u.s.p + v[0].u.s.n, v[1].u.s.n - v[0].u.s.n);
	return 0;
}

static int f_trim_suffix(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = v[1];
	if (v[1].u.s.n >= v[0].u.s.n && memcmp(v[1].u.s.p + v[1].u.s.n - v[0].u.s.n, STR(v[0])) == 0)
		*out = kr_gt_string(v[1].u.s.p, v[1].u.s.n - v[0].u.s.n);
	return 0;
}

/* case mapping of ASCII letters; other bytes as they are */
static int map_case(kr_arena *a, kr_gt_value s, int how, kr_gt_value *out, kr_buf *msg)
{
	char *p = kr_arena_memdup(a, STR(s));
	bool sep = true;
	size_t i;

	if (!p)
		return kr_gt_failf(msg, "out of memory");
	for (i = 0; i < s.u.s.n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (how == 'u')
			p[i] = (char)toupper(c);
		else if (how == 'l')
			p[i] = (char)tolower(c);
		else {
			/* strings.Title: a letter after a separator (not a letter, digit or '_') */
			if (sep)
				p[i] = (char)toupper(c);
			sep = c < 0x80 && !isalnum(c) && c != '_';
		}
	}
	*out = kr_gt_string(p, s.u.s.n);
	return 0;
}

static int f_upper(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return map_case(a, v[0], 'u', out, msg);
}

static int f_lower(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return map_case(a, v[0], 'l', out, msg);
}

static int f_title(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return map_case(a, v[0], 't', out, msg);
}

static int f_repeat(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	kr_buf b;
	int64_t i;
	int rc = 0;

	(void)n;
	if (v[0].u.i < 0)
		return kr_gt_failf(msg, "strings: negative Repeat count");
	kr_buf_init(&b, OUT_LIMIT);
	for (i = 0; i < v[0].u.i && rc == 0; i++)
		rc = kr_buf_append(&b, STR(v[1]));
	return kr_gt_result(a, &b, rc, out, msg);
}

static int bounds(kr_buf *msg, int64_t lo, int64_t hi, size_t len, int form)
{
	if (form == 1)
		return kr_gt_failf(msg, "runtime error: slice bounds out of range [:%lld] with length %zu", (long long)hi, len);
	if (form == 2)
		return kr_gt_failf(msg, "runtime error: slice bounds out of range [%lld:%zu]", (long long)lo, len);
	return kr_gt_failf(msg, "runtime error: slice bounds out of range [%lld:%lld]", (long long)lo, (long long)hi);
}

/* Sprig's substring: s[:end] when start < 0, s[start:] when end is out of range, else s[start:end] */
static int f_substr(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	int64_t start = v[0].u.i, end = v[1].u.i;
	size_t len = v[2].u.s.n;

	(void)a, (void)n;
	if (start < 0) {
		if (end < 0 || (uint64_t)end > len)
			return bounds(msg, 0, end, len, 1);
		*out = kr_gt_string(v[2].u.s.p, (size_t)end);
	} else if (end < 0 || (uint64_t)end > len) {
		if ((uint64_t)start > len)
			return bounds(msg, start, 0, len, 2);
		*out = kr_gt_string(v[2].u.s.p + start, len - (size_t)start);
	} else {
		if (start > end)
			return bounds(msg, start, end, len, 3);
		*out = kr_gt_string(v[2].u.s.p + start, (size_t)(end - start));
	}
	return 0;
}

static int f_trunc(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	int64_t c = v[0].u.i, len = (int64_t)v[1].u.s.n;

	(void)a, (void)n, (void)msg;
	if (c < 0 && len + c > 0)
		*out = kr_gt_string(v[1].u.s.p + len + c, (size_t)-c);
	else if (c >= 0 && len > c)
		*out = kr_gt_string(v[1].u.s.p, (size_t)c);
	else
		*out = v[1];
	return 0;
}

static bool contains(kr_gt_value hay, kr_gt_value needle)
{
	size_t i;

	if (needle.u.s.n == 0)
		return true;
	for (i = 0; i + needle.u.s.n <= hay.u.s.n; i++)
		if (memcmp(hay.u.s.p + i, STR(needle)) == 0)
			return true;
	return false;
}

static int f_contains(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = kr_gt_bool(contains(v[1], v[0]));
	return 0;
}

static int f_has_prefix(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = kr_gt_bool(v[1].u.s.n >= v[0].u.s.n && memcmp(v[1].u.s.p, STR(v[0])) == 0);
	return 0;
}

static int f_has_suffix(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = kr_gt_bool(v[1].u.s.n >= v[0].u.s.n &&
			  memcmp(v[1].u.s.p + v[1].u.s.n - v[0].u.s.n, STR(v[0])) == 0);
	return 0;
}

/* quote, squote: every non-nil operand as a string, quoted, joined by spaces */
static int quote_all(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg, bool single)
{
	kr_buf b;
	size_t i;
	int rc = 0, k = 0;

	kr_buf_init(&b, OUT_LIMIT);
	for (i = 0; i < n && rc == 0; i++) {
		kr_gt_value s;

		if (v[i].kind <= KR_GT_NIL)
			continue;
		if (kr_gt_strval(a, v[i], &s) < 0) {
			rc = -1;
			break;
		}
		if (k++)
			rc = kr_buf_putc(&b, ' ');
		if (rc == 0 && single) {
			rc = kr_buf_putc(&b, '\'');
			if (rc == 0)
				rc = kr_buf_append(&b, STR(s));
			if (rc == 0)
				rc = kr_buf_putc(&b, '\'');
		} else if (rc == 0) {
			rc = kr_go_quote(&b, STR(s));
		}
	}
	return kr_gt_result(a, &b, rc, out, msg);
}

static int f_quote(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	return quote_all(a, v, n, out, msg, false);
}

static int f_squote(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	return quote_all(a, v, n, out, msg, true);
}

/* cat: the non-nil operands with %v, separated by spaces */
static int f_cat(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	kr_buf b;
	size_t i;
	int rc = 0, k = 0;

	kr_buf_init(&b, OUT_LIMIT);
	for (i = 0; i < n && rc == 0; i++) {
		if (v[i].kind <= KR_GT_NIL)
			continue;
		if (k++)
			rc = kr_buf_putc(&b, ' ');
		if (rc == 0)
			rc = kr_gt_print(&b, v[i]);
	}
	return kr_gt_result(a, &b, rc, out, msg);
}

static int indent(kr_arena *a, kr_gt_value *v, kr_gt_value *out, kr_buf *msg, bool newline)
{
	kr_buf b;
	size_t i;
	int64_t k;
	int rc = 0;

	kr_buf_init(&b, OUT_LIMIT);
	if (newline)
		rc = kr_buf_putc(&b, '\n');
	for (k = 0; k < v[0].u.i && rc == 0; k++)
		rc = kr_buf_putc(&b, ' ');
	for (i = 0; i < v[1].u.s.n && rc == 0; i++) {
		rc = kr_buf_putc(&b, v[1].u.s.p[i]);
		for (k = 0; v[1].u.s.p[i] == '\n' && k < v[0].u.i && rc == 0; k++)
			rc = kr_buf_putc(&b, ' ');
	}
	return kr_gt_result(a, &b, rc, out, msg);
}

static int f_indent(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return indent(a, v, out, msg, false);
}

static int f_nindent(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return indent(a, v, out, msg, true);
}

/* strings.Replace(src, old, new, -1): an empty old inserts new around every rune */
static int f_replace(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	kr_gt_value old = v[0], new = v[1], src = v[2];
	kr_buf b;
	size_t i = 0;
	int rc = 0;

	(void)n;
	kr_buf_init(&b, OUT_LIMIT);
	if (old.u.s.n == 0) {
		rc = kr_buf_append(&b, STR(new));
		while (i < src.u.s.n && rc == 0) {
			size_t j = i + 1;

			while (j < src.u.s.n && ((unsigned char)src.u.s.p[j] & 0xc0) == 0x80)
				j++;
			rc = kr_buf_append(&b, src.u.s.p + i, j - i);
			if (rc == 0)
				rc = kr_buf_append(&b, STR(new));
			i = j;
		}
		return kr_gt_result(a, &b, rc, out, msg);
	}
	while (i < src.u.s.n && rc == 0) {
		if (i + old.u.s.n <= src.u.s.n && memcmp(src.u.s.p + i, STR(old)) == 0) {
			rc = kr_buf_append(&b, STR(new));
			i += old.u.s.n;
		} else {
			rc = kr_buf_putc(&b, src.u.s.p[i++]);
		}
	}
	return kr_gt_result(a, &b, rc, out, msg);
}

static int f_nospace(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	kr_buf b;
	size_t i;
	int rc = 0;

	(void)n;
	kr_buf_init(&b, OUT_LIMIT);
	for (i = 0; i < v[0].u.s.n && rc == 0; i++)
		if (!kr_gt_is_space((unsigned char)v[0].u.s.p[i]))
			rc = kr_buf_putc(&b, v[0].u.s.p[i]);
	return kr_gt_result(a, &b, rc, out, msg);
}

static int f_to_string(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return kr_gt_strval(a, v[0], out) < 0 ? kr_gt_failf(msg, "out of memory") : 0;
}

/* strings.SplitN(s, sep, max) as string values; max < 0: all */
static kr_gt_value split_n(kr_arena *a, kr_gt_value s, kr_gt_value sep, int64_t max)
{
	size_t count = 1, i, k = 0, start = 0;
	kr_gt_value l;

	if (max == 0)
		return kr_gt_new_list(a, 0);
	if (sep.u.s.n == 0) {
		/* one element per rune */
		for (count = 0, i = 0; i < s.u.s.n; i++)
			count += ((unsigned char)s.u.s.p[i] & 0xc0) != 0x80;
		if (max > 0 && (uint64_t)max < count)
			count = (size_t)max;
		l = kr_gt_new_list(a, count);
		for (i = 0; l.kind && k < count; k++) {
			size_t j = i + 1;

			while (j < s.u.s.n && ((unsigned char)s.u.s.p[j] & 0xc0) == 0x80)
				j++;
			if (k + 1 == count)
				j = s.u.s.n;
			l.u.l->v[k] = kr_gt_string(s.u.s.p + i, j - i);
			i = j;
		}
		return l;
	}
	for (i = 0; i + sep.u.s.n <= s.u.s.n; i++)
		if (memcmp(s.u.s.p + i, STR(sep)) == 0 && (max < 0 || count < (uint64_t)max))
			count++, i += sep.u.s.n - 1;
	l = kr_gt_new_list(a, count);
	for (i = 0; l.kind && i + sep.u.s.n <= s.u.s.n && k + 1 < count; i++)
		if (memcmp(s.u.s.p + i, STR(sep)) == 0) {
			l.u.l->v[k++] = kr_gt_string(s.u.s.p + start, i - start);
			start = i + sep.u.s.n;
			i = start - 1;
		}
	if (l.kind)
		l.u.l->v[k] = kr_gt_string(s.u.s.p + start, s.u.s.n - start);
	return l;
}

static int f_split_list(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	*out = split_n(a, v[1], v[0], -1);
	return out->kind ? 0 : kr_gt_failf(msg, "out of memory");
}

/* split and splitn: a map of "_0", "_1"... */
static int to_index_map(kr_arena *a, kr_gt_value l, kr_gt_value *out, kr_buf *msg)
{
	size_t i;

	if (!l.kind)
		return kr_gt_failf(msg, "out of memory");
	*out = kr_gt_new_map(a);
	for (i = 0; out->kind && i < l.u.l->n; i++) {
		char *key = kr_arena_sprintf(a, "_%zu", i);

		if (!key || kr_gt_map_set(a, *out, key, l.u.l->v[i]) < 0)
			return kr_gt_failf(msg, "out of memory");
	}
	return out->kind ? 0 : kr_gt_failf(msg, "out of memory");
}

static int f_split(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return to_index_map(a, split_n(a, v[1], v[0], -1), out, msg);
}

static int f_splitn(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return to_index_map(a, split_n(a, v[2], v[0], v[1].u.i), out, msg);
}

static int f_b64enc(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	size_t len = BASE64_ENCODE_RAW_LENGTH(v[0].u.s.n);
	char *p = kr_arena_alloc(a, len + 1);

	(void)n;
	if (!p)
		return kr_gt_failf(msg, "out of memory");
	base64_encode_raw(p, v[0].u.s.n, (const uint8_t *)v[0].u.s.p);
	*out = kr_gt_string(p, len);
	return 0;
}

/* b64dec: the decoded bytes, or the decoder's error as the result (Sprig's way) */
static int f_b64dec(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	struct base64_decode_ctx ctx;
	size_t len = BASE64_DECODE_LENGTH(v[0].u.s.n), i;
	char *p = kr_arena_alloc(a, len + 1);

	(void)n;
	if (!p)
		return kr_gt_failf(msg, "out of memory");
	for (i = 0; i < v[0].u.s.n; i++)
		if (v[0].u.s.p[i] == '\n' || v[0].u.s.p[i] == '\r' || v[0].u.s.p[i] == '-' || v[0].u.s.p[i] == '_')
			break;
	base64_decode_init(&ctx);
	if (i < v[0].u.s.n || v[0].u.s.n % 4 ||
	    !base64_decode_update(&ctx, &len, (uint8_t *)p, v[0].u.s.n, v[0].u.s.p) || !base64_decode_final(&ctx)) {
		/* Go names the offset of the first bad byte; krender names the input as invalid */
		*out = kr_gt_cstr(a, "illegal base64 data at input byte 0");
		return out->kind ? 0 : kr_gt_failf(msg, "out of memory");
	}
	*out = kr_gt_string(p, len);
	return 0;
}

static int hex_digest(kr_arena *a, const uint8_t *d, size_t n, kr_gt_value *out, kr_buf *msg)
{
	static const char hex[] = "0123456789abcdef";
	char *p = kr_arena_alloc(a, n * 2 + 1);
	size_t i;

	if (!p)
		return kr_gt_failf(msg, "out of memory");
	for (i = 0; i < n; i++)
		p[2 * i] = hex[d[i] >> 4], p[2 * i + 1] = hex[d[i] & 15];
	*out = kr_gt_string(p, n * 2);
	return 0;
}

static int f_sha256sum(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];

	(void)n;
	sha256_init(&ctx);
	sha256_update(&ctx, v[0].u.s.n, (const uint8_t *)v[0].u.s.p);
	sha256_digest(&ctx, sizeof(d), d);
	return hex_digest(a, d, sizeof(d), out, msg);
}

static int f_sha1sum(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	struct sha1_ctx ctx;
	uint8_t d[SHA1_DIGEST_SIZE];

	(void)n;
	sha1_init(&ctx);
	sha1_update(&ctx, v[0].u.s.n, (const uint8_t *)v[0].u.s.p);
	sha1_digest(&ctx, sizeof(d), d);
	return hex_digest(a, d, sizeof(d), out, msg);
}

/* Go's path.Clean (the project's kr_path_clean) of @s */
static kr_gt_value clean(kr_arena *a, kr_gt_value s)
{
	char *p = kr_arena_memdup(a, s.u.s.p, s.u.s.n), *c;

	if (p)
		p[s.u.s.n] = '\0';
	c = p ? kr_path_clean(a, p) : NULL;
	return c ? kr_gt_string(c, strlen(c)) : (kr_gt_value){KR_GT_INVALID, {0}};
}

static int f_clean(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	*out = clean(a, v[0]);
	return out->kind ? 0 : kr_gt_failf(msg, "out of memory");
}

static int f_base(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	const char *p = v[0].u.s.p;
	size_t len = v[0].u.s.n, i;

	(void)a, (void)n, (void)msg;
	if (len == 0) {
		*out = kr_gt_string(".", 1);
		return 0;
	}
	while (len > 0 && p[len - 1] == '/')
		len--;
	if (len == 0) {
		*out = kr_gt_string("/", 1);
		return 0;
	}
	for (i = len; i > 0 && p[i - 1] != '/'; i--)
		;
	*out = kr_gt_string(p + i, len - i);
	return 0;
}

static int f_dir(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	size_t i;

	(void)n;
	for (i = v[0].u.s.n; i > 0 && v[0].u.s.p[i - 1] != '/'; i--)
		;
	*out = clean(a, kr_gt_string(v[0].u.s.p, i));
	return out->kind ? 0 : kr_gt_failf(msg, "out of memory");
}

static int f_ext(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	size_t i;

	(void)a, (void)n, (void)msg;
	for (i = v[0].u.s.n; i > 0 && v[0].u.s.p[i - 1] != '/'; i--)
		if (v[0].u.s.p[i - 1] == '.') {
			*out = kr_gt_string(v[0].u.s.p + i - 1, v[0].u.s.n - i + 1);
			return 0;
		}
	*out = kr_gt_string("", 0);
	return 0;
}

static int f_is_abs(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)a, (void)n, (void)msg;
	*out = kr_gt_bool(v[0].u.s.n && v[0].u.s.p[0] == '/');
	return 0;
}

/* regular expressions */

static pcre2_code *compile(kr_gt_value re, kr_buf *msg)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)re.u.s.p, re.u.s.n, PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_MATCH_INVALID_UTF,
				      &code, &off, NULL);

	if (!c && msg) {
		PCRE2_UCHAR text[256];

		pcre2_get_error_message(code, text, sizeof(text));
		kr_gt_failf(msg, "regexp: Compile(`%.*s`): error parsing regexp: %s", (int)re.u.s.n, re.u.s.p, (char *)text);
	}
	return c;
}

struct matcher {
	pcre2_code *re;
	pcre2_match_data *md;
	kr_gt_value s;
};

static int matcher_open(struct matcher *m, kr_gt_value re, kr_gt_value s, kr_buf *msg)
{
	m->s = s;
	m->re = compile(re, msg);
	if (!m->re)
		return -1;
	m->md = pcre2_match_data_create_from_pattern(m->re, NULL);
	if (!m->md) {
		pcre2_code_free(m->re);
		return kr_gt_failf(msg, "out of memory");
	}
	return 0;
}

static void matcher_close(struct matcher *m)
{
	pcre2_match_data_free(m->md);
	pcre2_code_free(m->re);
}

/* the match at or after @pos: its offset vector, or NULL */
static PCRE2_SIZE *match_at(struct matcher *m, size_t pos)
{
	if (pcre2_match(m->re, (PCRE2_SPTR)m->s.u.s.p, m->s.u.s.n, pos, 0, m->md, NULL) < 0)
		return NULL;
	return pcre2_get_ovector_pointer(m->md);
}

static size_t rune_width(kr_gt_value s, size_t pos)
{
	size_t j = pos + 1;

	while (j < s.u.s.n && ((unsigned char)s.u.s.p[j] & 0xc0) == 0x80)
		j++;
	return j - pos;
}

/*
 * Go's allMatches: successive non-overlapping matches, an empty match
 * right after a previous one ignored; @each gets the accepted ones.
 */
static int all_matches(struct matcher *m, int64_t max, int (*each)(void *, const PCRE2_SIZE *), void *ctx)
{
	size_t pos = 0, end = m->s.u.s.n;
	int64_t i = 0;
	PCRE2_SIZE prev_end = (PCRE2_SIZE)-1;
	int rc = 0;

	if (max < 0)
		max = (int64_t)end + 1;
	while (i < max && pos <= end && rc == 0) {
		PCRE2_SIZE *ov = match_at(m, pos);
		bool accept = true;

		if (!ov)
			break;
		if (ov[1] == pos) {
			if (ov[0] == prev_end)
				accept = false;
			pos += pos < end ? rune_width(m->s, pos) : 1;
		} else {
			pos = ov[1];
		}
		prev_end = ov[1];
		if (accept)
			rc = each(ctx, ov), i++;
	}
	return rc;
}

static int f_regex_match(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	struct matcher m;

	(void)a, (void)n, (void)msg;
	*out = kr_gt_bool(false); /* a bad expression does not match */
	if (matcher_open(&m, v[0], v[1], NULL) < 0)
		return 0;
	*out = kr_gt_bool(match_at(&m, 0) != NULL);
	matcher_close(&m);
	return 0;
}

static int f_must_regex_match(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	struct matcher m;

	(void)a, (void)n;
	if (matcher_open(&m, v[0], v[1], msg) < 0)
		return -1;
	*out = kr_gt_bool(match_at(&m, 0) != NULL);
	matcher_close(&m);
	return 0;
}

static int f_regex_find(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	struct matcher m;
	PCRE2_SIZE *ov;

	(void)a, (void)n;
	if (matcher_open(&m, v[0], v[1], msg) < 0)
		return -1;
	ov = match_at(&m, 0);
	*out = ov ? kr_gt_string(v[1].u.s.p + ov[0], ov[1] - ov[0]) : kr_gt_string("", 0);
	matcher_close(&m);
	return 0;
}

struct collect {
	kr_arena *a;
	kr_gt_value s;
	PCRE2_SIZE (*spans)[2];
	size_t n, cap;
};

static int collect_span(void *ctx, const PCRE2_SIZE *ov)
{
	struct collect *c = ctx;

	if (kr_arena_grow(c->a, &c->spans, &c->cap, c->n, sizeof(*c->spans)) < 0)
		return -1;
	c->spans[c->n][0] = ov[0];
	c->spans[c->n++][1] = ov[1];
	return 0;
}

static int f_regex_find_all(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	struct matcher m;
	struct collect c = {a, v[1], NULL, 0, 0};
	size_t i;
	int rc;

	(void)n;
	if (matcher_open(&m, v[0], v[1], msg) < 0)
		return -1;
	rc = v[2].u.i == 0 ? 0 : all_matches(&m, v[2].u.i, collect_span, &c);
	matcher_close(&m);
	*out = kr_gt_new_list(a, c.n);
	if (rc < 0 || !out->kind)
		return kr_gt_failf(msg, "out of memory");
	for (i = 0; i < c.n; i++)
		out->u.l->v[i] = kr_gt_string(v[1].u.s.p + c.spans[i][0], c.spans[i][1] - c.spans[i][0]);
	return 0;
}

/* Go's Regexp.Split via FindAllStringIndex */
static int f_regex_split(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	struct matcher m;
	struct collect c = {a, v[1], NULL, 0, 0};
	int64_t max = v[2].u.i;
	size_t i, k = 0, beg = 0, end = 0;
	int rc;

	(void)n;
	if (matcher_open(&m, v[0], v[1], msg) < 0)
		return -1;
	rc = max == 0 ? 0 : all_matches(&m, max, collect_span, &c);
	matcher_close(&m);
	*out = kr_gt_new_list(a, c.n + 1);
	if (rc < 0 || !out->kind)
		return kr_gt_failf(msg, "out of memory");
	if (max == 0) {
		out->u.l->n = 0;
		return 0;
	}
	if (v[0].u.s.n > 0 && v[1].u.s.n == 0) {
		out->u.l->v[0] = kr_gt_string("", 0);
		out->u.l->n = 1;
		return 0;
	}
	for (i = 0; i < c.n; i++) {
		if (max > 0 && (int64_t)k == max - 1)
			break;
		end = c.spans[i][0];
		if (c.spans[i][1] != 0)
			out->u.l->v[k++] = kr_gt_string(v[1].u.s.p + beg, end - beg);
		beg = c.spans[i][1];
	}
	if (end != v[1].u.s.n)
		out->u.l->v[k++] = kr_gt_string(v[1].u.s.p + beg, v[1].u.s.n - beg);
	out->u.l->n = k;
	return 0;
}

/* Regexp.Expand: $1, ${1}, $name, ${name}, $$; an unknown group is empty */
static int expand(kr_buf *b, kr_gt_value tmpl, const struct matcher *m, const PCRE2_SIZE *ov)
{
	const char *t = tmpl.u.s.p;
	size_t n = tmpl.u.s.n, i = 0;
	int rc = 0;

	while (i < n && rc == 0) {
		size_t start, len;
		bool brace = false;
		char name[64];
		int group = -1;

		if (t[i] != '$') {
			rc = kr_buf_putc(b, t[i++]);
			continue;
		}
		if (i + 1 < n && t[i + 1] == '$') {
			rc = kr_buf_putc(b, '$');
			i += 2;
			continue;
		}
		start = i + 1;
		if (start < n && t[start] == '{')
			brace = true, start++;
		for (len = 0; start + len < n && (isalnum((unsigned char)t[start + len]) || t[start + len] == '_'); len++)
			;
		if (len == 0 || len >= sizeof(name) || (brace && (start + len >= n || t[start + len] != '}'))) {
			rc = kr_buf_putc(b, '$'); /* not a reference: the '$' is kept */
			i++;
			continue;
		}
		memcpy(name, t + start, len);
		name[len] = 0;
		i = start + len + (brace ? 1 : 0);
		if (strspn(name, "0123456789") == len) {
			group = len < 9 ? atoi(name) : -1;
		} else {
			group = pcre2_substring_number_from_name(m->re, (PCRE2_SPTR)name);
		}
		if (group >= 0 && (uint32_t)group < pcre2_get_ovector_count(m->md) && ov[2 * group] != PCRE2_UNSET)
			rc = kr_buf_append(b, m->s.u.s.p + ov[2 * group], ov[2 * group + 1] - ov[2 * group]);
	}
	return rc;
}

/* Go's replaceAll */
static int replace_all(kr_arena *a, kr_gt_value *v, kr_gt_value *out, kr_buf *msg, bool literal)
{
	struct matcher m;
	kr_buf b;
	size_t search = 0, last_end = 0, end = v[1].u.s.n;
	int rc = 0;

	if (matcher_open(&m, v[0], v[1], msg) < 0)
		return -1;
	kr_buf_init(&b, OUT_LIMIT);
	while (search <= end && rc == 0) {
		PCRE2_SIZE *ov = match_at(&m, search);
		size_t width;

		if (!ov)
			break;
		rc = kr_buf_append(&b, v[1].u.s.p + last_end, ov[0] - last_end);
		if (rc == 0 && (ov[1] > last_end || ov[0] == 0))
			rc = literal ? kr_buf_append(&b, STR(v[2])) : expand(&b, v[2], &m, ov);
		last_end = ov[1];
		width = search < end ? rune_width(v[1], search) : 0;
		if (search + width > ov[1])
			search += width;
		else if (search + 1 > ov[1])
			search++;
		else
			search = ov[1];
	}
	if (rc == 0)
		rc = kr_buf_append(&b, v[1].u.s.p + last_end, end - last_end);
	matcher_close(&m);
	return kr_gt_result(a, &b, rc, out, msg);
}

static int f_regex_replace_all(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return replace_all(a, v, out, msg, false);
}

static int f_regex_replace_all_literal(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return replace_all(a, v, out, msg, true);
}

static int f_regex_quote_meta(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	kr_buf b;
	size_t i;
	int rc = 0;

	(void)n;
	kr_buf_init(&b, OUT_LIMIT);
	for (i = 0; i < v[0].u.s.n && rc == 0; i++) {
		if (strchr("\\.+*?()|[]{}^$", v[0].u.s.p[i]) && v[0].u.s.p[i])
			rc = kr_buf_putc(&b, '\\');
		if (rc == 0)
			rc = kr_buf_putc(&b, v[0].u.s.p[i]);
	}
	return kr_gt_result(a, &b, rc, out, msg);
}

const gt_fn kr_gt_fns_strings[] = {
	{"b64dec", "s", f_b64dec},
	{"b64enc", "s", f_b64enc},
	{"base", "s", f_base},
	{"cat", "*a", f_cat},
	{"clean", "s", f_clean},
	{"contains", "ss", f_contains},
	{"dir", "s", f_dir},
	{"ext", "s", f_ext},
	{"hasPrefix", "ss", f_has_prefix},
	{"hasSuffix", "ss", f_has_suffix},
	{"indent", "is", f_indent},
	{"isAbs", "s", f_is_abs},
	{"lower", "s", f_lower},
	{"mustRegexFind", "ss", f_regex_find},
	{"mustRegexFindAll", "ssi", f_regex_find_all},
	{"mustRegexMatch", "ss", f_must_regex_match},
	{"mustRegexReplaceAll", "sss", f_regex_replace_all},
	{"mustRegexReplaceAllLiteral", "sss", f_regex_replace_all_literal},
	{"mustRegexSplit", "ssi", f_regex_split},
	{"nindent", "is", f_nindent},
	{"nospace", "s", f_nospace},
	{"osBase", "s", f_base},
	{"osClean", "s", f_clean},
	{"osDir", "s", f_dir},
	{"osExt", "s", f_ext},
	{"osIsAbs", "s", f_is_abs},
	{"quote", "*a", f_quote},
	{"regexFind", "ss", f_regex_find},
	{"regexFindAll", "ssi", f_regex_find_all},
	{"regexMatch", "ss", f_regex_match},
	{"regexQuoteMeta", "s", f_regex_quote_meta},
	{"regexReplaceAll", "sss", f_regex_replace_all},
	{"regexReplaceAllLiteral", "sss", f_regex_replace_all_literal},
	{"regexSplit", "ssi", f_regex_split},
	{"repeat", "is", f_repeat},
	{"replace", "sss", f_replace},
	{"sha1sum", "s", f_sha1sum},
	{"sha256sum", "s", f_sha256sum},
	{"split", "ss", f_split},
	{"splitList", "ss", f_split_list},
	{"splitn", "sis", f_splitn},
	{"squote", "*a", f_squote},
	{"substr", "iis", f_substr},
	{"title", "s", f_title},
	{"toString", "a", f_to_string},
	{"trim", "s", f_trim},
	{"trimAll", "ss", f_trim_all},
	{"trimPrefix", "ss", f_trim_prefix},
	{"trimSuffix", "ss", f_trim_suffix},
	{"trimall", "ss", f_trim_all},
	{"trunc", "is", f_trunc},
	{"upper", "s", f_upper},
	{NULL, NULL, NULL},
};
