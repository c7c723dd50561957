/*
 * fmt.c - the part of Go's fmt that templates reach through printf, print,
 * println and Sprig: verbs v s d q x X o b c t T e E f F g G with the flags
 * '-', '+', ' ', '0', width and precision (also '*'); lists and maps print
 * their elements with the same verb. A verb that does not fit its operand
 * prints Go's "%!d(string=x)", a missing operand "%!d(MISSING)", operands
 * left over "%!(EXTRA type=value, ...)". Argument indexes ("%[1]d") are
 * not supported and print as a bad verb.
 */
#include "gotmpl/internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "template/gofmt.h"

struct spec {
	bool minus, plus, space, zero, sharp;
	int width, prec; /* -1: none */
	char verb;
};

static int pad(kr_buf *out, const char *s, size_t n, const struct spec *sp, bool numeric)
{
	size_t w = sp->width > 0 ? (size_t)sp->width : 0, len = 0, i;
	int rc = 0;

	for (i = 0; i < n; i++)
		len += ((unsigned char)s[i] & 0xc0) != 0x80; /* width counts runes */
	if (len >= w)
		return kr_buf_append(out, s, n);
	if (sp->minus) {
		rc = kr_buf_append(out, s, n);
		for (i = len; i < w && rc == 0; i++)
			rc = kr_buf_putc(out, ' ');
		return rc;
	}
	if (sp->zero && numeric) {
		/* zeros go after the sign */
		if (n && (s[0] == '-' || s[0] == '+' || s[0] == ' ')) {
			rc = kr_buf_putc(out, s[0]);
			s++, n--;
		}
		for (i = len; i < w && rc == 0; i++)
			rc = kr_buf_putc(out, '0');
		return rc ? rc : kr_buf_append(out, s, n);
	}
	for (i = len; i < w && rc == 0; i++)
		rc = kr_buf_putc(out, ' ');
	return rc ? rc : kr_buf_append(out, s, n);
}

static int fmt_int(kr_buf *out, int64_t v, const struct spec *sp)
{
	char digits[80], tmp[96];
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	const char *sign = v < 0 ? "-" : sp->plus ? "+" : sp->space ? " " : "";
	int base = 10, i = 0;
	const char *alpha = "0123456789abcdef";
	size_t n;

	switch (sp->verb) {
	case 'x': base = 16; break;
	case 'X': base = 16, alpha = "0123456789ABCDEF"; break;
	case 'o': base = 8; break;
	case 'b': base = 2; break;
	}
	do {
		digits[i++] = alpha[u % (unsigned)base];
		u /= (unsigned)base;
	} while (u);
	while (sp->prec > i && i < 64)
		digits[i++] = '0';
	n = (size_t)snprintf(tmp, sizeof(tmp), "%s%s", sign, sp->sharp && base == 16 ? (sp->verb == 'X' ? "0X" : "0x") : sp->sharp && base == 8 ? "0" : "");
	while (i > 0)
		tmp[n++] = digits[--i];
	return pad(out, tmp, n, sp, sp->prec < 0);
}

static int fmt_float(kr_buf *out, double f, const struct spec *sp)
{
	char tmp[400], cfmt[16];
	const char *sign = f < 0 || (f == 0 && signbit(f)) ? "" : sp->plus ? "+" : sp->space ? " " : "";
	char verb = sp->verb == 'v' ? 'g' : sp->verb == 'F' ? 'f' : sp->verb;

	if (isnan(f) || isinf(f)) {
		snprintf(tmp, sizeof(tmp), "%s", isnan(f) ? (sp->plus ? "+NaN" : "NaN") : f > 0 ? "+Inf" : "-Inf");
		if (isinf(f) && f > 0 && !sp->plus)
			memmove(tmp, tmp + 1, strlen(tmp));
		return pad(out, tmp, strlen(tmp), sp, false);
	}
	if ((verb == 'g' || verb == 'G') && sp->prec < 0) {
		char num[32];

		kr_go_float(f, num);
		if (verb == 'G') {
			char *e = strchr(num, 'e');
			if (e)
				*e = 'E';
		}
		snprintf(tmp, sizeof(tmp), "%s%s", sign, num);
	} else {
		snprintf(cfmt, sizeof(cfmt), "%%s%%.%d%c", sp->prec < 0 ? 6 : sp->prec > 300 ? 300 : sp->prec, verb);
		snprintf(tmp, sizeof(tmp), cfmt, sign, f);
	}
	return pad(out, tmp, strlen(tmp), sp, true);
}

static int fmt_string(kr_buf *out, const char *s, size_t n, const struct spec *sp)
{
	if (sp->verb == 'q') {
		kr_buf q;
		int rc;

		kr_buf_init(&q, (size_t)1 << 26);
		rc = kr_go_quote(&q, s, n);
		if (rc == 0)
			rc = pad(out, q.data, q.len, sp, false);
		kr_buf_dispose(&q);
		return rc;
	}
	if (sp->verb == 'x' || sp->verb == 'X') {
		kr_buf h;
		size_t i;
		int rc = 0;

		kr_buf_init(&h, (size_t)1 << 27);
		for (i = 0; i < n && rc == 0; i++)
			rc = kr_buf_printf(&h, sp->verb == 'x' ? "%02x" : "%02X", (unsigned char)s[i]);
		if (rc == 0)
			rc = pad(out, h.data ? h.data : "", h.len, sp, false);
		kr_buf_dispose(&h);
		return rc;
	}
	if (sp->prec >= 0) {
		size_t i = 0;
		int runes = 0;

		while (i < n && runes < sp->prec) {
			i++;
			while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
				i++;
			runes++;
		}
		n = i;
	}
	return pad(out, s, n, sp, false);
}

static int bad_verb(kr_buf *out, kr_gt_value v, char verb)
{
	int rc = kr_buf_printf(out, "%%!%c(", verb);

	if (rc == 0 && v.kind > KR_GT_NIL)
		rc = kr_buf_printf(out, "%s=", kr_gt_type_name(v));
	if (rc == 0)
		rc = kr_gt_print(out, v.kind == KR_GT_INVALID ? kr_gt_nil() : v);
	return rc ? rc : kr_buf_putc(out, ')');
}

static int fmt_value(kr_buf *out, kr_gt_value v, const struct spec *sp, int depth)
{
	char c = sp->verb;
	size_t i;
	int rc = 0;

	if (c == 'T') {
		const char *t = v.kind <= KR_GT_NIL ? "<nil>" : kr_gt_type_name(v);
		return pad(out, t, strlen(t), sp, false);
	}
	switch (v.kind) {
	case KR_GT_INVALID:
	case KR_GT_NIL:
		if (c == 'v')
			return pad(out, "<nil>", 5, sp, false);
		return bad_verb(out, v, c);
	case KR_GT_BOOL:
		if (c == 'v' || c == 't')
			return pad(out, v.u.b ? "true" : "false", v.u.b ? 4 : 5, sp, false);
		return bad_verb(out, v, c);
	case KR_GT_INT:
	case KR_GT_INT64:
		if (c == 'c' || c == 'q') {
			char ch[8] = {(char)v.u.i, 0};
			kr_buf q;

			if (c == 'c')
				return pad(out, ch, 1, sp, false);
			kr_buf_init(&q, 64);
			rc = kr_buf_putc(&q, '\'');
			if (rc == 0)
				rc = kr_buf_append(&q, ch, 1);
			if (rc == 0)
				rc = kr_buf_putc(&q, '\'');
			if (rc == 0)
				rc = pad(out, q.data, q.len, sp, false);
			kr_buf_dispose(&q);
			return rc;
		}
		if (c && strchr("vdxXob", c)) {
			struct spec s = *sp;

			if (c == 'v')
				s.verb = 'd';
			return fmt_int(out, v.u.i, &s);
		}
		return bad_verb(out, v, c);
	case KR_GT_FLOAT:
		if (c && strchr("veEfFgG", c))
			return fmt_float(out, v.u.f, sp);
		return bad_verb(out, v, c);
	case KR_GT_STRING:
		if (c && strchr("vsqxX", c))
			return fmt_string(out, v.u.s.p, v.u.s.n, sp);
		return bad_verb(out, v, c);
	case KR_GT_LIST:
		if (depth > 100)
			return kr_buf_puts(out, "...");
		rc = kr_buf_putc(out, '[');
		for (i = 0; i < v.u.l->n && rc == 0; i++) {
			if (i)
				rc = kr_buf_putc(out, ' ');
			if (rc == 0)
				rc = fmt_value(out, v.u.l->v[i], sp, depth + 1);
		}
		return rc ? rc : kr_buf_putc(out, ']');
	default:
		if (depth > 100)
			return kr_buf_puts(out, "...");
		rc = kr_buf_puts(out, "map[");
		for (i = 0; i < v.u.m->n && rc == 0; i++) {
			if (i)
				rc = kr_buf_putc(out, ' ');
			if (rc == 0)
				rc = fmt_value(out, kr_gt_string(v.u.m->k[i], strlen(v.u.m->k[i])), sp, depth + 1);
			if (rc == 0)
				rc = kr_buf_putc(out, ':');
			if (rc == 0)
				rc = fmt_value(out, v.u.m->v[i], sp, depth + 1);
		}
		return rc ? rc : kr_buf_putc(out, ']');
	}
}

/* a '*' width or precision: an int operand, else Go's BADWIDTH/BADPREC */
static int star(kr_buf *out, const kr_gt_value *args, size_t n, size_t *ai, int *into, const char *bad)
{
	if (*ai < n && (args[*ai].kind == KR_GT_INT || args[*ai].kind == KR_GT_INT64) && args[*ai].u.i < 1000000 &&
	    args[*ai].u.i > -1000000) {
		*into = (int)args[(*ai)++].u.i;
		return 0;
	}
	if (*ai < n)
		(*ai)++;
	return kr_buf_puts(out, bad);
}

int kr_gt_sprintf(kr_buf *out, const char *f, size_t flen, const kr_gt_value *args, size_t n)
{
	size_t i = 0, ai = 0;
	int rc = 0;

	while (i < flen && rc == 0) {
		struct spec sp = {false, false, false, false, false, -1, -1, 0};
		size_t start = i;

		while (i < flen && f[i] != '%')
			i++;
		if (i > start)
			rc = kr_buf_append(out, f + start, i - start);
		if (i >= flen || rc)
			break;
		i++; /* '%' */
		for (; i < flen; i++) {
			if (f[i] == '-')
				sp.minus = true, sp.zero = false;
			else if (f[i] == '+')
				sp.plus = true;
			else if (f[i] == ' ')
				sp.space = true;
			else if (f[i] == '0')
				sp.zero = !sp.minus;
			else if (f[i] == '#')
				sp.sharp = true;
			else
				break;
		}
		if (i < flen && f[i] == '*') {
			i++;
			rc = star(out, args, n, &ai, &sp.width, "%!(BADWIDTH)");
			if (sp.width < 0)
				sp.minus = true, sp.width = -sp.width;
		} else {
			for (sp.width = 0; i < flen && f[i] >= '0' && f[i] <= '9'; i++)
				sp.width = sp.width < 100000 ? sp.width * 10 + (f[i] - '0') : sp.width;
		}
		if (i < flen && f[i] == '.') {
			i++;
			if (i < flen && f[i] == '*') {
				i++;
				rc = star(out, args, n, &ai, &sp.prec, "%!(BADPREC)");
				if (sp.prec < 0)
					sp.prec = -1;
			} else {
				for (sp.prec = 0; i < flen && f[i] >= '0' && f[i] <= '9'; i++)
					sp.prec = sp.prec < 100000 ? sp.prec * 10 + (f[i] - '0') : sp.prec;
			}
		}
		if (i >= flen) {
			rc = rc ? rc : kr_buf_puts(out, "%!(NOVERB)");
			break;
		}
		sp.verb = f[i++];
		if (rc)
			break;
		if (sp.verb == '%') {
			rc = kr_buf_putc(out, '%');
			continue;
		}
		if (ai >= n) {
			rc = kr_buf_printf(out, "%%!%c(MISSING)", sp.verb);
			continue;
		}
		rc = fmt_value(out, args[ai++], &sp, 0);
	}
	if (rc == 0 && ai < n) {
		rc = kr_buf_puts(out, "%!(EXTRA ");
		for (; ai < n && rc == 0; ai++) {
			rc = kr_buf_printf(out, "%s=", args[ai].kind <= KR_GT_NIL ? "<nil>" : kr_gt_type_name(args[ai]));
			if (rc == 0)
				rc = kr_gt_print(out, args[ai].kind == KR_GT_INVALID ? kr_gt_nil() : args[ai]);
			if (rc == 0 && ai + 1 < n)
				rc = kr_buf_puts(out, ", ");
		}
		if (rc == 0)
			rc = kr_buf_putc(out, ')');
	}
	return rc;
}

int kr_gt_sprint(kr_buf *out, const kr_gt_value *args, size_t n, bool ln)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		/* Sprint: a space between operands when neither is a string */
		if (i && (ln || (args[i - 1].kind != KR_GT_STRING && args[i].kind != KR_GT_STRING)))
			rc = kr_buf_putc(out, ' ');
		if (rc == 0)
			rc = kr_gt_print(out, args[i].kind == KR_GT_INVALID ? kr_gt_nil() : args[i]);
	}
	return rc == 0 && ln ? kr_buf_putc(out, '\n') : rc;
}
