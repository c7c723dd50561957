/*
 * gofmt.c - Go's float %v, strconv.Quote and ArgoCD's normalize in C.
 *
 * %v: the shortest decimal that reads back as the same double (found by
 * trying 1 to 17 significant digits), then Go's 'g' layout for shortest
 * precision: exponent form when the decimal exponent is below -4 or at
 * least 6 (no trailing zeros, at least two exponent digits), else plain.
 */
#include "template/gofmt.h"

#include "util/utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the shortest digits of @f (no sign, no dot) and its decimal exponent (d.ddd x 10^exp) */
static void shortest(double f, char digits[20], int *exp)
{
	char buf[40];
	int prec;

	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*e", prec - 1, f);
		if (strtod(buf, NULL) == f)
			break;
	}
	{
		const char *p = buf, *e = strchr(buf, 'e');
		size_t n = 0;

		for (; p < e; p++)
			if (*p >= '0' && *p <= '9')
				digits[n++] = *p;
		while (n > 1 && digits[n - 1] == '0')
			n--;
		digits[n] = '\0';
		*exp = atoi(e + 1);
	}
}

void kr_go_float(double f, char out[32])
{
	char digits[20], *o = out;
	int exp, nd, i;

	if (f == 0) {
		strcpy(out, signbit(f) ? "-0" : "0");
		return;
	}
	if (f < 0) {
		*o++ = '-';
		f = -f;
	}
	shortest(f, digits, &exp);
	nd = (int)strlen(digits);
	if (exp < -4 || exp >= 6) {
		*o++ = digits[0];
		if (nd > 1) {
			*o++ = '.';
			memcpy(o, digits + 1, (size_t)nd - 1);
			o += nd - 1;
		}
		snprintf(o, 16, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
		return;
	}
	if (exp < 0) {
		*o++ = '0';
		*o++ = '.';
		for (i = -1; i > exp; i--)
			*o++ = '0';
		memcpy(o, digits, (size_t)nd);
		o += nd;
	} else {
		for (i = 0; i <= exp || i < nd; i++) {
			if (i == exp + 1)
				*o++ = '.';
			*o++ = i < nd ? digits[i] : '0';
		}
	}
	*o = '\0';
}

int kr_go_quote(kr_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	int rc = kr_buf_putc(b, '"');

	while (i < n && rc == 0) {
		unsigned long r;
		size_t len = kr_utf8_rune(u + i, n - i, &r);
		char esc[12];

		if (len == 0) { /* a byte that is not UTF-8 */
			snprintf(esc, sizeof(esc), "\\x%c%c", hex[u[i] >> 4], hex[u[i] & 15]);
			rc = kr_buf_puts(b, esc);
			i++;
			continue;
		}
		if (r == '"' || r == '\\') {
			esc[0] = '\\', esc[1] = (char)r, esc[2] = '\0';
		} else if (r >= 0x20 && r < 0x7F) {
			esc[0] = (char)r, esc[1] = '\0';
		} else if (r < 0x80 || r <= 0xA0 || r == 0xAD || r == 0x2028 || r == 0x2029 || r == 0xFEFF) {
			const char *named = r == '\a' ? "\\a" : r == '\b' ? "\\b" : r == '\f' ? "\\f" : r == '\n' ? "\\n"
					    : r == '\r' ? "\\r" : r == '\t' ? "\\t" : r == '\v' ? "\\v" : NULL;
			if (named)
				strcpy(esc, named);
			else if (r < 0x80)
				snprintf(esc, sizeof(esc), "\\x%02lx", r);
			else
				snprintf(esc, sizeof(esc), "\\u%04lx", r);
		} else {
			rc = kr_buf_append(b, s + i, len); /* printable beyond ASCII, as Go's IsPrint mostly says */
			i += len;
			continue;
		}
		rc = kr_buf_puts(b, esc);
		i += len;
	}
	return rc ? rc : kr_buf_putc(b, '"');
}

int kr_go_normalize(kr_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, start = b->len, end;
	int rc = 0;

	while (i < n && rc == 0) {
		unsigned long r;
		size_t len = kr_utf8_rune(u + i, n - i, &r);
		char c = len == 1 ? (char)(r >= 'A' && r <= 'Z' ? r + 32 : r) : '-';

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
			c = '-';
		rc = kr_buf_putc(b, c);
		i += len ? len : 1;
	}
	if (rc)
		return rc;
	if (b->len - start > 253)
		b->len = start + 253;
	end = b->len;
	while (end > start && (b->data[end - 1] == '-' || b->data[end - 1] == '.'))
		end--;
	i = start;
	while (i < end && (b->data[i] == '-' || b->data[i] == '.'))
		i++;
	memmove(b->data + start, b->data + i, end - i);
	b->len = start + (end - i);
	if (b->data)
		b->data[b->len] = '\0';
	return 0;
}
